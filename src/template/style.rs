//! The cell formats of the template: one font (Times New Roman, the font of
//! administrative documents), bordered tables, a filled header.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

/// Font of every cell.
pub const FONT: &str = "Times New Roman";
/// A4 in Excel's paper size codes.
const PAPER_A4: u8 = 9;

/// All formats used by the sheets.
pub struct Styles {
    pub title: Format,
    pub header: Format,
    pub text: Format,
    pub text_bold: Format,
    pub center: Format,
    pub int: Format,
    pub int_bold: Format,
    pub decimal: Format,
    pub date: Format,
    pub plain: Format,
    pub heading: Format,
}

fn base() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(12)
        .set_align(FormatAlign::VerticalCenter)
}

fn cell() -> Format {
    base().set_border(FormatBorder::Thin).set_text_wrap()
}

impl Styles {
    pub fn new() -> Styles {
        Styles {
            title: base().set_bold().set_font_size(14).set_align(FormatAlign::Center),
            header: cell()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(0xDDEBF7)),
            text: cell(),
            text_bold: cell().set_bold(),
            center: cell().set_align(FormatAlign::Center),
            int: cell().set_num_format("#,##0"),
            int_bold: cell().set_num_format("#,##0").set_bold(),
            decimal: cell().set_num_format("#,##0.0##"),
            date: cell().set_num_format("dd/mm/yyyy").set_align(FormatAlign::Center),
            plain: base().set_text_wrap().set_align(FormatAlign::Top),
            heading: base().set_bold().set_font_size(13),
        }
    }
}

/// A4, fit to one page wide, given orientation and narrow margins.
pub fn print_setup(ws: &mut Worksheet, landscape: bool, header_rows: Option<(u32, u32)>) -> Result<(), XlsxError> {
    ws.set_paper_size(PAPER_A4);
    if landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.6, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_print_center_horizontally(true);
    if let Some((first, last)) = header_rows {
        ws.set_repeat_rows(first, last)?;
    }
    Ok(())
}

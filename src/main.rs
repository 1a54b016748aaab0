//! `baocao`: the command line. All the work is in the library; see `cli.rs`.

mod cli;
mod cli_pdf;
mod cli_web;

fn main() {
    baocao::phases::begin();
    // A damaged .xls can make calamine panic; the reader catches that and
    // reports the file as unreadable, so the panic message (English, with a
    // path inside calamine) would only confuse. Any other panic still prints.
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !baocao::read::workbook::panic_is_contained() {
            default(info);
        }
    }));
    std::process::exit(cli::run(std::env::args_os().collect()));
}

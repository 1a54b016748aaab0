//! Formulas stored without a cached result (files written by scripts, never
//! opened in Excel): the simple forms are computed here, the way Excel would.
//!
//! Only what a ward's sheet needs and nothing that could surprise: numbers,
//! `+ - * /`, unary minus, parentheses, references to cells of the same sheet
//! and `SUM` over such cells and ranges. Anything else (other functions,
//! other sheets, text operands, whole columns) is not guessed: the cell is
//! reported so the clerk opens and saves the file in Excel. Hostile input is
//! bounded: formula length, nesting depth (of parentheses and of formulas
//! that refer to formulas), cycles, and the total work per sheet.

use std::collections::HashMap;

use super::workbook::{RawCell, Value};

/// Longest formula text read (Excel's own limit is 8,192 characters).
const MAX_LEN: usize = 8_192;
/// Nesting of parentheses, and of uncached formulas referring to others.
const MAX_DEPTH: usize = 64;
/// Cells visited and operations done for one sheet's formulas together.
const MAX_STEPS: u64 = 5_000_000;

/// Why a formula was not computed.
#[derive(Debug, Clone, PartialEq)]
pub enum Unsupported {
    /// A form this evaluator does not compute (a function, another sheet …).
    Form,
    /// It refers, directly or through others, back to itself.
    Cycle,
    /// Too deep, too long or too much work.
    TooComplex,
    /// It uses a cell that holds text.
    Text,
}

/// A computed value: a number, or an Excel error such as `#DIV/0!`.
pub type Outcome = Result<Result<f64, &'static str>, Unsupported>;

/// The uncached formulas of one sheet, computed against its cells.
pub struct Evaluator<'a> {
    cells: &'a [RawCell],
    formulas: &'a HashMap<(u32, u32), String>,
    done: HashMap<(u32, u32), Outcome>,
    active: Vec<(u32, u32)>,
    steps: u64,
}

impl<'a> Evaluator<'a> {
    /// `cells` in (row, col) order; `formulas` by position.
    pub fn new(cells: &'a [RawCell], formulas: &'a HashMap<(u32, u32), String>) -> Self {
        Evaluator {
            cells,
            formulas,
            done: HashMap::new(),
            active: Vec::new(),
            steps: 0,
        }
    }

    /// The value of the formula at `pos`.
    pub fn value(&mut self, pos: (u32, u32)) -> Outcome {
        if let Some(v) = self.done.get(&pos) {
            return v.clone();
        }
        if self.active.contains(&pos) {
            return Err(Unsupported::Cycle);
        }
        if self.active.len() >= MAX_DEPTH {
            return Err(Unsupported::TooComplex);
        }
        let Some(text) = self.formulas.get(&pos) else {
            return Ok(Ok(0.0));
        };
        self.active.push(pos);
        let v = self.parse_and_eval(text);
        self.active.pop();
        self.done.insert(pos, v.clone());
        v
    }

    fn parse_and_eval(&mut self, text: &str) -> Outcome {
        if text.len() > MAX_LEN {
            return Err(Unsupported::TooComplex);
        }
        let tokens = tokens(text.trim().trim_start_matches('=')).ok_or(Unsupported::Form)?;
        let mut p = Parser {
            t: &tokens,
            i: 0,
            depth: 0,
        };
        let e = p.expr()?;
        if p.i != tokens.len() {
            return Err(Unsupported::Form);
        }
        self.eval(&e)
    }

    fn step(&mut self, n: u64) -> Result<(), Unsupported> {
        self.steps = self.steps.saturating_add(n);
        if self.steps > MAX_STEPS {
            return Err(Unsupported::TooComplex);
        }
        Ok(())
    }

    /// A cell's number: empty is 0; a date or a bool counts as its number.
    fn cell(&mut self, pos: (u32, u32), in_range: bool) -> Outcome {
        self.step(1)?;
        if self.formulas.contains_key(&pos) {
            return self.value(pos);
        }
        let found = self
            .cells
            .binary_search_by(|c| (c.row, c.col).cmp(&pos))
            .ok()
            .map(|i| &self.cells[i].value);
        Ok(match found {
            None => Ok(0.0),
            Some(Value::Number(f)) | Some(Value::Date(f)) => Ok(*f),
            // SUM skips text and logical values in ranges, as Excel does.
            Some(Value::Bool(_)) | Some(Value::Text(_)) | Some(Value::DateIso(_)) if in_range => Ok(0.0),
            Some(Value::Bool(b)) => Ok(f64::from(u8::from(*b))),
            Some(Value::Text(_)) | Some(Value::DateIso(_)) => return Err(Unsupported::Text),
            Some(Value::Error(_)) => Err("#VALUE!"),
        })
    }

    fn eval(&mut self, e: &Expr) -> Outcome {
        self.step(1)?;
        Ok(match e {
            Expr::Num(n) => Ok(*n),
            Expr::Ref(r, c) => return self.cell((*r, *c), false),
            Expr::Neg(x) => self.eval(x)?.map(|v| -v),
            Expr::Bin(op, a, b) => {
                let (a, b) = (self.eval(a)?, self.eval(b)?);
                match (a, b) {
                    (Err(e), _) | (_, Err(e)) => Err(e),
                    (Ok(a), Ok(b)) => match op {
                        b'+' => Ok(a + b),
                        b'-' => Ok(a - b),
                        b'*' => Ok(a * b),
                        _ if b == 0.0 => Err("#DIV/0!"),
                        _ => Ok(a / b),
                    },
                }
            }
            Expr::Sum(args) => {
                let mut total = 0.0;
                let mut err = None;
                for a in args {
                    let v = match a {
                        Arg::Range((r0, c0), (r1, c1)) => self.sum_range((*r0, *c0), (*r1, *c1))?,
                        Arg::Expr(x) => self.eval(x)?,
                    };
                    match v {
                        Ok(v) => total += v,
                        Err(e) => {
                            err.get_or_insert(e);
                        }
                    }
                }
                match err {
                    Some(e) => Err(e),
                    None => Ok(total),
                }
            }
        })
        .map(|v| match v {
            Ok(x) if !x.is_finite() => Err("#NUM!"),
            v => v,
        })
    }

    /// The cells of a range that hold something, and the formulas in it.
    fn sum_range(&mut self, (r0, c0): (u32, u32), (r1, c1): (u32, u32)) -> Outcome {
        let (r0, r1) = (r0.min(r1), r0.max(r1));
        let (c0, c1) = (c0.min(c1), c0.max(c1));
        let start = self.cells.partition_point(|c| c.row < r0);
        let end = self.cells.partition_point(|c| c.row <= r1);
        self.step((end - start) as u64)?;
        let mut positions: Vec<(u32, u32)> = self.cells[start..end]
            .iter()
            .filter(|c| (c0..=c1).contains(&c.col))
            .map(|c| (c.row, c.col))
            .collect();
        self.step(self.formulas.len() as u64)?;
        positions.extend(
            self.formulas
                .keys()
                .filter(|(r, c)| (r0..=r1).contains(r) && (c0..=c1).contains(c))
                .copied(),
        );
        positions.sort_unstable();
        positions.dedup();
        let mut total = 0.0;
        for p in positions {
            match self.cell(p, true)? {
                Ok(v) => total += v,
                Err(e) => return Ok(Err(e)),
            }
        }
        Ok(Ok(total))
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(f64),
    Ref(u32, u32),
    Sum,
    Op(u8),
    Open,
    Close,
    Comma,
    Colon,
}

/// The formula's tokens; `None` for anything outside the simple forms.
fn tokens(s: &str) -> Option<Vec<Tok>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let single = match c {
            b'+' | b'-' | b'*' | b'/' => Some(Tok::Op(c)),
            b'(' => Some(Tok::Open),
            b')' => Some(Tok::Close),
            b',' => Some(Tok::Comma),
            b':' => Some(Tok::Colon),
            _ => None,
        };
        if let Some(t) = single {
            out.push(t);
            i += 1;
            continue;
        }
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'0'..=b'9' | b'.' => {
                let start = i;
                while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
                    i += 1;
                }
                if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
                    i += 1;
                    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
                        i += 1;
                    }
                    while i < b.len() && b[i].is_ascii_digit() {
                        i += 1;
                    }
                }
                out.push(Tok::Num(s[start..i].parse().ok()?));
            }
            b'$' | b'A'..=b'Z' | b'a'..=b'z' => {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'$' || b[i] == b'_' || b[i] == b'.') {
                    i += 1;
                }
                let word = &s[start..i];
                if word.eq_ignore_ascii_case("SUM") {
                    out.push(Tok::Sum);
                } else {
                    // A cell of this sheet; a name, a function or `Sheet1!A1` is not.
                    let (r, c) = super::xlsx_scan::parse_ref(&word.replace('$', ""))?;
                    if word.matches('$').count() > 2 || i < b.len() && b[i] == b'!' {
                        return None;
                    }
                    out.push(Tok::Ref(r, c));
                }
            }
            _ => return None,
        }
    }
    Some(out)
}

#[derive(Debug)]
enum Expr {
    Num(f64),
    Ref(u32, u32),
    Neg(Box<Expr>),
    Bin(u8, Box<Expr>, Box<Expr>),
    Sum(Vec<Arg>),
}

#[derive(Debug)]
enum Arg {
    Range((u32, u32), (u32, u32)),
    Expr(Expr),
}

struct Parser<'t> {
    t: &'t [Tok],
    i: usize,
    depth: usize,
}

type Parsed<T> = Result<T, Unsupported>;

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.t.get(self.i)
    }

    fn eat(&mut self, t: &Tok) -> bool {
        if self.peek() == Some(t) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn expr(&mut self) -> Parsed<Expr> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Unsupported::TooComplex);
        }
        let mut e = self.term()?;
        while let Some(&Tok::Op(op @ (b'+' | b'-'))) = self.peek() {
            self.i += 1;
            e = Expr::Bin(op, Box::new(e), Box::new(self.term()?));
        }
        self.depth -= 1;
        Ok(e)
    }

    fn term(&mut self) -> Parsed<Expr> {
        let mut e = self.factor()?;
        while let Some(&Tok::Op(op @ (b'*' | b'/'))) = self.peek() {
            self.i += 1;
            e = Expr::Bin(op, Box::new(e), Box::new(self.factor()?));
        }
        Ok(e)
    }

    fn factor(&mut self) -> Parsed<Expr> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Unsupported::TooComplex);
        }
        let e = match self.t.get(self.i).cloned() {
            Some(Tok::Op(b'-')) => {
                self.i += 1;
                Expr::Neg(Box::new(self.factor()?))
            }
            Some(Tok::Op(b'+')) => {
                self.i += 1;
                self.factor()?
            }
            Some(Tok::Num(n)) => {
                self.i += 1;
                Expr::Num(n)
            }
            Some(Tok::Ref(r, c)) => {
                self.i += 1;
                if self.peek() == Some(&Tok::Colon) {
                    return Err(Unsupported::Form); // a range outside SUM
                }
                Expr::Ref(r, c)
            }
            Some(Tok::Open) => {
                self.i += 1;
                let e = self.expr()?;
                if !self.eat(&Tok::Close) {
                    return Err(Unsupported::Form);
                }
                e
            }
            Some(Tok::Sum) => {
                self.i += 1;
                if !self.eat(&Tok::Open) {
                    return Err(Unsupported::Form);
                }
                let mut args = Vec::new();
                if !self.eat(&Tok::Close) {
                    loop {
                        args.push(self.arg()?);
                        if self.eat(&Tok::Close) {
                            break;
                        }
                        if !self.eat(&Tok::Comma) {
                            return Err(Unsupported::Form);
                        }
                    }
                }
                Expr::Sum(args)
            }
            _ => return Err(Unsupported::Form),
        };
        self.depth -= 1;
        Ok(e)
    }

    fn arg(&mut self) -> Parsed<Arg> {
        if let (Some(Tok::Ref(r0, c0)), Some(Tok::Colon), Some(Tok::Ref(r1, c1))) =
            (self.t.get(self.i), self.t.get(self.i + 1), self.t.get(self.i + 2))
        {
            let a = Arg::Range((*r0, *c0), (*r1, *c1));
            self.i += 3;
            return Ok(a);
        }
        Ok(Arg::Expr(self.expr()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(row: u32, col: u32, v: f64) -> RawCell {
        RawCell {
            row,
            col,
            value: Value::Number(v),
            percent_format: false,
            font: Default::default(),
        }
    }

    fn eval(cells: &[RawCell], formulas: &[((u32, u32), &str)], at: (u32, u32)) -> Outcome {
        let f: HashMap<(u32, u32), String> = formulas.iter().map(|(p, s)| (*p, s.to_string())).collect();
        Evaluator::new(cells, &f).value(at)
    }

    #[test]
    fn simple_forms() {
        // B1..B4 = 1, 2, 3, 4; C1 text.
        let mut cells: Vec<RawCell> = (0..4).map(|r| num(r, 1, f64::from(r + 1))).collect();
        cells.push(RawCell {
            value: Value::Text("x".into()),
            ..num(0, 2, 0.0)
        });
        cells.sort_by_key(|c| (c.row, c.col));
        let at = (9, 9);
        let one = |f: &str| eval(&cells, &[(at, f)], at);
        assert_eq!(one("SUM(B1:B4)"), Ok(Ok(10.0)));
        assert_eq!(one("=sum($B$1:B4, 5)"), Ok(Ok(15.0)));
        assert_eq!(one("B1+B2*B3-(B4/2)"), Ok(Ok(5.0)));
        assert_eq!(one("-B1 + 2.5e1"), Ok(Ok(24.0)));
        assert_eq!(one("SUM(B1:C4)"), Ok(Ok(10.0)), "text in a range is skipped");
        assert_eq!(one("B1/0"), Ok(Err("#DIV/0!")));
        assert_eq!(one("Z99"), Ok(Ok(0.0)), "an empty cell is 0");
        assert_eq!(one("C1+1"), Err(Unsupported::Text));
        for f in [
            "VLOOKUP(B1,B1:B4,1)",
            "Sheet2!B1",
            "B1:B4",
            "SUM(B:B)",
            "B1^2",
            "\"a\"&B1",
            "SUM(B1",
            "1e400*1e400",
        ] {
            let got = one(f);
            assert!(got == Err(Unsupported::Form) || got == Ok(Err("#NUM!")), "{f}: {got:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics(f in "[A-D1-4$:(),+*/ .eE-]{0,40}|SUM\\([A-D1-4:,]{0,12}\\)") {
            let cells: Vec<RawCell> = (0..4).map(|r| num(r, 0, 1.5)).collect();
            let _ = eval(&cells, &[((0, 1), f.as_str()), ((1, 1), "B1+1")], (1, 1));
        }
    }

    #[test]
    fn formulas_that_use_formulas_cycles_and_depth() {
        let cells = vec![num(0, 0, 2.0)];
        let got = eval(&cells, &[((1, 0), "A1*3"), ((2, 0), "SUM(A1:A2)")], (2, 0));
        assert_eq!(got, Ok(Ok(8.0)));
        let got = eval(&cells, &[((1, 0), "A3+1"), ((2, 0), "A2+1")], (2, 0));
        assert_eq!(got, Err(Unsupported::Cycle));
        let deep = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
        assert_eq!(eval(&cells, &[((5, 5), &deep)], (5, 5)), Err(Unsupported::TooComplex));
        // A chain of 1,000 formulas, each referring to the one above.
        let chain: Vec<((u32, u32), String)> = (1..1000u32).map(|r| ((r, 0), format!("A{}+1", r))).collect();
        let f: HashMap<(u32, u32), String> = chain.into_iter().collect();
        assert_eq!(Evaluator::new(&cells, &f).value((999, 0)), Err(Unsupported::TooComplex));
    }
}

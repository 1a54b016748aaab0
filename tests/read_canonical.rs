mod common;
use common::*;

#[test]
fn canonical_kim_son_reads_the_reference_figures() {
    let dir = tempdir();
    let p = write_book(dir.path(), "kim son.xlsx", &kim_son());
    let (code, v) = check_json(&p);
    let out = serde_json::to_string_pretty(&v).unwrap();
    assert_eq!(code, 0, "{out}");
    println!("{out}");
}

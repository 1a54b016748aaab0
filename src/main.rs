fn main() {
    std::process::exit(baocao_cli());
}

fn baocao_cli() -> i32 {
    0
}

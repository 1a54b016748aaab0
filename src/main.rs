//! `baocao`: the command line. All the work is in the library; see `cli.rs`.

mod cli;

fn main() {
    std::process::exit(cli::run(std::env::args_os().collect()));
}

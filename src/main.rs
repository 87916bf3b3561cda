//! The `copydesk` command line: arguments → settings → library calls → exit code.

mod cli;

fn main() {
    std::process::exit(cli::run());
}

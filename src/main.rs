//! The `copydesk` command line: arguments → settings → library calls → exit code.

mod cli;

/// Large files' text and word lists get huge pages where Linux gives them only on request.
#[global_allocator]
static ALLOCATOR: copydesk::alloc::HugePages = copydesk::alloc::HugePages;

fn main() {
    std::process::exit(cli::run());
}

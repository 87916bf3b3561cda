//! Helpers shared by the integration tests that run the binary.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// The copydesk binary, with its result cache kept out of the user's home and colour off.
pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_copydesk"));
    c.env(
        "COPYDESK_CACHE_DIR",
        std::env::temp_dir().join("copydesk-test-cache"),
    )
    .env_remove("NO_COLOR")
    .env("CLICOLOR", "0");
    c
}

/// Runs copydesk with `args` in `cwd`.
pub fn run(args: &[&str], cwd: &Path) -> Output {
    bin()
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run copydesk")
}

//! The `frontline` command: parses arguments and hands over to the library. Nothing else.

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}

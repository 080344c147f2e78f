//! The `frontline` command: parses arguments and hands over to the library. Nothing else.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}

//! The `frontline` command: parses arguments and hands over to the library. Nothing else.

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

mod cli;

/// mimalloc instead of the system allocator: extraction allocates many small strings per
/// article, and this is about a fifth of the run time saved (docs/performance.md; the way it is
/// called is in [`frontline::alloc`]).
#[global_allocator]
static GLOBAL: frontline::alloc::Mimalloc = frontline::alloc::Mimalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}

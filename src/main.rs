//! The `replylint` binary: parses arguments, runs a command, and turns the
//! outcome into an exit code (0 clean, 1 findings, 2 usage/config/IO error).
//! All linting lives in the library; this only wires it to files and the
//! terminal.

mod cli;

use std::process::ExitCode;

/// mimalloc instead of the system allocator (why: `replylint::allocator`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    replylint::allocator::tune_mimalloc();
    match cli::run() {
        Ok(code) => ExitCode::from(code),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("replylint: {e}");
            ExitCode::from(2)
        }
    }
}

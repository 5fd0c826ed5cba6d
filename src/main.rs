//! The `replylint` binary: parses arguments, runs a command, and turns the
//! outcome into an exit code (0 clean, 1 findings, 2 usage/config/IO error).
//! All linting lives in the library; this only wires it to files and the
//! terminal.

mod cli;

use std::process::ExitCode;

/// mimalloc instead of the system allocator: a library run allocates and
/// frees millions of small findings, hit and word vectors across threads,
/// and glibc's malloc (with its consolidation of freed chunks) was ~17 % of
/// a single-threaded run; mimalloc's thread-local free lists cost a
/// fraction of that (docs/performance.md, fourth round).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc v2's `mi_option_e` (include/mimalloc.h;
/// libmimalloc-sys does not name it). New options only ever go at the end.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Milliseconds mimalloc keeps freed memory before giving it back to the
/// system. Its default, 10, made a library run give back and fault in the
/// same pages again and again (page faults were ~6 % of a run); a second
/// still returns a language server's memory soon after a large document.
const PURGE_DELAY_MS: std::ffi::c_long = 1000;

/// The only unsafe code of the project: one call into mimalloc's C API.
#[allow(unsafe_code)]
fn tune_allocator() {
    // SAFETY: sets an integer option by its index; mimalloc reads it the
    // next time it purges, and any value is valid for this option.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
}

fn main() -> ExitCode {
    tune_allocator();
    match cli::run() {
        Ok(code) => ExitCode::from(code),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("replylint: {e}");
            ExitCode::from(2)
        }
    }
}

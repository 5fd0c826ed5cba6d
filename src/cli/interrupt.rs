//! Ctrl-C while `--fix` writes files.
//!
//! Every fixed file is written to a temporary file and renamed over the
//! original, so an interrupt can never leave a half-written file. Left to
//! the default handler, though, it would kill the process between those two
//! steps and leave a `.replylint-*.tmp` file behind. With `--fix`, the first
//! Ctrl-C only raises a flag: the file being written is finished, no new
//! file is written, and the run ends with a summary and exit code 130. A
//! second Ctrl-C quits at once (the originals are still whole; a temporary
//! file may remain).

use std::sync::atomic::{AtomicBool, Ordering};

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// The exit code of a run stopped by Ctrl-C (128 + SIGINT, as shells do).
pub const EXIT_INTERRUPTED: u8 = 130;

/// Installs the handler (once per process; later calls do nothing).
pub fn watch() {
    let _ = ctrlc::set_handler(|| {
        if INTERRUPTED.swap(true, Ordering::SeqCst) {
            std::process::exit(EXIT_INTERRUPTED.into());
        }
        eprintln!(
            "replylint: interrupted; finishing the file being written (Ctrl-C again to quit now)"
        );
    });
}

/// Whether Ctrl-C was pressed since [`watch`].
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

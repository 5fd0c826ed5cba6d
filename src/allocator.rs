//! Allocator settings for the programs built on this library.
//!
//! The `replylint` binary (and the benchmarks, so that they measure what
//! users run) use mimalloc instead of the system allocator: a library run
//! allocates and frees millions of small findings, hit and word vectors,
//! often on another thread than the one that allocated them, and glibc's
//! malloc with its consolidation of freed chunks was ~17 % of a
//! single-threaded run. The library itself sets no global allocator: that
//! is each program's choice.

/// `mi_option_purge_delay` in mimalloc v2's `mi_option_e`
/// (include/mimalloc.h; libmimalloc-sys does not name it). mimalloc only
/// ever adds options at the end of that enum.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Milliseconds mimalloc keeps freed memory before giving it back to the
/// system. Its default, 10, made a library run give back and fault in the
/// same pages again and again (page faults were ~6 % of a run); a second
/// still returns a language server's memory soon after a large document.
pub const PURGE_DELAY_MS: std::ffi::c_long = 1000;

/// Applies the settings above to mimalloc. Call it first thing in `main`
/// of a program whose global allocator is `mimalloc::MiMalloc` (harmless
/// otherwise: it only sets mimalloc's own option).
#[allow(unsafe_code)]
pub fn tune_mimalloc() {
    // SAFETY: sets an integer option by its index; mimalloc reads it the
    // next time it purges, and any value is valid for this option.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
}

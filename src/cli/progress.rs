//! The progress bar of long runs (indicatif): on stderr, and only when a
//! person watches it. Never in CI logs (`CI` set), pipes, files or a dumb
//! terminal, and not for a run of a few files, which ends before a bar
//! would tell anything.
//!
//! When the findings go to the same terminal, they are written whole lines
//! at a time with the bar lifted ([`Progress::wrap`]), so a line is never
//! cut by a redraw.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{self, IsTerminal, Write};

/// Below this many files a run has no bar.
pub const MIN_FILES: usize = 200;

/// Whether a run of `files` files shows a bar: stderr is a terminal that
/// can redraw, this is not CI, and there are enough files.
pub fn wanted(files: usize, stderr_terminal: bool, ci: Option<&str>, term: Option<&str>) -> bool {
    stderr_terminal
        && ci.is_none_or(|v| v.is_empty() || v == "false" || v == "0")
        && term != Some("dumb")
        && files >= MIN_FILES
}

/// A run's progress: a bar, or nothing.
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// The bar of a run of `files` files, if one is wanted here.
    pub fn new(files: usize, disabled: bool) -> Progress {
        let ci = std::env::var("CI").ok();
        let term = std::env::var("TERM").ok();
        let show = !disabled
            && wanted(
                files,
                io::stderr().is_terminal(),
                ci.as_deref(),
                term.as_deref(),
            );
        let bar = show.then(|| {
            let bar = ProgressBar::with_draw_target(
                Some(files as u64),
                ProgressDrawTarget::stderr_with_hz(8),
            );
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} checking {pos}/{len} files {wide_bar} {elapsed} (about {eta} left)",
                )
                .expect("a valid template"),
            );
            bar
        });
        Progress { bar }
    }

    /// One more file checked.
    pub fn inc(&self) {
        if let Some(b) = &self.bar {
            b.inc(1);
        }
    }

    /// Removes the bar (before the closing lines are written).
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }

    /// `out`, or, when a bar is drawn and `out` is the terminal too, `out`
    /// written in whole lines with the bar lifted.
    pub fn wrap<'w>(&self, out: impl Write + IsTerminal + 'w) -> Box<dyn Write + 'w> {
        match &self.bar {
            Some(bar) if out.is_terminal() => Box::new(Lines {
                out,
                bar: bar.clone(),
                pending: Vec::new(),
            }),
            _ => Box::new(out),
        }
    }
}

/// Writes whole lines while the bar is lifted; keeps a partial line until
/// its end arrives (or the writer is dropped).
struct Lines<W: Write> {
    out: W,
    bar: ProgressBar,
    pending: Vec<u8>,
}

impl<W: Write> Write for Lines<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if let Some(end) = self.pending.iter().rposition(|&b| b == b'\n') {
            let rest = self.pending.split_off(end + 1);
            let lines = std::mem::replace(&mut self.pending, rest);
            let out = &mut self.out;
            self.bar
                .suspend(|| out.write_all(&lines).and_then(|()| out.flush()))?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

impl<W: Write> Drop for Lines<W> {
    fn drop(&mut self) {
        let _ = self.out.write_all(&self.pending);
        let _ = self.out.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_only_for_a_person_watching_a_long_run() {
        assert!(wanted(1000, true, None, Some("xterm-256color")));
        assert!(wanted(1000, true, Some(""), None));
        assert!(!wanted(1000, false, None, None), "not a terminal");
        assert!(!wanted(1000, true, Some("true"), None), "CI");
        assert!(!wanted(1000, true, None, Some("dumb")));
        assert!(!wanted(MIN_FILES - 1, true, None, None), "a short run");
    }
}

//! Fixes: turning suggestions into edits of a file, applying them, and
//! writing the result without ever leaving a damaged file behind.
//!
//! A suggestion is made on a draft; a [`Fix`] is the same suggestion placed
//! in the file: its span mapped through the draft's offset map and its text
//! escaped for where the draft lives (a JSON string, a quoted CSV field, a
//! YAML block...). A suggestion that cannot be placed exactly (its words
//! cross an escape sequence or Markdown markup, or the replacement cannot be
//! written in that kind of string) gets no fix: it is still shown as advice.
//!
//! Writing is atomic: the new text goes to a temporary file in the same
//! directory, which is renamed over the original only if the original still
//! holds exactly the bytes that were linted. Symbolic links are never
//! written through.

use crate::diagnostic::{Applicability, Suggestion};
use crate::input::{DraftSource, Escape};
pub use crate::suggest::{deletion, suggestion_title};
use std::io::Write;
use std::ops::Range;
use std::path::Path;

/// A suggestion placed in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// Byte range in the file (or in the part of it the report holds).
    pub span: Range<usize>,
    /// The bytes to write there, escaped for the file's syntax.
    pub replacement: String,
    /// The replacement as a reader sees it (for titles: "Replace with ...").
    pub shown: String,
    pub applicability: Applicability,
    /// Which of the diagnostic's suggestions this is.
    pub suggestion: usize,
}

impl Fix {
    /// Places `s` (in draft coordinates) into `file`, the text the draft was
    /// read from. `None` when it cannot be placed exactly.
    pub fn place(file: &str, draft: &DraftSource, s: &Suggestion, index: usize) -> Option<Fix> {
        let original = draft.text.get(s.span.clone())?;
        let span = draft.map.map_span(s.span.clone());
        // The words must stand in the file exactly as in the draft: no
        // escape sequence, entity or markup in between.
        if file.get(span.clone())? != original {
            return None;
        }
        let replacement = draft.escape.write(&s.edit)?;
        Some(Fix {
            span,
            replacement,
            shown: s.replacement.clone(),
            applicability: s.applicability,
            suggestion: index,
        })
    }

    /// A short title for menus and diffs.
    pub fn title(&self) -> String {
        suggestion_title(&self.shown)
    }
}

/// Applies `fixes` to `text` in order of position, skipping any fix that
/// overlaps or touches one already taken (two edits side by side can make a
/// new finding, such as "!" next to "!"; `--fix` applies those in a later
/// pass, after linting again). Returns the new text and the fixes applied.
pub fn apply<'f>(text: &str, fixes: &[&'f Fix]) -> (String, Vec<&'f Fix>) {
    let mut sorted: Vec<&Fix> = fixes.to_vec();
    sorted.sort_by_key(|f| (f.span.start, f.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut applied = Vec::new();
    for f in sorted {
        let touches = !applied.is_empty() && f.span.start <= at;
        if touches
            || f.span.end > text.len()
            || !text.is_char_boundary(f.span.start)
            || !text.is_char_boundary(f.span.end)
        {
            continue;
        }
        out.push_str(&text[at..f.span.start]);
        out.push_str(&f.replacement);
        at = f.span.end;
        applied.push(f);
    }
    out.push_str(&text[at..]);
    (out, applied)
}

/// Passes of fixing and linting again, at most (a safeguard: fixes only
/// remove or shorten words, so a few passes always settle).
pub const MAX_PASSES: usize = 10;

/// Every safe fix, as `--fix` applies them: `first` (the safe fixes of
/// `text`) at once where they do not touch each other, then, in further
/// passes, those of the text linted again by `relint` (`None`: stop), up to
/// [`MAX_PASSES`]. Returns the fixed text and how many fixes were applied.
/// The command line's `--fix` and the editor's "fix all" share it, so both
/// leave the same text.
pub fn apply_passes(
    text: &str,
    first: Vec<Fix>,
    relint: impl Fn(&str) -> Option<Vec<Fix>>,
) -> (String, usize) {
    let mut new_text = text.to_string();
    let mut applied_count = 0;
    let mut next = Some(first);
    for _ in 0..MAX_PASSES {
        let Some(fixes) = next.take() else { break };
        let safe: Vec<&Fix> = fixes
            .iter()
            .filter(|f| f.applicability == Applicability::Safe)
            .collect();
        let (fixed, applied) = apply(&new_text, &safe);
        if applied.is_empty() {
            break;
        }
        applied_count += applied.len();
        new_text = fixed;
        next = relint(&new_text);
    }
    (new_text, applied_count)
}

/// A unified diff of `old` -> `new` for `path` (empty when they are equal).
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let path = path.strip_prefix("./").unwrap_or(path);
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// Why a fixed file was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("it changed since it was read; not written (run again)")]
    Changed,
    #[error("it is a symbolic link; fixes are only written to regular files")]
    Symlink,
    #[error("it is read-only; not written")]
    ReadOnly,
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Writes `new` over `path` atomically, if `path` still holds `expected`.
///
/// The text goes to a temporary file next to `path` (same file system, so
/// the rename is atomic), is flushed to disk, gets the original's
/// permissions, and replaces the original by rename. On any failure the
/// temporary file is removed and the original is untouched.
pub fn write_atomically(path: &Path, expected: &[u8], new: &[u8]) -> Result<(), WriteError> {
    write_with(path, expected, new, |f, bytes| f.write_all(bytes))
}

/// [`write_atomically`] with the writing step given (tests inject a writer
/// that fails, as a full disk would).
pub fn write_with(
    path: &Path,
    expected: &[u8],
    new: &[u8],
    write: impl FnOnce(&mut std::fs::File, &[u8]) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    let meta = std::fs::symlink_metadata(path)?;
    if meta.file_type().is_symlink() {
        return Err(WriteError::Symlink);
    }
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly);
    }
    if std::fs::read(path)? != expected {
        return Err(WriteError::Changed);
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".replylint-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    write(tmp.as_file_mut(), new)?;
    tmp.as_file().sync_all()?;
    std::fs::set_permissions(tmp.path(), meta.permissions())?;
    // Last check right before the rename: an editor may have saved meanwhile.
    if std::fs::read(path)? != expected {
        return Err(WriteError::Changed);
    }
    tmp.persist(path).map_err(|e| WriteError::Io(e.error))?;
    Ok(())
}

/// Whether `path`, or any directory on the way to it as given, is a
/// symbolic link (a walk that follows links may reach a file outside the
/// tree that was asked for; `--fix` must not write there).
pub fn through_symlink(path: &Path) -> bool {
    let mut prefix = std::path::PathBuf::new();
    for part in path.components() {
        prefix.push(part);
        if matches!(part, std::path::Component::Normal(_))
            && std::fs::symlink_metadata(&prefix).is_ok_and(|m| m.file_type().is_symlink())
        {
            return true;
        }
    }
    false
}

/// Escaping for each kind of string a draft can live in.
impl Escape {
    /// `s` as it must be written inside this kind of string, or `None` if it
    /// cannot be (a newline in a YAML plain scalar, a `'` in a TOML literal
    /// string...).
    pub fn write(self, s: &str) -> Option<String> {
        match self {
            Escape::Raw => Some(s.to_string()),
            Escape::NoFix => None,
            Escape::Html => Some(
                s.replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;"),
            ),
            Escape::Json => {
                // Most replacements need no escape: skip serde_json's copy.
                if !s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
                    return Some(s.to_string());
                }
                let quoted = serde_json::to_string(s).ok()?;
                Some(quoted[1..quoted.len() - 1].to_string())
            }
            Escape::YamlSingle => (!s.contains('\n')).then(|| s.replace('\'', "''")),
            // Inside a plain scalar only these change the meaning (an
            // indicator character matters at the start, where replylint's
            // edits do not put one).
            Escape::YamlPlain => {
                let risky =
                    s.contains('\n') || s.contains(": ") || s.contains(" #") || s.ends_with(':');
                (!risky).then(|| s.to_string())
            }
            Escape::YamlBlock => (!s.contains('\n')).then(|| s.to_string()),
            Escape::TomlMultiBasic => Some(s.replace('\\', "\\\\").replace('"', "\\\"")),
            Escape::TomlLiteral => (!s.contains(['\'', '\n'])).then(|| s.to_string()),
            Escape::TomlMultiLiteral => (!s.contains("'''")).then(|| s.to_string()),
            Escape::CsvQuoted => Some(s.replace('"', "\"\"")),
            Escape::CsvPlain => (!s.contains([',', '"', '\n', '\r'])).then(|| s.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delete(text: &str, words: &str) -> String {
        let at = text.find(words).unwrap();
        let (span, rep) = deletion(text, at..at + words.len());
        format!("{}{}{}", &text[..span.start], rep, &text[span.end..])
    }

    #[test]
    fn deletions_leave_clean_sentences() {
        assert_eq!(
            delete("Obviously, the code works.", "Obviously"),
            "The code works."
        );
        assert_eq!(
            delete("Obviously the code works.", "Obviously"),
            "The code works."
        );
        assert_eq!(
            delete("The code obviously works.", "obviously"),
            "The code works."
        );
        assert_eq!(delete("It works, obviously.", "obviously"), "It works.");
        assert_eq!(
            delete("Hi! Calm down. It is late.", "Calm down"),
            "Hi! It is late."
        );
        assert_eq!(
            delete("It works, obviously, and ships.", "obviously"),
            "It works, and ships."
        );
        assert_eq!(
            delete(
                "With all due respect, that is the rule.",
                "With all due respect"
            ),
            "That is the rule."
        );
    }

    #[test]
    fn fixes_apply_in_order_and_never_overlap() {
        let text = "aaa bbb ccc";
        let f = |s: Range<usize>, r: &str| Fix {
            span: s,
            replacement: r.into(),
            shown: r.into(),
            applicability: Applicability::Safe,
            suggestion: 0,
        };
        let (x, y, z) = (f(8..11, "C"), f(0..3, "A"), f(2..5, "clash"));
        let (out, applied) = apply(text, &[&x, &y, &z]);
        assert_eq!(out, "A bbb C");
        assert_eq!(applied.len(), 2);
    }

    #[test]
    fn escaping_per_kind_of_string() {
        assert_eq!(
            Escape::Json.write("say \"hi\"\n").unwrap(),
            "say \\\"hi\\\"\\n"
        );
        // Plain text and non-ASCII pass as they are; a tab or a backslash
        // alone is still escaped.
        assert_eq!(Escape::Json.write("café, sorry").unwrap(), "café, sorry");
        assert_eq!(Escape::Json.write("a\tb\\c").unwrap(), "a\\tb\\\\c");
        assert_eq!(Escape::CsvQuoted.write("a \"b\"").unwrap(), "a \"\"b\"\"");
        assert_eq!(Escape::CsvPlain.write("a, b"), None);
        assert_eq!(Escape::YamlSingle.write("it's").unwrap(), "it''s");
        assert_eq!(Escape::YamlPlain.write("note: this"), None);
        assert_eq!(Escape::TomlLiteral.write("it's"), None);
        assert_eq!(Escape::Html.write("a < b & c").unwrap(), "a &lt; b &amp; c");
    }
}

#[cfg(test)]
mod write_tests {
    use super::*;

    fn file(dir: &Path, text: &str) -> std::path::PathBuf {
        let p = dir.join("draft.txt");
        std::fs::write(&p, text).unwrap();
        p
    }

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".replylint-"))
            .collect()
    }

    #[test]
    fn writes_atomically_and_keeps_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let p = file(dir.path(), "Calm down. It ships today.");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        write_atomically(&p, b"Calm down. It ships today.", b"It ships today.").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "It ships today.");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o640);
        }
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let p = file(dir.path(), "edited by someone else");
        let r = write_atomically(&p, b"what was linted", b"fixed");
        assert!(matches!(r, Err(WriteError::Changed)));
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            "edited by someone else"
        );
    }

    #[test]
    fn a_save_during_the_write_wins() {
        let dir = tempfile::tempdir().unwrap();
        let p = file(dir.path(), "original");
        let p2 = p.clone();
        let r = write_with(&p, b"original", b"fixed", |f, bytes| {
            // An editor saves while we write the temporary file.
            std::fs::write(&p2, "saved meanwhile").unwrap();
            f.write_all(bytes)
        });
        assert!(matches!(r, Err(WriteError::Changed)));
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "saved meanwhile");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_failing_write_leaves_the_original_whole() {
        let dir = tempfile::tempdir().unwrap();
        let p = file(dir.path(), "original text");
        let r = write_with(&p, b"original text", b"fixed text", |f, bytes| {
            f.write_all(&bytes[..3])?;
            Err(std::io::Error::other("No space left on device"))
        });
        assert!(matches!(r, Err(WriteError::Io(_))));
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "original text");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn read_only_files_and_symlinks_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = file(dir.path(), "text");
        let mut perms = std::fs::metadata(&p).unwrap().permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&p, perms).unwrap();
        assert!(matches!(
            write_atomically(&p, b"text", b"new"),
            Err(WriteError::ReadOnly)
        ));
        #[cfg(unix)]
        {
            let target = dir.path().join("elsewhere.txt");
            std::fs::write(&target, "text").unwrap();
            let link = dir.path().join("link.txt");
            std::os::unix::fs::symlink(&target, &link).unwrap();
            assert!(matches!(
                write_atomically(&link, b"text", b"new"),
                Err(WriteError::Symlink)
            ));
            assert_eq!(std::fs::read_to_string(&target).unwrap(), "text");
        }
    }
}

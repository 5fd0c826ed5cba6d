//! Expanding the command line's paths into the files to check.
//!
//! Directories are walked with the `ignore` crate (the walker ripgrep uses):
//! `.gitignore`, `.ignore` and `.git/info/exclude` are respected, hidden files
//! and directories are skipped, symbolic links are followed with loop
//! detection. Walked files are kept when their extension is a known format
//! (`input::Format::EXTENSIONS`) or they match an `--include` glob, and are
//! dropped when they match an `--exclude` glob. Configuration files are never
//! checked as replies. A file named explicitly is always checked.
//!
//! Errors (a missing path, a loop, an unreadable directory) are collected per
//! path; the other files are still returned. Files under each argument come
//! out sorted, so output is stable whatever the walk order.

use crate::config::CONFIG_NAMES;
use crate::error::SourceError;
use crate::input::Format;
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What to keep while walking.
#[derive(Debug, Default, Clone)]
pub struct WalkOptions {
    pub include: Vec<String>,
    pub exclude: Vec<String>,
}

/// The files of one argument, or the errors met.
#[derive(Debug, Default)]
pub struct Walked {
    pub files: Vec<PathBuf>,
    pub errors: Vec<SourceError>,
}

fn globset(patterns: &[String]) -> Result<GlobSet, SourceError> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        let g = Glob::new(p).map_err(|e| {
            SourceError::new(
                "command line",
                Arc::from(""),
                None,
                format!("invalid glob `{p}`: {}", e.kind()),
            )
        })?;
        b.add(g);
    }
    b.build().map_err(|e| {
        SourceError::new(
            "command line",
            Arc::from(""),
            None,
            format!("invalid globs: {e}"),
        )
    })
}

/// Expands `paths` (files and directories) into files to check.
pub fn expand(paths: &[PathBuf], opts: &WalkOptions) -> Walked {
    let mut out = Walked::default();
    let include = match globset(&opts.include) {
        Ok(g) => g,
        Err(e) => {
            out.errors.push(e);
            return out;
        }
    };
    let exclude = match globset(&opts.exclude) {
        Ok(g) => g,
        Err(e) => {
            out.errors.push(e);
            return out;
        }
    };
    for root in paths {
        if !root.is_dir() {
            // Files (and missing paths, reported when read) are taken as given.
            if !exclude.is_match(root) {
                out.files.push(root.clone());
            }
            continue;
        }
        let mut found = Vec::new();
        let mut errors = Vec::new();
        let walker = ignore::WalkBuilder::new(root)
            .hidden(true)
            .follow_links(true)
            .git_ignore(true)
            .require_git(false)
            .build();
        for entry in walker {
            match entry {
                Ok(e) => {
                    if !e.file_type().is_some_and(|t| t.is_file()) {
                        continue;
                    }
                    let p = e.path();
                    if keep(p, root, &include, &exclude) {
                        found.push(p.to_path_buf());
                    }
                }
                Err(err) => errors.push(walk_error(root, &err)),
            }
        }
        // Sorted once at the end, by a key compared as plain bytes: asking
        // the walker to sort each directory, or sorting paths by their
        // components, compared names parsed out of paths hundreds of
        // thousands of times (a third of the start of a 10,000-file run).
        found.sort_by_cached_key(|p| path_order_key(p));
        // The walk meets errors in the order the file system lists entries;
        // sorted by path, they read the same on every machine.
        errors.sort_by(|a: &SourceError, b: &SourceError| a.path.cmp(&b.path));
        out.errors.extend(errors);
        out.files.extend(found);
    }
    out
}

/// A key whose byte order is the path order (component by component, as
/// `Path`'s own comparison) for paths found under one root: the bytes, with
/// each separator made the smallest byte, so that `a/z` sorts before `a-b`
/// and `a.txt` (a name that ends sorts before one that goes on).
fn path_order_key(p: &Path) -> Vec<u8> {
    p.as_os_str()
        .as_encoded_bytes()
        .iter()
        .map(|&b| {
            if b.is_ascii() && std::path::is_separator(b as char) {
                0
            } else {
                b
            }
        })
        .collect()
}

fn keep(p: &Path, root: &Path, include: &GlobSet, exclude: &GlobSet) -> bool {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if CONFIG_NAMES.contains(&name) {
        return false;
    }
    // Globs match the path as walked, without a leading `./`, or relative to
    // the directory given on the command line.
    // (No glob, the usual case: nothing to match, no candidate to build.)
    let matches = |g: &GlobSet| {
        !g.is_empty()
            && (g.is_match(p)
                || g.is_match(p.strip_prefix(".").unwrap_or(p))
                || g.is_match(p.strip_prefix(root).unwrap_or(p)))
    };
    if matches(exclude) {
        return false;
    }
    matches(include) || Format::of(&p.to_string_lossy()).is_some()
}

fn walk_error(root: &Path, err: &ignore::Error) -> SourceError {
    let (path, message) = describe(err);
    let path = path.unwrap_or_else(|| root.display().to_string());
    SourceError::new(path, Arc::from(""), None, message)
}

fn describe(err: &ignore::Error) -> (Option<String>, String) {
    match err {
        ignore::Error::WithPath { path, err } => {
            (Some(path.display().to_string()), describe(err).1)
        }
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            describe(err)
        }
        ignore::Error::Loop { child, ancestor } => (
            Some(child.display().to_string()),
            format!("symbolic link loop (back to {})", ancestor.display()),
        ),
        ignore::Error::Io(e) => (
            None,
            match e.kind() {
                std::io::ErrorKind::PermissionDenied => "cannot read: permission denied".into(),
                std::io::ErrorKind::NotFound => "cannot read: no such file".into(),
                _ => format!("cannot read: {}", e.to_string().to_lowercase()),
            },
        ),
        other => (None, other.to_string().to_lowercase()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Lcg;

    /// The byte key orders walked paths exactly as `Path` does, for names
    /// made of letters, separators' neighbours ('-', '.', ' ') and non-ASCII.
    #[test]
    fn path_order_key_agrees_with_path_order() {
        let mut rng = Lcg::new(11);
        let pieces = ["a", "b", "-", ".", " ", "é", "A", "0"];
        for _ in 0..200 {
            let mut paths: Vec<PathBuf> = (0..30)
                .map(|_| {
                    let mut p = PathBuf::from("./root dir");
                    for _ in 0..1 + rng.below(3) {
                        let name: String = (0..1 + rng.below(4))
                            .map(|_| pieces[rng.below(pieces.len())])
                            .collect();
                        // "." and ".." are not names a walk produces.
                        p.push(if name == "." || name == ".." {
                            "x"
                        } else {
                            &name
                        });
                    }
                    p
                })
                .collect();
            let mut by_key = paths.clone();
            by_key.sort_by_cached_key(|p| path_order_key(p));
            paths.sort();
            assert_eq!(by_key, paths);
        }
    }

    #[test]
    fn a_walk_lists_its_files_in_path_order() {
        let d = tempfile::tempdir().unwrap();
        let names = [
            "a.txt",
            "a-b.txt",
            "a/z.txt",
            "a/b/c.md",
            "a b/x.json",
            "B.txt",
            "é.txt",
            "a/replylint.toml",
            "notes.bin",
        ];
        for n in names {
            let p = d.path().join(n);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, "Thanks for waiting.\n").unwrap();
        }
        let walked = expand(&[d.path().to_path_buf()], &WalkOptions::default());
        assert!(walked.errors.is_empty());
        let mut expected: Vec<PathBuf> = names
            .iter()
            .filter(|n| !n.ends_with(".toml") && !n.ends_with(".bin"))
            .map(|n| d.path().join(n))
            .collect();
        expected.sort();
        assert_eq!(walked.files, expected);
    }
}

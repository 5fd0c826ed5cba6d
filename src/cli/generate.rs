//! `replylint completions SHELL` and `replylint man`: generated from the
//! CLI definition itself (clap_complete, clap_mangen), so they can never
//! disagree with `--help`.

use super::{Cli, EXIT_CLEAN, EXIT_ERROR};
use clap::CommandFactory;
use std::io::{self, Write};
use std::path::Path;

/// Prints the completion script for `shell`.
///
/// Made in memory and written at once: clap_complete panics when a write
/// fails, and one does when the reader stops early (`| grep -q`, `| head`);
/// a closed pipe is then an ordinary `BrokenPipe`, which `main` treats as
/// the end of the output.
pub fn completions(shell: clap_complete::Shell) -> io::Result<u8> {
    let mut cmd = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "replylint", &mut script);
    let mut out = io::stdout().lock();
    out.write_all(&script)?;
    out.flush()?;
    Ok(EXIT_CLEAN)
}

/// Prints the man page `replylint(1)`, or writes it and one page per
/// command (`replylint-check.1`, ...) into `dir`.
pub fn man(dir: Option<&Path>) -> io::Result<u8> {
    let cmd = Cli::command();
    match dir {
        None => {
            let mut out = io::stdout().lock();
            clap_mangen::Man::new(cmd).render(&mut out)?;
            out.flush()?;
        }
        Some(dir) => {
            if let Err(e) =
                std::fs::create_dir_all(dir).and_then(|()| clap_mangen::generate_to(cmd, dir))
            {
                eprintln!(
                    "replylint: cannot write the man pages to {}: {}",
                    dir.display(),
                    e.to_string().to_lowercase()
                );
                return Ok(EXIT_ERROR);
            }
            let mut pages: Vec<String> = std::fs::read_dir(dir)?
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with("replylint") && n.ends_with(".1"))
                .collect();
            pages.sort();
            eprintln!("wrote {} in {}", pages.join(", "), dir.display());
        }
    }
    Ok(EXIT_CLEAN)
}

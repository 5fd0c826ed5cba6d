//! Every fenced block of README.md and docs/*.md is checked, so that the
//! docs cannot say what the program does not do (docs/rules/ is generated
//! from the packs and checked by tests/docs.rs).
//!
//! What each kind of block must be, and how it is checked:
//!
//! - ` ```console `: a transcript. `$ replylint ...` lines (or
//!   `$ cargo run --release -- ...`) are run in a sandbox folder (below) and
//!   what they print (stdout, then stderr) must be the lines under them,
//!   exactly; a line `...` stands for any lines. When the rules' judgment
//!   changes on purpose, `REPLYLINT_BLESS=1 cargo test --test docs_commands`
//!   writes the real output into the docs (keeping each `...`); review the
//!   diff. A failure names the block (file, line) and shows the real output.
//! - ` ```sh `: commands. A `replylint` command must use only the flags its
//!   `--help` lists, and is run in the sandbox: exit code 2 (a usage,
//!   configuration or input error) fails. `cargo` commands must name
//!   benches, tests and fuzz targets that exist; scripts must exist and take
//!   the flags used; the few other programs (git, curl, man...) are named in
//!   [`EXTERNAL`], and `curl` calls to the API must send the request the API
//!   reads.
//! - ` ```<lang> file=NAME `: a file, written into the sandbox for the
//!   blocks after it (docs/inputs.md's are also checked by
//!   tests/inputs_doc.rs).
//! - ` ```text suppression `: a draft with suppressions: it must silence
//!   what it names, with reasons and unexpired dates.
//! - ` ```toml config `: a `replylint.toml`, which must load.
//! - Any other block (editor settings, workflow files, JSON shapes): every
//!   `--flag` it mentions must be one of `replylint check`'s or of the
//!   subcommand it names, and a JSON block must parse.
//!
//! A ` ```text ` block without a word after it is an error: say which of
//! these it is.
//!
//! The sandbox of each doc file is a fresh folder holding what the docs'
//! commands name: `examples/`, `draft.txt` and `complaint.txt` (copies of
//! the examples), `drafts/`, `responses/`, `replies/`, `macros.jsonl`, the
//! team pack of docs/lint-packs.md as `lints/acme.toml`, and the broken
//! files of docs/inputs.md's "Bad input". `~` and `$HOME` are a
//! folder inside it, so nothing outside is written.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Programs the docs name that are not replylint, cargo or the repository's
/// scripts: installing Rust, git, man, pre-commit, the browser the
/// screenshot test drives. They are not run (curl's API calls are read).
const EXTERNAL: &[&str] = &["git", "curl", "sh", "apt-get", "man", "pre-commit"];

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_replylint")
}

/// One fenced block of a doc.
struct Block {
    file: String,
    /// 1-based line of the opening fence.
    line: usize,
    info: String,
    body: String,
    /// Byte range of the body in the file (for REPLYLINT_BLESS).
    span: std::ops::Range<usize>,
}

impl Block {
    fn at(&self) -> String {
        format!("{}:{} (```{})", self.file, self.line, self.info)
    }
}

fn blocks(file: &str, text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut pos = 0;
    let mut open: Option<(usize, String, usize)> = None;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let start = pos;
        pos += line.len();
        let trimmed = line.trim_end();
        let Some(info) = trimmed.strip_prefix("```") else {
            continue;
        };
        match open.take() {
            None => open = Some((n + 1, info.trim().to_string(), pos)),
            Some((line, info, body_start)) => out.push(Block {
                file: file.to_string(),
                line,
                info,
                body: text[body_start..start].to_string(),
                span: body_start..start,
            }),
        }
    }
    assert!(open.is_none(), "{file}: a fenced block is not closed");
    out
}

/// The docs checked here: README.md and docs/*.md.
fn doc_files() -> Vec<String> {
    let mut files = vec!["README.md".to_string()];
    let mut docs: Vec<String> = std::fs::read_dir(Path::new(ROOT).join("docs"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .map(|n| format!("docs/{n}"))
        .collect();
    docs.sort();
    files.extend(docs);
    files
}

/// Shell-like words of a command line: quotes, backslash escapes, `#`
/// comments; `|`, `>` and `>>` are words of their own.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut has_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                has_word = true;
                for q in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    word.push(q);
                }
            }
            '"' => {
                has_word = true;
                while let Some(q) = chars.next() {
                    match q {
                        '"' => break,
                        '\\' => word.extend(chars.next()),
                        q => word.push(q),
                    }
                }
            }
            '\\' => {
                has_word = true;
                word.extend(chars.next());
            }
            '#' if !has_word => break,
            c if c.is_whitespace() => {
                if has_word {
                    out.push(std::mem::take(&mut word));
                    has_word = false;
                }
            }
            '|' | '>' if !has_word => {
                let mut op = c.to_string();
                if c == '>' && chars.peek() == Some(&'>') {
                    op.push(chars.next().unwrap());
                }
                out.push(op);
            }
            c => {
                has_word = true;
                word.push(c);
            }
        }
    }
    if has_word {
        out.push(word);
    }
    out
}

/// The command lines of a block of commands (a trailing `\` continues).
fn command_lines(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in body.lines() {
        if let Some(head) = line.trim_end().strip_suffix('\\') {
            current.push_str(head);
            current.push(' ');
            continue;
        }
        current.push_str(line);
        if !words(&current).is_empty() {
            out.push(std::mem::take(&mut current));
        }
        current.clear();
    }
    out
}

/// A doc file's sandbox.
struct Sandbox {
    dir: tempfile::TempDir,
    help: HashMap<String, String>,
}

impl Sandbox {
    fn new() -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let put = |name: &str, bytes: &[u8]| {
            let p = d.join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        };
        for e in std::fs::read_dir(Path::new(ROOT).join("examples")).unwrap() {
            let e = e.unwrap();
            let bytes = std::fs::read(e.path()).unwrap();
            put(
                &format!("examples/{}", e.file_name().to_string_lossy()),
                &bytes,
            );
        }
        let example = |n: &str| std::fs::read(Path::new(ROOT).join("examples").join(n)).unwrap();
        put("draft.txt", &example("draft.txt"));
        put("complaint.txt", &example("complaint.txt"));
        put("drafts/late.txt", b"Calm down, it ships today.\n");
        put("drafts/refund.txt", &example("better.txt"));
        put("responses/late.txt", b"Calm down, it ships today!!\n");
        put(
            "responses/macros.json",
            br#"[{"id": "refund", "text": "You should have read the FAQ."}]"#,
        );
        put("replies/late.md", b"Calm down, it ships today.\n");
        put("replies/refund.md", &example("better.txt"));
        put(
            "macros.jsonl",
            b"{\"id\": \"late\", \"text\": \"Obviously it ships today.\"}\n",
        );
        // docs/inputs.md, "Bad input".
        put("bad.json", b"{\n  \"id\": \"late\",\n  3\n}\n");
        put("bad.csv", b"id,text\nlate,Calm down,now\n");
        put("latin1.txt", b"Caf\xe9 ou th\xe9?\n");
        put("blob.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff");
        put(
            "huge.txt",
            &b"Thanks for writing in. ".repeat(3_000_000 / 23 + 1)[..3_000_000],
        );
        // The team pack of docs/lint-packs.md, which docs/configuration.md
        // loads.
        let packs_doc =
            std::fs::read_to_string(Path::new(ROOT).join("docs/lint-packs.md")).unwrap();
        let pack = packs_doc
            .split("```toml\n")
            .skip(1)
            .map(|b| b.split("```").next().unwrap())
            .find(|b| b.contains("\nid = "))
            .expect("a pack in docs/lint-packs.md");
        put("lints/acme.toml", pack.as_bytes());
        std::fs::create_dir_all(d.join("home")).unwrap();
        Sandbox {
            dir,
            help: HashMap::new(),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `~`, `$HOME` and `$PROFILE` inside the sandbox.
    fn expand(&self, w: &str) -> String {
        let home = self.path().join("home");
        let home = home.to_string_lossy();
        let w = w.replace("$PROFILE", &format!("{home}/profile.ps1"));
        let w = w.replace("$HOME", &home);
        match w.strip_prefix('~') {
            Some(rest) => format!("{home}{rest}"),
            None => w,
        }
    }

    /// `pattern` expanded against the sandbox as a shell would (`*` in the
    /// last part), or itself.
    fn glob(&self, pattern: &str) -> Vec<String> {
        if !pattern.contains('*') {
            return vec![pattern.to_string()];
        }
        let (dir, _) = pattern.rsplit_once('/').unwrap_or(("", pattern));
        let matcher = globset::Glob::new(pattern).unwrap().compile_matcher();
        let mut found: Vec<String> = std::fs::read_dir(self.path().join(dir))
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok())
                    .map(|e| {
                        let n = e.file_name().to_string_lossy().into_owned();
                        if dir.is_empty() {
                            n
                        } else {
                            format!("{dir}/{n}")
                        }
                    })
                    .filter(|n| matcher.is_match(n))
                    .collect()
            })
            .unwrap_or_default();
        found.sort();
        if found.is_empty() {
            vec![pattern.to_string()]
        } else {
            found
        }
    }

    /// `replylint SUB --help` (and `replylint --help` for flags before it).
    fn help(&mut self, sub: &str) -> &str {
        let dir = self.path().to_path_buf();
        self.help.entry(sub.to_string()).or_insert_with(|| {
            let mut args: Vec<&str> = sub.split_whitespace().collect();
            args.push("--help");
            let o = Command::new(bin())
                .args(&args)
                .current_dir(&dir)
                .output()
                .unwrap();
            String::from_utf8_lossy(&o.stdout).into_owned()
        })
    }

    /// Every flag of `args` (a replylint command line) is one its help
    /// lists.
    fn check_flags(&mut self, args: &[String]) -> Result<(), String> {
        let sub = args
            .iter()
            .find(|a| !a.starts_with('-'))
            .cloned()
            .unwrap_or_default();
        let help = self.help(&sub).to_string();
        for a in args {
            if !a.starts_with('-') || a == "-" {
                continue;
            }
            let flag = a.split('=').next().unwrap();
            let flags: Vec<String> = if flag.starts_with("--") {
                vec![flag.to_string()]
            } else {
                // `-qq`: each letter is a flag.
                flag[1..].chars().map(|c| format!("-{c}")).collect()
            };
            for f in flags {
                if !mentions(&help, &f) {
                    return Err(format!(
                        "`replylint {sub}` has no flag `{f}` (see `replylint {sub} --help`)"
                    ));
                }
            }
        }
        Ok(())
    }

    /// Runs one command line; its output (stdout then stderr) and exit code.
    fn run(&mut self, line: &str) -> Result<Option<(String, i32)>, String> {
        let ws = words(line);
        let stages: Vec<&[String]> = ws.split(|w| w == "|").collect();
        let mut stdin = String::new();
        let mut result = None;
        for (i, stage) in stages.iter().enumerate() {
            let mut stage: Vec<String> = stage.to_vec();
            // A redirection of stdout into a file.
            let mut redirect = None;
            if let Some(r) = stage.iter().position(|w| w == ">" || w == ">>") {
                let target = stage.get(r + 1).ok_or("`>` without a file")?;
                redirect = Some(self.expand(target));
                stage.truncate(r);
            }
            // `VAR=value` before the program.
            let mut env = Vec::new();
            while let Some((k, v)) = stage.first().and_then(|w| w.split_once('=')) {
                if !k.chars().all(|c| c.is_ascii_uppercase() || c == '_') || k.is_empty() {
                    break;
                }
                env.push((k.to_string(), v.to_string()));
                stage.remove(0);
            }
            let Some(program) = stage.first().cloned() else {
                return Err("an empty command".into());
            };
            let args: Vec<String> = stage[1..].to_vec();
            let replylint_args = match program.as_str() {
                "replylint" => Some(args.clone()),
                "cargo" if args.first().map(String::as_str) == Some("run") => {
                    let dash = args
                        .iter()
                        .position(|a| a == "--")
                        .ok_or("cargo run without --")?;
                    Some(args[dash + 1..].to_vec())
                }
                _ => None,
            };
            if let Some(args) = replylint_args {
                self.check_flags(&args)?;
                let args: Vec<String> = args
                    .iter()
                    .flat_map(|a| self.glob(&self.expand(a)))
                    .collect();
                let out = if args.first().map(String::as_str) == Some("serve") {
                    self.serve(&args)?
                } else {
                    self.replylint(&args, &env, &stdin)?
                };
                if let Some(target) = redirect {
                    let p = self.path().join(&target);
                    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                    std::fs::write(p, &out.0).unwrap();
                    result = Some((out.2.clone(), out.1));
                } else {
                    result = Some((format!("{}{}", out.0, out.2), out.1));
                }
                continue;
            }
            match program.as_str() {
                "echo" if i + 1 < stages.len() => {
                    stdin = format!("{}\n", args.join(" "));
                }
                "cargo" => check_cargo(&args)?,
                "python3" => check_script(&args)?,
                p if p.starts_with("fuzz/") || p.starts_with("./") => {
                    if !Path::new(ROOT).join(p).is_file() {
                        return Err(format!("no script `{p}` in the repository"));
                    }
                }
                "curl" => check_curl(&args)?,
                p if EXTERNAL.contains(&p) => {}
                p => {
                    return Err(format!(
                        "no check for the program `{p}`: add one to tests/docs_commands.rs"
                    ));
                }
            }
        }
        Ok(result)
    }

    /// Runs replylint; (stdout, exit code, stderr).
    fn replylint(
        &self,
        args: &[String],
        env: &[(String, String)],
        stdin: &str,
    ) -> Result<(String, i32, String), String> {
        let mut child = Command::new(bin())
            .args(args)
            .envs(env.iter().cloned())
            .env("HOME", self.path().join("home"))
            .env_remove("NO_COLOR")
            .env_remove("COLUMNS")
            .current_dir(self.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| e.to_string())?;
        // Written on a thread: the command may exit before reading it.
        let mut input = child.stdin.take().unwrap();
        let text = stdin.to_string();
        let writer = std::thread::spawn(move || {
            let _ = input.write_all(text.as_bytes());
        });
        let o = child.wait_with_output().map_err(|e| e.to_string())?;
        let _ = writer.join();
        Ok((
            String::from_utf8_lossy(&o.stdout).into_owned(),
            o.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        ))
    }

    /// `replylint serve`: started on a free port, its first line read, then
    /// stopped; the line is given with the port the doc shows (7878, or
    /// the one the command names).
    fn serve(&self, args: &[String]) -> Result<(String, i32, String), String> {
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let shown_port = args
            .iter()
            .position(|a| a == "--port")
            .and_then(|i| args.get(i + 1))
            .cloned()
            .unwrap_or_else(|| "7878".into());
        let mut args: Vec<String> = args.to_vec();
        if let Some(i) = args.iter().position(|a| a == "--port") {
            args.drain(i..(i + 2).min(args.len()));
        }
        args.extend(["--port".to_string(), port.to_string()]);
        let mut child = Command::new(bin())
            .args(&args)
            .current_dir(self.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| e.to_string())?;
        let mut err = child.stderr.take().unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut seen = Vec::new();
        let mut byte = [0u8; 1];
        while !seen.ends_with(b"\n") && Instant::now() < deadline {
            match err.read(&mut byte) {
                Ok(1) => seen.push(byte[0]),
                _ => break,
            }
        }
        let _ = child.kill();
        let _ = child.wait();
        let line = String::from_utf8_lossy(&seen)
            .replace(&format!(":{port}/"), &format!(":{shown_port}/"));
        Ok((String::new(), 0, line))
    }
}

/// Whether `help` lists `flag` (as a whole word).
fn mentions(help: &str, flag: &str) -> bool {
    help.match_indices(flag).any(|(i, _)| {
        let before = help[..i].chars().next_back();
        let after = help[i + flag.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '-')
            && !after.is_some_and(|c| c.is_alphanumeric() || c == '-')
    })
}

/// A `cargo` command of the docs names what exists.
fn check_cargo(args: &[String]) -> Result<(), String> {
    let manifest = std::fs::read_to_string(Path::new(ROOT).join("Cargo.toml")).unwrap();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
    };
    match args.first().map(String::as_str) {
        Some("test") => {
            if let Some(t) = value("--test") {
                if !Path::new(ROOT)
                    .join("tests")
                    .join(format!("{t}.rs"))
                    .is_file()
                {
                    return Err(format!("no test target `{t}` (tests/{t}.rs)"));
                }
            }
        }
        Some("bench") => {
            if let Some(b) = value("--bench") {
                if !manifest.contains(&format!("name = \"{b}\"")) {
                    return Err(format!("no bench `{b}` in Cargo.toml"));
                }
            }
        }
        Some("build") => {}
        // .ci/run installs the binary with `cargo install --locked --path .`
        // (and cargo-fuzz, the other install the docs name).
        Some("install") => {
            let ci = std::fs::read_to_string(Path::new(ROOT).join(".ci/run")).unwrap();
            if args.iter().any(|a| a == "--path") && !ci.contains("cargo install --locked --path") {
                return Err(".ci/run no longer checks `cargo install --path`".into());
            }
        }
        Some("fuzz") => {
            if let Some(t) = args
                .iter()
                .skip(1)
                .find(|a| !a.starts_with('-') && *a != "run")
            {
                if !Path::new(ROOT)
                    .join("fuzz/fuzz_targets")
                    .join(format!("{t}.rs"))
                    .is_file()
                {
                    return Err(format!("no fuzz target `{t}`"));
                }
            }
        }
        other => return Err(format!("no check for `cargo {}`", other.unwrap_or(""))),
    }
    Ok(())
}

/// `python3 SCRIPT --flags`: the script exists and takes the flags.
fn check_script(args: &[String]) -> Result<(), String> {
    let script = args.first().ok_or("python3 without a script")?;
    let text = std::fs::read_to_string(Path::new(ROOT).join(script))
        .map_err(|_| format!("no script `{script}` in the repository"))?;
    for a in args.iter().filter(|a| a.starts_with("--")) {
        if !text.contains(&format!("\"{a}\"")) {
            return Err(format!("`{script}` takes no `{a}`"));
        }
    }
    Ok(())
}

/// A `curl` call of the API sends what the API reads: a JSON body with
/// only its fields.
fn check_curl(args: &[String]) -> Result<(), String> {
    let Some(body) = args
        .iter()
        .position(|a| a == "-d")
        .and_then(|i| args.get(i + 1))
    else {
        return Ok(());
    };
    let v: serde_json::Value =
        serde_json::from_str(body).map_err(|e| format!("curl's body is not JSON: {e}"))?;
    for k in v.as_object().ok_or("curl's body is not an object")?.keys() {
        if !["text", "context", "channel", "drafts"].contains(&k.as_str()) {
            return Err(format!("the API reads no field `{k}`"));
        }
    }
    Ok(())
}

/// A transcript's commands, each with its expected lines.
fn transcript(body: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let mut continued = false;
    for line in body.lines() {
        if continued {
            let last = out.last_mut().unwrap();
            continued = line.ends_with('\\');
            last.0.push(' ');
            last.0.push_str(line.trim_end_matches('\\'));
        } else if let Some(cmd) = line.strip_prefix("$ ") {
            continued = cmd.ends_with('\\');
            out.push((cmd.trim_end_matches('\\').to_string(), Vec::new()));
        } else if let Some(last) = out.last_mut() {
            last.1.push(line.to_string());
        }
    }
    out
}

/// Whether `actual` lines match `expected`, where a `...` line stands for
/// any lines.
fn matches(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((e, rest)) if e == "..." => (0..=actual.len()).any(|k| matches(rest, &actual[k..])),
        Some((e, rest)) => actual.first() == Some(&e.as_str()) && matches(rest, &actual[1..]),
    }
}

/// `actual` written in `expected`'s shape: as many lines before and after
/// each `...` as the doc shows (REPLYLINT_BLESS).
fn blessed(expected: &[String], actual: &[&str]) -> Vec<String> {
    let Some(gap) = expected.iter().position(|l| l == "...") else {
        return actual.iter().map(|l| l.to_string()).collect();
    };
    let tail = expected.len() - gap - 1;
    if actual.len() < gap + tail {
        return actual.iter().map(|l| l.to_string()).collect();
    }
    let mut out: Vec<String> = actual[..gap].iter().map(|l| l.to_string()).collect();
    out.push("...".into());
    out.extend(actual[actual.len() - tail..].iter().map(|l| l.to_string()));
    out
}

/// Checks one block; a new body when REPLYLINT_BLESS rewrote it.
fn check_block(b: &Block, sandbox: &mut Sandbox, bless: bool) -> Result<Option<String>, String> {
    let mut info = b.info.split_whitespace();
    let lang = info.next().unwrap_or("");
    let attrs: Vec<&str> = info.collect();
    if let Some(name) = attrs.iter().find_map(|a| a.strip_prefix("file=")) {
        let p = sandbox.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, &b.body).unwrap();
        return Ok(None);
    }
    match (lang, attrs.as_slice()) {
        ("console", _) => {
            let mut new_body = String::new();
            let mut drift = Vec::new();
            for (cmd, expected) in transcript(&b.body) {
                let (actual, _) = sandbox
                    .run(&cmd)?
                    .ok_or_else(|| format!("`{cmd}` is not a replylint command"))?;
                // Spaces at the end of a line are invisible in a doc (and
                // editors remove them): not compared.
                let lines: Vec<&str> = actual.lines().map(str::trim_end).collect();
                let expected: Vec<String> =
                    expected.iter().map(|l| l.trim_end().to_string()).collect();
                new_body.push_str(&format!("$ {cmd}\n"));
                let shown = if matches(&expected, &lines) {
                    expected.clone()
                } else {
                    drift.push(format!(
                        "`{cmd}` printed:\n{actual}--- where the doc says:\n{}\n",
                        expected.join("\n")
                    ));
                    blessed(&expected, &lines)
                };
                for l in shown {
                    new_body.push_str(&l);
                    new_body.push('\n');
                }
            }
            if drift.is_empty() {
                Ok(None)
            } else if bless {
                Ok(Some(new_body))
            } else {
                Err(drift.join("\n"))
            }
        }
        ("sh", _) => {
            for line in command_lines(&b.body) {
                if let Some((out, code)) = sandbox.run(&line)? {
                    if code == 2 || code < 0 {
                        return Err(format!("`{line}` exited with {code}:\n{out}"));
                    }
                }
            }
            Ok(None)
        }
        ("text", ["suppression"]) => check_suppressions(&b.body, sandbox).map(|()| None),
        ("toml", ["config"]) => {
            let p = sandbox.path().join("docs-config.toml");
            std::fs::write(&p, &b.body).unwrap();
            let o = Command::new(bin())
                .args([
                    "check",
                    "--config",
                    "docs-config.toml",
                    "--show-settings",
                    "draft.txt",
                ])
                .current_dir(sandbox.path())
                .output()
                .unwrap();
            if o.status.code() != Some(0) {
                return Err(format!(
                    "the configuration does not load:\n{}",
                    String::from_utf8_lossy(&o.stderr)
                ));
            }
            Ok(None)
        }
        ("text", []) => Err(
            "a ```text block: say what it is (```console for a command and its output, \
             ```text suppression for a draft with suppressions, or a language)"
                .into(),
        ),
        (lang, _) => {
            if lang == "json" {
                serde_json::from_str::<serde_json::Value>(&b.body)
                    .map_err(|e| format!("not JSON: {e}"))?;
            }
            check_mentioned_flags(&b.body, sandbox)?;
            Ok(None)
        }
    }
}

/// In a data block (editor settings...), each `--flag` is one of `replylint
/// check`'s, or of the subcommand named on its line.
fn check_mentioned_flags(body: &str, sandbox: &mut Sandbox) -> Result<(), String> {
    for line in body.lines() {
        let flags: Vec<&str> = line
            .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .filter(|w| w.starts_with("--") && w.len() > 2)
            .collect();
        if flags.is_empty() {
            continue;
        }
        let sub = [
            "serve",
            "eval",
            "rules",
            "explain",
            "man",
            "completions",
            "init",
        ]
        .into_iter()
        .find(|s| line.contains(&format!("\"{s}\"")) || line.contains(&format!("replylint {s}")))
        .unwrap_or("check");
        let help = sandbox.help(sub).to_string();
        for f in flags {
            if !mentions(&help, f) {
                return Err(format!("`{f}` is not a flag of `replylint {sub}`: {line}"));
            }
        }
    }
    Ok(())
}

/// A draft with suppressions: each directive is read as one (it silences
/// a finding, or is reported as unused), and none lacks a reason.
fn check_suppressions(body: &str, sandbox: &mut Sandbox) -> Result<(), String> {
    let name = if body.contains("<!--") {
        "suppressed.md"
    } else {
        "suppressed.txt"
    };
    let lint = |text: &str| -> Result<Vec<serde_json::Value>, String> {
        std::fs::write(sandbox.path().join(name), text).unwrap();
        let o = Command::new(bin())
            .args([
                "check",
                "--no-config",
                "--require-reason",
                "--format",
                "json",
                name,
            ])
            .current_dir(sandbox.path())
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).map_err(|e| e.to_string())?;
        Ok(v["diagnostics"].as_array().cloned().unwrap_or_default())
    };
    let is_directive = |l: &str| l.contains("replylint: ignore") || l.contains("replylint-disable");
    let found = lint(body)?;
    let without: String = body
        .lines()
        .map(|l| {
            if is_directive(l) {
                "\n".to_string()
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    let unsilenced = lint(&without)?;
    let rule = |d: &serde_json::Value| d["rule"].as_str().unwrap_or("").to_string();
    if let Some(d) = found
        .iter()
        .find(|d| rule(d) == "suppression-without-reason")
    {
        return Err(format!("a suppression without a reason: {d}"));
    }
    for (n, line) in body.lines().enumerate().filter(|(_, l)| is_directive(l)) {
        let unused = found
            .iter()
            .any(|d| rule(d) == "unused-suppression" && d["line"] == n + 1);
        let silences = unsilenced
            .iter()
            .any(|d| line.contains(&rule(d)) && !found.iter().any(|f| rule(f) == rule(d)));
        if !unused && !silences {
            return Err(format!(
                "line {} is not read as a suppression: {line}",
                n + 1
            ));
        }
    }
    Ok(())
}

#[test]
fn every_block_of_the_docs_is_checked() {
    let bless = std::env::var_os("REPLYLINT_BLESS").is_some();
    let mut failures = Vec::new();
    let mut checked = 0;
    for file in doc_files() {
        let path = PathBuf::from(ROOT).join(&file);
        let text = std::fs::read_to_string(&path).unwrap();
        let mut sandbox = Sandbox::new();
        let mut rewritten = text.clone();
        let found = blocks(&file, &text);
        let mut edits = Vec::new();
        for b in &found {
            checked += 1;
            match check_block(b, &mut sandbox, bless) {
                Ok(None) => {}
                Ok(Some(body)) => edits.push((b.span.clone(), body)),
                Err(e) => failures.push(format!("{}: {e}", b.at())),
            }
        }
        // From the end, so earlier spans stay valid.
        for (span, body) in edits.into_iter().rev() {
            rewritten.replace_range(span, &body);
        }
        if rewritten != text {
            std::fs::write(&path, rewritten).unwrap();
        }
    }
    assert!(checked > 40, "only {checked} blocks found");
    assert!(
        failures.is_empty(),
        "{} doc block(s) drifted from what the program does (REPLYLINT_BLESS=1 cargo test --test docs_commands writes the real output into ```console blocks; review the diff):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn the_harness_reads_shell_and_transcripts() {
    assert_eq!(
        words(r#"echo "Calm down." | replylint check -   # stdin"#),
        ["echo", "Calm down.", "|", "replylint", "check", "-"]
    );
    assert_eq!(
        words("replylint completions fish >> ~/x.fish"),
        ["replylint", "completions", "fish", ">>", "~/x.fish"]
    );
    assert_eq!(command_lines("a \\\n  b\n# c\n\nd\n"), ["a    b", "d"]);
    let t = transcript("$ replylint check a \\\n  b\nline 1\n...\nlast\n");
    assert_eq!(t[0].0, "replylint check a    b");
    let lines = ["line 1", "x", "y", "last"];
    assert!(matches(&t[0].1, &lines));
    assert!(!matches(&t[0].1, &["line 1", "x"]));
    assert_eq!(
        blessed(&t[0].1, &["new 1", "x", "new last"]),
        ["new 1", "...", "new last"]
    );
    assert!(mentions("  -q, --quiet  Print", "-q"));
    assert!(!mentions("  --quiet-more", "--quiet"));
}

/// docs/coming-from.md maps ruff's and Vale's habits to replylint: its
/// table has a row for each habit the issue names, and every replylint
/// flag in its last column is a real one.
#[test]
fn the_coming_from_table_names_real_flags() {
    let doc = std::fs::read_to_string(Path::new(ROOT).join("docs/coming-from.md")).unwrap();
    let table: Vec<Vec<&str>> = doc
        .lines()
        .filter(|l| l.starts_with('|') && !l.starts_with("|---"))
        .skip(1)
        .map(|l| l.trim_matches('|').split(" | ").map(str::trim).collect())
        .collect();
    assert!(table.len() >= 15, "{} rows", table.len());
    for habit in [
        "# noqa",
        "per-file-ignores",
        "--exit-zero",
        "MinAlertLevel",
        "--add-noqa",
        "-q",
        "--fix",
        "--select",
        "--statistics",
        "ruff server",
    ] {
        assert!(
            table
                .iter()
                .any(|r| r[..2].iter().any(|c| c.contains(habit))),
            "no row for {habit}"
        );
    }
    let mut sandbox = Sandbox::new();
    for row in &table {
        let ours = row.last().unwrap().replace('`', " ");
        check_mentioned_flags(&ours, &mut sandbox).unwrap_or_else(|e| panic!("{row:?}: {e}"));
    }
}

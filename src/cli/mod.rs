//! Command-line interface: argument definitions (their doc comments are the
//! `--help` text) and dispatch to the commands.

mod check;
mod eval;
mod generate;
mod interrupt;
mod progress;
mod rules;
mod serve;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Exit code: no findings at or above the failing severity.
pub const EXIT_CLEAN: u8 = 0;
/// Exit code: findings at or above the failing severity.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: usage, configuration or input error.
pub const EXIT_ERROR: u8 = 2;

/// A linter for reply drafts to upset customers.
///
/// replylint reads a drafted reply and points at the exact words that argue,
/// blame, scold, shout, dismiss, threaten or fail to apologize, and says what
/// to write instead. Rules follow Olivier Blanchard's nine rules of online
/// conflict resolution and customer "hot buttons"; see `replylint rules`.
#[derive(Debug, Parser)]
#[command(name = "replylint", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check reply drafts (files, or stdin) and report findings.
    ///
    /// Exit code 0: nothing at or above --fail-on; 1: findings; 2: a usage,
    /// configuration or input error (other files are still checked).
    #[command(
        after_help = "Examples:\n  replylint check draft.txt\n  echo 'Calm down.' | replylint check -\n  replylint check --context complaint.txt --channel public draft.txt\n  replylint check --format compact replies/*.txt"
    )]
    Check(Box<CheckArgs>),
    /// Run the language server (LSP over stdio) for editors: findings as you
    /// type, explanations on hover, fixes as code actions.
    Lsp,
    /// List every rule: id, severity, group, summary.
    Rules(RulesArgs),
    /// Explain a rule, a group or any id the output shows: why it exists,
    /// what it flags, what it does not, and a before/after example.
    #[command(
        after_help = "Examples:\n  replylint explain blame\n  replylint explain rule-7          # a group: its rules\n  replylint explain unused-suppression\n  replylint explain acme/no-jargon  # a team rule of ./replylint.toml"
    )]
    Explain(ExplainArgs),
    /// Score the rules against labeled drafts (JSON Lines: id, text,
    /// expect, optional context and channel): precision, recall and F1 per
    /// rule, false alarms on clean drafts, and the disagreements.
    ///
    /// Exit code 0; 1 when a --min-f1 or --max-false-alarms bar is not met;
    /// 2 when a corpus cannot be read (every bad line is reported).
    #[command(
        after_help = "Examples:\n  replylint eval history.jsonl\n  replylint eval --format json --show 0 data/corpus/*.jsonl\n  replylint eval --min-f1 0.9 --max-false-alarms 0.03 labeled.jsonl"
    )]
    Eval(EvalArgs),
    /// Serve the drafting page and the JSON API on this machine
    /// (http://127.0.0.1:7878/ by default; docs/serve.md).
    ///
    /// The page checks a draft as you type. The API answers the diagnostics
    /// of `--format json`. Another address than loopback needs a token.
    #[command(
        after_help = "Examples:\n  replylint serve\n  replylint serve --port 8080 --config team/replylint.toml\n  REPLYLINT_TOKEN=... replylint serve --bind 0.0.0.0 --cors-origin https://desk.example.com"
    )]
    Serve(Deferred<ServeArgs>),
    /// Print a shell completion script (bash, zsh, fish, elvish,
    /// powershell); see docs/install.md for where to put it.
    #[command(
        after_help = "Examples:\n  replylint completions bash > ~/.local/share/bash-completion/completions/replylint\n  replylint completions zsh > ~/.zfunc/_replylint\n  replylint completions fish > ~/.config/fish/completions/replylint.fish"
    )]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page replylint(1), or write it and one page per command
    /// into a folder.
    #[command(
        after_help = "Examples:\n  replylint man | man -l -\n  replylint man --out-dir ~/.local/share/man/man1"
    )]
    Man {
        /// Write replylint.1 and replylint-COMMAND.1 into this folder.
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
    },
    /// Write a commented starter `replylint.toml` in the current directory
    /// (refuses to overwrite an existing one).
    Init {
        /// Where to write it.
        #[arg(default_value = "replylint.toml")]
        path: PathBuf,
    },
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or directories to check; `-` reads a draft from stdin. With no
    /// path, stdin is read when it is piped. Directories are walked
    /// (respecting .gitignore, skipping hidden files) for the known formats:
    /// txt, eml, md, html, json, jsonl, yaml, toml, csv.
    paths: Vec<PathBuf>,
    /// Also check walked files matching this glob (any extension). Repeatable.
    #[arg(long, value_name = "GLOB")]
    include: Vec<String>,
    /// Skip files matching this glob. Repeatable.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// The customer message being answered (a text file); used to judge
    /// whether the draft answers a complaint, a question or praise.
    #[arg(long, value_name = "FILE")]
    context: Option<PathBuf>,
    /// Where the reply will be posted: `public` or `private`, or by name:
    /// tweet, x, twitter, facebook, forum, review (public); email, e-mail,
    /// dm, chat, ticket (private). Only `public-details` depends on it.
    /// Without it (or the configuration's `channel`), a draft that reads as
    /// an e-mail (a greeting line and a sign-off) is private, any other
    /// public.
    #[arg(long, value_name = "CHANNEL", value_parser = parse_channel)]
    channel: Option<replylint::Channel>,
    /// Fail a draft whose heat (0 calm to 100 will escalate) is above N: it
    /// gets a `heat` error on its hottest sentence. The configuration's
    /// `max-heat` sets the same.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=100))]
    max_heat: Option<u8>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    format: FormatArg,
    /// When to use colors: `auto` colors a terminal, but not with `NO_COLOR`
    /// set or `TERM=dumb`.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
    /// Lowest severity that makes the exit code 1 [default: error, or the
    /// configuration's `fail-on`].
    #[arg(long, value_enum, value_name = "SEVERITY")]
    fail_on: Option<SeverityArg>,
    /// Exit with 0 even when there are findings (input and usage errors
    /// still exit with 2), like ruff's `--exit-zero`.
    #[arg(long)]
    exit_zero: bool,
    /// Lowest severity to show (Vale's `MinAlertLevel`) [default: info, or
    /// the configuration's `min-severity`]. Lower findings are left out and
    /// counted in the summary; they still decide the exit code.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    min_severity: Option<SeverityArg>,
    /// Print the findings and nothing else (no summary, no notes); twice
    /// (`-qq`), print nothing: the exit code says it (errors still go to
    /// stderr).
    #[arg(short, long, action = clap::ArgAction::Count, conflicts_with = "verbose")]
    quiet: u8,
    /// Also say, on stderr, which configuration each file uses, how many
    /// drafts it holds, and how long the run took.
    #[arg(short, long)]
    verbose: bool,
    /// Run only these rules or groups (`rule-1`..`rule-9`, `triggers`, `all`);
    /// replaces the configuration's `select`. Comma-separated or repeated.
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    select: Option<Vec<String>>,
    /// Also run these rules or groups.
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    extend_select: Vec<String>,
    /// Switch these rules or groups off.
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    ignore: Vec<String>,
    /// Change a rule's severity: `--severity shouting=error`. Repeatable.
    #[arg(long, value_name = "RULE=LEVEL", value_parser = parse_severity_pair)]
    severity: Vec<(String, replylint::Severity)>,
    /// Use this configuration file instead of discovering `replylint.toml`.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Ignore every configuration file: built-in defaults and flags only.
    #[arg(long)]
    no_config: bool,
    /// Print the effective settings for this file, and where each comes from,
    /// then exit.
    #[arg(long, value_name = "FILE")]
    show_settings: Option<PathBuf>,
    /// Name shown for stdin in the output.
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<String>,
    /// Print, on stderr, every phrase that matched and why it fired or was
    /// dropped (quoted, negated, no customer target...).
    #[arg(long)]
    explain_matches: bool,
    /// Apply the safe fixes in place (atomically; a file changed since it
    /// was read, a read-only file or a symbolic link is left alone), then
    /// report what remains. Ctrl-C finishes the file being written and
    /// exits with 130.
    #[arg(long, conflicts_with = "diff")]
    fix: bool,
    /// Show the safe fixes as a unified diff instead of findings; write
    /// nothing. Exit code 1 when there is something to fix.
    #[arg(long)]
    diff: bool,
    /// Threads to check files with [default: one per CPU core, or
    /// `RAYON_NUM_THREADS`].
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
    /// Print how often each rule fired (most frequent first) instead of the
    /// findings; a JSON array with `--format json`.
    #[arg(long, conflicts_with = "diff")]
    statistics: bool,
    /// Report only the findings that are not in this baseline (written by
    /// --write-baseline), so that CI fails on new problems only. Findings
    /// match by file, draft, rule and words, not by line.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record every current finding in the --baseline file (replacing it)
    /// instead of reporting them; exit code 0 unless an input failed.
    #[arg(long, requires = "baseline", conflicts_with_all = ["fix", "diff", "statistics"])]
    write_baseline: bool,
    /// Report every suppression that does not say why (`replylint: ignore
    /// blame -- the reason`) as a `suppression-without-reason` error.
    #[arg(long)]
    require_reason: bool,
    /// Never show the progress bar (shown on stderr for runs of 200 files
    /// or more, only on a terminal and never when `CI` is set).
    #[arg(long)]
    no_progress: bool,
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on. Anything but loopback (127.0.0.1, ::1) is
    /// reachable from other machines and needs a token.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Port to listen on (0: any free port, printed at start).
    #[arg(long, default_value_t = replylint::serve::DEFAULT_PORT)]
    port: u16,
    /// Require `Authorization: Bearer TOKEN` on the API.
    #[arg(
        long,
        env = "REPLYLINT_TOKEN",
        hide_env_values = true,
        value_name = "TOKEN"
    )]
    token: Option<String>,
    /// Let pages from this origin call the API (`https://desk.example.com`,
    /// or `*`). Repeatable. Without it, no CORS headers are sent.
    #[arg(long, value_name = "ORIGIN")]
    cors_origin: Vec<String>,
    /// Largest request body, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = replylint::serve::DEFAULT_MAX_BODY)]
    max_body: usize,
    /// Time limit of one request (reading it and checking it), in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0, value_parser = parse_seconds)]
    timeout: f64,
    /// Use this configuration file instead of discovering `replylint.toml`
    /// from the current directory.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Ignore every configuration file: built-in defaults.
    #[arg(long)]
    no_config: bool,
    /// Threads to answer with [default: one per CPU core].
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
    /// Log no request lines (errors starting are still printed).
    #[arg(long, short = 'q')]
    quiet: bool,
}

/// Parses a positive number of seconds for `serve --timeout`.
fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v <= 3600.0 => Ok(v),
        _ => Err(format!(
            "expected seconds between 0 and 3600 (e.g. 10 or 0.5), got `{s}`"
        )),
    }
}

#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// Labeled corpora (JSON Lines; format in docs/quality.md).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EvalFormat::Human)]
    format: EvalFormat,
    /// Disagreements listed per rule and kind in the human output (all are
    /// in the JSON).
    #[arg(long, value_name = "N", default_value_t = 5)]
    show: usize,
    /// Score only these rules. Comma-separated or repeated.
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    rules: Vec<String>,
    /// Exit 1 when the micro-averaged F1 is below this (0-1).
    #[arg(long, value_name = "F1")]
    min_f1: Option<f64>,
    /// Exit 1 when the share of clean drafts with an error or warning is
    /// above this (0-1).
    #[arg(long, value_name = "RATE")]
    max_false_alarms: Option<f64>,
    /// Use this configuration file instead of discovering `replylint.toml`
    /// from the current directory.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Built-in rules and defaults only.
    #[arg(long)]
    no_config: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum EvalFormat {
    Human,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
    format: RulesFormat,
    #[command(flatten)]
    config: ConfigArgs,
}

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// A rule id (`blame`), a group (`rule-7`, `triggers`, `acme/*`) or
    /// another id the output shows (`unused-suppression`, `input`); any case.
    id: String,
    #[command(flatten)]
    config: ConfigArgs,
}

/// Which configuration's rules `rules` and `explain` describe (team packs
/// and vocabulary add rules).
#[derive(Debug, clap::Args)]
pub struct ConfigArgs {
    /// Use this configuration file instead of the `replylint.toml` found from
    /// the current directory.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Built-in rules only.
    #[arg(long)]
    no_config: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    /// Annotated snippets and a summary line.
    Human,
    /// `path:line:col: severity[rule]: message`, one line per finding.
    Compact,
    /// One JSON document (see docs/json-output.md).
    Json,
    /// One JSON object per line: findings, input errors, then a summary.
    JsonLines,
    /// SARIF 2.1.0 for code scanning (GitHub, Azure DevOps...).
    Sarif,
    /// GitHub Actions annotations (workflow commands).
    Github,
    /// JUnit XML test report: one test case per draft.
    Junit,
    /// One self-contained HTML report for a team lead: totals per rule and
    /// per file, a chart, the worst replies first (docs/adopting.md).
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SeverityArg {
    Error,
    Warning,
    Info,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum RulesFormat {
    Human,
    Json,
}

impl From<SeverityArg> for replylint::Severity {
    fn from(s: SeverityArg) -> Self {
        match s {
            SeverityArg::Error => replylint::Severity::Error,
            SeverityArg::Warning => replylint::Severity::Warning,
            SeverityArg::Info => replylint::Severity::Info,
        }
    }
}

/// Parses `--channel`: any name of `replylint::channel::NAMES`.
fn parse_channel(s: &str) -> Result<replylint::Channel, String> {
    replylint::Channel::parse(s).ok_or_else(|| {
        format!(
            "unknown channel `{s}`; use one of: {}",
            replylint::Channel::names_help()
        )
    })
}

/// A command's arguments, defined only when that command is parsed (or
/// help, completions or man pages are made): `replylint check`, started on
/// every save by editors and hooks, does not pay for defining the
/// arguments of `serve` (measured: 36,000 instructions, a fifth of a
/// percent of a one-reply run).
#[derive(Debug)]
pub struct Deferred<T>(pub T);

impl<T: clap::Args> clap::Args for Deferred<T> {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        cmd.defer(T::augment_args)
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        cmd.defer(T::augment_args_for_update)
    }
}

impl<T: clap::FromArgMatches> clap::FromArgMatches for Deferred<T> {
    fn from_arg_matches(m: &clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(m).map(Deferred)
    }

    fn update_from_arg_matches(&mut self, m: &clap::ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(m)
    }
}

/// Parses `rule=level` for `--severity`.
fn parse_severity_pair(s: &str) -> Result<(String, replylint::Severity), String> {
    let (rule, level) = s
        .split_once('=')
        .ok_or_else(|| format!("expected RULE=LEVEL (e.g. shouting=error), got `{s}`"))?;
    let sev = replylint::Severity::parse(level.trim())
        .ok_or_else(|| format!("unknown severity `{level}`: use error, warning or info"))?;
    Ok((rule.trim().to_string(), sev))
}

/// Whether to color output written to stdout.
fn use_color(arg: ColorArg) -> bool {
    use std::io::IsTerminal;
    color_wanted(
        arg,
        |name| std::env::var_os(name),
        std::io::stdout().is_terminal(),
    )
}

/// The width to lay the human output out for: `COLUMNS` when set (as
/// terminals and CI systems do), else the terminal's, else a default.
fn output_width() -> usize {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok());
    columns
        .filter(|&c: &usize| c > 0)
        .or_else(|| terminal_size::terminal_size_of(std::io::stdout()).map(|(w, _)| w.0.into()))
        .unwrap_or(replylint::render::human::DEFAULT_WIDTH)
}

/// The color decision: `always` and `never` are obeyed; `auto` colors only
/// a terminal that can show it, so not when `NO_COLOR` is set (no-color.org)
/// nor when `TERM=dumb` (Emacs' shell, some CI logs), whose users otherwise
/// get escape codes as text.
fn color_wanted(
    arg: ColorArg,
    env: impl Fn(&str) -> Option<std::ffi::OsString>,
    terminal: bool,
) -> bool {
    match arg {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            env("NO_COLOR").is_none_or(|v| v.is_empty())
                && env("TERM").is_none_or(|t| t != "dumb")
                && terminal
        }
    }
}

/// Parses the arguments and runs the command; returns the exit code.
pub fn run() -> std::io::Result<u8> {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check::run(*args),
        Command::Serve(args) => serve::run(args.0),
        Command::Completions { shell } => generate::completions(shell),
        Command::Man { out_dir } => generate::man(out_dir.as_deref()),
        Command::Lsp => replylint::lsp::serve_stdio().map(|()| EXIT_CLEAN),
        Command::Rules(args) => rules::list(args),
        Command::Explain(args) => rules::explain(args),
        Command::Eval(args) => eval::run(args),
        Command::Init { path } => check::init(&path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> {
        let vars: Vec<(String, OsString)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), OsString::from(v)))
            .collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    #[test]
    fn auto_color_needs_a_terminal_that_shows_it() {
        assert!(color_wanted(
            ColorArg::Auto,
            env(&[("TERM", "xterm")]),
            true
        ));
        assert!(!color_wanted(
            ColorArg::Auto,
            env(&[("TERM", "dumb")]),
            true
        ));
        assert!(!color_wanted(
            ColorArg::Auto,
            env(&[("NO_COLOR", "1")]),
            true
        ));
        assert!(color_wanted(ColorArg::Auto, env(&[("NO_COLOR", "")]), true));
        assert!(!color_wanted(ColorArg::Auto, env(&[]), false));
        // The flag wins over the environment.
        assert!(color_wanted(
            ColorArg::Always,
            env(&[("TERM", "dumb")]),
            false
        ));
        assert!(!color_wanted(ColorArg::Never, env(&[]), true));
    }
}

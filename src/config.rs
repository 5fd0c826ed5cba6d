//! `replylint.toml`: each team's own voice.
//!
//! A configuration file selects rules (ids, groups, `all`), changes
//! severities, sets the default channel and the failing severity, names the
//! team's product words (never flagged) and banned words (flagged with a
//! replacement), loads team lint packs, overrides all of this per path glob,
//! and maps fields of canned-response libraries.
//!
//! Discovery: the nearest `replylint.toml` or `.replylint.toml`, walking up
//! from each linted file's directory (from the current directory for stdin).
//! `--config FILE` and `--no-config` override discovery. Precedence: the
//! command line beats the file, the file beats the defaults.
//!
//! Every key is checked: an unknown key, a wrong type, an unknown rule id or a
//! pack that fails to load is a [`SourceError`] pointing into the file, with
//! a "did you mean" where one is close. The reference for users is
//! `docs/configuration.md`.

use crate::Channel;
use crate::diagnostic::Severity;
use crate::error::{SourceError, did_you_mean};
pub use crate::input::FieldMapping;
use crate::linter::{Linter, Settings};
use crate::pack::{Catalog, PackText};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;

/// File names looked for, in this order, in each directory.
pub const CONFIG_NAMES: &[&str] = &["replylint.toml", ".replylint.toml"];

/// The id of the meta rule that reports suppressions that silence nothing.
pub const UNUSED_SUPPRESSION: &str = "unused-suppression";

/// The id of the rule generated from `[vocabulary] avoid`.
pub const VOCABULARY_AVOID: &str = "vocabulary/avoid";

/// The configuration file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// Rules to run: ids, groups (`rule-1`..`rule-9`, `triggers`, a team
    /// group) or `all`. Default: `all`.
    pub select: Option<Vec<Spanned<String>>>,
    /// Rules added to `select`.
    #[serde(default)]
    pub extend_select: Vec<Spanned<String>>,
    /// Rules switched off.
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    /// Severity per rule id (keys spanned: an unknown id is shown there).
    #[serde(default)]
    pub severity: BTreeMap<Spanned<String>, Spanned<Severity>>,
    /// Lowest severity that fails the run (exit code 1).
    pub fail_on: Option<Severity>,
    /// Lowest severity shown (Vale's `MinAlertLevel`); lower findings are
    /// counted, not shown, and still decide the exit code.
    pub min_severity: Option<Severity>,
    /// Channel of drafts that do not say.
    pub channel: Option<Channel>,
    /// A draft whose heat (0-100) is above this gets a `heat` error.
    pub max_heat: Option<u8>,
    /// Team lint packs, relative to this file.
    #[serde(default)]
    pub packs: Vec<Spanned<String>>,
    #[serde(default)]
    pub vocabulary: Vocabulary,
    #[serde(default)]
    pub overrides: Vec<Spanned<Override>>,
    /// Rules switched off per file glob (ruff's `per-file-ignores`):
    /// `"public/**" = ["public-details"]`.
    #[serde(default)]
    pub per_file_ignores: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    #[serde(default)]
    pub inputs: Inputs,
}

/// `[vocabulary]`: words of the team.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Vocabulary {
    /// Product and brand names, allowed capitals: never flagged by any rule.
    #[serde(default)]
    pub allow: Vec<String>,
    /// Words the team never uses, each with a replacement (`""` for none).
    #[serde(default)]
    pub avoid: BTreeMap<String, String>,
    /// Severity of `vocabulary/avoid` findings (default `warning`).
    pub severity: Option<Severity>,
}

/// `[[overrides]]`: settings for the files matching `files`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Override {
    /// Glob patterns, relative to the configuration file (`public/**`).
    pub files: Vec<Spanned<String>>,
    pub select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub extend_select: Vec<Spanned<String>>,
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    #[serde(default)]
    pub severity: BTreeMap<Spanned<String>, Spanned<Severity>>,
    pub fail_on: Option<Severity>,
    pub min_severity: Option<Severity>,
    pub channel: Option<Channel>,
}

/// `[inputs]`: how canned-response libraries map to drafts.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Inputs {
    /// Field mappings per file pattern; the first matching entry wins.
    #[serde(default)]
    pub library: Vec<FieldMapping>,
}

/// A command-line flag's contribution, applied on top of files.
#[derive(Debug, Default, Clone)]
pub struct CliOverrides {
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    pub severity: Vec<(String, Severity)>,
    pub fail_on: Option<Severity>,
    pub min_severity: Option<Severity>,
    pub channel: Option<Channel>,
    pub max_heat: Option<u8>,
}

/// Where a setting came from, for `--show-settings`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Default,
    File(String),
    Override(String),
    PerFileIgnores(String),
    CommandLine,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Default => f.write_str("default"),
            Origin::File(p) => write!(f, "{p}"),
            Origin::Override(p) => write!(f, "{p} [[overrides]]"),
            Origin::PerFileIgnores(p) => write!(f, "{p} [per-file-ignores]"),
            Origin::CommandLine => f.write_str("command line"),
        }
    }
}

/// The settings of one file, with where each came from.
#[derive(Debug, Clone)]
pub struct Effective {
    pub settings: Settings,
    pub fail_on: Severity,
    pub fail_on_origin: Origin,
    /// The lowest severity shown.
    pub min_severity: Severity,
    pub min_severity_origin: Origin,
    pub channel_origin: Origin,
    /// Per rule: enabled?, severity, origin of that severity / selection.
    pub rules: Vec<(String, bool, Severity, Origin)>,
}

/// A loaded configuration: the linter it implies and its path overrides.
pub struct Config {
    /// The file, if any.
    pub path: Option<PathBuf>,
    pub linter: Arc<Linter>,
    base: Layer,
    overrides: Vec<(GlobSet, Layer)>,
    cli: CliOverrides,
    pub inputs: Inputs,
    dir: PathBuf,
    /// [`Config::effective`] results by the overrides that apply: a library
    /// of thousands of files has only a few distinct combinations.
    effective_cache: std::sync::Mutex<HashMap<Vec<usize>, Arc<Effective>>>,
}

/// One layer of selection and severity settings.
#[derive(Debug, Clone, Default)]
struct Layer {
    origin: Option<Origin>,
    select: Option<Vec<String>>,
    extend_select: Vec<String>,
    ignore: Vec<String>,
    severity: Vec<(String, Severity)>,
    fail_on: Option<Severity>,
    min_severity: Option<Severity>,
    channel: Option<Channel>,
    max_heat: Option<u8>,
}

impl Config {
    /// No configuration file: built-in rules, defaults, and `cli`.
    pub fn defaults(cli: CliOverrides) -> Result<Config, Vec<SourceError>> {
        let linter = Linter::new(&PackText::builtins(), Settings::default())?;
        let catalog_check = check_cli_rules(linter.catalog(), &cli);
        if let Err(e) = catalog_check {
            return Err(vec![e]);
        }
        Ok(Config {
            path: None,
            linter: Arc::new(linter),
            base: Layer::default(),
            overrides: Vec::new(),
            cli,
            inputs: Inputs::default(),
            dir: std::env::current_dir().unwrap_or_default(),
            effective_cache: Default::default(),
        })
    }

    /// Loads `path` (its packs relative to it) and applies `cli` on top.
    pub fn load(path: &Path, cli: CliOverrides) -> Result<Config, Vec<SourceError>> {
        let shown = path.display().to_string();
        let text: Arc<str> = match std::fs::read_to_string(path) {
            Ok(t) => Arc::from(t),
            Err(e) => {
                return Err(vec![SourceError::new(
                    &shown,
                    Arc::from(""),
                    None,
                    format!(
                        "cannot read the configuration: {}",
                        e.to_string().to_lowercase()
                    ),
                )]);
            }
        };
        Config::from_text(&shown, text, path.parent().unwrap_or(Path::new(".")), cli)
    }

    /// Parses configuration `text` (shown as `shown`), with packs relative to `dir`.
    pub fn from_text(
        shown: &str,
        text: Arc<str>,
        dir: &Path,
        cli: CliOverrides,
    ) -> Result<Config, Vec<SourceError>> {
        // Every error of the file in one run: what does not parse, then
        // (on what does) unknown rules, globs and packs.
        let (file, mut errors) = crate::toml_errors::from_str_all::<ConfigFile>(shown, &text);
        let Some(file) = file else {
            return Err(errors);
        };
        let err = |span: Range<usize>, msg: String| {
            SourceError::new(shown, text.clone(), Some(span), msg)
        };

        // Packs: built-ins, then the team's, then the vocabulary rule.
        let mut packs = PackText::builtins();
        let parse_errors = errors.len();
        for p in &file.packs {
            let rel = p.get_ref();
            let full = dir.join(rel);
            match std::fs::read_to_string(&full) {
                Ok(t) => packs.push(PackText {
                    path: full.display().to_string(),
                    text: Arc::from(t),
                    builtin: false,
                }),
                Err(e) => errors.push(
                    err(
                        p.span(),
                        format!("cannot read pack `{rel}`: {}", e.to_string().to_lowercase()),
                    )
                    .with_label("this pack")
                    .with_help(format!(
                        "paths are relative to the configuration file's directory ({})",
                        dir.display()
                    )),
                ),
            }
        }
        if let Some(v) = vocabulary_pack(&file.vocabulary, shown) {
            packs.push(v);
        }
        // Without all its packs the catalog would call their rules unknown.
        if errors.len() > parse_errors {
            return Err(errors);
        }
        let catalog = match Catalog::load(&packs) {
            Ok(c) => c,
            Err(more) => {
                errors.extend(more);
                return Err(errors);
            }
        };

        // Every rule id and group named anywhere must exist.
        let known = Known::new(&catalog);
        let check = |list: &[Spanned<String>], errors: &mut Vec<SourceError>| {
            for item in list {
                if let Err(help) = known.check(item.get_ref()) {
                    let mut e = err(
                        item.span(),
                        format!("unknown rule or group `{}`", item.get_ref()),
                    )
                    .with_label("not a rule id or group");
                    if let Some(h) = help {
                        e = e.with_help(h);
                    }
                    errors.push(e);
                }
            }
        };
        let check_severity = |map: &BTreeMap<Spanned<String>, Spanned<Severity>>,
                              errors: &mut Vec<SourceError>| {
            for rule in map.keys() {
                if known.rule(rule.get_ref()).is_err() {
                    let mut e = err(
                        rule.span(),
                        format!("`[severity]` names unknown rule `{}`", rule.get_ref()),
                    )
                    .with_label("not a rule id");
                    if let Some(s) =
                        did_you_mean(rule.get_ref(), known.ids.iter().map(String::as_str))
                    {
                        e = e.with_help(format!("did you mean `{s}`?"));
                    }
                    errors.push(e);
                }
            }
        };
        if let Some(s) = &file.select {
            check(s, &mut errors);
        }
        check(&file.extend_select, &mut errors);
        check(&file.ignore, &mut errors);
        check_severity(&file.severity, &mut errors);
        let mut overrides = Vec::new();
        for o in &file.overrides {
            let ov = o.get_ref();
            if let Some(s) = &ov.select {
                check(s, &mut errors);
            }
            check(&ov.extend_select, &mut errors);
            check(&ov.ignore, &mut errors);
            check_severity(&ov.severity, &mut errors);
            if ov.files.is_empty() {
                errors.push(err(
                    o.span(),
                    "`[[overrides]]` needs `files = [...]`".into(),
                ));
                continue;
            }
            let mut b = GlobSetBuilder::new();
            for g in &ov.files {
                match Glob::new(g.get_ref()) {
                    Ok(glob) => {
                        b.add(glob);
                    }
                    Err(e) => errors.push(err(g.span(), format!("invalid glob: {}", e.kind()))),
                }
            }
            if let Ok(set) = b.build() {
                overrides.push((set, layer(&Origin::Override(shown.to_string()), ov)));
            }
        }
        // After the overrides: a per-file ignore wins over them.
        for (glob, rules) in &file.per_file_ignores {
            check(rules, &mut errors);
            match Glob::new(glob.get_ref()).and_then(|g| GlobSetBuilder::new().add(g).build()) {
                Ok(set) => overrides.push((
                    set,
                    Layer {
                        origin: Some(Origin::PerFileIgnores(shown.to_string())),
                        ignore: rules.iter().map(|r| r.get_ref().clone()).collect(),
                        ..Layer::default()
                    },
                )),
                Err(e) => errors.push(err(glob.span(), format!("invalid glob: {}", e.kind()))),
            }
        }
        for m in &file.inputs.library {
            for g in &m.files {
                if let Err(e) = Glob::new(g) {
                    errors.push(SourceError::new(
                        shown,
                        text.clone(),
                        None,
                        format!("invalid glob `{g}` in [[inputs.library]]: {}", e.kind()),
                    ));
                }
            }
        }
        if let Err(e) = check_cli_rules(&catalog, &cli) {
            errors.push(e);
        }
        if !errors.is_empty() {
            // In the file's order, the file's own errors first.
            errors.sort_by_key(|e| (e.path != shown, e.span.as_ref().map_or(0, |s| s.start)));
            return Err(errors);
        }

        let allow = file.vocabulary.allow.clone();
        let linter = Linter::from_catalog(
            catalog,
            Settings {
                allow,
                ..Settings::default()
            },
        )?;
        let base = Layer {
            origin: Some(Origin::File(shown.to_string())),
            select: file
                .select
                .as_ref()
                .map(|s| s.iter().map(|x| x.get_ref().clone()).collect()),
            extend_select: file
                .extend_select
                .iter()
                .map(|x| x.get_ref().clone())
                .collect(),
            ignore: file.ignore.iter().map(|x| x.get_ref().clone()).collect(),
            severity: file
                .severity
                .iter()
                .map(|(k, v)| (k.get_ref().clone(), *v.get_ref()))
                .chain(
                    file.vocabulary
                        .severity
                        .map(|s| (VOCABULARY_AVOID.to_string(), s)),
                )
                .collect(),
            fail_on: file.fail_on,
            min_severity: file.min_severity,
            channel: file.channel,
            max_heat: file.max_heat,
        };
        Ok(Config {
            path: Some(PathBuf::from(shown)),
            linter: Arc::new(linter),
            base,
            overrides,
            cli,
            inputs: file.inputs,
            dir: dir.to_path_buf(),
            effective_cache: Default::default(),
        })
    }

    /// The effective settings for `file` (a path as given; `None` for stdin).
    pub fn effective(&self, file: Option<&Path>) -> Arc<Effective> {
        let mut applied: Vec<usize> = Vec::new();
        if let Some(f) = file {
            let rel = relative_to(f, &self.dir);
            for (i, (set, _)) in self.overrides.iter().enumerate() {
                if set.is_match(&rel) || set.is_match(f) {
                    applied.push(i);
                }
            }
        }
        let cached = self
            .effective_cache
            .lock()
            .ok()
            .and_then(|c| c.get(&applied).cloned());
        if let Some(e) = cached {
            return e;
        }
        let e = Arc::new(self.compute_effective(&applied));
        if let Ok(mut c) = self.effective_cache.lock() {
            c.insert(applied, e.clone());
        }
        e
    }

    /// The settings with the base layer, the overrides at `applied` (in
    /// order) and the command line.
    fn compute_effective(&self, applied: &[usize]) -> Effective {
        let catalog = self.linter.catalog();
        let mut layers: Vec<&Layer> = vec![&self.base];
        layers.extend(applied.iter().map(|&i| &self.overrides[i].1));
        let cli = Layer {
            origin: Some(Origin::CommandLine),
            select: self.cli.select.clone(),
            extend_select: self.cli.extend_select.clone(),
            ignore: self.cli.ignore.clone(),
            severity: self.cli.severity.clone(),
            fail_on: self.cli.fail_on,
            min_severity: self.cli.min_severity,
            channel: self.cli.channel,
            max_heat: self.cli.max_heat,
        };
        layers.push(&cli);

        let known = Known::new(catalog);
        let mut all_ids: Vec<String> = catalog.rule_ids().map(String::from).collect();
        all_ids.push(UNUSED_SUPPRESSION.to_string());
        all_ids.extend(crate::suppress::META_RULES.iter().map(|m| m.0.to_string()));
        let mut enabled: BTreeMap<String, (bool, Origin)> = all_ids
            .iter()
            .map(|id| (id.clone(), (true, Origin::Default)))
            .collect();
        let mut severity: BTreeMap<String, (Severity, Origin)> = catalog
            .rules
            .iter()
            .map(|r| (r.id.to_string(), (r.severity, Origin::Default)))
            .collect();
        severity.insert(
            UNUSED_SUPPRESSION.to_string(),
            (Severity::Info, Origin::Default),
        );
        for (id, default, _) in crate::suppress::META_RULES {
            severity.insert(id.to_string(), (default, Origin::Default));
        }
        let mut max_heat: Option<u8> = None;
        let mut fail_on = (Severity::Error, Origin::Default);
        let mut min_severity = (Severity::Info, Origin::Default);
        let mut channel = (None, Origin::Default);
        for l in layers {
            let origin = l.origin.clone().unwrap_or(Origin::Default);
            if let Some(sel) = &l.select {
                let chosen: BTreeSet<String> = sel.iter().flat_map(|s| known.expand(s)).collect();
                for (id, e) in enabled.iter_mut() {
                    *e = (chosen.contains(id), origin.clone());
                }
            }
            for s in &l.extend_select {
                for id in known.expand(s) {
                    enabled.insert(id, (true, origin.clone()));
                }
            }
            for s in &l.ignore {
                for id in known.expand(s) {
                    enabled.insert(id, (false, origin.clone()));
                }
            }
            for (id, sev) in &l.severity {
                severity.insert(id.clone(), (*sev, origin.clone()));
            }
            if let Some(f) = l.fail_on {
                fail_on = (f, origin.clone());
            }
            if let Some(m) = l.min_severity {
                min_severity = (m, origin.clone());
            }
            if let Some(c) = l.channel {
                channel = (Some(c), origin.clone());
            }
            if l.max_heat.is_some() {
                max_heat = l.max_heat;
            }
        }
        let settings = Settings {
            disabled: enabled
                .iter()
                .filter(|(_, (on, _))| !on)
                .map(|(id, _)| id.clone())
                .collect(),
            severity: severity
                .iter()
                .map(|(id, (s, _))| (id.clone(), *s))
                .collect(),
            allow: self.linter.settings().allow.clone(),
            default_channel: channel.0,
            max_heat,
        };
        let rules = all_ids
            .iter()
            .map(|id| {
                let (on, sel_origin) = enabled[id].clone();
                let (sev, sev_origin) = severity[id].clone();
                let origin = if sev_origin != Origin::Default {
                    sev_origin
                } else {
                    sel_origin
                };
                (id.clone(), on, sev, origin)
            })
            .collect();
        Effective {
            settings,
            fail_on: fail_on.0,
            fail_on_origin: fail_on.1,
            min_severity: min_severity.0,
            min_severity_origin: min_severity.1,
            channel_origin: channel.1,
            rules,
        }
    }

    /// The field mapping for a library file, if one is configured.
    pub fn mapping_for(&self, file: &Path) -> Option<&FieldMapping> {
        let rel = relative_to(file, &self.dir);
        self.inputs.library.iter().find(|m| {
            m.files.iter().any(|g| {
                Glob::new(g)
                    .map(|g| {
                        let m = g.compile_matcher();
                        m.is_match(&rel) || m.is_match(file)
                    })
                    .unwrap_or(false)
            })
        })
    }
}

fn relative_to(file: &Path, dir: &Path) -> PathBuf {
    let abs = if file.is_absolute() {
        file.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|c| c.join(file))
            .unwrap_or_else(|_| file.to_path_buf())
    };
    let dir_abs = if dir.is_absolute() {
        dir.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|c| c.join(dir))
            .unwrap_or_else(|_| dir.to_path_buf())
    };
    let clean = |p: &Path| -> PathBuf {
        p.components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .collect()
    };
    let (abs, dir_abs) = (clean(&abs), clean(&dir_abs));
    abs.strip_prefix(&dir_abs)
        .map(Path::to_path_buf)
        .unwrap_or(abs)
}

fn layer(origin: &Origin, o: &Override) -> Layer {
    Layer {
        origin: Some(origin.clone()),
        select: o
            .select
            .as_ref()
            .map(|s| s.iter().map(|x| x.get_ref().clone()).collect()),
        extend_select: o
            .extend_select
            .iter()
            .map(|x| x.get_ref().clone())
            .collect(),
        ignore: o.ignore.iter().map(|x| x.get_ref().clone()).collect(),
        severity: o
            .severity
            .iter()
            .map(|(k, v)| (k.get_ref().clone(), *v.get_ref()))
            .collect(),
        fail_on: o.fail_on,
        min_severity: o.min_severity,
        channel: o.channel,
        max_heat: None,
    }
}

/// Rule ids and groups of a catalog, for validation and expansion.
struct Known {
    ids: Vec<String>,
    groups: BTreeMap<String, Vec<String>>,
}

impl Known {
    fn new(catalog: &Catalog) -> Self {
        let mut ids: Vec<String> = catalog.rule_ids().map(String::from).collect();
        ids.push(UNUSED_SUPPRESSION.to_string());
        ids.extend(crate::suppress::META_RULES.iter().map(|m| m.0.to_string()));
        let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for r in &catalog.rules {
            groups
                .entry(r.group.clone())
                .or_default()
                .push(r.id.to_string());
            if let Some((ns, _)) = r.id.split_once('/') {
                groups
                    .entry(format!("{ns}/*"))
                    .or_default()
                    .push(r.id.to_string());
            }
        }
        groups.insert("all".into(), ids.clone());
        Known { ids, groups }
    }

    /// The rule ids an item stands for.
    fn expand(&self, item: &str) -> Vec<String> {
        if let Some(g) = self.groups.get(item) {
            return g.clone();
        }
        if self.ids.iter().any(|i| i == item) {
            return vec![item.to_string()];
        }
        Vec::new()
    }

    fn rule(&self, id: &str) -> Result<(), Option<String>> {
        if self.ids.iter().any(|i| i == id) {
            Ok(())
        } else {
            Err(did_you_mean(id, self.ids.iter().map(String::as_str))
                .map(|s| format!("did you mean `{s}`?")))
        }
    }

    fn check(&self, item: &str) -> Result<(), Option<String>> {
        if self.groups.contains_key(item) || self.ids.iter().any(|i| i == item) {
            return Ok(());
        }
        let names = self
            .ids
            .iter()
            .chain(self.groups.keys())
            .map(String::as_str);
        Err(did_you_mean(item, names).map(|s| format!("did you mean `{s}`?")))
    }
}

/// Command-line rule names must exist too.
fn check_cli_rules(catalog: &Catalog, cli: &CliOverrides) -> Result<(), SourceError> {
    let known = Known::new(catalog);
    let names = cli
        .select
        .iter()
        .flatten()
        .chain(&cli.extend_select)
        .chain(&cli.ignore)
        .chain(cli.severity.iter().map(|(r, _)| r));
    for n in names {
        if let Err(help) = known.check(n) {
            let mut e = SourceError::new(
                "command line",
                Arc::from(""),
                None,
                format!("unknown rule or group `{n}`"),
            );
            if let Some(h) = help {
                e = e.with_help(h);
            }
            return Err(e);
        }
    }
    Ok(())
}

/// A pack for `[vocabulary] avoid`: one group per word, with its replacement.
fn vocabulary_pack(v: &Vocabulary, config_path: &str) -> Option<PackText> {
    if v.avoid.is_empty() {
        return None;
    }
    let mut s = format!(
        "id = \"{VOCABULARY_AVOID}\"\nseverity = \"warning\"\ngroup = \"vocabulary\"\nsummary = \"Words this team does not use.\"\nmessage = \"this team avoids this word\"\nlabel = \"avoid \\\"{{match}}\\\"\"\nhelp = \"Your team's vocabulary ({}) lists this word to avoid.\"\n",
        toml_escape(config_path)
    );
    for (word, replacement) in &v.avoid {
        // Words are literal: escape the pattern syntax.
        let literal: String = word
            .chars()
            .flat_map(|c| {
                if matches!(c, '(' | ')' | '|' | '\\') {
                    vec!['\\', c]
                } else {
                    vec![c]
                }
            })
            .collect();
        s.push_str(&format!(
            "\n[[match]]\nphrases = [\"{}\"]\nskip-quoted = false\n",
            toml_escape(&literal)
        ));
        if !replacement.is_empty() {
            let r = toml_escape(replacement);
            s.push_str(&format!(
                "suggest = [\"{r}\"]\nsafe-fix = true\nhelp = \"Write \\\"{r}\\\" instead.\"\n"
            ));
        }
    }
    Some(PackText {
        path: format!("{config_path} [vocabulary]"),
        text: Arc::from(s),
        builtin: false,
    })
}

fn toml_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// The nearest configuration file for a path: walks up from its directory
/// (from the path itself if it is a directory).
pub fn discover(start: &Path) -> Option<PathBuf> {
    discover_from_dir(&search_dir(start, start.is_dir()))
}

/// Where the search for a path's configuration starts: the path itself if
/// it is a directory, else its parent (`""`: the current directory).
pub fn search_dir(path: &Path, is_dir: bool) -> PathBuf {
    if is_dir {
        path.to_path_buf()
    } else {
        path.parent().map(Path::to_path_buf).unwrap_or_default()
    }
}

/// The nearest configuration file in `dir` or above it (`""` is the current
/// directory). Every file of a directory shares the answer, so a caller
/// checking many files asks once per directory (see `cli::check`).
pub fn discover_from_dir(dir: &Path) -> Option<PathBuf> {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let abs = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let mut dir = Some(abs.as_path());
    while let Some(d) = dir {
        for name in CONFIG_NAMES {
            let p = d.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
        dir = d.parent();
    }
    None
}

/// The commented starter configuration written by `replylint init`.
pub const STARTER: &str = include_str!("../docs/replylint.example.toml");

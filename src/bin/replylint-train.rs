//! `replylint-train`: trains the learned scorers from the data in the
//! repository and writes `lints/models/{sentence,draft}.bin`.
//!
//!     cargo run --release --features train --bin replylint-train
//!     cargo run --release --features train --bin replylint-train -- --check
//!
//! `--check` trains and compares with the committed models instead of
//! writing them (exit 1 when they differ): training is reproducible bit for
//! bit, and CI holds it to that. See `src/model/train.rs` for the method and
//! `docs/quality.md` for what the models learned.

use replylint::eval::parse_corpus;
use replylint::model::train::{
    self, Data, Negative, Options, PhrasebookEntry, RuleReport, ToneExample,
};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn jsonl_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn read_lines<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            serde_json::from_str(l).map_err(|e| format!("{}:{}: {e}", path.display(), n + 1))
        })
        .collect()
}

fn load(root: &Path) -> Result<Data, String> {
    let mut data = Data::default();
    for path in jsonl_files(&root.join("corpus")) {
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let shown = path.display().to_string();
        let drafts = parse_corpus(&shown, &text).map_err(|errors| {
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        })?;
        let batch = data.batches.len();
        data.batches.push(shown);
        data.drafts.extend(drafts.into_iter().map(|d| (batch, d)));
    }
    for path in jsonl_files(&root.join("phrasebook")) {
        data.phrasebook
            .extend(read_lines::<PhrasebookEntry>(&path)?);
    }
    for path in jsonl_files(&root.join("negatives")) {
        data.negatives.extend(read_lines::<Negative>(&path)?);
    }
    for path in jsonl_files(&root.join("tone")) {
        data.tone.extend(read_lines::<ToneExample>(&path)?);
    }
    Ok(data)
}

fn print_report(title: &str, reports: &[RuleReport]) {
    println!("\n{title}");
    println!(
        "{:28} {:>6} {:>6} {:>6} {:>6}   {:>6} {:>6}",
        "rule", "thresh", "prec", "recall", "f1", "p.f1", "gain"
    );
    for r in reports {
        let f1 = |tp: usize, fp: usize, fn_: usize| {
            2.0 * tp as f64 / ((2 * tp + fp + fn_) as f64).max(1.0)
        };
        let p = r.tp as f64 / ((r.tp + r.fp) as f64).max(1.0);
        let rec = r.tp as f64 / ((r.tp + r.fn_) as f64).max(1.0);
        let model = f1(r.tp, r.fp, r.fn_);
        let phrase = f1(r.phrase_tp, r.phrase_fp, r.phrase_fn);
        println!(
            "{:28} {:>6.3} {:>6.3} {:>6.3} {:>6.3}   {:>6.3} {:>+6.3}",
            r.id,
            r.threshold,
            p,
            rec,
            model,
            phrase,
            model - phrase
        );
    }
    for r in reports {
        let top: Vec<String> = r
            .top
            .iter()
            .take(8)
            .map(|(n, w)| format!("{n} {w:.2}"))
            .collect();
        println!("  {}: {}", r.id, top.join(", "));
    }
}

fn main() -> ExitCode {
    let mut data_dir = PathBuf::from("data");
    let mut out_dir = PathBuf::from("lints/models");
    let mut check = false;
    let mut options = Options::default();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--data" => data_dir = args.next().map(PathBuf::from).unwrap_or(data_dir),
            "--out" => out_dir = args.next().map(PathBuf::from).unwrap_or(out_dir),
            "--check" => check = true,
            "--set" => {
                // Experiments: --set epochs=12 (the defaults are what ships).
                let kv = args.next().unwrap_or_default();
                let (k, v) = kv.split_once('=').unwrap_or((&kv, ""));
                let ok = match k {
                    "epochs" => v.parse().map(|x| options.epochs = x).is_ok(),
                    "learning_rate" => v.parse().map(|x| options.learning_rate = x).is_ok(),
                    "l2" => v.parse().map(|x| options.l2 = x).is_ok(),
                    "beta" => v.parse().map(|x| options.beta = x).is_ok(),
                    "v2_beta" => v.parse().map(|x| options.v2_beta = x).is_ok(),
                    "tone_real_weight" => v.parse().map(|x| options.tone_real_weight = x).is_ok(),
                    "negative_weight" => v.parse().map(|x| options.negative_weight = x).is_ok(),
                    "clean_fp_weight" => v.parse().map(|x| options.clean_fp_weight = x).is_ok(),
                    "max_pos_weight" => v.parse().map(|x| options.max_pos_weight = x).is_ok(),
                    "min_precision" => v.parse().map(|x| options.min_precision = x).is_ok(),
                    _ => false,
                };
                if !ok {
                    eprintln!("replylint-train: cannot set `{kv}`");
                    return ExitCode::from(2);
                }
            }
            "-h" | "--help" => {
                println!(
                    "replylint-train [--data DIR] [--out DIR] [--check] [--set KEY=VALUE]...\n\nTrains the learned scorers from DIR/corpus, DIR/phrasebook and DIR/negatives\n(default data/), DIR/tone (requests rated for politeness) and writes OUT/sentence.bin,\nOUT/draft.bin, OUT/context.bin and OUT/tone.bin (default lints/models/).\n--check compares with the files in OUT instead of writing (exit 1 when they differ)."
                );
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("replylint-train: unknown argument `{other}` (see --help)");
                return ExitCode::from(2);
            }
        }
    }
    let data = match load(&data_dir) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("replylint-train: {e}");
            return ExitCode::from(2);
        }
    };
    let linter = match replylint::Linter::builtin() {
        Ok(l) => l,
        Err(e) => {
            eprintln!("replylint-train: the built-in packs do not load: {e:?}");
            return ExitCode::from(2);
        }
    };
    eprintln!(
        "replylint-train: {} labeled drafts in {} batches, {} phrasebook sentences, {} negatives",
        data.drafts.len(),
        data.batches.len(),
        data.phrasebook.len(),
        data.negatives.len()
    );
    let trained = train::train(&linter, &data, &options);
    println!(
        "examples: {} sentences, {} drafts; out-of-fold scores (phrase layer or model), p.f1 = phrase layer alone",
        trained.examples.0, trained.examples.1
    );
    print_report("sentence model (span rules)", &trained.span);
    print_report("draft model (draft-level rules)", &trained.draft);
    print_report("context model (the customer's message)", &trained.context);
    println!(
        "\ntone model (heat): out-of-fold (10 folds) ROC AUC {:.3} on rated requests, {:.3} on labeled drafts",
        trained.tone_auc.0, trained.tone_auc.1
    );
    // `REPLYLINT_TONE_OOF=FILE`: each rated request's out-of-fold log-odds
    // as JSON Lines, to measure the heat with the findings added
    // (docs/heat.md) on requests no tone model was trained on.
    if let Ok(path) = std::env::var("REPLYLINT_TONE_OOF") {
        let lines: String = data
            .tone
            .iter()
            .zip(&trained.tone_oof)
            .map(|(t, logit)| {
                format!(
                    "{}\n",
                    serde_json::json!({"id": t.id, "polite": t.polite, "logit": logit})
                )
            })
            .collect();
        if let Err(e) = std::fs::write(&path, lines) {
            eprintln!("replylint-train: cannot write {path}: {e}");
            return ExitCode::from(2);
        }
    }
    let all: Vec<&RuleReport> = trained.span.iter().chain(&trained.draft).collect();
    let (tp, fp, fn_) = all
        .iter()
        .fold((0, 0, 0), |a, r| (a.0 + r.tp, a.1 + r.fp, a.2 + r.fn_));
    let (fa, clean) = trained.clean_false_alarms;
    println!(
        "out-of-fold false alarms of the span rules on clean drafts: {fa} of {clean} ({:.1} %)",
        100.0 * fa as f64 / (clean as f64).max(1.0)
    );
    println!(
        "\nout-of-fold micro F1 over these rules: {:.3} (P {:.3} R {:.3})",
        2.0 * tp as f64 / ((2 * tp + fp + fn_) as f64).max(1.0),
        tp as f64 / ((tp + fp) as f64).max(1.0),
        tp as f64 / ((tp + fn_) as f64).max(1.0)
    );
    let files = [
        (out_dir.join("sentence.bin"), &trained.sentence_model),
        (out_dir.join("draft.bin"), &trained.draft_model),
        (out_dir.join("context.bin"), &trained.context_model),
        (out_dir.join("tone.bin"), &trained.tone_model),
    ];
    if check {
        let mut same = true;
        for (path, bytes) in &files {
            let old = std::fs::read(path).unwrap_or_default();
            if &old != *bytes {
                eprintln!(
                    "replylint-train: {} differs from what training produces",
                    path.display()
                );
                same = false;
            }
        }
        return if same {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        };
    }
    for (path, bytes) in &files {
        if let Err(e) = std::fs::write(path, bytes) {
            eprintln!("replylint-train: cannot write {}: {e}", path.display());
            return ExitCode::from(2);
        }
        eprintln!(
            "replylint-train: wrote {} ({} bytes)",
            path.display(),
            bytes.len()
        );
    }
    ExitCode::SUCCESS
}

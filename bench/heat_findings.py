#!/usr/bin/env python3
"""The heat with the findings added, measured on text no model trained on
(docs/heat.md, "The findings heat too").

Run from the repository root after `cargo build --release` and
`REPLYLINT_TONE_OOF=/tmp/tone_oof.jsonl cargo run --release --features train
--bin replylint-train -- --check`; needs ../shared/corpus/real/ (not part of
this repository: the numbers are recorded in docs/heat.md)."""
import collections, json, subprocess, sys, tempfile

BIN = "target/release/replylint"
OOF = sys.argv[1] if len(sys.argv) > 1 else "/tmp/tone_oof.jsonl"
WEIGHT = {"error": 2.0, "warning": 1.0, "info": 0.0}  # as src/reading.rs


def auc(items):
    pos = [s for s, l in items if l]
    neg = [s for s, l in items if not l]
    return sum((p > n) + 0.5 * (p == n) for p in pos for n in neg) / (len(pos) * len(neg))


def check(rows):
    """Runs replylint on rows of {id, text, context?}; --max-heat 0 lists every draft."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    out = subprocess.run([BIN, "check", "--no-config", "--max-heat", "0", "--format", "json", f.name],
                         capture_output=True, text=True).stdout
    return json.loads(out)


# Published replies: heat as shipped (words + findings), bad above good.
inc = [json.loads(l) for l in open("../shared/corpus/real/incidents_dev.jsonl")]
for with_context in (True, False):
    rows = [{"id": r["id"], "text": r["text"], **({"context": r["context"]} if with_context and r.get("context") else {})} for r in inc]
    heat = {d["draft"]: d["tone"]["heat"] for d in check(rows)["drafts"]}
    items = [(heat.get(r["id"], 0), "why_bad" in r) for r in inc]
    print(f"incidents_dev {'with' if with_context else 'without'} context: AUC {auc(items):.3f}")

# Rated requests: out-of-fold word log-odds plus the findings, leaving out
# the polite requests the sentence model trains on as negatives.
oof = {r["id"]: r for r in map(json.loads, open(OOF))}
half_a = {json.loads(l)["id"] for l in open("data/negatives/politeness_wikipedia_polite_half_a.jsonl")}
rated = [json.loads(l) for l in open("data/tone/politeness_wikipedia.jsonl")]
found = collections.defaultdict(dict)
for d in check([{"id": r["id"], "text": r["text"]} for r in rated])["diagnostics"]:
    if d["rule"] != "heat":
        w = WEIGHT[d["severity"]]
        found[d["draft"]][d["rule"]] = max(w, found[d["draft"]].get(d["rule"], 0))
keep = [i for i in oof if i not in half_a]
for name, add in (("words only", False), ("words + findings", True)):
    items = [(oof[i]["logit"] + (sum(found[i].values()) if add else 0), not oof[i]["polite"]) for i in keep]
    print(f"Wikipedia ({len(keep)} requests, out of fold), {name}: AUC {auc(items):.3f}")

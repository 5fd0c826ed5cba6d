#!/usr/bin/env python3
"""Heat against VADER and TextBlob on the shared real corpora (docs/heat.md).

Run from the repository root after `cargo build --release`; needs
`pip install vaderSentiment textblob` and ../shared/corpus/real/ (not part of
this repository: the numbers are recorded in docs/heat.md)."""
import json, subprocess, sys
BIN = "target/release/replylint"
def auc(pos, neg):
    return sum((p > q) + 0.5 * (p == q) for p in pos for q in neg) / (len(pos) * len(neg))
def heats(texts):
    # each text with a dummy context so every draft has a drafts[] entry
    import tempfile, os
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        for i, t in enumerate(texts):
            f.write(json.dumps({"id": str(i), "text": t, "context": "."}) + "\n")
    out = json.loads(subprocess.run([BIN, "check", "--no-config", "--format", "json", f.name], capture_output=True).stdout)
    os.unlink(f.name)
    h = {d["draft"]: d["tone"]["heat"] for d in out["drafts"]}
    return [h.get(str(i), 0) for i in range(len(texts))]
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
from textblob import TextBlob
va = SentimentIntensityAnalyzer()
inc = [json.loads(l) for l in open("../shared/corpus/real/incidents_dev.jsonl")]
texts = [r["text"] for r in inc]; bad = ["why_bad" in r for r in inc]
for name, score in [("replylint heat", heats(texts)), ("VADER (-compound)", [-va.polarity_scores(t)["compound"] for t in texts]), ("TextBlob (-polarity)", [-TextBlob(t).sentiment.polarity for t in texts])]:
    print(f"incidents_dev bad above good, {name}: AUC {auc([s for s,b in zip(score,bad) if b],[s for s,b in zip(score,bad) if not b]):.3f}")
pol = [json.loads(l) for l in open("../shared/corpus/real/politeness_quartiles.jsonl")]
pt = [r["text"] for r in pol]; imp = [not r["polite"] for r in pol]
for name, score in [("VADER (-compound)", [-va.polarity_scores(t)["compound"] for t in pt]), ("TextBlob (-polarity)", [-TextBlob(t).sentiment.polarity for t in pt])]:
    print(f"politeness Wikipedia half, {name}: AUC {auc([s for s,b in zip(score,imp) if b],[s for s,b in zip(score,imp) if not b]):.3f}")

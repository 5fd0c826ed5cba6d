#!/usr/bin/env bash
# Seeds the fuzz corpora from the test fixtures (run from anywhere).
set -euo pipefail
cd "$(dirname "$0")"
fixtures=../tests/fixtures
mkdir -p corpus/{lint_text,inputs,config,lsp,fix}
i=0
# Rule fixtures: one draft per line.
for f in "$fixtures"/rules/*.txt; do
  while IFS= read -r line; do
    i=$((i + 1))
    printf '\001%s' "$line" > "corpus/lint_text/rule-$i"
  done < <(grep -v '^#' "$f" | grep -v '^$' | sed 's/\[\[//g; s/\]\]//g' | head -40)
done
# Input files, prefixed with the format byte the targets use.
n=0
for f in "$fixtures"/inputs/library/*; do
  case "$f" in
    *.txt) b=0 ;; *.eml) b=1 ;; *.md) b=2 ;; *.html) b=3 ;; *.json) b=4 ;;
    *.jsonl) b=5 ;; *.yaml) b=6 ;; *.toml) b=7 ;; *.csv) b=8 ;; *) continue ;;
  esac
  n=$((n + 1))
  { printf "\\$(printf '%03o' "$b")"; cat "$f"; } > "corpus/inputs/file-$n"
  { printf "\\$(printf '%03o' $((b % 4)))"; cat "$f"; } > "corpus/fix/file-$n"
done
# Configuration and packs.
cp ../docs/replylint.example.toml corpus/config/example.toml
for f in ../lints/*.toml; do cp "$f" "corpus/config/$(basename "$f")"; done
# LSP messages, one per line.
cat > corpus/lsp/session <<'JSON'
{"jsonrpc":"2.0","method":"initialized","params":{}}
{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/a.md","languageId":"markdown","version":1,"text":"Calm down, you should have read the FAQ!!"}}}
{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///tmp/a.md","version":2},"contentChanges":[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":4}},"text":"Relax"}]}}
{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///tmp/a.md"},"position":{"line":0,"character":2}}}
{"jsonrpc":"2.0","id":2,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///tmp/a.md"},"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":9}},"context":{"diagnostics":[]}}}
{"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":"file:///tmp/a.md"}}}
JSON
echo "seeded: $(find corpus -type f | wc -l) files"

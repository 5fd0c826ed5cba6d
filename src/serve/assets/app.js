// replylint serve: the drafting page. Checks the reply as you type
// (debounced), underlines what it finds in a layer behind the text area,
// and lists the findings with their help, explanation and fixes.
// Everything the server sends is put in the page as text, never as HTML.
"use strict";

const DEBOUNCE_MS = 200;
const $ = (id) => document.getElementById(id);
const draft = $("draft");
const context = $("context");
const backdrop = $("backdrop");
const list = $("findings");
const summary = $("summary");
const reading = $("reading");
const atCursor = $("at-cursor");
const tip = $("tip");

const state = {
  rules: new Map(), // id -> rule from GET /v1/rules
  findings: [], // the last answer's diagnostics, with UTF-16 ranges
  checkedText: null, // the text those findings are about
  seq: 0, // requests sent; older answers are dropped
  timer: 0,
  inFlight: null,
  token: sessionStorage.getItem("replylint-token") || tokenFromHash(),
  current: -1, // the finding shown as current (hovered, at the cursor)
};

function tokenFromHash() {
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (!m) return null;
  const t = decodeURIComponent(m[1]);
  sessionStorage.setItem("replylint-token", t);
  history.replaceState(null, "", location.pathname);
  return t;
}

function headers() {
  const h = { "Content-Type": "application/json" };
  if (state.token) h.Authorization = "Bearer " + state.token;
  return h;
}

function channel() {
  return document.querySelector('input[name="channel"]:checked').value;
}

// ---- talking to the server ----

async function loadRules() {
  const r = await fetch("/v1/rules", { headers: headers() });
  if (r.status === 401) return askToken();
  if (!r.ok) return;
  const body = await r.json();
  $("config").textContent = body.configuration || "none (built-in defaults)";
  for (const rule of body.rules) state.rules.set(rule.id, rule);
}

function schedule() {
  clearTimeout(state.timer);
  state.timer = setTimeout(check, DEBOUNCE_MS);
}

async function check() {
  const text = draft.value;
  const seq = ++state.seq;
  if (state.inFlight) state.inFlight.abort();
  const ctl = new AbortController();
  state.inFlight = ctl;
  const body = { text, channel: channel() };
  if (context.value.trim()) body.context = context.value;
  const started = performance.now();
  let r;
  try {
    r = await fetch("/v1/check", { method: "POST", headers: headers(), body: JSON.stringify(body), signal: ctl.signal });
  } catch (e) {
    if (e.name !== "AbortError") summary.textContent = "Cannot reach replylint serve: is it still running?";
    return;
  }
  if (seq !== state.seq) return;
  if (r.status === 401) return askToken();
  const answer = await r.json();
  if (seq !== state.seq) return;
  if (!r.ok) {
    summary.textContent = "Not checked: " + answer.error.message;
    return;
  }
  const ms = performance.now() - started;
  document.body.dataset.roundTripMs = ms.toFixed(1);
  show(text, answer, ms);
}

function askToken() {
  const box = $("token-box");
  box.hidden = false;
  summary.textContent = "This server needs its token (ask whoever started it).";
  $("token").focus();
}

$("token-box").addEventListener("submit", (e) => {
  e.preventDefault();
  state.token = $("token").value;
  sessionStorage.setItem("replylint-token", state.token);
  $("token-box").hidden = true;
  loadRules().then(check);
});

// ---- offsets: the server counts UTF-8 bytes, the page UTF-16 units ----

function byteToIndex(text) {
  // Returns a function from UTF-8 byte offsets of `text` to string indexes.
  const starts = [0]; // starts[i]: byte offset of code point i's end
  const idx = [0];
  let bytes = 0;
  for (let i = 0; i < text.length; ) {
    const c = text.codePointAt(i);
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    i += c > 0xffff ? 2 : 1;
    starts.push(bytes);
    idx.push(i);
  }
  return (b) => {
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= b) lo = mid; else hi = mid - 1;
    }
    return idx[lo];
  };
}

// ---- showing an answer ----

const SEVERITY_RANK = { error: 3, warning: 2, info: 1 };
const SEVERITY_MARK = { error: "✖", warning: "▲", info: "●" };

function show(text, answer, ms) {
  const at = byteToIndex(text);
  state.checkedText = text;
  state.findings = answer.diagnostics.map((d) => ({
    ...d,
    start: at(d.byte_start),
    end: at(d.byte_end),
    suggestions: d.suggestions.map((s) => s.edit ? { ...s, edit: { ...s.edit, start: at(s.edit.byte_start), end: at(s.edit.byte_end) } } : s),
  }));
  state.current = -1;
  renderBackdrop();
  renderList();
  const s = answer.summary;
  const parts = [];
  const plural = (n, w) => n + " " + w + (n === 1 ? "" : "s");
  if (s.errors) parts.push(plural(s.errors, "error"));
  if (s.warnings) parts.push(plural(s.warnings, "warning"));
  if (s.infos) parts.push(plural(s.infos, "info"));
  summary.textContent = "";
  summary.append(parts.length ? parts.join(", ") : text.trim() ? "No problems" : "Nothing to check yet");
  const time = document.createElement("span");
  time.className = "time";
  time.textContent = " · checked in " + Math.round(ms) + " ms";
  summary.append(time);
  showReading(answer.drafts && answer.drafts[0]);
  updateCursor();
}

// How hot the draft reads, with the words that moved it, and what the
// customer complains about (from their message), as text.
function showReading(d) {
  const parts = [];
  if (d && d.tone) {
    const words = d.tone.contributors.map((c) => "\u201c" + c.words + "\u201d").join(", ");
    parts.push("Heat " + d.tone.heat + " (" + d.tone.word + ")" + (words ? ": " + words : ""));
  }
  if (d && d.context) {
    const kinds = d.context.complaint.map((c) => c.name).join(", ");
    const high = d.context.impact.name === "high" ? ", high impact" : "";
    parts.push("Customer: " + kinds + high);
  }
  reading.textContent = parts.join(" · ");
}

// The layer behind the text area: the same text, with each stretch that a
// finding covers in a <mark> of the most severe finding over it. Findings
// about the whole reply (draft_level) are listed, not underlined.
function renderBackdrop() {
  const text = state.checkedText;
  const spans = state.findings
    .map((f, i) => ({ f, i }))
    .filter(({ f }) => !f.draft_level && f.end > f.start);
  const cuts = new Set([0, text.length]);
  for (const { f } of spans) { cuts.add(f.start); cuts.add(f.end); }
  const points = [...cuts].sort((a, b) => a - b);
  const frag = document.createDocumentFragment();
  for (let k = 0; k + 1 < points.length; k++) {
    const [a, b] = [points[k], points[k + 1]];
    const over = spans.filter(({ f }) => f.start <= a && f.end >= b);
    const piece = text.slice(a, b);
    if (!over.length) { frag.append(piece); continue; }
    over.sort((x, y) => SEVERITY_RANK[y.f.severity] - SEVERITY_RANK[x.f.severity]);
    const m = document.createElement("mark");
    m.className = "sev-" + over[0].f.severity;
    m.dataset.findings = over.map((o) => o.i).join(" ");
    m.textContent = piece;
    frag.append(m);
  }
  // A final newline needs a character after it to take up its line.
  frag.append("\u200b");
  backdrop.replaceChildren(frag);
  syncScroll();
}

function renderList() {
  list.replaceChildren();
  if (!state.findings.length) {
    const li = document.createElement("li");
    li.className = "empty";
    li.textContent = state.checkedText.trim() ? "Nothing to change: this reply reads well." : "Findings appear here as you write.";
    list.append(li);
    return;
  }
  state.findings.forEach((f, i) => list.append(card(f, i)));
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function card(f, i) {
  const li = el("li", "finding sev-" + f.severity);
  li.id = "finding-" + i;
  li.dataset.rule = f.rule;
  const head = el("div", "head");
  head.append(el("span", "sev", SEVERITY_MARK[f.severity] + " " + f.severity), el("span", "rule", f.rule));
  li.append(head);
  const msg = el("p", "message");
  msg.append(f.message);
  if (!f.draft_level) {
    msg.append(": ");
    msg.append(el("span", "words", "“" + f.text + "”"));
  }
  li.append(msg, el("p", "help", f.help));
  const actions = el("div", "actions");
  if (!f.draft_level) {
    const show = el("button", "show", "Show");
    show.type = "button";
    show.setAttribute("aria-label", "Show “" + f.text + "” in your reply");
    show.addEventListener("click", () => select(f));
    actions.append(show);
  }
  for (const s of f.suggestions) {
    if (!s.edit) {
      actions.append(el("span", "try", "Try: “" + s.replacement + "”"));
      continue;
    }
    const b = el("button", "fix", fixLabel(f, s));
    b.type = "button";
    b.addEventListener("click", () => applyFix(s.edit));
    actions.append(b);
  }
  if (actions.childNodes.length) li.append(actions);
  const rule = state.rules.get(f.rule);
  if (rule) {
    const why = el("details");
    why.append(el("summary", "", "Why this rule"), el("pre", "", rule.explanation));
    li.append(why);
  }
  return li;
}

function fixLabel(f, s) {
  const from = state.checkedText.slice(s.edit.start, s.edit.end).trim();
  return s.edit.text === "" ? "Fix: delete “" + from + "”" : "Fix: “" + from + "” → “" + s.edit.text + "”";
}

// ---- acting on findings ----

function select(f) {
  if (draft.value !== state.checkedText) return;
  draft.focus();
  draft.setSelectionRange(f.start, f.end);
}

function applyFix(edit) {
  if (draft.value !== state.checkedText) { check(); return; }
  draft.focus();
  draft.setSelectionRange(edit.start, edit.end);
  // Through the editing commands, so Ctrl-Z undoes the fix.
  const ok = edit.text === "" ? document.execCommand("delete") : document.execCommand("insertText", false, edit.text);
  if (!ok) {
    draft.setRangeText(edit.text, edit.start, edit.end, "end");
    draft.dispatchEvent(new Event("input"));
  }
  clearTimeout(state.timer);
  check();
}

function findingsAt(pos, inclusiveEnd) {
  if (draft.value !== state.checkedText) return [];
  return state.findings
    .map((f, i) => ({ f, i }))
    .filter(({ f }) => !f.draft_level && f.start <= pos && (pos < f.end || (inclusiveEnd && pos === f.end)));
}

function setCurrent(i) {
  if (state.current === i) return;
  document.querySelectorAll(".current").forEach((e) => e.classList.remove("current"));
  state.current = i;
  if (i < 0) return;
  $("finding-" + i)?.classList.add("current");
  backdrop.querySelectorAll("mark").forEach((m) => {
    if (m.dataset.findings.split(" ").includes(String(i))) m.classList.add("current");
  });
}

// What the finding under the caret says, for keyboard users.
function updateCursor() {
  const here = draft.selectionStart === draft.selectionEnd ? findingsAt(draft.selectionStart, true) : [];
  atCursor.textContent = here.length ? "At the cursor: " + here.map(({ f }) => f.severity + " " + f.rule + ": " + f.message).join("; ") : "";
}

// Hovering: the marks lie under the text area, so find the one under the
// pointer by its boxes.
function markAt(x, y) {
  for (const m of backdrop.querySelectorAll("mark")) {
    for (const r of m.getClientRects()) {
      if (x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) return m;
    }
  }
  return null;
}

function showTip(m, x, y) {
  const ids = m.dataset.findings.split(" ").map(Number);
  tip.replaceChildren();
  for (const i of ids) {
    const f = state.findings[i];
    const rule = state.rules.get(f.rule);
    tip.append(el("div", "tip-sev", SEVERITY_MARK[f.severity] + " " + f.severity + " · " + f.rule));
    tip.append(el("p", "tip-msg", f.message));
    tip.append(el("p", "tip-help", f.help));
    if (rule) tip.append(el("p", "tip-why", rule.summary));
  }
  tip.hidden = false;
  const w = tip.offsetWidth, h = tip.offsetHeight;
  tip.style.left = Math.max(4, Math.min(x + 12, innerWidth - w - 4)) + "px";
  tip.style.top = (y + 18 + h > innerHeight ? Math.max(4, y - h - 12) : y + 18) + "px";
  setCurrent(ids[0]);
}

function hideTip() {
  tip.hidden = true;
}

draft.addEventListener("mousemove", (e) => {
  const m = markAt(e.clientX, e.clientY);
  if (m) showTip(m, e.clientX, e.clientY); else { hideTip(); setCurrent(-1); }
});
draft.addEventListener("mouseleave", hideTip);
// A click on underlined words opens their finding in the list.
draft.addEventListener("click", (e) => {
  const m = markAt(e.clientX, e.clientY);
  if (!m) return;
  const i = Number(m.dataset.findings.split(" ")[0]);
  const card = $("finding-" + i);
  card?.querySelector("details")?.setAttribute("open", "");
  card?.scrollIntoView({ block: "nearest" });
  setCurrent(i);
});

function syncScroll() {
  backdrop.scrollTop = draft.scrollTop;
  backdrop.style.height = draft.offsetHeight + "px";
}

draft.addEventListener("input", () => {
  // The underlines belong to the text that was checked: hide them while the
  // text differs, rather than show them in the wrong place.
  if (draft.value !== state.checkedText) backdrop.replaceChildren(draft.value, "\u200b");
  hideTip();
  schedule();
});
context.addEventListener("input", schedule);
document.querySelectorAll('input[name="channel"]').forEach((r) => r.addEventListener("change", check));
draft.addEventListener("scroll", syncScroll);
draft.addEventListener("keyup", updateCursor);
draft.addEventListener("click", updateCursor);
document.addEventListener("keydown", (e) => { if (e.key === "Escape") hideTip(); });
new ResizeObserver(syncScroll).observe(draft);

loadRules().then(() => { if (draft.value) check(); });

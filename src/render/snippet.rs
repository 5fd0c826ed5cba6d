//! One finding as an annotated snippet, laid out for a terminal of a given
//! width:
//!
//! ```text
//! [blame] Error: this puts the fault on the customer
//!    ╭─[ draft.txt:1:12 ]
//!    │
//!  1 │ Calm down. You should have read the FAQ.
//!    │            ───────┬───────
//!    │                   ╰───────── blames the customer
//!    │
//!    │ Help: Say what happened and what you'll do next; leave out who caused it.
//! ───╯
//! ```
//!
//! Support replies are one line per paragraph: a 215-character line wrapped
//! by an 80-column terminal leaves the underline under other words. So a
//! line wider than the terminal is shown as a window around the flagged
//! words, cut at word boundaries and marked with `…` (as ruff and rustc do),
//! and the underline is placed in that window; the label goes to the left
//! of the marker when it does not fit on its right, and help text is
//! wrapped to the width. Columns are display columns (a CJK character or an
//! emoji takes two, a tab four). The header's `line:column` counts
//! characters, as everywhere else.
//!
//! Written by hand rather than with ariadne: ariadne prints whole lines.
//! Only a bounded stretch of a line around the finding is measured, so a
//! megabyte-long line costs no more than a short one.

use crate::span::{LineIndex, floor_char_boundary};
use std::fmt::Write as _;
use std::ops::Range;
use unicode_width::UnicodeWidthChar;

/// What one snippet shows.
pub struct Snippet<'a> {
    pub path: &'a str,
    /// The text `span` points into, and the file lines before it.
    pub text: &'a str,
    pub index: &'a LineIndex,
    pub base_lines: usize,
    pub span: Range<usize>,
    /// `Error`, `Warning`, `Info`, and its ANSI color.
    pub kind: (&'static str, &'static str),
    pub code: &'a str,
    pub message: &'a str,
    pub label: &'a str,
    /// Help lines (each wrapped to the width).
    pub help: Vec<String>,
    pub notes: Vec<String>,
    /// Terminal columns.
    pub width: usize,
    pub color: bool,
}

/// Below this, windows stop making sense; narrower terminals get this.
const MIN_WIDTH: usize = 40;

/// Lines of a multi-line span shown at most (first ones and the last).
const MAX_SPAN_LINES: usize = 4;

/// The narrowest column a wrapped label or help text is given.
const MIN_TEXT: usize = 12;

const RESET: &str = "\u{1b}[0m";

/// Characters that are not shown: control and bidi characters would move
/// or hide text (a tab is shown as spaces).
fn hidden(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Display columns of a character as shown.
fn char_width(c: char) -> usize {
    match c {
        '\t' => 4,
        c if hidden(c) => 0,
        c => c.width().unwrap_or(0),
    }
}

/// Display columns of a text as shown.
fn text_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// One character of a line: its byte offset, display column and width.
#[derive(Clone, Copy)]
struct Cell {
    at: usize,
    col: usize,
    width: usize,
}

/// A line's characters with their display columns (sorted both ways, so
/// lookups are binary searches).
struct Cells<'l> {
    line: &'l str,
    cells: Vec<Cell>,
    width: usize,
}

impl<'l> Cells<'l> {
    fn of(line: &'l str) -> Cells<'l> {
        let mut cells = Vec::with_capacity(line.len());
        let mut col = 0;
        for (at, c) in line.char_indices() {
            let width = char_width(c);
            cells.push(Cell { at, col, width });
            col += width;
        }
        Cells {
            line,
            cells,
            width: col,
        }
    }

    /// The display column where byte `at` of the line starts.
    fn col(&self, at: usize) -> usize {
        let i = self.cells.partition_point(|c| c.at < at);
        self.cells.get(i).map_or(self.width, |c| c.col)
    }

    /// The first character boundary at or after display column `col`.
    fn ceil(&self, col: usize) -> usize {
        let i = self.cells.partition_point(|c| c.col < col);
        self.cells.get(i).map_or(self.width, |c| c.col)
    }

    /// The last character boundary at or before display column `col`.
    fn floor(&self, col: usize) -> usize {
        let i = self.cells.partition_point(|c| c.col + c.width <= col);
        i.checked_sub(1)
            .map_or(0, |i| self.cells[i].col + self.cells[i].width)
    }

    /// The characters within display columns `from..to`, as shown.
    fn slice(&self, from: usize, to: usize) -> String {
        let i = self.cells.partition_point(|c| c.col < from);
        let mut out = String::new();
        for cell in self.cells[i..].iter().take_while(|c| c.col + c.width <= to) {
            match self.line[cell.at..].chars().next() {
                Some('\t') => out.push_str("    "),
                Some(c) if !hidden(c) => out.push(c),
                _ => {}
            }
        }
        out
    }

    /// Whether a word boundary (a space) is at display column `col`.
    fn space_at(&self, col: usize) -> bool {
        let i = self.cells.partition_point(|c| c.col < col);
        self.cells
            .get(i)
            .is_some_and(|c| c.col == col && self.line[c.at..].starts_with(' '))
    }
}

/// The display columns of a line to show, `from..to`, so that `mark` (the
/// underlined columns) is in view, within `room` columns counting the `…`
/// marks at cut ends.
fn window(cells: &Cells, mark: Range<usize>, room: usize) -> Range<usize> {
    let total = cells.width;
    if total <= room {
        return 0..total;
    }
    let inner = room.saturating_sub(2).max(1);
    let len = mark.end.saturating_sub(mark.start);
    let mut from = if len >= inner {
        mark.start
    } else {
        // Context on both sides, a little more before (it is read first).
        mark.start.saturating_sub((inner - len) * 3 / 5)
    };
    let mut to = (from + inner).min(total);
    if to == total {
        from = total.saturating_sub(room - 1);
        to = total;
    }
    if from <= 1 {
        from = 0;
        to = (room - 1).min(total);
    }
    // Cut at word boundaries when one is near and the mark stays in view.
    if from > 0 {
        if let Some(s) = (from..(from + 12).min(mark.start)).find(|&c| cells.space_at(c)) {
            from = s + 1;
        }
    }
    if to < total {
        if let Some(s) = (to.saturating_sub(12).max(mark.end)..to)
            .rev()
            .find(|&c| cells.space_at(c))
        {
            to = s;
        }
    }
    // On whole characters (a wide one is not cut in two).
    let from = cells.ceil(from);
    from..cells.floor(to).max(from)
}

/// The first character boundary of `s` at or after byte `i`.
fn ceil_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// `text`'s words in lines of at most `room` display columns (a longer
/// word gets a line of its own); a line break in `text` is kept.
fn wrap(text: &str, room: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let w = text_width(word);
            if !line.is_empty() && used + 1 + w > room {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            if !line.is_empty() {
                line.push(' ');
                used += 1;
            }
            line.push_str(word);
            used += w;
        }
        lines.push(line);
    }
    lines
}

impl Snippet<'_> {
    fn paint(&self, s: &str) -> String {
        if self.color {
            format!("{}{s}{RESET}", self.kind.1)
        } else {
            s.to_string()
        }
    }

    /// Writes the snippet into `out`.
    pub fn write(&self, out: &mut String) {
        let text = self.text;
        let start = floor_char_boundary(text, self.span.start);
        let end = floor_char_boundary(text, self.span.end.max(start));
        let first = self.index.line_of(start);
        // A span ending right after a line break ends on that line.
        let last_at = if end > start && text[..end].ends_with('\n') {
            end - 1
        } else {
            end
        };
        let last = self.index.line_of(last_at).max(first);
        let mut lines: Vec<usize> = (first..=last).collect();
        let elided = lines.len() > MAX_SPAN_LINES;
        if elided {
            lines = (first..first + MAX_SPAN_LINES - 1).chain([last]).collect();
        }
        let number = |l: usize| self.base_lines + l + 1;
        let w = number(last).to_string().len();
        let pad = " ".repeat(w + 2);
        // The gutter (` 12 │ `) takes w + 4 columns; one more is left free,
        // as a terminal may wrap a line that reaches its last column.
        let width = self.width.max(MIN_WIDTH);
        let room = width.saturating_sub(w + 5).max(10);

        let lc = self.index.line_col(text, start);
        let _ = writeln!(
            out,
            "[{}] {}: {}",
            self.code,
            self.paint(self.kind.0),
            self.message
        );
        let _ = writeln!(
            out,
            "{pad}╭─[ {}:{}:{} ]",
            self.path,
            self.base_lines + lc.line,
            lc.column
        );
        let _ = writeln!(out, "{pad}│");
        for (n, &line) in lines.iter().enumerate() {
            if elided && n == lines.len() - 1 {
                let _ = writeln!(out, "{pad}┆");
            }
            let ls = self.index.line_start(line);
            let le = text[ls..].find('\n').map_or(text.len(), |i| ls + i);
            let body = text[ls..le].trim_end_matches('\r');
            // The marked bytes of this line.
            let ms = start.max(ls) - ls;
            let me = end.min(ls + body.len()).max(start.max(ls)) - ls;
            // Only a stretch around them is measured: a window never shows
            // more than `room` columns, and a column takes at most 4 bytes.
            let reach = room * 4;
            let lo = floor_char_boundary(body, ms.saturating_sub(reach));
            let hi = ceil_char_boundary(body, (ms + reach).min(me) + reach);
            let (cut_left, cut_right) = (lo > 0, hi < body.len());
            let cells = Cells::of(&body[lo..hi]);
            let from = cells.col(ms - lo);
            let to = if line == last {
                cells.col(me - lo).max(from + 1)
            } else {
                cells.width.max(from + 1)
            };
            let view = window(
                &cells,
                from..to,
                room - usize::from(cut_left) - usize::from(cut_right),
            );
            let left = view.start > 0 || cut_left;
            let right = view.end < cells.width || cut_right;
            let _ = writeln!(
                out,
                " {:>w$} │ {}{}{}",
                number(line),
                if left { "…" } else { "" },
                cells.slice(view.start, view.end),
                if right { "…" } else { "" },
            );
            // The underline, in the window's columns.
            let offset = usize::from(left);
            let u0 = from.max(view.start) - view.start + offset;
            let u1 = to.min(view.end).max(from.max(view.start) + 1) - view.start + offset;
            let len = u1 - u0;
            if line != last {
                let _ = writeln!(
                    out,
                    "{pad}│ {}{}",
                    " ".repeat(u0),
                    self.paint(&"─".repeat(len))
                );
                continue;
            }
            let mid = u0 + len / 2;
            let underline = format!("{}┬{}", "─".repeat(len / 2), "─".repeat(len - len / 2 - 1));
            let _ = writeln!(out, "{pad}│ {}{}", " ".repeat(u0), self.paint(&underline));
            self.pointer(out, &pad, mid, u0 + len, room);
        }
        let _ = writeln!(out, "{pad}│");
        for (i, h) in self.help.iter().enumerate() {
            let head = if i == 0 { "Help: " } else { "      " };
            self.gutter_text(out, &pad, head, h, room);
        }
        for note in &self.notes {
            self.gutter_text(out, &pad, "Note: ", note, room);
        }
        let _ = writeln!(out, "{}╯", "─".repeat(w + 2));
    }

    /// The label on a pointer from the underline's `┬` at column `mid`:
    /// to its right, a little past the underline's `end`, when it fits in
    /// `room`; else to its left when it fits there; else wrapped on the
    /// right.
    fn pointer(&self, out: &mut String, pad: &str, mid: usize, end: usize, room: usize) {
        let label = self.label;
        let lw = text_width(label);
        let arm = (end + 2).saturating_sub(mid + 1).max(2);
        if mid + 1 + arm + 1 + lw <= room {
            let pointer = format!("╰{} {label}", "─".repeat(arm));
            let _ = writeln!(out, "{pad}│ {}{}", " ".repeat(mid), self.paint(&pointer));
        } else if mid + 4 + lw <= room {
            let _ = writeln!(
                out,
                "{pad}│ {}{}",
                " ".repeat(mid),
                self.paint(&format!("╰── {label}"))
            );
        } else if lw + 4 <= mid + 1 {
            let pointer = format!("{label} ──╯");
            let _ = writeln!(
                out,
                "{pad}│ {}{}",
                " ".repeat(mid + 1 - (lw + 4)),
                self.paint(&pointer)
            );
        } else {
            let lines = wrap(label, room.saturating_sub(mid + 4).max(MIN_TEXT));
            for (i, l) in lines.iter().enumerate() {
                let shown = if i == 0 {
                    format!("╰── {l}")
                } else {
                    format!("    {l}")
                };
                let _ = writeln!(out, "{pad}│ {}{}", " ".repeat(mid), self.paint(&shown));
            }
        }
    }

    /// Writes `text` after `head` in the gutter, wrapped at `room` columns,
    /// continuation lines indented under the text.
    fn gutter_text(&self, out: &mut String, pad: &str, head: &str, text: &str, room: usize) {
        let indent = " ".repeat(head.len());
        let lines = wrap(text, room.saturating_sub(head.len()).max(MIN_TEXT));
        for (i, l) in lines.iter().enumerate() {
            let h = if i == 0 { head } else { indent.as_str() };
            let _ = writeln!(out, "{pad}│ {}", format!("{h}{l}").trim_end());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The snippet of `span` in `text`, with `label` and `help`.
    fn render(
        text: &str,
        span: Range<usize>,
        label: &str,
        help: &str,
        notes: &[&str],
        width: usize,
    ) -> String {
        let index = LineIndex::new(text);
        let mut out = String::new();
        Snippet {
            path: "d.txt",
            text,
            index: &index,
            base_lines: 0,
            span,
            kind: ("Error", ""),
            code: "blame",
            message: "this puts the fault on the customer",
            label,
            help: vec![help.to_string()],
            notes: notes.iter().map(|n| n.to_string()).collect(),
            width,
            color: false,
        }
        .write(&mut out);
        out
    }

    /// The snippet of the first `needle` in `text`, as blame shows it.
    fn show(text: &str, needle: &str, width: usize) -> String {
        let at = text.find(needle).unwrap();
        render(
            text,
            at..at + needle.len(),
            "blames the customer",
            "Say what happened and what you'll do next; leave out who caused it.",
            &[],
            width,
        )
    }

    /// The column of the first `┬` and where the needle is in the shown
    /// line: the marker sits under the flagged words.
    fn marker_under(out: &str, needle: &str) {
        let lines: Vec<&str> = out.lines().collect();
        let (i, shown) = lines
            .iter()
            .enumerate()
            .find(|(_, l)| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle:?} not shown:\n{out}"));
        let col = |s: &str, part: &str| s[..s.find(part).unwrap()].chars().count();
        let under = lines[i + 1];
        let word = col(shown, needle);
        let line_start = col(under, "─");
        assert_eq!(line_start, word, "underline starts under the words:\n{out}");
        assert_eq!(
            under.trim_end().chars().count() - line_start,
            needle.chars().count(),
            "underline as long as the words:\n{out}"
        );
    }

    #[test]
    fn a_short_line_is_shown_whole() {
        let out = show(
            "Calm down. You should have read the FAQ.",
            "You should have",
            80,
        );
        assert!(
            out.contains(" 1 │ Calm down. You should have read the FAQ.\n"),
            "{out}"
        );
        marker_under(&out, "You should have");
        assert!(out.contains("╰───────── blames the customer"), "{out}");
    }

    #[test]
    fn a_long_line_is_windowed_around_the_words() {
        let long = format!(
            "Hi, {} and you should have read the instructions before ordering, {}",
            "thanks for writing in about the order that arrived late this week ".repeat(2),
            "which is all explained on the page that came with the parcel and online.".repeat(2)
        );
        assert!(long.chars().count() > 215);
        for width in [60, 80, 120] {
            let out = show(&long, "you should have", width);
            for line in out.lines() {
                assert!(line.chars().count() <= width, "{width}: {line:?}\n{out}");
            }
            marker_under(&out, "you should have");
            assert!(out.contains("…"), "{out}");
        }
    }

    #[test]
    fn the_end_of_a_long_line_and_wide_characters() {
        let long = format!("{}Calm down.", "今日は発送できませんでした。".repeat(8));
        let out = show(&long, "Calm down", 60);
        let shown = out.lines().find(|l| l.contains("Calm down")).unwrap();
        assert!(shown.starts_with(" 1 │ …"), "{out}");
        let under = out
            .lines()
            .skip_while(|l| !l.contains("Calm down"))
            .nth(1)
            .unwrap();
        // Display columns: each of those characters is two wide.
        let cols = |s: &str| -> usize { s.chars().map(|c| c.width().unwrap_or(0)).sum() };
        let word_col = cols(&shown[..shown.find("Calm").unwrap()]);
        let under_col = cols(&under[..under.find('─').unwrap()]);
        assert_eq!(word_col, under_col, "{out}");
    }

    #[test]
    fn help_is_wrapped_to_the_width() {
        let out = show("You should have read it.", "You should have", 50);
        for line in out.lines() {
            assert!(line.chars().count() <= 50, "{line:?}\n{out}");
        }
        assert!(out.contains("│ Help: Say what"), "{out}");
        assert!(out.contains("│       "), "continuation indented:\n{out}");
    }

    #[test]
    fn spans_over_several_lines() {
        let text = "Our records\nshow the renewal went through\nbefore you cancelled.";
        let out = show(text, "records\nshow the renewal", 80);
        assert!(
            out.contains(" 1 │ Our records\n   │     ───────\n"),
            "{out}"
        );
        assert!(
            out.contains(" 2 │ show the renewal went through\n"),
            "{out}"
        );
        assert!(out.contains("   │ ────────┬───────\n"), "{out}");
    }

    /// Every line of a snippet but its title fits in `width` columns.
    fn fits(out: &str, width: usize) {
        for line in out.lines().skip(1) {
            assert!(
                text_width(line) <= width,
                "wider than {width}: {line:?}\n{out}"
            );
        }
    }

    #[test]
    fn a_label_that_does_not_fit_on_the_right_goes_left() {
        let long = format!(
            "{}Calm down.",
            "The parcel left our warehouse on Monday morning. ".repeat(5)
        );
        let out = show(&long, "Calm down", 60);
        fits(&out, 60);
        marker_under(&out, "Calm down");
        assert!(out.contains("blames the customer ──╯"), "{out}");
        // The ╯ is under the ┬.
        let col = |c: char| {
            out.lines()
                .find_map(|l| l.find(c).map(|i| text_width(&l[..i])))
                .unwrap()
        };
        assert_eq!(col('┬'), col('╯'), "{out}");
    }

    #[test]
    fn a_huge_line_is_measured_only_around_the_finding() {
        let filler = "and the parcel is still on its way to you ".repeat(25_000);
        let long = format!("{filler}you should have read it {filler}");
        assert!(long.len() > 2_000_000);
        let out = show(&long, "you should have", 80);
        fits(&out, 80);
        marker_under(&out, "you should have");
        let shown = out.lines().find(|l| l.contains("you should have")).unwrap();
        assert!(shown.contains(" │ …") && shown.ends_with('…'), "{out}");
    }

    #[test]
    fn control_characters_and_spans_inside_a_character_do_not_break_it() {
        let text = "Ça\u{202E}va?\tYou should have read é it.";
        let at = text.find('é').unwrap() + 1;
        let out = render(
            text,
            at..at + 2,
            "l",
            "first line\nsecond line",
            &["in draft `x`"],
            80,
        );
        assert!(
            out.contains(" 1 │ Çava?    You should have read é it.\n"),
            "{out}"
        );
        assert!(
            out.contains("│ Help: first line\n   │       second line\n"),
            "{out}"
        );
        assert!(out.contains("│ Note: in draft `x`\n"), "{out}");
        marker_under(
            &show(&text.replace('\u{202E}', ""), "You should", 80),
            "You should",
        );
    }

    #[test]
    fn a_long_label_wraps_when_it_fits_nowhere() {
        let text = "You should have read it.";
        let out = render(text, 0..15, &"a very long label ".repeat(6), "h", &[], 40);
        fits(&out, 40);
        assert!(out.contains("╰── a very long"), "{out}");
    }
}

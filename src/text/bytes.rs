//! Finding the first byte of a class, eight bytes at a time.
//!
//! Several passes skip long stretches of plain text looking for a rare
//! byte: a capital letter (shouting), something other than a letter, digit
//! or space (word starts the automaton cannot see). A loop testing one byte
//! at a time ran at about a nanosecond per byte, a few percent of a library
//! run per pass. These tests look at a whole `u64` with a handful of
//! integer operations (SWAR: SIMD within a register) and fall back to the
//! byte test only for the last few bytes.
//!
//! Each word test returns the high bit set in every byte that belongs to
//! the class; bytes of 0x80 and above (non-ASCII) always belong, so callers
//! decode those characters themselves.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// High bit set in each byte of `low7` (bytes of at most 0x7f) that lies in
/// `lo..=hi` (`lo >= 1`). Neither addition carries from one byte into the
/// next: each byte sum stays at most 0xfe.
#[inline]
fn in_range(low7: u64, lo: u8, hi: u8) -> u64 {
    let at_least_lo = low7.wrapping_add(ONES * u64::from(0x80 - lo));
    let above_hi = low7.wrapping_add(ONES * u64::from(0x7f - hi));
    at_least_lo & !above_hi & HIGH
}

/// Index of the first byte of `b` that `in_class` holds for (checked
/// eight bytes at a time with `word_test`), or `b.len()`.
#[inline]
fn first_in_class(
    b: &[u8],
    word_test: impl Fn(u64) -> u64,
    in_class: impl Fn(u8) -> bool,
) -> usize {
    let mut chunks = b.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().expect("chunks of 8"));
        let hits = word_test(word);
        if hits != 0 {
            return at + (hits.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&c| in_class(c))
        .map_or(b.len(), |k| at + k)
}

/// Index of the first `"`, `\\` or control byte (below 0x20) of `b`, or
/// `b.len()`: where a run of plain JSON string content ends.
pub fn first_quote_escape_or_control(b: &[u8]) -> usize {
    first_in_class(
        b,
        |w| {
            let low7 = w & !HIGH;
            let below_space = !low7.wrapping_add(ONES * u64::from(0x80 - b' ')) & HIGH;
            (in_range(low7, b'"', b'"') | in_range(low7, b'\\', b'\\') | below_space) & !w & HIGH
        },
        |c| c == b'"' || c == b'\\' || c < 0x20,
    )
}

/// Index of the first ASCII capital or non-ASCII byte of `b`, or `b.len()`.
pub fn first_capital_or_non_ascii(b: &[u8]) -> usize {
    first_in_class(
        b,
        |w| (w & HIGH) | in_range(w & !HIGH, b'A', b'Z'),
        |c| c.is_ascii_uppercase() || c >= 0x80,
    )
}

/// Whether the ASCII byte `c` is a word character (letter, digit or `_`,
/// as `is_word_char`). A table: boundary checks ask it several times per
/// anchor hit.
pub fn is_word_byte(c: u8) -> bool {
    WORD_BYTE[usize::from(c)]
}

static WORD_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 128 {
        t[c] = (c as u8).is_ascii_alphanumeric() || c as u8 == b'_';
        c += 1;
    }
    t
};

/// Whether `c` is an ASCII letter, digit, `_` or space: the bulk of any text.
pub fn is_plain(c: u8) -> bool {
    is_word_byte(c) || c == b' '
}

/// Index of the first byte of `b` that is not [`is_plain`], or `b.len()`.
pub fn first_not_plain(b: &[u8]) -> usize {
    first_in_class(
        b,
        |w| {
            let low7 = w & !HIGH;
            let plain = in_range(low7, b'a', b'z')
                | in_range(low7, b'A', b'Z')
                | in_range(low7, b'0', b'9')
                | in_range(low7, b'_', b'_')
                | in_range(low7, b' ', b' ');
            (w & HIGH) | (!plain & HIGH)
        },
        |c| !is_plain(c),
    )
}

/// How many bytes at the start of `b` belong to a run of printable ASCII
/// (0x21..=0x7e) with single spaces between: each space is followed by a
/// printable byte. Counted eight bytes at a time; the last few bytes (fewer
/// than eight) are left to the caller's byte loop, so the count may stop
/// short of the run's end, never beyond it.
pub fn printable_run_prefix(b: &[u8]) -> usize {
    let printable_byte = |c: u8| (0x21..0x7f).contains(&c);
    let mut at = 0;
    while at + 8 <= b.len() {
        let word = u64::from_le_bytes(b[at..at + 8].try_into().expect("eight bytes"));
        let ascii = !word & HIGH;
        let low7 = word & !HIGH;
        let printable = in_range(low7, 0x21, 0x7e) & ascii;
        let space = in_range(low7, b' ', b' ') & ascii;
        // Whether each byte's next one is printable (the last byte's next
        // one is the first of the following eight).
        let next_printable = (printable >> 8)
            | if b.get(at + 8).is_some_and(|&c| printable_byte(c)) {
                1 << 63
            } else {
                0
            };
        // A byte that is neither, or a space not followed by a printable one.
        let breaks = (HIGH & !(printable | space)) | (space & !next_printable);
        if breaks != 0 {
            return at + (breaks.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The run as the byte-at-a-time loop defines it.
    fn run_by_definition(b: &[u8]) -> usize {
        let printable = |c: u8| (0x21..0x7f).contains(&c);
        let mut j = 0;
        while j < b.len() {
            if printable(b[j]) {
                j += 1;
            } else if b[j] == b' ' && j + 1 < b.len() && printable(b[j + 1]) {
                j += 2;
            } else {
                break;
            }
        }
        j
    }

    #[test]
    fn printable_runs_never_overshoot_and_cover_plain_text() {
        let alphabet = [
            b'a', b'a', b'Z', b' ', b'~', b'!', 0x7f, 0x1f, b'\n', 0xc3, 0xa9,
        ];
        let mut rng = crate::testing::Lcg::new(9);
        for _ in 0..20_000 {
            let len = rng.below(40);
            let b: Vec<u8> = (0..len)
                .map(|_| alphabet[rng.below(alphabet.len())])
                .collect();
            let prefix = printable_run_prefix(&b);
            let full = run_by_definition(&b);
            assert!(prefix <= full, "{b:?}: {prefix} > {full}");
            // Resuming the byte loop at the prefix gives the whole run.
            assert_eq!(
                prefix + run_by_definition(&b[prefix..]).min(full - prefix),
                full
            );
        }
        let text = b"a plain sentence, with single spaces and punctuation!!";
        assert!(printable_run_prefix(text) >= text.len() - 8);
        assert_eq!(printable_run_prefix(b"ab  cdefghijkl"), 2);
    }

    #[test]
    fn word_tests_agree_with_byte_tests_on_every_byte_and_position() {
        // Every byte value at every position of a 16-byte window of plain
        // filler, so both the eight-byte tests and the remainder are checked.
        for filler in [b'a', b' ', b'Z', b'0'] {
            for c in 0..=255u8 {
                for at in 0..16 {
                    for len in [at + 1, 16, 19] {
                        let mut b = vec![filler; len.max(at + 1)];
                        b[at] = c;
                        let want_cap = b.iter().position(|&x| x.is_ascii_uppercase() || x >= 0x80);
                        assert_eq!(
                            first_capital_or_non_ascii(&b),
                            want_cap.unwrap_or(b.len()),
                            "capital: {c:#x} at {at} in {filler:#x} x {len}"
                        );
                        let want_stop = b.iter().position(|&x| x == b'"' || x == b'\\' || x < 0x20);
                        assert_eq!(
                            first_quote_escape_or_control(&b),
                            want_stop.unwrap_or(b.len()),
                            "string stop: {c:#x} at {at} in {filler:#x} x {len}"
                        );
                        let want_plain = b.iter().position(|&x| !is_plain(x));
                        assert_eq!(
                            first_not_plain(&b),
                            want_plain.unwrap_or(b.len()),
                            "plain: {c:#x} at {at} in {filler:#x} x {len}"
                        );
                    }
                }
            }
        }
        assert_eq!(first_not_plain(b""), 0);
        assert_eq!(printable_run_prefix(b""), 0);
        assert_eq!(first_capital_or_non_ascii(b"abc"), 3);
    }
}

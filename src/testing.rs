//! Helpers for the unit tests.

/// A small deterministic random number generator (a 64-bit linear
/// congruential one): randomized unit tests see the same inputs every run.
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Lcg {
        Lcg(seed)
    }

    /// A number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize % n
    }

    /// A string of up to `max_len - 1` pieces drawn from `alphabet`.
    pub fn text(&mut self, alphabet: &[&str], max_len: usize) -> String {
        let len = self.below(max_len);
        (0..len)
            .map(|_| alphabet[self.below(alphabet.len())])
            .collect()
    }
}

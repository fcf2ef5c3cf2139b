//! Stable identifiers for documents, spans and relations.
//!
//! Document ids derive from the text (FNV-1a), so the same article gets the
//! same id on every analyst's machine, which lets copies of a project be
//! matched. Span and relation ids are random, so spans made by two analysts
//! independently never collide.

/// 64-bit FNV-1a hash: small, stable across platforms and Rust versions.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The id for a document with `text` that `taken` does not hold: the id
/// from the text, else that id with `-2`, `-3`, ...
pub fn free_document_id(text: &str, taken: impl Fn(&str) -> bool) -> String {
    let base = document_id_for_text(text);
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or(base)
}

/// The content-derived id of a document with this text: `d` and 12 hex digits.
pub fn document_id_for_text(text: &str) -> String {
    format!("d{:012x}", fnv1a64(text.as_bytes()) >> 16)
}

/// Makes random span and relation ids. Seed it for reproducible output.
#[derive(Debug, Clone)]
pub struct IdGen {
    rng: fastrand::Rng,
}

impl Default for IdGen {
    fn default() -> Self {
        Self::new()
    }
}

impl IdGen {
    /// A generator seeded from the system.
    pub fn new() -> Self {
        Self {
            rng: fastrand::Rng::new(),
        }
    }

    /// A generator that always makes the same sequence.
    pub fn seeded(seed: u64) -> Self {
        Self {
            rng: fastrand::Rng::with_seed(seed),
        }
    }

    fn token(&mut self) -> String {
        const ALPHABET: &[u8] = b"0123456789abcdefghjkmnpqrstvwxyz";
        (0..10)
            .map(|_| char::from(ALPHABET[self.rng.usize(..ALPHABET.len())]))
            .collect()
    }

    /// A new span id: `s` and 10 random base-32 characters (50 bits).
    pub fn span_id(&mut self) -> String {
        format!("s{}", self.token())
    }

    /// A new thread id: `t` and 10 random base-32 characters.
    pub fn thread_id(&mut self) -> String {
        format!("t{}", self.token())
    }

    /// A new comment id: `c` and 10 random base-32 characters.
    pub fn comment_id(&mut self) -> String {
        format!("c{}", self.token())
    }

    /// A new relation id: `r` and 10 random base-32 characters.
    pub fn relation_id(&mut self) -> String {
        format!("r{}", self.token())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_ids_follow_the_text() {
        assert_eq!(document_id_for_text("abc"), document_id_for_text("abc"));
        assert_ne!(document_id_for_text("abc"), document_id_for_text("abd"));
        assert_eq!(document_id_for_text("abc").len(), 13);
        // FNV-1a of the empty input is its offset basis.
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
    }

    #[test]
    fn seeded_ids_repeat_and_differ() {
        let mut a = IdGen::seeded(7);
        let mut b = IdGen::seeded(7);
        let x = a.span_id();
        assert_eq!(x, b.span_id());
        assert_ne!(x, a.span_id());
        assert!(x.starts_with('s') && x.len() == 11);
    }
}

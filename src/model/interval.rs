//! An interval index over a document's spans: which spans overlap a range,
//! in O(log n + k), for the article view (it asks for every visible
//! paragraph, every frame).
//!
//! An implicit augmented interval tree over the spans in start order (the
//! layout of Heng Li's cgranges): node `i` of level `k` has the `k` lowest
//! bits of `i` set and bit `k` clear, and stores the largest end in its
//! subtree. No pointers, one vector of maxima; built in O(n).

use super::Span;

/// Spans below this subtree level are scanned linearly.
const SCAN_LEVEL: u32 = 3;

/// An interval index over spans sorted by start (as a document keeps them).
#[derive(Clone, Debug, Default)]
pub struct SpanIndex {
    start: Vec<usize>,
    end: Vec<usize>,
    /// Largest end in the subtree rooted at each node.
    max: Vec<usize>,
    /// Level of the root.
    root_level: u32,
}

impl SpanIndex {
    /// Indexes `spans`, which must be sorted by start.
    pub fn new(spans: &[Span]) -> Self {
        Self::from_ranges(spans.iter().map(|s| (s.start, s.end)))
    }

    /// Indexes `(start, end)` ranges sorted by start.
    pub fn from_ranges(ranges: impl IntoIterator<Item = (usize, usize)>) -> Self {
        let (start, end): (Vec<usize>, Vec<usize>) = ranges.into_iter().unzip();
        debug_assert!(start.is_sorted(), "spans must be sorted by start");
        let n = start.len();
        let mut max = end.clone();
        if n == 0 {
            return Self::default();
        }
        // Leaves (even indices) hold their own end; `last` carries the max of
        // the last, incomplete subtree at each level.
        let mut last_i = (n - 1) & !1;
        let mut last = max[last_i];
        let mut k = 1;
        while 1usize << k <= n {
            let x = 1usize << (k - 1);
            let mut i = (x << 1) - 1;
            while i < n {
                let left = max[i - x];
                let right = if i + x < n { max[i + x] } else { last };
                max[i] = end[i].max(left).max(right);
                i += x << 2;
            }
            last_i = if (last_i >> k) & 1 == 1 {
                last_i
            } else {
                last_i + x
            };
            if last_i < n && max[last_i] > last {
                last = max[last_i];
            }
            k += 1;
        }
        Self {
            start,
            end,
            max,
            root_level: k - 1,
        }
    }

    /// Number of spans indexed.
    pub fn len(&self) -> usize {
        self.start.len()
    }

    /// Whether no span is indexed.
    pub fn is_empty(&self) -> bool {
        self.start.is_empty()
    }

    /// Indices (ascending) of the spans sharing a code point with `from..to`.
    pub fn overlapping(&self, from: usize, to: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let n = self.start.len();
        if n == 0 || from >= to {
            return out;
        }
        // (node, level, right half pending)
        let mut stack: Vec<(usize, u32, bool)> =
            vec![((1usize << self.root_level) - 1, self.root_level, false)];
        while let Some((x, k, visited)) = stack.pop() {
            if k <= SCAN_LEVEL {
                let i0 = (x >> k) << k;
                let i1 = (i0 + (1usize << (k + 1)) - 1).min(n);
                for i in i0..i1 {
                    if self.start[i] >= to {
                        break;
                    }
                    if from < self.end[i] {
                        out.push(i);
                    }
                }
            } else if !visited {
                let left = x - (1usize << (k - 1));
                stack.push((x, k, true));
                if left >= n || self.max[left] > from {
                    stack.push((left, k - 1, false));
                }
            } else if x < n && self.start[x] < to {
                if from < self.end[x] {
                    out.push(x);
                }
                stack.push((x + (1usize << (k - 1)), k - 1, false));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brute(ranges: &[(usize, usize)], from: usize, to: usize) -> Vec<usize> {
        (0..ranges.len())
            .filter(|&i| from < to && ranges[i].0 < to && from < ranges[i].1)
            .collect()
    }

    #[test]
    fn agrees_with_a_scan_on_random_spans() {
        let mut rng = fastrand::Rng::with_seed(11);
        for n in [0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 100, 1000, 1025] {
            let mut ranges: Vec<(usize, usize)> = (0..n)
                .map(|_| {
                    let s = rng.usize(..5000);
                    // Mostly short spans, some very long ones.
                    let len = if rng.u8(..10) == 0 {
                        rng.usize(1..3000)
                    } else {
                        rng.usize(1..40)
                    };
                    (s, s + len)
                })
                .collect();
            ranges.sort();
            let index = SpanIndex::from_ranges(ranges.iter().copied());
            assert_eq!(index.len(), n);
            for _ in 0..300 {
                let a = rng.usize(..5200);
                let b = a + rng.usize(0..400);
                assert_eq!(
                    index.overlapping(a, b),
                    brute(&ranges, a, b),
                    "n={n} {a}..{b}"
                );
            }
        }
    }
}

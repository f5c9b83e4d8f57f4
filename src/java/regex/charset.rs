//! Sets of Java code points (`0..=0x10FFFF`, surrogates included, as Java's `CharPredicate`s see
//! them) with the set algebra Java's character classes need: union, intersection, complement.
//!
//! Java builds a class as a tree of predicates (`[a-z&&[^aeiou]]` is `range.and(bits.negate())`);
//! we evaluate that tree to one explicit set at parse time, so the emitted Rust class is a plain
//! list of ranges and never depends on the Rust engine's own (newer) Unicode tables.

use std::fmt::Write as _;

/// The largest Unicode code point.
pub(crate) const MAX_CP: u32 = 0x10FFFF;

/// A sorted list of disjoint, non-adjacent inclusive ranges.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct CharSet {
    ranges: Vec<(u32, u32)>,
}

impl CharSet {
    pub(crate) fn empty() -> CharSet {
        CharSet { ranges: Vec::new() }
    }

    pub(crate) fn full() -> CharSet {
        CharSet {
            ranges: vec![(0, MAX_CP)],
        }
    }

    pub(crate) fn single(c: u32) -> CharSet {
        CharSet::range(c, c)
    }

    pub(crate) fn range(lo: u32, hi: u32) -> CharSet {
        if lo > hi || lo > MAX_CP {
            return CharSet::empty();
        }
        CharSet {
            ranges: vec![(lo, hi.min(MAX_CP))],
        }
    }

    /// Builds a set from ranges in any order, overlapping or not.
    pub(crate) fn from_ranges(mut ranges: Vec<(u32, u32)>) -> CharSet {
        ranges.retain(|&(lo, hi)| lo <= hi && lo <= MAX_CP);
        ranges.sort_unstable();
        let mut out: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
        for (lo, hi) in ranges {
            let hi = hi.min(MAX_CP);
            match out.last_mut() {
                Some(last) if lo <= last.1.saturating_add(1) => last.1 = last.1.max(hi),
                _ => out.push((lo, hi)),
            }
        }
        CharSet { ranges: out }
    }

    pub(crate) fn from_chars(chars: impl IntoIterator<Item = u32>) -> CharSet {
        CharSet::from_ranges(chars.into_iter().map(|c| (c, c)).collect())
    }

    pub(crate) fn ranges(&self) -> &[(u32, u32)] {
        &self.ranges
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    pub(crate) fn contains(&self, c: u32) -> bool {
        self.ranges
            .binary_search_by(|&(lo, hi)| {
                if hi < c {
                    std::cmp::Ordering::Less
                } else if lo > c {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
    }

    /// True when the set meets `lo..=hi`.
    pub(crate) fn intersects_range(&self, lo: u32, hi: u32) -> bool {
        self.ranges.iter().any(|&(a, b)| a <= hi && lo <= b)
    }

    pub(crate) fn union(&self, other: &CharSet) -> CharSet {
        let mut all = self.ranges.clone();
        all.extend_from_slice(&other.ranges);
        CharSet::from_ranges(all)
    }

    pub(crate) fn negate(&self) -> CharSet {
        let mut out = Vec::with_capacity(self.ranges.len() + 1);
        let mut next = 0u32;
        for &(lo, hi) in &self.ranges {
            if lo > next {
                out.push((next, lo - 1));
            }
            next = hi + 1;
        }
        if next <= MAX_CP {
            out.push((next, MAX_CP));
        }
        CharSet { ranges: out }
    }

    pub(crate) fn intersect(&self, other: &CharSet) -> CharSet {
        let (mut i, mut j) = (0, 0);
        let mut out = Vec::new();
        while i < self.ranges.len() && j < other.ranges.len() {
            let (a, b) = self.ranges[i];
            let (c, d) = other.ranges[j];
            let lo = a.max(c);
            let hi = b.min(d);
            if lo <= hi {
                out.push((lo, hi));
            }
            if b < d {
                i += 1;
            } else {
                j += 1;
            }
        }
        CharSet { ranges: out }
    }

    /// The one code point of a single-element set.
    pub(crate) fn as_single(&self) -> Option<u32> {
        match self.ranges.as_slice() {
            [(lo, hi)] if lo == hi => Some(*lo),
            _ => None,
        }
    }

    /// Rust regex syntax for "one character of this set". Surrogates are dropped: a Rust `&str`
    /// never holds one, and Rust's regex syntax refuses them.
    pub(crate) fn to_rust(&self) -> String {
        let set = self.intersect(&CharSet::range(0xD800, 0xDFFF).negate());
        if let Some(c) = set.as_single() {
            return escape_char(c);
        }
        if set.is_empty() {
            // No character at all: Java's `[a&&b]` is legal and never matches.
            return r"[^\x{0}-\x{10FFFF}]".to_string();
        }
        if set.ranges == [(0, 0xD7FF), (0xE000, MAX_CP)] {
            return r"[\x{0}-\x{10FFFF}]".to_string();
        }
        let mut out = String::from("[");
        for &(lo, hi) in &set.ranges {
            out.push_str(&escape_char(lo));
            if hi != lo {
                if hi != lo + 1 {
                    out.push('-');
                }
                out.push_str(&escape_char(hi));
            }
        }
        out.push(']');
        out
    }
}

/// One code point as Rust regex syntax that means exactly that code point, in or out of a class.
pub(crate) fn escape_char(c: u32) -> String {
    match char::from_u32(c) {
        Some(ch) if ch.is_ascii_alphanumeric() => ch.to_string(),
        _ => {
            let mut s = String::new();
            let _ = write!(s, "\\x{{{c:X}}}");
            s
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn algebra() {
        let a = CharSet::range(10, 20);
        let b = CharSet::from_ranges(vec![(15, 30), (0, 2)]);
        assert_eq!(a.union(&b).ranges(), &[(0, 2), (10, 30)]);
        assert_eq!(a.intersect(&b).ranges(), &[(15, 20)]);
        assert_eq!(a.negate().negate(), a);
        assert!(a.contains(10) && a.contains(20) && !a.contains(21));
        assert_eq!(CharSet::empty().negate(), CharSet::full());
        assert_eq!(
            CharSet::from_ranges(vec![(1, 1), (2, 2)]).ranges(),
            &[(1, 2)]
        );
    }
}

//! The Java AST written out as Rust regex syntax (the `regex` crate's, which `fancy-regex`
//! extends), plus the one static analysis the matcher needs.
//!
//! Every construct is spelled out explicitly rather than borrowed from a Rust flag or escape whose
//! meaning differs from Java's: no Rust `(?i)`, `(?m)`, `(?s)`, `\w`, `\b` or `$` is ever emitted.

use super::charset::CharSet;
use super::parse::{Assertion, Greed, Node, is_deterministic, unicode_word};
use super::unicode::{self, mask, tables};

/// The translation and whether it needs `fancy-regex` (look-around, backreferences, atomic
/// groups, possessive quantifiers).
pub(crate) struct Emitted {
    pub(crate) pattern: String,
    pub(crate) fancy: bool,
}

pub(crate) fn emit(root: &Node, groups: usize) -> Emitted {
    let mut e = Emitter {
        out: String::new(),
        fancy: false,
        groups,
        standalone: false,
    };
    e.node(root);
    Emitted {
        pattern: e.out,
        fancy: e.fancy,
    }
}

const NEVER: &str = r"[^\x{0}-\x{10FFFF}]";

struct Emitter {
    out: String,
    fancy: bool,
    groups: usize,
    /// Inside the atom of a quantifier that Java matches one iteration at a time without
    /// backtracking into it (`Curly`, `Ques` on a non-group, `GroupCurly`).
    standalone: bool,
}

impl Emitter {
    fn node(&mut self, node: &Node) {
        match node {
            Node::Empty => self.out.push_str("(?:)"),
            Node::Char(set) => self.out.push_str(&set.to_rust()),
            Node::Concat(nodes) => nodes.iter().for_each(|n| self.node(n)),
            Node::Alt(alts) => {
                self.out.push_str("(?:");
                for (i, alt) in alts.iter().enumerate() {
                    if i > 0 {
                        self.out.push('|');
                    }
                    self.node(alt);
                }
                self.out.push(')');
            }
            Node::Capture(_, inner) => {
                self.out.push('(');
                self.node(inner);
                self.out.push(')');
            }
            Node::Group(inner) => {
                self.out.push_str("(?:");
                self.node(inner);
                self.out.push(')');
            }
            Node::Atomic(inner) => {
                self.fancy = true;
                self.out.push_str("(?>");
                self.node(inner);
                self.out.push(')');
            }
            Node::Look {
                behind,
                negate,
                node,
            } => {
                self.fancy = true;
                self.out.push_str(match (behind, negate) {
                    (false, false) => "(?=",
                    (false, true) => "(?!",
                    (true, false) => "(?<=",
                    (true, true) => "(?<!",
                });
                self.node(node);
                self.out.push(')');
            }
            Node::Repeat {
                node,
                min,
                max,
                greed,
            } => {
                if node.is_zero_width() {
                    // Java's Curly stops once an iteration matches empty: a repeated assertion
                    // is the assertion once, or nothing when zero repetitions are allowed.
                    if *min == 0 {
                        self.out.push_str("(?:)");
                    } else {
                        self.node(node);
                    }
                    return;
                }
                if *greed == Greed::Possessive {
                    self.fancy = true;
                    self.out.push_str("(?>");
                }
                let is_group = matches!(**node, Node::Capture(..) | Node::Group(_));
                let standalone = if is_group {
                    !(*min == 0 && *max == Some(1)) && is_deterministic(node)
                } else {
                    true
                };
                let saved = std::mem::replace(&mut self.standalone, standalone);
                self.out.push_str("(?:");
                self.node(node);
                self.out.push(')');
                self.standalone = saved;
                match (min, max) {
                    (0, Some(1)) => self.out.push('?'),
                    (0, None) => self.out.push('*'),
                    (1, None) => self.out.push('+'),
                    (n, None) => self.out.push_str(&format!("{{{n},}}")),
                    (n, Some(m)) if n == m => self.out.push_str(&format!("{{{n}}}")),
                    (n, Some(m)) => self.out.push_str(&format!("{{{n},{m}}}")),
                }
                if *greed == Greed::Lazy {
                    self.out.push('?');
                }
                if *greed == Greed::Possessive {
                    self.out.push(')');
                }
            }
            Node::Assert(a) => self.assertion(*a),
            Node::BackRef(n) => {
                if *n > self.groups {
                    // Java keeps at least ten group slots, all unset: `\5` with one group
                    // compiles and never matches.
                    self.out.push_str(NEVER);
                } else {
                    self.fancy = true;
                    self.out.push_str(&format!("(?:\\{n})"));
                }
            }
            Node::LineEnding => {
                if self.standalone {
                    // A quantified `\R` is matched on its own: `\R{2}` does not match `\r\n`.
                    self.fancy = true;
                    self.out
                        .push_str(r"(?>\r\n|[\n\x0B\x0C\r\x{85}\x{2028}\x{2029}])");
                } else {
                    self.out
                        .push_str(r"(?:\r\n|[\n\x0B\x0C\r\x{85}\x{2028}\x{2029}])");
                }
            }
        }
    }

    fn assertion(&mut self, a: Assertion) {
        let text = match a {
            Assertion::Begin => r"\A".to_string(),
            Assertion::End => r"\z".to_string(),
            // Pattern.Dollar(false): end of input, or before a final line terminator (a final
            // `\r\n` counts as one, and there is no match between its `\r` and `\n`).
            Assertion::DollarEnd { unix: false } => {
                r"(?:\z|(?=\r\n\z)|(?<!\r)(?=\n\z)|(?=[\r\x{85}\x{2028}\x{2029}]\z))".to_string()
            }
            Assertion::DollarEnd { unix: true } => r"(?:\z|(?=\n\z))".to_string(),
            // Pattern.Dollar(true): before every line terminator, never inside `\r\n`.
            Assertion::DollarLine { unix: false } => {
                r"(?:\z|(?<!\r)(?=\n)|(?=[\r\x{85}\x{2028}\x{2029}]))".to_string()
            }
            Assertion::DollarLine { unix: true } => r"(?:\z|(?=\n))".to_string(),
            // Pattern.Caret: after a line terminator but never inside `\r\n`, and (as Perl)
            // never at the end of input, not even at the start of an empty input.
            Assertion::CaretLine { unix: false } => {
                r"(?!\z)(?:\A|(?<=[\n\x{85}\x{2028}\x{2029}])|(?<=\r)(?!\n))".to_string()
            }
            Assertion::CaretLine { unix: true } => r"(?!\z)(?:\A|(?<=\n))".to_string(),
            Assertion::WordBoundary { unicode } => {
                let b = Bound::new(unicode);
                format!(
                    "(?:{}{}|{}{})",
                    b.left_word, b.right_not_word, b.left_not_word, b.right_word
                )
            }
            Assertion::NotWordBoundary { unicode } => {
                let b = Bound::new(unicode);
                format!(
                    "(?:{}{}|{}{})",
                    b.left_word, b.right_word, b.left_not_word, b.right_not_word
                )
            }
        };
        if !matches!(a, Assertion::Begin | Assertion::End) {
            self.fancy = true;
        }
        self.out.push_str(&text);
    }
}

/// The four halves of JDK 17's `Pattern.Bound`.
///
/// JDK 17's `Bound.isWord` is `ch == '_' || Character.isLetterOrDigit(ch)` (JDK 19 made it
/// ASCII `\w`), so `\b` sees `é` as a word character although `\w` does not. A non-spacing mark
/// (Mn) also counts when `hasBaseCharacter` finds a letter or digit before it, walking back one
/// UTF-16 unit at a time: it stops at the low half of a supplementary character, so only BMP
/// marks after a BMP base count on the left. Under `(?U)` the word set is `\w`'s Unicode set,
/// which already holds every Mn.
struct Bound {
    left_word: String,
    left_not_word: String,
    right_word: String,
    right_not_word: String,
}

impl Bound {
    fn new(unicode: bool) -> Bound {
        let t = tables();
        if unicode {
            let w = unicode_word().to_rust();
            return Bound {
                left_word: format!("(?<={w})"),
                left_not_word: format!("(?<!{w})"),
                right_word: format!("(?={w})"),
                right_not_word: format!("(?!{w})"),
            };
        }
        let letter_or_digit = t.prop("LetterOrDigit");
        let word = letter_or_digit.union(&CharSet::single('_' as u32));
        let bmp = CharSet::range(0, 0xFFFF);
        let mn = t.category(mask(&[unicode::NON_SPACING_MARK]));
        let base = letter_or_digit.intersect(&bmp).to_rust();
        let mark = mn.intersect(&bmp).to_rust();
        let any_mark = mn.to_rust();
        let w = word.to_rust();
        Bound {
            left_word: format!("(?:(?<={w})|(?<={base}{mark}+))"),
            left_not_word: format!("(?<!{w})(?<!{base}{mark}+)"),
            right_word: format!("(?:(?={w})|(?<={base}{mark}*)(?={any_mark}))"),
            right_not_word: format!("(?!{w})(?:(?!{any_mark})|(?<!{base}{mark}*))"),
        }
    }
}

/// Could Java's matcher match at a position inside a UTF-16 surrogate pair (after the high
/// half, before the low half)?
///
/// `Matcher.find` steps one UTF-16 unit after an empty match and, scanning, tries every unit
/// index; at the low half it sees a lone surrogate. A Rust `&str` has no such position, so
/// where this is possible the matcher must refuse rather than silently differ. The answer is
/// conservative: `Maybe` whenever it cannot prove `No`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub(crate) enum MidPair {
    /// Cannot match there.
    No,
    /// Can pass there without consuming anything (the rest decides).
    Transparent,
    /// Can match there.
    Maybe,
}

pub(crate) fn mid_pair(node: &Node) -> MidPair {
    match node {
        Node::Empty => MidPair::Transparent,
        Node::Char(set) => {
            if set.intersects_range(0xDC00, 0xDFFF) {
                MidPair::Maybe
            } else {
                MidPair::No
            }
        }
        Node::Concat(nodes) => {
            for n in nodes {
                match mid_pair(n) {
                    MidPair::Transparent => continue,
                    other => return other,
                }
            }
            MidPair::Transparent
        }
        Node::Alt(alts) => alts.iter().map(mid_pair).max().unwrap_or(MidPair::No),
        Node::Capture(_, inner) | Node::Group(inner) | Node::Atomic(inner) => mid_pair(inner),
        Node::Look {
            behind: false,
            negate: false,
            node,
        } => {
            if mid_pair(node) == MidPair::No {
                MidPair::No
            } else {
                MidPair::Transparent
            }
        }
        Node::Look {
            behind: true,
            negate: false,
            node,
        } => {
            if mid_pair_end(node) == MidPair::No {
                MidPair::No
            } else {
                MidPair::Transparent
            }
        }
        Node::Look { .. } => MidPair::Transparent,
        Node::Repeat { node, min, .. } => {
            let inner = mid_pair(node);
            if *min == 0 && inner != MidPair::Maybe {
                MidPair::Transparent
            } else {
                inner
            }
        }
        // Lone surrogates are neither line terminators nor word characters, so every anchor
        // but `\B` fails between the halves of a pair.
        Node::Assert(Assertion::NotWordBoundary { .. }) => MidPair::Transparent,
        Node::Assert(_) => MidPair::No,
        Node::LineEnding => MidPair::No,
        Node::BackRef(_) => MidPair::Maybe,
    }
}

/// Like [`mid_pair`], read backwards: could the node match text that ends between the halves of
/// a surrogate pair (its last character a lone high surrogate)?
fn mid_pair_end(node: &Node) -> MidPair {
    match node {
        Node::Empty => MidPair::Transparent,
        Node::Char(set) => {
            if set.intersects_range(0xD800, 0xDBFF) {
                MidPair::Maybe
            } else {
                MidPair::No
            }
        }
        Node::Concat(nodes) => {
            for n in nodes.iter().rev() {
                match mid_pair_end(n) {
                    MidPair::Transparent => continue,
                    other => return other,
                }
            }
            MidPair::Transparent
        }
        Node::Alt(alts) => alts.iter().map(mid_pair_end).max().unwrap_or(MidPair::No),
        Node::Capture(_, inner) | Node::Group(inner) | Node::Atomic(inner) => mid_pair_end(inner),
        Node::Look { .. } => MidPair::Transparent,
        Node::Repeat { node, min, .. } => {
            let inner = mid_pair_end(node);
            if *min == 0 && inner != MidPair::Maybe {
                MidPair::Transparent
            } else {
                inner
            }
        }
        Node::Assert(Assertion::NotWordBoundary { .. }) => MidPair::Transparent,
        Node::Assert(_) => MidPair::No,
        Node::LineEnding => MidPair::No,
        Node::BackRef(_) => MidPair::Maybe,
    }
}

/// Every backreference in the tree, for the groups-with-unstable-captures check.
pub(crate) fn backrefs(node: &Node, out: &mut Vec<usize>) {
    match node {
        Node::BackRef(g) => out.push(*g),
        Node::Concat(v) | Node::Alt(v) => v.iter().for_each(|n| backrefs(n, out)),
        Node::Capture(_, n) | Node::Group(n) | Node::Atomic(n) | Node::Look { node: n, .. } => {
            backrefs(n, out)
        }
        Node::Repeat { node, .. } => backrefs(node, out),
        _ => {}
    }
}

//! JDK 17's own Unicode data (Unicode 13.0), dumped from `java.lang.Character` by
//! `harness/src/RegexCases.java tables` into `unicode13.txt`.
//!
//! Why not Rust's `\p{...}`: the `regex` crate follows a newer Unicode, so `\p{L}` there admits
//! letters JDK 17 calls unassigned, and Java's `\b`, `javaLowerCase` or `(?iu)` are defined by
//! `Character` methods that have no Rust equivalent at all.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::charset::{CharSet, MAX_CP};

const DATA: &str = include_str!("unicode13.txt");

// `Character.getType` values (java.lang.Character constants).
pub(crate) const UNASSIGNED: u8 = 0;
pub(crate) const UPPERCASE_LETTER: u8 = 1;
pub(crate) const LOWERCASE_LETTER: u8 = 2;
pub(crate) const TITLECASE_LETTER: u8 = 3;
pub(crate) const MODIFIER_LETTER: u8 = 4;
pub(crate) const OTHER_LETTER: u8 = 5;
pub(crate) const NON_SPACING_MARK: u8 = 6;
pub(crate) const ENCLOSING_MARK: u8 = 7;
pub(crate) const COMBINING_SPACING_MARK: u8 = 8;
pub(crate) const DECIMAL_DIGIT_NUMBER: u8 = 9;
pub(crate) const LETTER_NUMBER: u8 = 10;
pub(crate) const OTHER_NUMBER: u8 = 11;
pub(crate) const SPACE_SEPARATOR: u8 = 12;
pub(crate) const LINE_SEPARATOR: u8 = 13;
pub(crate) const PARAGRAPH_SEPARATOR: u8 = 14;
pub(crate) const CONTROL: u8 = 15;
pub(crate) const FORMAT: u8 = 16;
pub(crate) const PRIVATE_USE: u8 = 18;
pub(crate) const SURROGATE: u8 = 19;
pub(crate) const DASH_PUNCTUATION: u8 = 20;
pub(crate) const START_PUNCTUATION: u8 = 21;
pub(crate) const END_PUNCTUATION: u8 = 22;
pub(crate) const CONNECTOR_PUNCTUATION: u8 = 23;
pub(crate) const OTHER_PUNCTUATION: u8 = 24;
pub(crate) const MATH_SYMBOL: u8 = 25;
pub(crate) const CURRENCY_SYMBOL: u8 = 26;
pub(crate) const MODIFIER_SYMBOL: u8 = 27;
pub(crate) const OTHER_SYMBOL: u8 = 28;
pub(crate) const INITIAL_QUOTE_PUNCTUATION: u8 = 29;
pub(crate) const FINAL_QUOTE_PUNCTUATION: u8 = 30;

/// A bit mask over `Character.getType` values, as `CharPredicates.category` takes.
pub(crate) const fn mask(types: &[u8]) -> u32 {
    let mut m = 0u32;
    let mut i = 0;
    while i < types.len() {
        m |= 1 << types[i];
        i += 1;
    }
    m
}

pub(crate) struct Tables {
    /// Runs of general category: (first code point, type), sorted.
    gc: Vec<(u32, u8)>,
    props: HashMap<String, CharSet>,
    scripts: HashMap<String, CharSet>,
    script_aliases: HashMap<String, String>,
    blocks: HashMap<String, CharSet>,
    block_names: HashMap<String, String>,
    /// code point -> (Character.toUpperCase, Character.toLowerCase), only where one differs.
    case: HashMap<u32, (u32, u32)>,
    /// f(c) = toLowerCase(toUpperCase(c)) -> every c in `case` with that f(c).
    fold_inverse: HashMap<u32, Vec<u32>>,
}

fn hex(s: &str) -> u32 {
    u32::from_str_radix(s, 16).unwrap_or(0)
}

fn parse_ranges<'a>(fields: impl Iterator<Item = &'a str>) -> CharSet {
    CharSet::from_ranges(
        fields
            .map(|f| match f.split_once('-') {
                Some((a, b)) => (hex(a), hex(b)),
                None => (hex(f), hex(f)),
            })
            .collect(),
    )
}

pub(crate) fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut t = Tables {
            gc: Vec::new(),
            props: HashMap::new(),
            scripts: HashMap::new(),
            script_aliases: HashMap::new(),
            blocks: HashMap::new(),
            block_names: HashMap::new(),
            case: HashMap::new(),
            fold_inverse: HashMap::new(),
        };
        for line in DATA.lines() {
            let mut f = line.split(' ');
            match f.next() {
                Some("gc") => {
                    let start = hex(f.next().unwrap_or("0"));
                    let ty = f.next().and_then(|s| s.parse().ok()).unwrap_or(0);
                    t.gc.push((start, ty));
                }
                Some("prop") => {
                    let name = f.next().unwrap_or("").to_string();
                    t.props.insert(name, parse_ranges(f));
                }
                Some("script") => {
                    let name = f.next().unwrap_or("").to_string();
                    t.scripts.insert(name, parse_ranges(f));
                }
                Some("scriptalias") => {
                    let alias = f.next().unwrap_or("").to_string();
                    t.script_aliases
                        .insert(alias, f.next().unwrap_or("").to_string());
                }
                Some("block") => {
                    let name = f.next().unwrap_or("").to_string();
                    t.blocks.insert(name, parse_ranges(f));
                }
                Some("blockname") => {
                    let spelling = f.next().unwrap_or("").replace('~', " ");
                    t.block_names
                        .insert(spelling, f.next().unwrap_or("").to_string());
                }
                Some("case") => {
                    let cp = hex(f.next().unwrap_or("0"));
                    let up = hex(f.next().unwrap_or("0"));
                    let low = hex(f.next().unwrap_or("0"));
                    t.case.insert(cp, (up, low));
                }
                _ => {}
            }
        }
        let cps: Vec<u32> = t.case.keys().copied().collect();
        for cp in cps {
            let f = t.fold(cp);
            t.fold_inverse.entry(f).or_default().push(cp);
        }
        t
    })
}

impl Tables {
    /// The set of code points whose `Character.getType` is in `mask`.
    pub(crate) fn category(&self, mask: u32) -> CharSet {
        let mut ranges = Vec::new();
        for (i, &(start, ty)) in self.gc.iter().enumerate() {
            if mask & (1 << ty) != 0 {
                let end = self.gc.get(i + 1).map_or(MAX_CP, |&(next, _)| next - 1);
                ranges.push((start, end));
            }
        }
        CharSet::from_ranges(ranges)
    }

    /// `Character.getType(c)`.
    #[cfg(test)]
    pub(crate) fn get_type(&self, c: u32) -> u8 {
        match self.gc.binary_search_by(|&(start, _)| start.cmp(&c)) {
            Ok(i) => self.gc[i].1,
            Err(0) => UNASSIGNED,
            Err(i) => self.gc[i - 1].1,
        }
    }

    /// A `Character.isXxx` predicate by the name the dump gives it.
    pub(crate) fn prop(&self, name: &str) -> CharSet {
        self.props.get(name).cloned().unwrap_or_default()
    }

    /// `Character.UnicodeScript.forName`: the enum name or an ISO 15924 alias, any case.
    pub(crate) fn script(&self, name: &str) -> Option<CharSet> {
        let upper = name.to_ascii_uppercase();
        let key = self.script_aliases.get(&upper).unwrap_or(&upper);
        self.scripts.get(key).cloned()
    }

    /// `Character.UnicodeBlock.forName`, any case.
    pub(crate) fn block(&self, name: &str) -> Option<CharSet> {
        let key = self.block_names.get(&name.to_ascii_uppercase())?;
        self.blocks.get(key).cloned()
    }

    /// `Character.toUpperCase(int)`.
    pub(crate) fn upper(&self, c: u32) -> u32 {
        self.case.get(&c).map_or(c, |&(up, _)| up)
    }

    /// `Character.toLowerCase(int)`.
    pub(crate) fn lower(&self, c: u32) -> u32 {
        self.case.get(&c).map_or(c, |&(_, low)| low)
    }

    /// `Character.toLowerCase(Character.toUpperCase(c))`, the key Java's Unicode-case matching
    /// compares (`SingleU`, `SliceU`, `CIRangeU`).
    pub(crate) fn fold(&self, c: u32) -> u32 {
        self.lower(self.upper(c))
    }

    /// Every `c` with `fold(c) == key`.
    pub(crate) fn folds_to(&self, key: u32) -> CharSet {
        let mut v = self.fold_inverse.get(&key).cloned().unwrap_or_default();
        if self.fold(key) == key || !self.case.contains_key(&key) {
            v.push(key);
        }
        CharSet::from_chars(v)
    }

    /// Code points that have any case mapping.
    pub(crate) fn cased(&self) -> impl Iterator<Item = u32> + '_ {
        self.case.keys().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_load() {
        let t = tables();
        assert_eq!(t.get_type('A' as u32), UPPERCASE_LETTER);
        assert_eq!(t.get_type(' ' as u32), SPACE_SEPARATOR);
        assert_eq!(t.get_type(0xD800), SURROGATE);
        assert!(t.category(mask(&[LOWERCASE_LETTER])).contains('é' as u32));
        assert_eq!(t.upper('a' as u32), 'A' as u32);
        assert_eq!(t.fold(0x212A), 'k' as u32);
        assert!(t.script("latn").is_some_and(|s| s.contains('a' as u32)));
        assert!(t.block("basic latin").is_some());
        assert!(t.prop("Alphabetic").contains('a' as u32));
    }
}

//! Java regular expressions (`java.util.regex`, JDK 17) translated onto the Rust engines.
//!
//! API Gateway runs Java: templates call `String.matches`, `replaceAll`, `replaceFirst` and
//! `split`, and integration responses pick a "selection pattern" with `String.matches`. This
//! module is the one translator for all of them. It parses the Java pattern into an AST of its
//! own, with Java's parser rules and error messages (`parse.rs`), and writes that AST out as
//! Rust regex syntax (`emit.rs`) in which every class is an explicit list of code points built
//! from JDK 17's own Unicode 13 data (`unicode.rs`, `unicode13.txt`). The result runs on
//! [`regex::Regex`] when it can and on [`fancy_regex::Regex`] when it needs look-around,
//! backreferences, atomic groups or possessive quantifiers. Matching, replacement and splitting
//! then follow `java.util.regex.Matcher` and `String.split` step by step, so results equal
//! Java's strings even though Rust counts UTF-8 bytes where Java counts UTF-16 units.
//!
//! ```
//! use apigw_vtl::java::regex::JavaRegex;
//!
//! let re = JavaRegex::new(r"(\d+)-(\d+)")?;
//! assert!(re.is_full_match("10-20"));
//! assert_eq!(re.replace_all("a 1-2 b", "$2:$1")?, "a 2:1 b");
//! assert_eq!(JavaRegex::new("$")?.replace_all("a\n", "X")?, "aX\nX");
//! # Ok::<(), apigw_vtl::java::regex::RegexError>(())
//! ```
//!
//! What is refused as untranslatable (a [`RegexError::Unsupported`] naming it): `\G`, `\X`,
//! `\b{g}`, `\N{name}`, `(?c)` (CANON_EQ), backreferences under `(?i)`, a look-behind whose
//! Java length arithmetic overflows, and nesting deeper than 100 levels.

use std::collections::HashMap;
use std::fmt;

mod charset;
mod emit;
mod parse;
mod sample;
mod unicode;

#[cfg(test)]
mod tests;

use crate::java::{ExceptionClass, JavaException};
use parse::{ParseFailure, Refusal};

/// Why a Java pattern or replacement was refused, or why a match could not be completed.
///
/// Every variant carries the Java pattern and a byte offset: into the pattern for compile-time
/// variants, into the replacement for [`RegexError::Replacement`], and into the searched text for
/// the match-time variants.
///
/// ```
/// use apigw_vtl::java::regex::{JavaRegex, RegexError};
///
/// let err = JavaRegex::new(r"a\Gb").unwrap_err();
/// assert_eq!(err.to_string(), r"unsupported Java regex construct `\G` at offset 1 in `a\Gb`");
/// assert!(matches!(JavaRegex::new("a(b"), Err(RegexError::Syntax { .. })));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RegexError {
    /// Java rejects the pattern: `Pattern.compile` throws `PatternSyntaxException`.
    #[error("invalid Java regex `{pattern}`: {description} at offset {offset}")]
    Syntax {
        /// The Java pattern.
        pattern: String,
        /// Byte offset of the character Java's error index points at.
        offset: usize,
        /// Java's own description, e.g. `Unclosed group`.
        description: String,
    },
    /// Java accepts the pattern but it has a construct this translator cannot express.
    #[error("unsupported Java regex construct `{construct}` at offset {offset} in `{pattern}`")]
    Unsupported {
        /// The Java pattern.
        pattern: String,
        /// Byte offset of the construct.
        offset: usize,
        /// The construct, e.g. `\G`.
        construct: String,
    },
    /// The translation is too large or too deeply nested for the Rust engine.
    #[error("Java regex `{pattern}` is too large for the Rust engine (offset {offset}): {reason}")]
    TooComplex {
        /// The Java pattern.
        pattern: String,
        /// Always 0: the whole pattern.
        offset: usize,
        /// The engine's message.
        reason: String,
    },
    /// Java rejects the replacement string (`IllegalArgumentException` or
    /// `IndexOutOfBoundsException` from `Matcher.appendReplacement`). Like Java, this is only
    /// reported once a match needs the replacement.
    #[error(
        "invalid replacement `{replacement}` for Java regex `{pattern}`: {message} at offset {offset}"
    )]
    Replacement {
        /// The Java pattern.
        pattern: String,
        /// The replacement string.
        replacement: String,
        /// Byte offset into the replacement.
        offset: usize,
        /// Java's message, e.g. `No group 9`.
        message: String,
        /// The exception Java throws.
        exception: ExceptionClass,
    },
    /// `fancy-regex` gave up (its backtracking limit or stack); Java would keep going (or throw
    /// `StackOverflowError`).
    #[error(
        "Java regex `{pattern}` hit the matcher's backtracking limit searching from offset {offset}"
    )]
    MatchLimit {
        /// The Java pattern.
        pattern: String,
        /// Byte offset into the text where the failing search started.
        offset: usize,
    },
    /// Java would match between the two UTF-16 halves of the supplementary character at this
    /// byte offset of the text, producing a string a Rust `String` cannot hold.
    #[error(
        "Java regex `{pattern}` would match inside the surrogate pair of the character at offset {offset}"
    )]
    SurrogatePair {
        /// The Java pattern.
        pattern: String,
        /// Byte offset into the text of the supplementary character.
        offset: usize,
    },
}

impl RegexError {
    /// The exception Java throws in the same situation, if Java throws one: a
    /// `PatternSyntaxException` for [`RegexError::Syntax`], an `IllegalArgumentException` or
    /// `IndexOutOfBoundsException` for [`RegexError::Replacement`]. Its message is this error's
    /// own text (pattern, place and Java's description). The other variants are this engine's
    /// limits, where Java would not fail: `None`.
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::java::ExceptionClass;
    /// use apigw_vtl::java::regex::JavaRegex;
    /// let err = JavaRegex::new("(a)")?.replace_all("a", "$2").unwrap_err();
    /// let thrown = err.java_exception().unwrap();
    /// assert_eq!(thrown.class(), ExceptionClass::IndexOutOfBoundsException);
    /// assert_eq!(
    ///     thrown.to_string(),
    ///     "IndexOutOfBoundsException: invalid replacement `$2` for Java regex `(a)`: No group 2 at offset 0"
    /// );
    /// assert!(JavaRegex::new(r"\G").unwrap_err().java_exception().is_none());
    /// # Ok::<(), apigw_vtl::java::regex::RegexError>(())
    /// ```
    pub fn java_exception(&self) -> Option<JavaException> {
        let class = match self {
            RegexError::Syntax { .. } => ExceptionClass::PatternSyntaxException,
            RegexError::Replacement { exception, .. } => *exception,
            _ => return None,
        };
        Some(JavaException::new(class, self.to_string()))
    }
}

/// One compiled engine.
#[derive(Clone)]
enum Engine {
    Plain(regex::Regex),
    Fancy(fancy_regex::Regex),
}

/// Spans of group 0..=n of one match.
type Spans = Vec<Option<(usize, usize)>>;

impl Engine {
    fn compile(pattern: &str, fancy: bool) -> Result<Engine, String> {
        if fancy {
            fancy_regex::RegexBuilder::new(pattern)
                .build()
                .map(Engine::Fancy)
                .map_err(|e| e.to_string())
        } else {
            regex::RegexBuilder::new(pattern)
                .size_limit(64 << 20)
                .nest_limit(1000)
                .build()
                .map(Engine::Plain)
                .map_err(|e| e.to_string())
        }
    }

    fn is_match(&self, text: &str) -> Result<bool, ()> {
        match self {
            Engine::Plain(re) => Ok(re.is_match(text)),
            Engine::Fancy(re) => re.is_match(text).map_err(|_| ()),
        }
    }

    /// The leftmost match starting at or after `pos`, with the text before `pos` visible to
    /// look-behind and `\b` (as Java's matcher sees the whole input).
    fn captures_at(&self, text: &str, pos: usize) -> Result<Option<Spans>, ()> {
        match self {
            Engine::Plain(re) => Ok(re.captures_at(text, pos).map(|caps| {
                caps.iter()
                    .map(|m| m.map(|m| (m.start(), m.end())))
                    .collect()
            })),
            Engine::Fancy(re) => match re.captures_from_pos(text, pos) {
                Ok(caps) => Ok(caps.map(|caps| {
                    (0..caps.len())
                        .map(|i| caps.get(i).map(|m| (m.start(), m.end())))
                        .collect()
                })),
                Err(_) => Err(()),
            },
        }
    }
}

/// A Java regular expression, compiled once and matched with Java's semantics.
///
/// ```
/// use apigw_vtl::java::regex::JavaRegex;
///
/// let re = JavaRegex::new("(?i)^hello")?;
/// assert!(re.find("HeLLo world").is_some());
/// assert_eq!(JavaRegex::new(",")?.split("a,b,,"), vec!["a", "b"]);
/// # Ok::<(), apigw_vtl::java::regex::RegexError>(())
/// ```
#[derive(Clone)]
pub struct JavaRegex {
    pattern: String,
    groups: usize,
    names: HashMap<String, usize>,
    search: Engine,
    full: Engine,
    /// Whether Java could match between the halves of a surrogate pair (see `emit::mid_pair`).
    mid_pair_risk: bool,
    /// See `parse::Parsed::utf16_lookbehind`.
    utf16_lookbehind: bool,
    /// See `parse::Parsed::unstable_groups`.
    unstable_groups: HashMap<usize, usize>,
    rust_pattern: String,
}

impl fmt::Debug for JavaRegex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JavaRegex")
            .field("pattern", &self.pattern)
            .field("groups", &self.groups)
            .finish_non_exhaustive()
    }
}

/// One piece of a parsed replacement string.
enum Piece {
    Text(String),
    Group(usize),
}

impl JavaRegex {
    /// Compiles a Java pattern (`Pattern.compile` with no flags; inline flags work).
    ///
    /// ```
    /// use apigw_vtl::java::regex::{JavaRegex, RegexError};
    /// assert!(JavaRegex::new(r"[a-z&&[^aeiou]]+").is_ok());
    /// assert!(matches!(JavaRegex::new("*"), Err(RegexError::Syntax { .. })));
    /// ```
    pub fn new(pattern: &str) -> Result<JavaRegex, RegexError> {
        let parsed = parse::parse(pattern).map_err(|f| refusal(pattern, f))?;
        let mut refs = Vec::new();
        emit::backrefs(&parsed.root, &mut refs);
        if let Some(at) = refs.iter().find_map(|g| parsed.unstable_groups.get(g)) {
            return Err(unstable(pattern, *at));
        }
        let emitted = emit::emit(&parsed.root, parsed.groups);
        let mid_pair_risk = emit::mid_pair(&parsed.root) != emit::MidPair::No;
        let too_complex = |reason: String| RegexError::TooComplex {
            pattern: pattern.to_string(),
            offset: 0,
            reason,
        };
        let search = Engine::compile(&emitted.pattern, emitted.fancy).map_err(too_complex)?;
        let full_pattern = format!(r"\A(?:{})\z", emitted.pattern);
        let full = Engine::compile(&full_pattern, emitted.fancy).map_err(too_complex)?;
        Ok(JavaRegex {
            pattern: pattern.to_string(),
            groups: parsed.groups,
            names: parsed.names,
            search,
            full,
            mid_pair_risk,
            utf16_lookbehind: parsed.utf16_lookbehind,
            unstable_groups: parsed.unstable_groups,
            rust_pattern: emitted.pattern,
        })
    }

    /// Strings that may match the pattern, built from its parsed form (each alternative, each
    /// repetition at its minimum and one more, readable characters from each class): candidates
    /// for a caller to check with [`JavaRegex::is_full_match`] (look-around, anchors and
    /// backreferences are not modelled). `apigw-vtl scaffold` finds an `errorMessage` that
    /// selects an integration response with them.
    ///
    /// ```
    /// use apigw_vtl::java::regex::JavaRegex;
    /// let re = JavaRegex::new(".*Error.*")?;
    /// let found = re.sample_candidates().into_iter().find(|c| re.is_full_match(c));
    /// assert_eq!(found.as_deref(), Some("Error"));
    /// # Ok::<(), apigw_vtl::java::regex::RegexError>(())
    /// ```
    pub fn sample_candidates(&self) -> Vec<String> {
        sample::candidates(&self.pattern)
    }

    /// The Java pattern this was compiled from.
    ///
    /// ```
    /// use apigw_vtl::java::regex::JavaRegex;
    /// assert_eq!(JavaRegex::new(r"\d+")?.as_str(), r"\d+");
    /// # Ok::<(), apigw_vtl::java::regex::RegexError>(())
    /// ```
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// The Rust regex syntax the pattern was translated to (for diagnostics).
    ///
    /// ```
    /// use apigw_vtl::java::regex::JavaRegex;
    /// assert_eq!(JavaRegex::new("a|b")?.rust_pattern(), "(?:a|b)");
    /// # Ok::<(), apigw_vtl::java::regex::RegexError>(())
    /// ```
    pub fn rust_pattern(&self) -> &str {
        &self.rust_pattern
    }

    /// Java's `groupCount()`: the number of capturing groups.
    ///
    /// ```
    /// use apigw_vtl::java::regex::JavaRegex;
    /// assert_eq!(JavaRegex::new("(a)(?:b)(?<c>c)")?.group_count(), 2);
    /// # Ok::<(), apigw_vtl::java::regex::RegexError>(())
    /// ```
    pub fn group_count(&self) -> usize {
        self.groups
    }

    /// `String.matches` / `Matcher.matches`: does the whole text match?
    ///
    /// Returns `false` when the engine hits its backtracking limit; [`JavaRegex::try_is_full_match`]
    /// reports that instead.
    ///
    /// ```
    /// use apigw_vtl::java::regex::JavaRegex;
    /// let re = JavaRegex::new("a|ab")?;
    /// assert!(re.is_full_match("ab"));
    /// assert!(!JavaRegex::new("a$")?.is_full_match("a\n"));
    /// # Ok::<(), apigw_vtl::java::regex::RegexError>(())
    /// ```
    pub fn is_full_match(&self, text: &str) -> bool {
        self.try_is_full_match(text).unwrap_or(false)
    }

    /// [`JavaRegex::is_full_match`], reporting a backtracking limit as an error.
    ///
    /// ```
    /// use apigw_vtl::java::regex::JavaRegex;
    /// assert_eq!(JavaRegex::new(r"\d+")?.try_is_full_match("123"), Ok(true));
    /// # Ok::<(), apigw_vtl::java::regex::RegexError>(())
    /// ```
    pub fn try_is_full_match(&self, text: &str) -> Result<bool, RegexError> {
        // Matcher.matches() never scans, so it never stands inside a surrogate pair.
        self.check_lookbehind(text)?;
        self.full.is_match(text).map_err(|()| self.limit(0))
    }

    /// The first match (`Matcher.find()` from the start) as byte offsets into `text`.
    ///
    /// Returns `None` where [`JavaRegex::try_find`] returns an error (backtracking limit, or a
    /// Java match inside a surrogate pair, which has no byte offset).
    ///
    /// ```
    /// use apigw_vtl::java::regex::JavaRegex;
    /// assert_eq!(JavaRegex::new("é+")?.find("caféé!"), Some((3, 7)));
    /// # Ok::<(), apigw_vtl::java::regex::RegexError>(())
    /// ```
    pub fn find(&self, text: &str) -> Option<(usize, usize)> {
        self.try_find(text).ok().flatten()
    }

    /// [`JavaRegex::find`], reporting why there is no answer.
    ///
    /// ```
    /// use apigw_vtl::java::regex::JavaRegex;
    /// assert_eq!(JavaRegex::new("b")?.try_find("abc"), Ok(Some((1, 2))));
    /// # Ok::<(), apigw_vtl::java::regex::RegexError>(())
    /// ```
    pub fn try_find(&self, text: &str) -> Result<Option<(usize, usize)>, RegexError> {
        let mut first = None;
        self.for_each_match(text, |spans| {
            first = spans[0];
            false
        })?;
        Ok(first)
    }

    /// `String.replaceAll`: every match replaced, with Java's replacement syntax (`$n`, `${name}`,
    /// `\` escapes; `$12` is group 12 only if it exists, else group 1 then `2`).
    ///
    /// ```
    /// use apigw_vtl::java::regex::JavaRegex;
    /// assert_eq!(JavaRegex::new("x*")?.replace_all("abc", "-")?, "-a-b-c-");
    /// assert_eq!(JavaRegex::new(r"(?<w>\w+)")?.replace_all("hi you", "<${w}>")?, "<hi> <you>");
    /// assert!(JavaRegex::new("a")?.replace_all("a", "$9").is_err());
    /// # Ok::<(), apigw_vtl::java::regex::RegexError>(())
    /// ```
    pub fn replace_all(&self, text: &str, replacement: &str) -> Result<String, RegexError> {
        self.replace(text, replacement, false)
    }

    /// `String.replaceFirst`: the first match replaced.
    ///
    /// ```
    /// use apigw_vtl::java::regex::JavaRegex;
    /// assert_eq!(JavaRegex::new("o")?.replace_first("foo", "0")?, "f0o");
    /// # Ok::<(), apigw_vtl::java::regex::RegexError>(())
    /// ```
    pub fn replace_first(&self, text: &str, replacement: &str) -> Result<String, RegexError> {
        self.replace(text, replacement, true)
    }

    /// `String.split(regex)` (limit 0): trailing empty strings removed, no leading empty string
    /// for a zero-width match at the start, and the whole text when nothing matches.
    ///
    /// Where [`JavaRegex::try_split`] fails (backtracking limit, or Java splitting inside a
    /// surrogate pair), this returns the whole text as the single piece.
    ///
    /// ```
    /// use apigw_vtl::java::regex::JavaRegex;
    /// assert_eq!(JavaRegex::new(",")?.split("a,,b,,"), vec!["a", "", "b"]);
    /// assert_eq!(JavaRegex::new("")?.split("abc"), vec!["a", "b", "c"]);
    /// assert_eq!(JavaRegex::new(",")?.split(""), vec![""]);
    /// # Ok::<(), apigw_vtl::java::regex::RegexError>(())
    /// ```
    pub fn split(&self, text: &str) -> Vec<String> {
        self.try_split(text)
            .unwrap_or_else(|_| vec![text.to_string()])
    }

    /// [`JavaRegex::split`], reporting why there is no answer.
    ///
    /// ```
    /// use apigw_vtl::java::regex::JavaRegex;
    /// assert_eq!(JavaRegex::new(r"\s+")?.try_split(" a b")?, vec!["", "a", "b"]);
    /// # Ok::<(), apigw_vtl::java::regex::RegexError>(())
    /// ```
    pub fn try_split(&self, text: &str) -> Result<Vec<String>, RegexError> {
        // Pattern.split(input, 0). String.split's one-character fast path gives the same pieces.
        let mut pieces: Vec<String> = Vec::new();
        let mut index = 0;
        self.for_each_match(text, |spans| {
            if let Some((start, end)) = spans[0] {
                // Java 8+: no leading empty piece for a zero-width match at the beginning.
                if !(index == 0 && start == 0 && start == end) {
                    pieces.push(text[index..start].to_string());
                    index = end;
                }
            }
            true
        })?;
        if index == 0 {
            return Ok(vec![text.to_string()]);
        }
        pieces.push(text[index..].to_string());
        while pieces.last().is_some_and(|p| p.is_empty()) {
            pieces.pop();
        }
        Ok(pieces)
    }

    fn limit(&self, offset: usize) -> RegexError {
        RegexError::MatchLimit {
            pattern: self.pattern.clone(),
            offset,
        }
    }

    /// Refuses text on which a UTF-16-counted look-behind window could differ (see
    /// `parse::Parsed::utf16_lookbehind`).
    fn check_lookbehind(&self, text: &str) -> Result<(), RegexError> {
        if let Some((at, _)) = text
            .char_indices()
            .find(|(_, c)| self.utf16_lookbehind && c.len_utf8() == 4)
        {
            return Err(self.surrogate(at));
        }
        Ok(())
    }

    fn surrogate(&self, offset: usize) -> RegexError {
        RegexError::SurrogatePair {
            pattern: self.pattern.clone(),
            offset,
        }
    }

    /// Java's `Matcher.find()` loop. After a match, the next search starts at its end; after an
    /// empty match, one character further (Java: one UTF-16 unit). An empty match right where
    /// the previous match ended is allowed (`"abc".replaceAll("b*", "-")` is `-a--c-`), unlike
    /// the `regex` crate's own iterators. `f` returns false to stop.
    fn for_each_match(
        &self,
        text: &str,
        mut f: impl FnMut(&Spans) -> bool,
    ) -> Result<(), RegexError> {
        self.check_lookbehind(text)?;
        let mut pos = 0;
        while pos <= text.len() {
            let found = self
                .search
                .captures_at(text, pos)
                .map_err(|()| self.limit(pos))?;
            let scan_end = found
                .as_ref()
                .and_then(|s| s[0])
                .map_or(text.len(), |(start, _)| start);
            if self.mid_pair_risk {
                // Java's scan tried the low half of every supplementary character it passed.
                if let Some((at, _)) = text[pos..scan_end]
                    .char_indices()
                    .find(|(_, ch)| ch.len_utf8() == 4)
                {
                    return Err(self.surrogate(pos + at));
                }
            }
            let Some(spans) = found else { break };
            let Some((start, end)) = spans[0] else { break };
            if !f(&spans) {
                break;
            }
            if start == end {
                let Some(ch) = text[end..].chars().next() else {
                    break;
                };
                if self.mid_pair_risk && ch.len_utf8() == 4 {
                    return Err(self.surrogate(end));
                }
                pos = end + ch.len_utf8();
            } else {
                pos = end;
            }
        }
        Ok(())
    }

    fn replace(
        &self,
        text: &str,
        replacement: &str,
        first_only: bool,
    ) -> Result<String, RegexError> {
        let mut out = String::new();
        let mut last = 0;
        let mut pieces: Option<Vec<Piece>> = None;
        let mut error = None;
        let mut matched = false;
        self.for_each_match(text, |spans| {
            // Java parses the replacement in appendReplacement, so a bad one only fails once
            // something matched.
            if pieces.is_none() {
                match self.parse_replacement(replacement) {
                    Ok(p) => pieces = Some(p),
                    Err(e) => {
                        error = Some(e);
                        return false;
                    }
                }
            }
            let Some((start, end)) = spans[0] else {
                return false;
            };
            matched = true;
            out.push_str(&text[last..start]);
            for piece in pieces.iter().flatten() {
                match piece {
                    Piece::Text(s) => out.push_str(s),
                    Piece::Group(g) => {
                        if let Some(Some((s, e))) = spans.get(*g) {
                            out.push_str(&text[*s..*e]);
                        }
                    }
                }
            }
            last = end;
            !first_only
        })?;
        if let Some(e) = error {
            return Err(e);
        }
        if !matched {
            return Ok(text.to_string());
        }
        out.push_str(&text[last..]);
        Ok(out)
    }

    /// Port of `Matcher.appendExpandedReplacement` (JDK 17).
    fn parse_replacement(&self, rep: &str) -> Result<Vec<Piece>, RegexError> {
        let err =
            |offset: usize, message: String, exception: ExceptionClass| RegexError::Replacement {
                pattern: self.pattern.clone(),
                replacement: rep.to_string(),
                offset,
                message,
                exception,
            };
        const IAE: ExceptionClass = ExceptionClass::IllegalArgumentException;
        let chars: Vec<(usize, char)> = rep.char_indices().collect();
        let mut pieces = Vec::new();
        let mut lit = String::new();
        let mut i = 0;
        while i < chars.len() {
            let (at, ch) = chars[i];
            if ch == '\\' {
                i += 1;
                let Some(&(_, escaped)) = chars.get(i) else {
                    return Err(err(at, "character to be escaped is missing".into(), IAE));
                };
                lit.push(escaped);
                i += 1;
            } else if ch == '$' {
                i += 1;
                let Some(&(_, next)) = chars.get(i) else {
                    return Err(err(
                        at,
                        "Illegal group reference: group index is missing".into(),
                        IAE,
                    ));
                };
                let group;
                if next == '{' {
                    i += 1;
                    let mut name = String::new();
                    let mut last = next;
                    while let Some(&(_, c)) = chars.get(i) {
                        last = c;
                        if c.is_ascii_alphanumeric() {
                            name.push(c);
                            i += 1;
                        } else {
                            break;
                        }
                    }
                    if name.is_empty() {
                        return Err(err(
                            at,
                            "named capturing group has 0 length name".into(),
                            IAE,
                        ));
                    }
                    if last != '}' {
                        return Err(err(
                            at,
                            "named capturing group is missing trailing '}'".into(),
                            IAE,
                        ));
                    }
                    if name.starts_with(|c: char| c.is_ascii_digit()) {
                        let m =
                            format!("capturing group name {{{name}}} starts with digit character");
                        return Err(err(at, m, IAE));
                    }
                    let Some(&g) = self.names.get(&name) else {
                        return Err(err(at, format!("No group with name {{{name}}}"), IAE));
                    };
                    group = g;
                    i += 1;
                } else {
                    let Some(first) = next.to_digit(10) else {
                        return Err(err(at, "Illegal group reference".into(), IAE));
                    };
                    let mut num = first as usize;
                    i += 1;
                    // Take more digits only while the number stays a group that exists.
                    while let Some(d) = chars.get(i).and_then(|&(_, c)| c.to_digit(10)) {
                        let candidate = num * 10 + d as usize;
                        if candidate > self.groups {
                            break;
                        }
                        num = candidate;
                        i += 1;
                    }
                    if num > self.groups {
                        return Err(err(
                            at,
                            format!("No group {num}"),
                            ExceptionClass::IndexOutOfBoundsException,
                        ));
                    }
                    group = num;
                }
                if let Some(&group_at) = self.unstable_groups.get(&group) {
                    return Err(unstable(&self.pattern, group_at));
                }
                if !lit.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut lit)));
                }
                pieces.push(Piece::Group(group));
            } else {
                lit.push(ch);
                i += 1;
            }
        }
        if !lit.is_empty() {
            pieces.push(Piece::Text(lit));
        }
        Ok(pieces)
    }
}

/// A reference to a group whose capture Java and Rust can disagree on.
fn unstable(pattern: &str, offset: usize) -> RegexError {
    RegexError::Unsupported {
        pattern: pattern.to_string(),
        offset,
        construct: "reference to a group repeated by a quantifier whose body can match empty"
            .to_string(),
    }
}

fn refusal(pattern: &str, f: ParseFailure) -> RegexError {
    match f.refusal {
        Refusal::Syntax(description) => RegexError::Syntax {
            pattern: pattern.to_string(),
            offset: f.offset,
            description,
        },
        Refusal::Unsupported(construct) => RegexError::Unsupported {
            pattern: pattern.to_string(),
            offset: f.offset,
            construct,
        },
    }
}

//! A parser for `java.util.regex.Pattern` syntax, ported from JDK 17's recursive descent
//! (`Pattern.expr`, `sequence`, `atom`, `escape`, `clazz`, `range`, `family`, `group0`,
//! `closure`) so that it accepts and rejects exactly what Java does, with Java's messages.
//!
//! Flags are resolved here, as Java resolves them when it builds each node: the AST has no flags.
//! A literal under `(?i)` is already the set of characters it matches, `.` is already the set
//! `[^\n\r\u0085\u2028\u2029]`, and `$` already knows whether it is MULTILINE or UNIX_LINES.

use std::collections::HashMap;

use super::charset::CharSet;
use super::unicode::{self, mask, tables};

// java.util.regex.Pattern flag bits.
const UNIX_LINES: u32 = 0x01;
const CASE_INSENSITIVE: u32 = 0x02;
const COMMENTS: u32 = 0x04;
const MULTILINE: u32 = 0x08;
const DOTALL: u32 = 0x20;
const UNICODE_CASE: u32 = 0x40;
const CANON_EQ: u32 = 0x80;
const UNICODE_CHARACTER_CLASS: u32 = 0x100;

/// Java's `MAX_REPS`: `*` is `{0,MAX_REPS}` and a written `{0,2147483647}` is the same thing.
const MAX_REPS: u32 = 0x7FFF_FFFF;

/// How deep groups and classes may nest before we refuse the pattern rather than risk the stack.
const MAX_DEPTH: usize = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Greed {
    Greedy,
    Lazy,
    Possessive,
}

/// Zero-width assertions, each with the exact Java node it stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Assertion {
    /// `\A`, and `^` without MULTILINE (`Begin`).
    Begin,
    /// `\z` (`End`).
    End,
    /// `$` without MULTILINE and `\Z` (`Dollar(false)`, `UnixDollar(false)` when `unix`).
    DollarEnd { unix: bool },
    /// `$` with MULTILINE (`Dollar(true)`, `UnixDollar(true)`).
    DollarLine { unix: bool },
    /// `^` with MULTILINE (`Caret`, `UnixCaret`).
    CaretLine { unix: bool },
    /// `\b` (`Bound.BOTH`); `unicode` under `(?U)`.
    WordBoundary { unicode: bool },
    /// `\B` (`Bound.NONE`).
    NotWordBoundary { unicode: bool },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Node {
    Empty,
    /// One code point out of the set.
    Char(CharSet),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Capture(usize, Box<Node>),
    Group(Box<Node>),
    Atomic(Box<Node>),
    Look {
        behind: bool,
        negate: bool,
        node: Box<Node>,
    },
    Repeat {
        node: Box<Node>,
        min: u32,
        /// `None` for Java's `MAX_REPS`.
        max: Option<u32>,
        greed: Greed,
    },
    Assert(Assertion),
    BackRef(usize),
    /// `\R`: `\r\n` first, then one of `[\n\x0B\f\r\x85\u2028\u2029]`; backtracking from
    /// `\r\n` to `\r` is allowed, as in Java 9+.
    LineEnding,
}

impl Node {
    /// True for nodes that never consume input.
    pub(crate) fn is_zero_width(&self) -> bool {
        matches!(self, Node::Assert(_) | Node::Look { .. })
    }
}

/// A parsed pattern.
#[derive(Debug)]
pub(crate) struct Parsed {
    pub(crate) root: Node,
    /// Capturing groups, group 0 not counted (Java's `groupCount()`).
    pub(crate) groups: usize,
    pub(crate) names: HashMap<String, usize>,
    /// Groups whose captured text Java and Rust can disagree on, with the byte offset of the
    /// group: a group inside a repeated, non-deterministic body that can match empty. Java's
    /// `Loop` runs the body once more after the last non-empty iteration, so `(a|)+` on `aa`
    /// leaves group 1 empty; the Rust engines keep the last non-empty `a`.
    pub(crate) unstable_groups: HashMap<usize, usize>,
    /// A look-behind whose search window Java counts in UTF-16 units (`Pattern.Behind`, chosen
    /// when no supplementary character is written in the pattern from the look-behind on) and
    /// whose body can match a supplementary character: on text with such characters Java's
    /// window is too short or starts inside a pair.
    pub(crate) utf16_lookbehind: bool,
}

/// Why a pattern was refused; `at` indexes the code point array (`Parser::offs` maps it).
#[derive(Debug)]
pub(crate) enum Refusal {
    /// Java itself throws `PatternSyntaxException` with this description.
    Syntax(String),
    /// Java accepts it; we cannot translate it. The text names the construct.
    Unsupported(String),
}

#[derive(Debug)]
pub(crate) struct ParseFailure {
    pub(crate) refusal: Refusal,
    /// Byte offset into the Java pattern.
    pub(crate) offset: usize,
}

type PResult<T> = Result<T, ParseFailure>;

/// What `escape()` found: a character, a class (Java's `predicate`) or a node (Java's `root`).
enum Esc {
    Char(u32),
    Set(CharSet),
    Node(Node),
}

const C_BACKSLASH: u32 = '\\' as u32;

fn c(ch: char) -> u32 {
    ch as u32
}

fn is_ascii_space(ch: u32) -> bool {
    matches!(ch, 0x20 | 0x09 | 0x0A | 0x0B | 0x0C | 0x0D)
}

fn is_ascii_digit(ch: u32) -> bool {
    (0x30..=0x39).contains(&ch)
}

fn is_ascii_alpha(ch: u32) -> bool {
    (0x41..=0x5A).contains(&ch) || (0x61..=0x7A).contains(&ch)
}

fn is_hex(ch: u32) -> bool {
    is_ascii_digit(ch) || (0x41..=0x46).contains(&ch) || (0x61..=0x66).contains(&ch)
}

fn hex_value(ch: u32) -> u32 {
    char::from_u32(ch).and_then(|c| c.to_digit(16)).unwrap_or(0)
}

fn ascii_lower(ch: u32) -> u32 {
    if (0x41..=0x5A).contains(&ch) {
        ch + 0x20
    } else {
        ch
    }
}

fn ascii_upper(ch: u32) -> u32 {
    if (0x61..=0x7A).contains(&ch) {
        ch - 0x20
    } else {
        ch
    }
}

fn is_high_surrogate(ch: u32) -> bool {
    (0xD800..=0xDBFF).contains(&ch)
}

fn is_low_surrogate(ch: u32) -> bool {
    (0xDC00..=0xDFFF).contains(&ch)
}

/// Java's `TreeInfo`, used only for the "obvious maximum length" rule of look-behind.
#[derive(Clone, Copy, Debug)]
struct Info {
    min: i32,
    max: i32,
    max_valid: bool,
    det: bool,
    /// Java's int arithmetic wrapped somewhere (so its look-behind bound is meaningless).
    wrapped: bool,
}

impl Info {
    fn new() -> Info {
        Info {
            min: 0,
            max: 0,
            max_valid: true,
            det: true,
            wrapped: false,
        }
    }
    fn add(&mut self, min: i32, max: i32) {
        let (m, o1) = self.min.overflowing_add(min);
        let (x, o2) = self.max.overflowing_add(max);
        self.min = m;
        self.max = x;
        self.wrapped |= o1 || o2;
    }
}

/// The code points of the pattern after Java's `\Q...\E` preprocessing, each with the byte
/// offset of the pattern text it came from.
fn remove_qe_quoting(cps: Vec<u32>, offs: Vec<usize>) -> (Vec<u32>, Vec<usize>) {
    // Port of Pattern.RemoveQEQuoting: quoting is resolved before parsing, so `\Q` works inside
    // classes too, and a quoted digit right after `\Q` becomes `\x3d` so that a preceding
    // `\0`/`\x`/`\u` escape cannot swallow it.
    let p_len = cps.len();
    let mut i = 0;
    while i + 1 < p_len {
        if cps[i] != C_BACKSLASH {
            i += 1;
        } else if cps[i + 1] != c('Q') {
            i += 2;
        } else {
            break;
        }
    }
    if i + 1 >= p_len {
        return (cps, offs);
    }
    let mut out: Vec<u32> = cps[..i].to_vec();
    let mut out_offs: Vec<usize> = offs[..i].to_vec();
    i += 2;
    let mut in_quote = true;
    let mut begin_quote = true;
    while i < p_len {
        let ch = cps[i];
        let at = offs[i];
        i += 1;
        let mut push = |v: u32| {
            out.push(v);
            out_offs.push(at);
        };
        if ch >= 0x80 || is_ascii_alpha(ch) {
            push(ch);
        } else if is_ascii_digit(ch) {
            if begin_quote {
                push(C_BACKSLASH);
                push(c('x'));
                push(c('3'));
            }
            push(ch);
        } else if ch != C_BACKSLASH {
            if in_quote {
                push(C_BACKSLASH);
            }
            push(ch);
        } else if in_quote {
            if i < p_len && cps[i] == c('E') {
                i += 1;
                in_quote = false;
            } else {
                push(C_BACKSLASH);
                push(C_BACKSLASH);
            }
        } else if i < p_len && cps[i] == c('Q') {
            i += 1;
            in_quote = true;
            begin_quote = true;
            continue;
        } else {
            push(ch);
            if i != p_len {
                push(cps[i]);
                i += 1;
            }
        }
        begin_quote = false;
    }
    (out, out_offs)
}

pub(crate) struct Parser {
    temp: Vec<u32>,
    offs: Vec<usize>,
    pattern_length: usize,
    cursor: usize,
    flags: u32,
    group_count: usize,
    names: HashMap<String, usize>,
    depth: usize,
    group_offsets: HashMap<usize, usize>,
    unstable_groups: HashMap<usize, usize>,
    utf16_lookbehind: bool,
}

/// Parses a Java pattern.
pub(crate) fn parse(pattern: &str) -> PResult<Parsed> {
    let mut cps = Vec::new();
    let mut offs = Vec::new();
    for (at, ch) in pattern.char_indices() {
        cps.push(ch as u32);
        offs.push(at);
    }
    let (mut temp, mut offs) = remove_qe_quoting(cps, offs);
    let pattern_length = temp.len();
    // Java terminates the array with two zeros and tells a literal NUL by the cursor position.
    temp.extend([0, 0]);
    offs.extend([pattern.len(), pattern.len()]);
    let mut p = Parser {
        temp,
        offs,
        pattern_length,
        cursor: 0,
        flags: 0,
        group_count: 1,
        names: HashMap::new(),
        depth: 0,
        group_offsets: HashMap::new(),
        unstable_groups: HashMap::new(),
        utf16_lookbehind: false,
    };
    let root = p.expr()?;
    if p.pattern_length != p.cursor {
        if p.peek() == c(')') {
            return Err(p.error("Unmatched closing ')'"));
        }
        return Err(p.error("Unexpected internal error"));
    }
    Ok(Parsed {
        root,
        groups: p.group_count - 1,
        names: p.names,
        unstable_groups: p.unstable_groups,
        utf16_lookbehind: p.utf16_lookbehind,
    })
}

impl Parser {
    fn has(&self, f: u32) -> bool {
        self.flags & f != 0
    }

    fn at(&self, i: usize) -> u32 {
        self.temp.get(i).copied().unwrap_or(0)
    }

    fn offset_of(&self, i: usize) -> usize {
        let last = self.offs.len() - 1;
        self.offs[i.min(last)]
    }

    /// Java's `error()`: the index is `cursor - 1`.
    fn error(&self, message: &str) -> ParseFailure {
        ParseFailure {
            refusal: Refusal::Syntax(message.to_string()),
            offset: self.offset_of(self.cursor.saturating_sub(1)),
        }
    }

    fn unsupported(&self, at: usize, construct: &str) -> ParseFailure {
        ParseFailure {
            refusal: Refusal::Unsupported(construct.to_string()),
            offset: self.offset_of(at),
        }
    }

    fn peek(&mut self) -> u32 {
        let ch = self.at(self.cursor);
        if self.has(COMMENTS) {
            self.peek_past_whitespace(ch)
        } else {
            ch
        }
    }

    fn read(&mut self) -> u32 {
        let ch = self.at(self.cursor);
        self.cursor += 1;
        if self.has(COMMENTS) {
            self.parse_past_whitespace(ch)
        } else {
            ch
        }
    }

    fn next(&mut self) -> u32 {
        self.cursor += 1;
        let ch = self.at(self.cursor);
        if self.has(COMMENTS) {
            self.peek_past_whitespace(ch)
        } else {
            ch
        }
    }

    fn next_escaped(&mut self) -> u32 {
        self.cursor += 1;
        self.at(self.cursor)
    }

    fn skip(&mut self) -> u32 {
        let ch = self.at(self.cursor + 1);
        self.cursor += 2;
        ch
    }

    fn unread(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    fn is_line_separator(&self, ch: u32) -> bool {
        if self.has(UNIX_LINES) {
            ch == 0x0A
        } else {
            ch == 0x0A || ch == 0x0D || (ch | 1) == 0x2029 || ch == 0x85
        }
    }

    fn peek_past_whitespace(&mut self, mut ch: u32) -> u32 {
        while is_ascii_space(ch) || ch == c('#') {
            while is_ascii_space(ch) {
                self.cursor += 1;
                ch = self.at(self.cursor);
            }
            if ch == c('#') {
                ch = self.peek_past_line();
            }
        }
        ch
    }

    fn parse_past_whitespace(&mut self, mut ch: u32) -> u32 {
        while is_ascii_space(ch) || ch == c('#') {
            while is_ascii_space(ch) {
                ch = self.at(self.cursor);
                self.cursor += 1;
            }
            if ch == c('#') {
                ch = self.parse_past_line();
            }
        }
        ch
    }

    fn parse_past_line(&mut self) -> u32 {
        let mut ch = self.at(self.cursor);
        self.cursor += 1;
        while ch != 0 && !self.is_line_separator(ch) {
            ch = self.at(self.cursor);
            self.cursor += 1;
        }
        if ch == 0 && self.cursor > self.pattern_length {
            self.cursor = self.pattern_length;
            ch = self.at(self.cursor);
            self.cursor += 1;
        }
        ch
    }

    fn peek_past_line(&mut self) -> u32 {
        self.cursor += 1;
        let mut ch = self.at(self.cursor);
        while ch != 0 && !self.is_line_separator(ch) {
            self.cursor += 1;
            ch = self.at(self.cursor);
        }
        if ch == 0 && self.cursor > self.pattern_length {
            self.cursor = self.pattern_length;
            ch = self.at(self.cursor);
        }
        ch
    }

    fn accept(&mut self, ch: u32, message: &str) -> PResult<()> {
        let mut test = self.at(self.cursor);
        self.cursor += 1;
        if self.has(COMMENTS) {
            test = self.parse_past_whitespace(test);
        }
        if ch != test {
            return Err(self.error(message));
        }
        Ok(())
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.unsupported(self.cursor, "nesting deeper than 100 groups or classes"));
        }
        Ok(())
    }

    // ---- expressions ------------------------------------------------------------------

    fn expr(&mut self) -> PResult<Node> {
        self.enter()?;
        let mut alts = Vec::new();
        loop {
            alts.push(self.sequence()?);
            if self.peek() != c('|') {
                break;
            }
            self.next();
        }
        self.depth -= 1;
        Ok(if alts.len() == 1 {
            alts.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alt(alts)
        })
    }

    fn sequence(&mut self) -> PResult<Node> {
        let mut nodes = Vec::new();
        loop {
            let ch = self.peek();
            let node = match char::from_u32(ch).unwrap_or('\u{FFFD}') {
                '(' => {
                    if let Some(group) = self.group0()? {
                        nodes.push(group);
                    }
                    continue;
                }
                '[' => {
                    if self.has(CANON_EQ) {
                        return Err(self.unsupported(self.cursor, "(?c) CANON_EQ"));
                    }
                    self.enter()?;
                    let set = self.clazz(true)?;
                    self.depth -= 1;
                    Node::Char(set)
                }
                '\\' => {
                    let ch = self.next_escaped();
                    if ch == c('p') || ch == c('P') {
                        let comp = ch == c('P');
                        let mut one_letter = true;
                        if self.next() != c('{') {
                            self.unread();
                        } else {
                            one_letter = false;
                        }
                        Node::Char(self.family(one_letter, comp)?)
                    } else {
                        self.unread();
                        self.atom()?
                    }
                }
                '^' => {
                    self.next();
                    if self.has(MULTILINE) {
                        Node::Assert(Assertion::CaretLine {
                            unix: self.has(UNIX_LINES),
                        })
                    } else {
                        Node::Assert(Assertion::Begin)
                    }
                }
                '$' => {
                    self.next();
                    let unix = self.has(UNIX_LINES);
                    if self.has(MULTILINE) {
                        Node::Assert(Assertion::DollarLine { unix })
                    } else {
                        Node::Assert(Assertion::DollarEnd { unix })
                    }
                }
                '.' => {
                    self.next();
                    Node::Char(if self.has(DOTALL) {
                        CharSet::full()
                    } else if self.has(UNIX_LINES) {
                        CharSet::single(0x0A).negate()
                    } else {
                        line_terminators().negate()
                    })
                }
                '|' | ')' => break,
                ']' | '}' => self.atom()?,
                '?' | '*' | '+' => {
                    self.next();
                    let m = format!(
                        "Dangling meta character '{}'",
                        char::from_u32(ch).unwrap_or('?')
                    );
                    return Err(self.error(&m));
                }
                '\0' if self.cursor >= self.pattern_length => break,
                _ => self.atom()?,
            };
            let node = self.closure(node)?;
            nodes.push(node);
        }
        Ok(match nodes.len() {
            0 => Node::Empty,
            1 => nodes.pop().unwrap_or(Node::Empty),
            _ => Node::Concat(nodes),
        })
    }

    fn atom(&mut self) -> PResult<Node> {
        let mut buf: Vec<u32> = Vec::new();
        let mut prev = 0usize;
        let mut ch = self.peek();
        loop {
            match char::from_u32(ch).unwrap_or('\u{FFFD}') {
                '*' | '+' | '?' | '{' => {
                    if buf.len() > 1 {
                        self.cursor = prev;
                        buf.pop();
                    }
                }
                '$' | '.' | '^' | '(' | '[' | '|' | ')' => {}
                '\\' => {
                    ch = self.next_escaped();
                    if ch == c('p') || ch == c('P') {
                        if !buf.is_empty() {
                            self.unread();
                        } else {
                            let comp = ch == c('P');
                            let mut one_letter = true;
                            if self.next() != c('{') {
                                self.unread();
                            } else {
                                one_letter = false;
                            }
                            return Ok(Node::Char(self.family(one_letter, comp)?));
                        }
                    } else {
                        self.unread();
                        prev = self.cursor;
                        match self.escape(false, buf.is_empty(), false)? {
                            Esc::Char(v) => {
                                buf.push(v);
                                ch = self.peek();
                                continue;
                            }
                            Esc::Set(set) if buf.is_empty() => return Ok(Node::Char(set)),
                            Esc::Node(node) if buf.is_empty() => return Ok(node),
                            _ => self.cursor = prev,
                        }
                    }
                }
                '\0' if self.cursor >= self.pattern_length => {}
                _ => {
                    prev = self.cursor;
                    buf.push(ch);
                    ch = self.next();
                    continue;
                }
            }
            break;
        }
        if buf.len() == 1 {
            return Ok(Node::Char(self.single(buf[0])));
        }
        // A slice. Under (?iu) Java's SliceU compares toLowerCase(toUpperCase(c)) of every
        // character, which differs from a lone character's SingleU for uncased letters like ß.
        let slice_u = self.has(CASE_INSENSITIVE) && self.has(UNICODE_CASE);
        let nodes: Vec<Node> = buf
            .iter()
            .map(|&ch| {
                if slice_u {
                    let t = tables();
                    Node::Char(t.folds_to(t.fold(ch)))
                } else {
                    Node::Char(self.single(ch))
                }
            })
            .collect();
        Ok(match nodes.len() {
            0 => Node::Empty,
            _ => Node::Concat(nodes),
        })
    }

    fn reference(&mut self, mut ref_num: usize) -> PResult<Node> {
        loop {
            let ch = self.peek();
            if !is_ascii_digit(ch) {
                break;
            }
            let new_ref = ref_num * 10 + (ch - c('0')) as usize;
            if self.group_count - 1 < new_ref {
                break;
            }
            ref_num = new_ref;
            self.read();
        }
        Ok(Node::BackRef(ref_num))
    }

    fn escape(&mut self, inclass: bool, create: bool, isrange: bool) -> PResult<Esc> {
        let start = self.cursor;
        let ch = self.skip();
        let uc = self.has(UNICODE_CHARACTER_CLASS);
        let letter = char::from_u32(ch).unwrap_or('\u{FFFD}');
        let ok = match letter {
            '0' => return Ok(Esc::Char(self.octal()?)),
            '1'..='9' if !inclass => {
                if create {
                    if self.has(CASE_INSENSITIVE) {
                        return Err(self.unsupported(start, "case-insensitive backreference"));
                    }
                    return Ok(Esc::Node(self.reference((ch - c('0')) as usize)?));
                }
                return Ok(Esc::Node(Node::Empty));
            }
            'A' if !inclass => return Ok(Esc::Node(Node::Assert(Assertion::Begin))),
            'B' if !inclass => {
                return Ok(Esc::Node(Node::Assert(Assertion::NotWordBoundary {
                    unicode: uc,
                })));
            }
            'D' => return Ok(Esc::Set(digit_set(uc).negate())),
            'G' if !inclass => {
                if create {
                    return Err(self.unsupported(start, r"\G"));
                }
                return Ok(Esc::Node(Node::Empty));
            }
            'H' => return Ok(Esc::Set(horiz_ws().negate())),
            'N' => {
                // \N{name} needs Java's character name table.
                if create || inclass {
                    return Err(self.unsupported(start, r"\N{...}"));
                }
                return Ok(Esc::Node(Node::Empty));
            }
            'R' if !inclass => return Ok(Esc::Node(Node::LineEnding)),
            'S' => return Ok(Esc::Set(space_set(uc).negate())),
            'V' => return Ok(Esc::Set(vert_ws().negate())),
            'W' => return Ok(Esc::Set(word_set(uc).negate())),
            'X' if !inclass => {
                if create {
                    return Err(self.unsupported(start, r"\X"));
                }
                return Ok(Esc::Node(Node::Empty));
            }
            'Z' if !inclass => {
                return Ok(Esc::Node(Node::Assert(Assertion::DollarEnd {
                    unix: self.has(UNIX_LINES),
                })));
            }
            'a' => return Ok(Esc::Char(0x07)),
            'b' if !inclass => {
                if create && self.peek() == c('{') {
                    // \b{g}: Java reads it only when creating the node.
                    return Err(self.unsupported(start, r"\b{g}"));
                }
                return Ok(Esc::Node(Node::Assert(Assertion::WordBoundary {
                    unicode: uc,
                })));
            }
            'c' => return Ok(Esc::Char(self.control()?)),
            'd' => return Ok(Esc::Set(digit_set(uc))),
            'e' => return Ok(Esc::Char(0x1B)),
            'f' => return Ok(Esc::Char(0x0C)),
            'h' => return Ok(Esc::Set(horiz_ws())),
            'k' if !inclass => {
                if self.read() != c('<') {
                    return Err(self.error("\\k is not followed by '<' for named capturing group"));
                }
                let first = self.read();
                let name = self.groupname(first)?;
                let Some(&number) = self.names.get(&name) else {
                    let m = format!("named capturing group <{name}> does not exist");
                    return Err(self.error(&m));
                };
                if create && self.has(CASE_INSENSITIVE) {
                    return Err(self.unsupported(start, "case-insensitive backreference"));
                }
                return Ok(Esc::Node(Node::BackRef(number)));
            }
            'n' => return Ok(Esc::Char(0x0A)),
            'r' => return Ok(Esc::Char(0x0D)),
            's' => return Ok(Esc::Set(space_set(uc))),
            't' => return Ok(Esc::Char(0x09)),
            'u' => return Ok(Esc::Char(self.unicode_escape()?)),
            'v' => {
                // Before JDK 8 `\v` was VT; Java still reads it as VT at a range end.
                if isrange {
                    return Ok(Esc::Char(0x0B));
                }
                return Ok(Esc::Set(vert_ws()));
            }
            'w' => return Ok(Esc::Set(word_set(uc))),
            'x' => return Ok(Esc::Char(self.hex_escape()?)),
            'z' if !inclass => return Ok(Esc::Node(Node::Assert(Assertion::End))),
            c if c.is_ascii_alphabetic() || c.is_ascii_digit() => false,
            _ => true,
        };
        if ok {
            return Ok(Esc::Char(ch));
        }
        Err(self.error("Illegal/unsupported escape sequence"))
    }

    fn octal(&mut self) -> PResult<u32> {
        let n = self.read();
        let is_oct = |v: u32| (c('0')..=c('7')).contains(&v);
        if is_oct(n) {
            let m = self.read();
            if is_oct(m) {
                let o = self.read();
                if is_oct(o) && (c('0')..=c('3')).contains(&n) {
                    return Ok((n - c('0')) * 64 + (m - c('0')) * 8 + (o - c('0')));
                }
                self.unread();
                return Ok((n - c('0')) * 8 + (m - c('0')));
            }
            self.unread();
            return Ok(n - c('0'));
        }
        Err(self.error("Illegal octal escape sequence"))
    }

    fn control(&mut self) -> PResult<u32> {
        if self.cursor < self.pattern_length {
            return Ok(self.read() ^ 64);
        }
        Err(self.error("Illegal control escape sequence"))
    }

    fn hex_escape(&mut self) -> PResult<u32> {
        let n = self.read();
        if is_hex(n) {
            let m = self.read();
            if is_hex(m) {
                return Ok(hex_value(n) * 16 + hex_value(m));
            }
        } else if n == c('{') && is_hex(self.peek()) {
            let mut ch: u32 = 0;
            let mut d;
            loop {
                d = self.read();
                if !is_hex(d) {
                    break;
                }
                ch = (ch << 4) + hex_value(d);
                if ch > 0x10FFFF {
                    return Err(self.error("Hexadecimal codepoint is too big"));
                }
            }
            if d != c('}') {
                return Err(self.error("Unclosed hexadecimal escape sequence"));
            }
            return Ok(ch);
        }
        Err(self.error("Illegal hexadecimal escape sequence"))
    }

    fn uxxxx(&mut self) -> PResult<u32> {
        let mut n = 0;
        for _ in 0..4 {
            let ch = self.read();
            if !is_hex(ch) {
                return Err(self.error("Illegal Unicode escape sequence"));
            }
            n = n * 16 + hex_value(ch);
        }
        Ok(n)
    }

    fn unicode_escape(&mut self) -> PResult<u32> {
        let n = self.uxxxx()?;
        if is_high_surrogate(n) {
            let cur = self.cursor;
            if self.read() == C_BACKSLASH && self.read() == c('u') {
                let n2 = self.uxxxx()?;
                if is_low_surrogate(n2) {
                    return Ok(0x10000 + ((n - 0xD800) << 10) + (n2 - 0xDC00));
                }
            }
            self.cursor = cur;
        }
        Ok(n)
    }

    // ---- character classes ------------------------------------------------------------

    fn clazz(&mut self, consume: bool) -> PResult<CharSet> {
        let mut prev: Option<CharSet> = None;
        let mut curr: Option<CharSet> = None;
        let mut bits = CharSet::empty();
        let mut is_neg = false;
        let mut has_bits = false;
        let mut ch = self.next();
        if ch == c('^') && self.at(self.cursor - 1) == c('[') {
            ch = self.next();
            is_neg = true;
        }
        loop {
            if ch == c('[') {
                self.enter()?;
                let set = self.clazz(true)?;
                self.depth -= 1;
                prev = Some(match prev {
                    None => set.clone(),
                    Some(p) => p.union(&set),
                });
                curr = Some(set);
                ch = self.peek();
                continue;
            } else if ch == c('&') {
                ch = self.next();
                if ch == c('&') {
                    ch = self.next();
                    let mut right: Option<CharSet> = None;
                    while ch != c(']') && ch != c('&') {
                        self.enter()?;
                        let set = if ch == c('[') {
                            self.clazz(true)?
                        } else {
                            self.unread();
                            self.clazz(false)?
                        };
                        self.depth -= 1;
                        right = Some(match right {
                            None => set,
                            Some(r) => r.union(&set),
                        });
                        ch = self.peek();
                    }
                    if has_bits {
                        match prev {
                            None => {
                                prev = Some(bits.clone());
                                curr = Some(bits.clone());
                            }
                            Some(p) => prev = Some(p.union(&bits)),
                        }
                        has_bits = false;
                    }
                    if right.is_some() {
                        curr = right.clone();
                    }
                    match prev {
                        None => match right {
                            None => return Err(self.error("Bad class syntax")),
                            Some(r) => prev = Some(r),
                        },
                        Some(p) => match &curr {
                            None => return Err(self.error("Bad intersection syntax")),
                            Some(cur) => prev = Some(p.intersect(cur)),
                        },
                    }
                    continue;
                }
                // A lone `&` is a literal.
                self.unread();
            } else if ch == 0 && self.cursor >= self.pattern_length {
                return Err(self.error("Unclosed character class"));
            } else if ch == c(']') && (prev.is_some() || has_bits) {
                if consume {
                    self.next();
                }
                let mut set = match prev {
                    None => bits,
                    Some(p) if has_bits => p.union(&bits),
                    Some(p) => p,
                };
                if is_neg {
                    set = set.negate();
                }
                return Ok(set);
            }
            match self.range(&mut bits)? {
                None => {
                    has_bits = true;
                    curr = None;
                }
                Some(set) => {
                    prev = Some(match prev {
                        None => set.clone(),
                        Some(p) => p.union(&set),
                    });
                    curr = Some(set);
                }
            }
            ch = self.peek();
        }
    }

    /// Java's `bitsOrSingle`: Latin-1 characters go into the class's shared bit set.
    fn bits_or_single(&mut self, bits: &mut CharSet, ch: u32) -> Option<CharSet> {
        let special = self.has(CASE_INSENSITIVE)
            && self.has(UNICODE_CASE)
            && matches!(
                ch,
                0xff | 0xb5 | 0x49 | 0x69 | 0x53 | 0x73 | 0x4b | 0x6b | 0xc5 | 0xe5
            );
        if ch < 256 && !special {
            let mut add = vec![ch];
            if self.has(CASE_INSENSITIVE) {
                if ch < 0x80 {
                    add.push(ascii_upper(ch));
                    add.push(ascii_lower(ch));
                } else if self.has(UNICODE_CASE) {
                    let t = tables();
                    add.push(t.lower(ch));
                    add.push(t.upper(ch));
                }
            }
            *bits = bits.union(&CharSet::from_chars(add));
            return None;
        }
        Some(self.single(ch))
    }

    /// Java's `single`: one character under the current case flags.
    fn single(&self, ch: u32) -> CharSet {
        if self.has(CASE_INSENSITIVE) {
            if self.has(UNICODE_CASE) {
                let t = tables();
                let upper = t.upper(ch);
                let lower = t.lower(upper);
                if upper != lower {
                    // SingleU(lower): ch == lower || lower == toLowerCase(toUpperCase(ch))
                    return t.folds_to(lower).union(&CharSet::single(lower));
                }
            } else if ch < 0x80 {
                let (lower, upper) = (ascii_lower(ch), ascii_upper(ch));
                if lower != upper {
                    return CharSet::from_chars([lower, upper]);
                }
            }
        }
        CharSet::single(ch)
    }

    fn range(&mut self, bits: &mut CharSet) -> PResult<Option<CharSet>> {
        let mut ch = self.peek();
        if ch == C_BACKSLASH {
            ch = self.next_escaped();
            if ch == c('p') || ch == c('P') {
                let comp = ch == c('P');
                let mut one_letter = true;
                if self.next() != c('{') {
                    self.unread();
                } else {
                    one_letter = false;
                }
                return Ok(Some(self.family(one_letter, comp)?));
            }
            let isrange = self.at(self.cursor + 1) == c('-');
            self.unread();
            match self.escape(true, true, isrange)? {
                Esc::Char(v) => ch = v,
                Esc::Set(set) => return Ok(Some(set)),
                Esc::Node(_) => return Err(self.error("Illegal/unsupported escape sequence")),
            }
        } else {
            self.next();
        }
        if self.peek() == c('-') {
            let end_range = self.at(self.cursor + 1);
            if end_range == c('[') {
                return Ok(self.bits_or_single(bits, ch));
            }
            if end_range != c(']') {
                self.next();
                let m = if self.peek() == C_BACKSLASH {
                    match self.escape(true, false, true)? {
                        Esc::Char(v) => Some(v),
                        _ => None,
                    }
                } else {
                    let v = self.peek();
                    self.next();
                    Some(v)
                };
                let m = match m {
                    Some(m) if m >= ch => m,
                    _ => return Err(self.error("Illegal character range")),
                };
                let range = CharSet::range(ch, m);
                if !self.has(CASE_INSENSITIVE) {
                    return Ok(Some(range));
                }
                let mut extra = Vec::new();
                if self.has(UNICODE_CASE) {
                    // CIRangeU: ch in range, or toUpperCase(ch) is, or toLowerCase(toUpperCase(ch)).
                    let t = tables();
                    for x in t.cased() {
                        let up = t.upper(x);
                        if (ch..=m).contains(&up) || (ch..=m).contains(&t.lower(up)) {
                            extra.push(x);
                        }
                    }
                } else {
                    // CIRange: ASCII characters fold both ways, nothing else does.
                    for x in 0..0x80u32 {
                        if (ch..=m).contains(&ascii_upper(x)) || (ch..=m).contains(&ascii_lower(x))
                        {
                            extra.push(x);
                        }
                    }
                }
                return Ok(Some(range.union(&CharSet::from_chars(extra))));
            }
        }
        Ok(self.bits_or_single(bits, ch))
    }

    /// `\p{...}` and `\P{...}`; the cursor is on `p`/`P` (one letter) or on `{`.
    fn family(&mut self, single_letter: bool, complement: bool) -> PResult<CharSet> {
        self.next();
        let name: String;
        if single_letter {
            let ch = self.at(self.cursor);
            name = char::from_u32(ch).map(String::from).unwrap_or_default();
            self.read();
        } else {
            let i = self.cursor;
            let saved = self.temp[self.pattern_length];
            self.temp[self.pattern_length] = c('}');
            while self.read() != c('}') {}
            self.temp[self.pattern_length] = saved;
            let j = self.cursor;
            if j > self.pattern_length {
                return Err(self.error("Unclosed character family"));
            }
            if i + 1 >= j {
                return Err(self.error("Empty character family"));
            }
            name = self.temp[i..j - 1]
                .iter()
                .filter_map(|&v| char::from_u32(v))
                .collect();
        }
        let ci = self.has(CASE_INSENSITIVE);
        let t = tables();
        let set = if let Some((key, value)) = name.split_once('=') {
            let key = key.to_ascii_lowercase();
            let set = match key.as_str() {
                "sc" | "script" => t.script(value),
                "blk" | "block" => t.block(value),
                "gc" | "general_category" => for_property(value, ci),
                _ => None,
            };
            match set {
                Some(s) => s,
                None => {
                    let m = format!("Unknown Unicode property {{name=<{key}>, value=<{value}>}}");
                    return Err(self.error(&m));
                }
            }
        } else {
            let set = if let Some(block) = name.strip_prefix("In") {
                t.block(block)
            } else if let Some(short) = name.strip_prefix("Is") {
                for_unicode_property(short, ci)
                    .or_else(|| for_property(short, ci))
                    .or_else(|| t.script(short))
            } else {
                let posix = if self.has(UNICODE_CHARACTER_CLASS) {
                    posix_predicate(&name.to_ascii_uppercase(), ci)
                } else {
                    None
                };
                posix.or_else(|| for_property(&name, ci))
            };
            match set {
                Some(s) => s,
                None => {
                    let m = format!("Unknown character property name {{{name}}}");
                    return Err(self.error(&m));
                }
            }
        };
        Ok(if complement { set.negate() } else { set })
    }

    fn groupname(&mut self, mut ch: u32) -> PResult<String> {
        if !is_ascii_alpha(ch) {
            return Err(self.error("capturing group name does not start with a Latin letter"));
        }
        let mut name = String::new();
        loop {
            name.push(char::from_u32(ch).unwrap_or('?'));
            ch = self.read();
            if !(is_ascii_alpha(ch) || is_ascii_digit(ch)) {
                break;
            }
        }
        if ch != c('>') {
            return Err(self.error("named capturing group is missing trailing '>'"));
        }
        Ok(name)
    }

    // ---- groups and quantifiers -------------------------------------------------------

    fn group0(&mut self) -> PResult<Option<Node>> {
        let save = self.flags;
        let open = self.cursor;
        let mut ch = self.next();
        let node;
        if ch == c('?') {
            ch = self.skip();
            match char::from_u32(ch).unwrap_or('\u{FFFD}') {
                ':' => node = Node::Group(Box::new(self.expr()?)),
                '=' | '!' => {
                    node = Node::Look {
                        behind: false,
                        negate: ch == c('!'),
                        node: Box::new(self.expr()?),
                    }
                }
                '>' => node = Node::Atomic(Box::new(self.expr()?)),
                '<' => {
                    ch = self.read();
                    if ch != c('=') && ch != c('!') {
                        let name = self.groupname(ch)?;
                        if self.names.contains_key(&name) {
                            let m = format!("Named capturing group <{name}> is already defined");
                            return Err(self.error(&m));
                        }
                        let index = self.group_count;
                        self.group_count += 1;
                        self.group_offsets.insert(index, self.offset_of(open));
                        self.names.insert(name, index);
                        node = Node::Capture(index, Box::new(self.expr()?));
                    } else {
                        let start = self.cursor;
                        let body = self.expr()?;
                        let mut info = Info::new();
                        study(&body, &mut info);
                        if !info.max_valid {
                            return Err(self.error(
                                "Look-behind group does not have an obvious maximum length",
                            ));
                        }
                        let negate = ch == c('!');
                        let look = |body: Node| Node::Look {
                            behind: true,
                            negate,
                            node: Box::new(body),
                        };
                        node = match behind_window(&info) {
                            Window::Bounded => {
                                let behind_s = self.temp[start..self.pattern_length]
                                    .iter()
                                    .any(|&v| v >= 0x10000 || (0xD800..=0xDFFF).contains(&v));
                                if !behind_s && can_match_supplementary(&body) {
                                    self.utf16_lookbehind = true;
                                }
                                look(body)
                            }
                            Window::Unbounded => look(body),
                            // Java's window is empty: `(?<=...)` never holds, `(?<!...)` always.
                            Window::Empty if negate => Node::Empty,
                            Window::Empty => Node::Char(CharSet::empty()),
                            Window::Unknown => {
                                return Err(self.unsupported(
                                    open,
                                    "look-behind whose maximum length overflows Java's int",
                                ));
                            }
                        };
                    }
                }
                '$' | '@' => return Err(self.error("Unknown group type")),
                _ => {
                    self.unread();
                    self.add_flag();
                    ch = self.read();
                    if ch == c(')') {
                        if self.has(CANON_EQ) {
                            return Err(self.unsupported(open, "(?c) CANON_EQ"));
                        }
                        return Ok(None);
                    }
                    if ch != c(':') {
                        return Err(self.error("Unknown inline modifier"));
                    }
                    if self.has(CANON_EQ) {
                        return Err(self.unsupported(open, "(?c) CANON_EQ"));
                    }
                    node = Node::Group(Box::new(self.expr()?));
                }
            }
        } else {
            let index = self.group_count;
            self.group_count += 1;
            self.group_offsets.insert(index, self.offset_of(open));
            node = Node::Capture(index, Box::new(self.expr()?));
        }
        self.accept(c(')'), "Unclosed group")?;
        self.flags = save;
        let node = self.closure(node)?;
        if let Node::Repeat {
            node: atom, max, ..
        } = &node
            && max.is_none_or(|m| m > 1)
            && matches!(**atom, Node::Capture(..) | Node::Group(_))
            && nullable(atom)
            && !is_deterministic(atom)
        {
            let mut inner = Vec::new();
            captures_in(atom, &mut inner);
            for g in inner {
                let at = self.group_offsets.get(&g).copied().unwrap_or(0);
                self.unstable_groups.insert(g, at);
            }
        }
        Ok(Some(node))
    }

    fn add_flag(&mut self) {
        let mut ch = self.peek();
        loop {
            let f = match char::from_u32(ch).unwrap_or('\u{FFFD}') {
                'i' => CASE_INSENSITIVE,
                'm' => MULTILINE,
                's' => DOTALL,
                'd' => UNIX_LINES,
                'u' => UNICODE_CASE,
                'c' => CANON_EQ,
                'x' => COMMENTS,
                'U' => UNICODE_CHARACTER_CLASS | UNICODE_CASE,
                '-' => {
                    self.next();
                    self.sub_flag();
                    return;
                }
                _ => return,
            };
            self.flags |= f;
            ch = self.next();
        }
    }

    fn sub_flag(&mut self) {
        let mut ch = self.peek();
        loop {
            let f = match char::from_u32(ch).unwrap_or('\u{FFFD}') {
                'i' => CASE_INSENSITIVE,
                'm' => MULTILINE,
                's' => DOTALL,
                'd' => UNIX_LINES,
                'u' => UNICODE_CASE,
                'c' => CANON_EQ,
                'x' => COMMENTS,
                'U' => UNICODE_CHARACTER_CLASS | UNICODE_CASE,
                _ => return,
            };
            self.flags &= !f;
            ch = self.next();
        }
    }

    fn qtype(&mut self) -> Greed {
        let ch = self.next();
        if ch == c('?') {
            self.next();
            Greed::Lazy
        } else if ch == c('+') {
            self.next();
            Greed::Possessive
        } else {
            Greed::Greedy
        }
    }

    fn repeat(node: Node, min: u32, max: u32, greed: Greed) -> Node {
        Node::Repeat {
            node: Box::new(node),
            min,
            max: if max == MAX_REPS { None } else { Some(max) },
            greed,
        }
    }

    fn closure(&mut self, prev: Node) -> PResult<Node> {
        let ch = self.peek();
        match char::from_u32(ch).unwrap_or('\u{FFFD}') {
            '?' => {
                let g = self.qtype();
                Ok(Self::repeat(prev, 0, 1, g))
            }
            '*' => {
                let g = self.qtype();
                Ok(Self::repeat(prev, 0, MAX_REPS, g))
            }
            '+' => {
                let g = self.qtype();
                Ok(Self::repeat(prev, 1, MAX_REPS, g))
            }
            '{' => {
                let mut ch = self.skip();
                if !is_ascii_digit(ch) {
                    return Err(self.error("Illegal repetition"));
                }
                let mut cmin: u32 = 0;
                let cmax: u32;
                loop {
                    cmin = match cmin
                        .checked_mul(10)
                        .and_then(|v| v.checked_add(ch - c('0')))
                    {
                        Some(v) if v <= MAX_REPS => v,
                        _ => return Err(self.error("Illegal repetition range")),
                    };
                    ch = self.read();
                    if !is_ascii_digit(ch) {
                        break;
                    }
                }
                if ch == c(',') {
                    ch = self.read();
                    if ch == c('}') {
                        self.unread();
                        let g = self.qtype();
                        return Ok(Self::repeat(prev, cmin, MAX_REPS, g));
                    }
                    let mut m: u32 = 0;
                    while is_ascii_digit(ch) {
                        m = match m.checked_mul(10).and_then(|v| v.checked_add(ch - c('0'))) {
                            Some(v) if v <= MAX_REPS => v,
                            _ => return Err(self.error("Illegal repetition range")),
                        };
                        ch = self.read();
                    }
                    cmax = m;
                } else {
                    cmax = cmin;
                }
                if ch != c('}') {
                    return Err(self.error("Unclosed counted closure"));
                }
                if cmax < cmin {
                    return Err(self.error("Illegal repetition range"));
                }
                self.unread();
                let g = self.qtype();
                Ok(Self::repeat(prev, cmin, cmax, g))
            }
            _ => Ok(prev),
        }
    }
}

// ---- Java's TreeInfo study, for look-behind -----------------------------------------------

/// What Java's `Behind` node makes of a look-behind's study: its window is
/// `[i - maxLength, i - minLength]` in int arithmetic.
enum Window {
    /// A true bound (or `MAX_REPS`, which no string reaches).
    Bounded,
    /// The length wrapped negative so far that `i - maxLength` wraps too and the window starts
    /// at 0 for every index that could match.
    Unbounded,
    /// The length wrapped to a small negative number: the window starts after `i` and is empty.
    Empty,
    /// Anything else.
    Unknown,
}

fn behind_window(info: &Info) -> Window {
    if !info.wrapped {
        return Window::Bounded;
    }
    let r = info.max;
    if r >= 0 {
        return Window::Unknown;
    }
    if r.unsigned_abs() < (1 << 30) {
        return Window::Empty;
    }
    // r = i32::MIN + k: `i - r` wraps (window from 0) exactly when i >= k; below that no body
    // of at least `min` characters fits anyway when k <= min.
    let k = i64::from(r) - i64::from(i32::MIN);
    if k <= i64::from(info.min.max(0)) {
        Window::Unbounded
    } else {
        Window::Unknown
    }
}

/// Can the node consume a supplementary character?
fn can_match_supplementary(node: &Node) -> bool {
    match node {
        Node::Char(set) => set.intersects_range(0x10000, super::charset::MAX_CP),
        Node::Concat(v) | Node::Alt(v) => v.iter().any(can_match_supplementary),
        Node::Capture(_, n) | Node::Group(n) | Node::Atomic(n) => can_match_supplementary(n),
        Node::Look { node, .. } => can_match_supplementary(node),
        Node::Repeat { node, max, .. } => *max != Some(0) && can_match_supplementary(node),
        Node::BackRef(_) => true,
        Node::Empty | Node::Assert(_) | Node::LineEnding => false,
    }
}

/// Can the node match the empty string?
pub(crate) fn nullable(node: &Node) -> bool {
    match node {
        Node::Empty | Node::Assert(_) | Node::Look { .. } | Node::BackRef(_) => true,
        Node::Char(_) | Node::LineEnding => false,
        Node::Concat(v) => v.iter().all(nullable),
        Node::Alt(v) => v.iter().any(nullable),
        Node::Capture(_, n) | Node::Group(n) | Node::Atomic(n) => nullable(n),
        Node::Repeat { node, min, .. } => *min == 0 || nullable(node),
    }
}

fn captures_in(node: &Node, out: &mut Vec<usize>) {
    match node {
        Node::Capture(g, n) => {
            out.push(*g);
            captures_in(n, out);
        }
        Node::Concat(v) | Node::Alt(v) => v.iter().for_each(|n| captures_in(n, out)),
        Node::Group(n) | Node::Atomic(n) | Node::Look { node: n, .. } => captures_in(n, out),
        Node::Repeat { node, .. } => captures_in(node, out),
        _ => {}
    }
}

/// Java's `study()` verdict on a group body: deterministic bodies under a quantifier become a
/// `GroupCurly`, which matches each iteration on its own (no backtracking into it).
pub(crate) fn is_deterministic(node: &Node) -> bool {
    let mut info = Info::new();
    study(node, &mut info);
    info.det
}

fn study(node: &Node, info: &mut Info) {
    match node {
        Node::Empty | Node::Assert(_) | Node::Look { .. } => {}
        Node::Char(_) => info.add(1, 1),
        Node::LineEnding => info.add(1, 2),
        Node::BackRef(_) => info.max_valid = false,
        Node::Concat(nodes) => nodes.iter().for_each(|n| study(n, info)),
        Node::Alt(alts) => {
            // Branch.study
            let (mut min2, mut max2, mut valid) = (i32::MAX, -1i32, true);
            for alt in alts {
                let mut sub = Info::new();
                study(alt, &mut sub);
                min2 = min2.min(sub.min);
                max2 = max2.max(sub.max);
                valid &= sub.max_valid;
                info.wrapped |= sub.wrapped;
            }
            info.add(min2, max2);
            info.max_valid &= valid;
            info.det = false;
        }
        Node::Capture(_, inner) | Node::Group(inner) | Node::Atomic(inner) => study(inner, info),
        Node::Repeat {
            node: atom,
            min,
            max,
            greed,
        } => {
            let cmin = *min as i32;
            let cmax = max.unwrap_or(MAX_REPS) as i32;
            let is_group = matches!(**atom, Node::Capture(..) | Node::Group(_));
            if *min == 0 && *max == Some(1) {
                if is_group && *greed != Greed::Possessive {
                    // A group's `?` becomes a Branch of the group and nothing.
                    study(&Node::Alt(vec![(**atom).clone(), Node::Empty]), info);
                } else {
                    // Ques.study: the minimum is unchanged, the maximum grows.
                    let min_l = info.min;
                    study(atom, info);
                    info.min = min_l;
                    info.det = false;
                }
                return;
            }
            if matches!(**atom, Node::Char(_)) && *greed == Greed::Greedy && max.is_none() {
                // CharPropertyGreedy.study: the maximum grows by MAX_REPS, overflow unchecked.
                info.add(cmin, 0);
                if info.max_valid {
                    info.add(0, MAX_REPS as i32);
                }
                info.det = false;
                return;
            }
            if is_group && *greed != Greed::Possessive {
                let mut body = Info::new();
                study(atom, &mut body);
                if !body.det {
                    // A non-deterministic group under a quantifier is a Loop: no maximum.
                    info.max_valid = false;
                    info.det = false;
                    return;
                }
            }
            // Curly.study (GroupCurly's is the same).
            let (min_l, max_l, max_v, detm) = (info.min, info.max, info.max_valid, info.det);
            let mut a = Info::new();
            study(atom, &mut a);
            info.wrapped |= a.wrapped;
            let (prod, o1) = a.min.overflowing_mul(cmin);
            let (mut temp, o2) = prod.overflowing_add(min_l);
            if temp < min_l {
                temp = 0xFFFFFFF;
            }
            info.wrapped |= o1 || o2;
            info.min = temp;
            if max_v && a.max_valid {
                let (prod, o1) = a.max.overflowing_mul(cmax);
                let (temp, o2) = prod.overflowing_add(max_l);
                info.wrapped |= o1 || o2;
                info.max = temp;
                if temp < max_l {
                    info.max_valid = false;
                }
            } else {
                info.max_valid = false;
            }
            info.det = if a.det && cmin == cmax { detm } else { false };
        }
    }
}

// ---- Java's predicates as sets ------------------------------------------------------------

fn line_terminators() -> CharSet {
    CharSet::from_chars([0x0A, 0x0D, 0x85, 0x2028, 0x2029])
}

fn ascii_set(pred: fn(u8) -> bool) -> CharSet {
    CharSet::from_chars((0u8..0x80).filter(|&b| pred(b)).map(u32::from))
}

fn ascii_space() -> CharSet {
    CharSet::from_chars([0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D])
}

fn ascii_punct(b: u8) -> bool {
    b.is_ascii_punctuation()
}

pub(crate) fn ascii_word() -> CharSet {
    ascii_set(|b| b.is_ascii_alphanumeric() || b == b'_')
}

fn digit_set(unicode: bool) -> CharSet {
    if unicode {
        tables().prop("Digit")
    } else {
        CharSet::range(0x30, 0x39)
    }
}

fn space_set(unicode: bool) -> CharSet {
    if unicode {
        white_space()
    } else {
        ascii_space()
    }
}

fn word_set(unicode: bool) -> CharSet {
    if unicode {
        unicode_word()
    } else {
        ascii_word()
    }
}

fn horiz_ws() -> CharSet {
    CharSet::from_ranges(vec![
        (0x09, 0x09),
        (0x20, 0x20),
        (0xa0, 0xa0),
        (0x1680, 0x1680),
        (0x180e, 0x180e),
        (0x2000, 0x200a),
        (0x202f, 0x202f),
        (0x205f, 0x205f),
        (0x3000, 0x3000),
    ])
}

fn vert_ws() -> CharSet {
    CharSet::from_ranges(vec![(0x0A, 0x0D), (0x85, 0x85), (0x2028, 0x2029)])
}

fn white_space() -> CharSet {
    use unicode::*;
    tables()
        .category(mask(&[
            SPACE_SEPARATOR,
            LINE_SEPARATOR,
            PARAGRAPH_SEPARATOR,
        ]))
        .union(&CharSet::from_ranges(vec![(0x09, 0x0D), (0x85, 0x85)]))
}

/// `CharPredicates.WORD()`, the `(?U)` word set.
pub(crate) fn unicode_word() -> CharSet {
    use unicode::*;
    let t = tables();
    t.prop("Alphabetic")
        .union(&t.category(mask(&[
            NON_SPACING_MARK,
            ENCLOSING_MARK,
            COMBINING_SPACING_MARK,
            DECIMAL_DIGIT_NUMBER,
            CONNECTOR_PUNCTUATION,
        ])))
        .union(&CharSet::range(0x200C, 0x200D))
}

fn punctuation() -> CharSet {
    use unicode::*;
    tables().category(mask(&[
        CONNECTOR_PUNCTUATION,
        DASH_PUNCTUATION,
        START_PUNCTUATION,
        END_PUNCTUATION,
        OTHER_PUNCTUATION,
        INITIAL_QUOTE_PUNCTUATION,
        FINAL_QUOTE_PUNCTUATION,
    ]))
}

fn hex_digit() -> CharSet {
    tables().prop("Digit").union(&CharSet::from_ranges(vec![
        (0x30, 0x39),
        (0x41, 0x46),
        (0x61, 0x66),
        (0xFF10, 0xFF19),
        (0xFF21, 0xFF26),
        (0xFF41, 0xFF46),
    ]))
}

fn cased_union() -> CharSet {
    let t = tables();
    t.prop("LowerCase")
        .union(&t.prop("UpperCase"))
        .union(&t.prop("TitleCase"))
}

fn graph() -> CharSet {
    use unicode::*;
    tables()
        .category(mask(&[
            SPACE_SEPARATOR,
            LINE_SEPARATOR,
            PARAGRAPH_SEPARATOR,
            CONTROL,
            SURROGATE,
            UNASSIGNED,
        ]))
        .negate()
}

fn blank() -> CharSet {
    tables()
        .category(mask(&[unicode::SPACE_SEPARATOR]))
        .union(&CharSet::single(0x09))
}

/// `CharPredicates.getPosixPredicate` (the `(?U)` POSIX classes), name upper-cased.
fn posix_predicate(name: &str, ci: bool) -> Option<CharSet> {
    use unicode::*;
    let t = tables();
    Some(match name {
        "ALPHA" => t.prop("Alphabetic"),
        "LOWER" => {
            if ci {
                cased_union()
            } else {
                t.prop("LowerCase")
            }
        }
        "UPPER" => {
            if ci {
                cased_union()
            } else {
                t.prop("UpperCase")
            }
        }
        "SPACE" => white_space(),
        "PUNCT" => punctuation(),
        "XDIGIT" => hex_digit(),
        "ALNUM" => t.prop("Alphabetic").union(&t.prop("Digit")),
        "CNTRL" => t.category(mask(&[CONTROL])),
        "DIGIT" => t.prop("Digit"),
        "BLANK" => blank(),
        "GRAPH" => graph(),
        "PRINT" => graph()
            .union(&blank())
            .intersect(&t.category(mask(&[CONTROL])).negate()),
        _ => return None,
    })
}

/// `CharPredicates.forUnicodeProperty` (`\p{IsAlphabetic}` and friends).
fn for_unicode_property(name: &str, ci: bool) -> Option<CharSet> {
    let t = tables();
    let upper = name.to_ascii_uppercase();
    Some(match upper.as_str() {
        "ALPHABETIC" => t.prop("Alphabetic"),
        "ASSIGNED" => t.category(mask(&[unicode::UNASSIGNED])).negate(),
        "CONTROL" => t.category(mask(&[unicode::CONTROL])),
        "HEXDIGIT" | "HEX_DIGIT" => hex_digit(),
        "IDEOGRAPHIC" => t.prop("Ideographic"),
        "JOINCONTROL" | "JOIN_CONTROL" => CharSet::range(0x200C, 0x200D),
        "LETTER" => t.prop("Letter"),
        "LOWERCASE" => {
            if ci {
                cased_union()
            } else {
                t.prop("LowerCase")
            }
        }
        "UPPERCASE" => {
            if ci {
                cased_union()
            } else {
                t.prop("UpperCase")
            }
        }
        "TITLECASE" => {
            if ci {
                cased_union()
            } else {
                t.prop("TitleCase")
            }
        }
        "NONCHARACTERCODEPOINT" | "NONCHARACTER_CODE_POINT" => {
            let mut r = vec![(0xFDD0, 0xFDEF)];
            for plane in 0..=16u32 {
                r.push((plane * 0x10000 + 0xFFFE, plane * 0x10000 + 0xFFFF));
            }
            CharSet::from_ranges(r)
        }
        "PUNCTUATION" => punctuation(),
        "WHITESPACE" | "WHITE_SPACE" => white_space(),
        "WORD" => unicode_word(),
        _ => return posix_predicate(&upper, ci),
    })
}

/// `CharPredicates.forProperty`: general categories, POSIX (ASCII) classes, `javaXxx`.
fn for_property(name: &str, ci: bool) -> Option<CharSet> {
    use unicode::*;
    let t = tables();
    let cat = |types: &[u8]| Some(t.category(mask(types)));
    let lc = [LOWERCASE_LETTER, UPPERCASE_LETTER, TITLECASE_LETTER];
    match name {
        "Cn" => cat(&[UNASSIGNED]),
        "Lu" => cat(if ci { &lc } else { &[UPPERCASE_LETTER] }),
        "Ll" => cat(if ci { &lc } else { &[LOWERCASE_LETTER] }),
        "Lt" => cat(if ci { &lc } else { &[TITLECASE_LETTER] }),
        "Lm" => cat(&[MODIFIER_LETTER]),
        "Lo" => cat(&[OTHER_LETTER]),
        "Mn" => cat(&[NON_SPACING_MARK]),
        "Me" => cat(&[ENCLOSING_MARK]),
        "Mc" => cat(&[COMBINING_SPACING_MARK]),
        "Nd" => cat(&[DECIMAL_DIGIT_NUMBER]),
        "Nl" => cat(&[LETTER_NUMBER]),
        "No" => cat(&[OTHER_NUMBER]),
        "Zs" => cat(&[SPACE_SEPARATOR]),
        "Zl" => cat(&[LINE_SEPARATOR]),
        "Zp" => cat(&[PARAGRAPH_SEPARATOR]),
        "Cc" => cat(&[CONTROL]),
        "Cf" => cat(&[FORMAT]),
        "Co" => cat(&[PRIVATE_USE]),
        "Cs" => cat(&[SURROGATE]),
        "Pd" => cat(&[DASH_PUNCTUATION]),
        "Ps" => cat(&[START_PUNCTUATION]),
        "Pe" => cat(&[END_PUNCTUATION]),
        "Pc" => cat(&[CONNECTOR_PUNCTUATION]),
        "Po" => cat(&[OTHER_PUNCTUATION]),
        "Sm" => cat(&[MATH_SYMBOL]),
        "Sc" => cat(&[CURRENCY_SYMBOL]),
        "Sk" => cat(&[MODIFIER_SYMBOL]),
        "So" => cat(&[OTHER_SYMBOL]),
        "Pi" => cat(&[INITIAL_QUOTE_PUNCTUATION]),
        "Pf" => cat(&[FINAL_QUOTE_PUNCTUATION]),
        "L" => cat(&[
            UPPERCASE_LETTER,
            LOWERCASE_LETTER,
            TITLECASE_LETTER,
            MODIFIER_LETTER,
            OTHER_LETTER,
        ]),
        "M" => cat(&[NON_SPACING_MARK, ENCLOSING_MARK, COMBINING_SPACING_MARK]),
        "N" => cat(&[DECIMAL_DIGIT_NUMBER, LETTER_NUMBER, OTHER_NUMBER]),
        "Z" => cat(&[SPACE_SEPARATOR, LINE_SEPARATOR, PARAGRAPH_SEPARATOR]),
        "C" => cat(&[CONTROL, FORMAT, PRIVATE_USE, SURROGATE, UNASSIGNED]),
        "P" => Some(punctuation()),
        "S" => cat(&[MATH_SYMBOL, CURRENCY_SYMBOL, MODIFIER_SYMBOL, OTHER_SYMBOL]),
        "LC" => cat(&lc),
        "LD" => cat(&[
            UPPERCASE_LETTER,
            LOWERCASE_LETTER,
            TITLECASE_LETTER,
            MODIFIER_LETTER,
            OTHER_LETTER,
            DECIMAL_DIGIT_NUMBER,
        ]),
        "L1" => Some(CharSet::range(0, 0xFF)),
        "all" => Some(CharSet::full()),
        "ASCII" => Some(CharSet::range(0, 0x7F)),
        "Alnum" => Some(ascii_set(|b| b.is_ascii_alphanumeric())),
        "Alpha" => Some(ascii_set(|b| b.is_ascii_alphabetic())),
        "Blank" => Some(CharSet::from_chars([0x20, 0x09])),
        "Cntrl" => Some(ascii_set(|b| b.is_ascii_control())),
        "Digit" => Some(CharSet::range(0x30, 0x39)),
        "Graph" => Some(CharSet::range(0x21, 0x7E)),
        "Lower" => Some(if ci {
            ascii_set(|b| b.is_ascii_alphabetic())
        } else {
            CharSet::range(0x61, 0x7A)
        }),
        "Print" => Some(CharSet::range(0x20, 0x7E)),
        "Punct" => Some(ascii_set(ascii_punct)),
        "Space" => Some(ascii_space()),
        "Upper" => Some(if ci {
            ascii_set(|b| b.is_ascii_alphabetic())
        } else {
            CharSet::range(0x41, 0x5A)
        }),
        "XDigit" => Some(ascii_set(|b| b.is_ascii_hexdigit())),
        "javaLowerCase" => Some(if ci {
            cased_union()
        } else {
            t.prop("LowerCase")
        }),
        "javaUpperCase" => Some(if ci {
            cased_union()
        } else {
            t.prop("UpperCase")
        }),
        "javaTitleCase" => Some(if ci {
            cased_union()
        } else {
            t.prop("TitleCase")
        }),
        "javaAlphabetic" => Some(t.prop("Alphabetic")),
        "javaIdeographic" => Some(t.prop("Ideographic")),
        "javaDigit" => Some(t.prop("Digit")),
        "javaDefined" => Some(t.prop("Defined")),
        "javaLetter" => Some(t.prop("Letter")),
        "javaLetterOrDigit" => Some(t.prop("LetterOrDigit")),
        "javaJavaIdentifierStart" => Some(t.prop("JavaIdentifierStart")),
        "javaJavaIdentifierPart" => Some(t.prop("JavaIdentifierPart")),
        "javaUnicodeIdentifierStart" => Some(t.prop("UnicodeIdentifierStart")),
        "javaUnicodeIdentifierPart" => Some(t.prop("UnicodeIdentifierPart")),
        "javaIdentifierIgnorable" => Some(t.prop("IdentifierIgnorable")),
        "javaSpaceChar" => Some(t.prop("SpaceChar")),
        "javaWhitespace" => Some(t.prop("Whitespace")),
        "javaISOControl" => Some(t.prop("ISOControl")),
        "javaMirrored" => Some(t.prop("Mirrored")),
        _ => None,
    }
}

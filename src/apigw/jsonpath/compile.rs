//! Jayway 2.0.0's `PathCompiler`, `Filter.parse` and `Criteria.parse`/`create`, ported line for
//! line. Java wraps every exception thrown while compiling (`StringIndexOutOfBoundsException` from
//! a `charAt` past the end, `NumberFormatException`, `EmptyStackException`, a bad regex...) in an
//! `InvalidPathException`; here each of them is a [`Fail`].

// Arc, not Rc: a compiled path is part of a method (parameter mappings) shared across threads.
use std::sync::Arc;

use crate::java::regex::JavaRegex;

/// Filters inside filters (`[?(@.a[?(@.b)])]` would be one, if it were definite) deeper than this
/// fail: Java recurses without a limit and would end in `StackOverflowError`.
const MAX_NESTING: usize = 64;

/// Why a path does not compile (Java: the cause of the `InvalidPathException`).
#[derive(Debug)]
pub(super) struct Fail {
    pub(super) message: String,
    /// Character offset of the fragment being compiled.
    pub(super) offset: usize,
}

type Compiled<T> = Result<T, Fail>;

fn fail<T>(message: impl Into<String>) -> Compiled<T> {
    Err(Fail {
        message: message.into(),
        offset: 0,
    })
}

/// A compiled path: `RootPathToken` and the tokens appended to it.
#[derive(Debug, Clone)]
pub(super) struct Path {
    pub(super) tokens: Vec<Token>,
    /// `definite[k]`: token `k` and all after it are definite (`PathToken.isPathDefinite`).
    definite: Vec<bool>,
    /// Started with `$` (not `@`): filters evaluate it against the whole document.
    pub(super) is_root_path: bool,
}

impl Path {
    fn new(tokens: Vec<Token>, is_root_path: bool) -> Path {
        let mut definite = vec![true; tokens.len()];
        let mut all = true;
        for (k, token) in tokens.iter().enumerate().rev() {
            all = all && token.is_definite();
            definite[k] = all;
        }
        Path {
            tokens,
            definite,
            is_root_path,
        }
    }

    /// `isPathDefinite` of the root token.
    pub(super) fn is_definite(&self) -> bool {
        self.definite.first().copied().unwrap_or(true)
    }

    /// `isPathDefinite` of token `k`.
    pub(super) fn definite_from(&self, k: usize) -> bool {
        self.definite.get(k).copied().unwrap_or(true)
    }

    /// `PathToken.isUpstreamDefinite`, which despite its name asks whether the previous token and
    /// everything after it are definite: `$.missing[*]` is silent, `$.missing.x` is not.
    pub(super) fn upstream_definite(&self, k: usize) -> bool {
        self.tokens[k].is_definite() && (k == 0 || self.definite_from(k - 1))
    }

    pub(super) fn is_leaf(&self, k: usize) -> bool {
        k + 1 == self.tokens.len()
    }
}

/// One path token.
#[derive(Debug, Clone)]
pub(super) enum Token {
    /// `$` (also in the middle of a path, where it stands for the current value).
    Root,
    /// `['a']` or `['a','b']`.
    Property(Vec<Arc<str>>),
    /// `[1]`, `[1,2]`, slices, `[(@.length-1)]`; `op` is None where Java's `operation` is null
    /// (the token then throws `NullPointerException` when evaluated).
    Array {
        criteria: Vec<i32>,
        op: Option<ArrayOp>,
    },
    /// `[*]`, `.*`.
    Wildcard,
    /// `..`.
    Scan,
    /// `[?(...)]`; `None` for the `[?]` placeholder of a filter given in Java code (there is none).
    Predicate(Vec<Option<Arc<Filter>>>),
}

impl Token {
    fn is_definite(&self) -> bool {
        match self {
            Token::Root | Token::Property(_) => true,
            Token::Array { op, .. } => {
                matches!(op, Some(ArrayOp::SingleIndex) | Some(ArrayOp::ContextSize))
            }
            Token::Wildcard | Token::Scan | Token::Predicate(_) => false,
        }
    }
}

/// `ArrayPathToken.Operation`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ArrayOp {
    ContextSize,
    SliceTo,
    SliceFrom,
    SliceBetween,
    IndexSequence,
    SingleIndex,
}

/// A filter expression: `Filter.SingleFilter` (the criteria itself), `AndFilter`, `OrFilter`.
#[derive(Debug)]
pub(super) enum Filter {
    Criteria(Criteria),
    And(Vec<Filter>),
    Or(Box<Filter>, Box<Filter>),
}

impl Filter {
    /// `Filter.and`: `AndFilter` adds to itself, `OrFilter` binds tighter on its right.
    fn and(self, other: Filter) -> Filter {
        match self {
            Filter::And(mut all) => {
                all.push(other);
                Filter::And(all)
            }
            Filter::Or(left, right) => Filter::Or(left, Box::new(Filter::And(vec![*right, other]))),
            single => Filter::And(vec![single, other]),
        }
    }
}

/// One comparison (`Criteria` made by `Criteria.create`).
#[derive(Debug)]
pub(super) enum Criteria {
    /// `@.a` or `!@.a`.
    Exists { path: Arc<Path>, exists: bool },
    /// `left op right`.
    Compare {
        left: Operand,
        op: CompareOp,
        right: Operand,
    },
}

/// A side of a comparison.
#[derive(Debug)]
pub(super) enum Operand {
    Path(Arc<Path>),
    /// Any other text, quotes removed if it had them: literals are strings in 2.0.0.
    Literal(Arc<str>),
    Pattern(Arc<PatternLiteral>),
}

/// `/regex/` or `/regex/i`.
#[derive(Debug)]
pub(super) struct PatternLiteral {
    /// `Pattern.toString()`: the regex without its flags.
    pub(super) source: String,
    pub(super) regex: JavaRegex,
}

/// `Criteria.CriteriaType`, those `Criteria.parse` can produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CompareOp {
    Eq,
    Ne,
    Gt,
    Gte,
    Lt,
    Lte,
    Regex,
}

/// `Criteria.OPERATORS`, in the order `Criteria.parse` tries them: the first one found anywhere in
/// the text wins, not the leftmost.
const OPERATORS: [(&str, CompareOp); 7] = [
    ("==", CompareOp::Eq),
    (">=", CompareOp::Gte),
    ("<=", CompareOp::Lte),
    ("!=", CompareOp::Ne),
    ("<", CompareOp::Lt),
    (">", CompareOp::Gt),
    ("=~", CompareOp::Regex),
];

/// `String.charAt`, failing past either end as Java does.
fn char_at(chars: &[char], index: isize) -> Compiled<char> {
    usize::try_from(index)
        .ok()
        .and_then(|i| chars.get(i).copied())
        .map_or_else(
            || fail(format!("StringIndexOutOfBoundsException: index {index}")),
            Ok,
        )
}

/// Java's `String.trim()`: strips characters up to U+0020.
pub(super) fn java_trim(text: &str) -> &str {
    text.trim_matches(|c: char| c <= ' ')
}

/// Java's `Character.isDigit`, ASCII only (see the module docs of `jsonpath`).
fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

/// `Integer.parseInt`.
fn parse_int(text: &str) -> Compiled<i32> {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return fail(format!(
            "NumberFormatException: For input string: \"{text}\""
        ));
    }
    text.parse::<i32>().or_else(|_| {
        fail(format!(
            "NumberFormatException: For input string: \"{text}\""
        ))
    })
}

/// `PathCompiler.compile(path)`.
pub(super) fn compile_path(path: &str, nesting: usize) -> Compiled<Path> {
    if nesting > MAX_NESTING {
        return fail("StackOverflowError: filters nested too deep");
    }
    let trimmed = java_trim(path);
    if trimmed.ends_with("..") {
        return fail("A path can not end with a scan.");
    }
    let mut chars: Vec<char> = trimmed.chars().collect();
    let first = char_at(&chars, 0)?;
    if first != '$' && first != '@' {
        chars.splice(0..0, ['$', '.']);
    }
    let is_root_path = chars[0] == '$';
    chars[0] = '$';
    if chars.len() > 1 && chars[1] != '.' && chars[1] != '[' {
        return fail(format!("Invalid path {}", chars.iter().collect::<String>()));
    }
    let mut tokens = Vec::new();
    let mut i = 0usize;
    loop {
        let start = i;
        let current = chars[i];
        let fragment: Option<String> = match current {
            ' ' => return fail("Space not allowed in path"),
            '$' => {
                i += 1;
                Some("$".into())
            }
            '[' => {
                let positions = fast_forward_until_closed(&chars, i);
                let fragment = chars[i..i + positions].iter().collect();
                i += positions;
                Some(fragment)
            }
            '.' => {
                i += 1;
                if char_at(&chars, i as isize)? == '.' {
                    i += 1;
                    Some("..".into())
                } else {
                    let positions = fast_forward(&chars, i);
                    let fragment = if positions == 0 {
                        None
                    } else if positions == 1 && chars[i] == '*' {
                        Some("[*]".into())
                    } else {
                        Some(property_fragment(&chars[i..i + positions]))
                    };
                    i += positions;
                    fragment
                }
            }
            '*' => {
                i += 1;
                Some("[*]".into())
            }
            _ => {
                let positions = fast_forward(&chars, i);
                let fragment = property_fragment(&chars[i..i + positions]);
                i += positions;
                Some(fragment)
            }
        };
        if let Some(fragment) = fragment {
            let token = analyze(&fragment, nesting).map_err(|mut f| {
                f.offset = start;
                f
            })?;
            tokens.push(token);
        }
        if i >= chars.len() {
            break;
        }
    }
    Ok(Path::new(tokens, is_root_path))
}

/// `['` + name + `']`, which is analysed again like any bracket.
fn property_fragment(name: &[char]) -> String {
    let mut fragment = String::from("['");
    fragment.extend(name);
    fragment.push_str("']");
    fragment
}

/// `PathCompiler.fastForward`: up to the next `.`, `[` or space.
fn fast_forward(chars: &[char], index: usize) -> usize {
    chars[index.min(chars.len())..]
        .iter()
        .take_while(|&&c| c != '.' && c != '[' && c != ' ')
        .count()
}

/// `PathCompiler.fastForwardUntilClosed`: to the matching `]`, counting brackets but not quotes.
fn fast_forward_until_closed(chars: &[char], mut index: usize) -> usize {
    let mut skip = 1;
    let mut nested = 0i32;
    index += 1;
    while index < chars.len() {
        let current = chars[index];
        index += 1;
        skip += 1;
        if current == ']' && nested == 0 {
            break;
        }
        if current == '[' {
            nested += 1;
        }
        if current == ']' {
            nested -= 1;
        }
    }
    skip
}

/// `PathComponentAnalyzer.analyze`.
fn analyze(fragment: &str, nesting: usize) -> Compiled<Token> {
    match fragment {
        "$" => return Ok(Token::Root),
        ".." => return Ok(Token::Scan),
        "[*]" | ".*" => return Ok(Token::Wildcard),
        "[?]" => return Ok(Token::Predicate(vec![None])),
        _ => {}
    }
    if is_filter_placeholder(fragment) {
        let count = fragment.matches('?').count();
        return Ok(Token::Predicate(vec![None; count]));
    }
    let chars: Vec<char> = fragment.chars().collect();
    let mut i = 0usize;
    loop {
        let current = char_at(&chars, i as isize)?;
        match current {
            '?' => return criteria_sequence(&chars, i, nesting),
            '\'' => return property(&chars, i),
            c if is_digit(c) || c == ':' || c == '-' || c == '@' => {
                return array_sequence(&chars, i);
            }
            _ => i += 1,
        }
        if i >= chars.len() {
            break;
        }
    }
    fail(format!("Could not analyze path component: {fragment}"))
}

/// Java's `\s`.
fn is_java_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\u{b}' | '\u{c}' | '\r')
}

/// `FILTER_PATTERN`, `^\[\s*\?\s*[,\s*\?]*?\s*]$`: `[?]`, `[?,?]`, `[ ? , * ]`...
fn is_filter_placeholder(fragment: &str) -> bool {
    let Some(inner) = fragment
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
    else {
        return false;
    };
    let inner = inner.trim_start_matches(is_java_space);
    match inner.strip_prefix('?') {
        Some(rest) => rest
            .chars()
            .all(|c| c == ',' || c == '*' || c == '?' || is_java_space(c)),
        None => false,
    }
}

/// `analyzeCriteriaSequence4` and `findFilterBounds`.
fn criteria_sequence(chars: &[char], i: usize, nesting: usize) -> Compiled<Token> {
    let mut start = i as isize;
    while char_at(chars, start)? != '[' {
        start -= 1;
    }
    let mut end = 0usize;
    let mut mem = ' ';
    let mut current = start;
    let mut in_property = false;
    let mut open_square = 0i32;
    let mut open_round = 0i32;
    while end == 0 {
        let c = char_at(chars, current)?;
        match c {
            '(' if !in_property => open_round += 1,
            ')' if !in_property => open_round -= 1,
            '[' if !in_property => open_square += 1,
            ']' if !in_property => {
                open_square -= 1;
                if open_round == 0 {
                    end = current as usize + 1;
                }
            }
            '\'' if mem != '\\' => in_property = !in_property,
            _ => {}
        }
        mem = c;
        current += 1;
    }
    if open_round != 0 || open_square != 0 {
        return fail("Filter brackets are not balanced");
    }
    let text: String = chars[start as usize..end].iter().collect();
    let filter = parse_filter(&text, nesting)?;
    Ok(Token::Predicate(vec![Some(Arc::new(filter))]))
}

/// `analyzeProperty`: the quoted names up to the first `]`, whatever is between them.
fn property(chars: &[char], mut i: usize) -> Compiled<Token> {
    let mut properties = Vec::new();
    let mut buffer = String::new();
    let mut open = false;
    let mut current = chars[i];
    while current != ']' {
        if current == '\'' {
            if open {
                properties.push(Arc::from(buffer.as_str()));
                buffer.clear();
                open = false;
            } else {
                open = true;
            }
        } else if open {
            buffer.push(current);
        }
        i += 1;
        current = char_at(chars, i as isize)?;
    }
    Ok(Token::Property(properties))
}

/// `analyzeArraySequence`.
fn array_sequence(chars: &[char], mut i: usize) -> Compiled<Token> {
    let mut buffer = String::new();
    let mut numbers: Vec<i32> = Vec::new();
    let mut current = chars[i];
    let context_size = current == '@';
    let (mut slice_to, mut slice_from, mut slice_between, mut index_sequence) =
        (false, false, false, false);
    let next = |i: &mut usize| -> Compiled<char> {
        *i += 1;
        char_at(chars, *i as isize)
    };
    if context_size {
        next(&mut i)?;
        current = next(&mut i)?;
        while current != '-' {
            if current != ' ' && current != '(' && current != ')' {
                buffer.push(current);
            }
            current = next(&mut i)?;
        }
        if buffer != "size" && buffer != "length" {
            return fail(format!(
                "Invalid function: @.{buffer}. Supported functions are: [(@.length - n)] and [(@.size() - n)]"
            ));
        }
        buffer.clear();
        while current != ')' {
            if current != ' ' {
                buffer.push(current);
            }
            current = next(&mut i)?;
        }
    } else {
        while is_digit(current) || matches!(current, ',' | ' ' | ':' | '-') {
            match current {
                ' ' => {}
                ':' => {
                    if buffer.is_empty() {
                        // [:12]
                        slice_to = true;
                        current = next(&mut i)?;
                        while is_digit(current) || current == ' ' || current == '-' {
                            if current != ' ' {
                                buffer.push(current);
                            }
                            current = next(&mut i)?;
                        }
                        numbers.push(parse_int(&buffer)?);
                        buffer.clear();
                    } else {
                        // [12:...
                        numbers.push(parse_int(&buffer)?);
                        buffer.clear();
                        current = next(&mut i)?;
                        while is_digit(current) || current == ' ' || current == '-' {
                            if current != ' ' {
                                buffer.push(current);
                            }
                            current = next(&mut i)?;
                        }
                        if buffer.is_empty() {
                            slice_from = true;
                        } else {
                            slice_between = true;
                            numbers.push(parse_int(&buffer)?);
                            buffer.clear();
                        }
                    }
                }
                ',' => {
                    numbers.push(parse_int(&buffer)?);
                    buffer.clear();
                    index_sequence = true;
                }
                c => buffer.push(c),
            }
            if current == ']' {
                break;
            }
            current = next(&mut i)?;
        }
    }
    if !buffer.is_empty() {
        numbers.push(parse_int(&buffer)?);
    }
    let single_index = numbers.len() == 1 && !slice_to && !slice_from && !context_size;
    let op = if single_index {
        Some(ArrayOp::SingleIndex)
    } else if index_sequence {
        Some(ArrayOp::IndexSequence)
    } else if slice_from {
        Some(ArrayOp::SliceFrom)
    } else if slice_to {
        Some(ArrayOp::SliceTo)
    } else if slice_between {
        Some(ArrayOp::SliceBetween)
    } else if context_size {
        Some(ArrayOp::ContextSize)
    } else {
        // Java: `assert operation != null`, with assertions off.
        None
    };
    Ok(Token::Array {
        criteria: numbers,
        op,
    })
}

/// `Filter.parse`.
fn parse_filter(text: &str, nesting: usize) -> Compiled<Filter> {
    let text = java_trim(text);
    if !text.starts_with('[') || !text.ends_with(']') {
        return fail(format!(
            "Filter must start with '[' and end with ']'. {text}"
        ));
    }
    let text = java_trim(java_substring(text, 1, text.len() - 1)?);
    let Some(text) = text.strip_prefix('?') else {
        return fail(format!(
            "Filter must start with '[?' and end with ']'. {text}"
        ));
    };
    let text = java_trim(text);
    if !text.starts_with('(') || !text.ends_with(')') {
        return fail(format!(
            "Filter must start with '[?(' and end with ')]'. {text}"
        ));
    }
    let text = java_trim(java_substring(text, 1, text.len() - 1)?);
    let mut operators = Vec::new();
    let mut criteria = Vec::new();
    for expression in split_operators(text) {
        let expression = java_trim(expression);
        if expression == "&&" || expression == "||" {
            operators.push(expression == "&&");
        } else {
            criteria.push(parse_criteria(clean_criteria(expression)?, nesting)?);
        }
    }
    let empty_stack = || Fail {
        message: "EmptyStackException".into(),
        offset: 0,
    };
    let mut root = Filter::Criteria(criteria.pop().ok_or_else(empty_stack)?);
    while let Some(and) = operators.pop() {
        if and {
            root = root.and(Filter::Criteria(criteria.pop().ok_or_else(empty_stack)?));
        } else {
            let Some(other) = criteria.pop() else {
                return fail(format!("Invalid operators {text}"));
            };
            root = Filter::Or(Box::new(root), Box::new(Filter::Criteria(other)));
        }
    }
    if !criteria.is_empty() {
        return fail(format!("Invalid operators {text}"));
    }
    Ok(root)
}

/// `substring(begin, end)` by byte offsets that Java would take as (ASCII-equal) char offsets.
fn java_substring(text: &str, begin: usize, end: usize) -> Compiled<&str> {
    if begin > end {
        return fail(format!(
            "StringIndexOutOfBoundsException: begin {begin}, end {end}"
        ));
    }
    text.get(begin..end)
        .map_or_else(|| fail("StringIndexOutOfBoundsException"), Ok)
}

/// `OPERATOR_SPLIT.split(text)` with `((?<=&&|\|\|)|(?=&&|\|\|))`: cuts before and after every
/// `&&` and `||`, quoted or not, as Java's `String.split` does with zero-width matches (no empty
/// leading piece, trailing empty pieces dropped).
fn split_operators(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let is_operator = |at: usize| {
        bytes
            .get(at..at + 2)
            .is_some_and(|pair| pair == b"&&" || pair == b"||")
    };
    let mut pieces = Vec::new();
    let mut index = 0;
    for position in 0..=bytes.len() {
        let behind = position >= 2 && is_operator(position - 2);
        if !(behind || is_operator(position)) {
            continue;
        }
        if position == 0 {
            continue;
        }
        pieces.push(&text[index..position]);
        index = position;
    }
    if pieces.is_empty() && index == 0 {
        return vec![text];
    }
    pieces.push(&text[index..]);
    while pieces.last().is_some_and(|piece| piece.is_empty()) {
        pieces.pop();
    }
    pieces
}

/// `Filter.cleanCriteria`: strips `[ ? ( space` in front and `) space` behind.
fn clean_criteria(text: &str) -> Compiled<&str> {
    let bytes = text.as_bytes();
    let at = |i: isize| -> Compiled<u8> {
        usize::try_from(i)
            .ok()
            .and_then(|i| bytes.get(i).copied())
            .map_or_else(|| fail("StringIndexOutOfBoundsException"), Ok)
    };
    let mut begin = 0isize;
    while matches!(at(begin)?, b'[' | b'?' | b'(' | b' ') {
        begin += 1;
    }
    let mut end = bytes.len() as isize - 1;
    while matches!(at(end)?, b')' | b' ') {
        end -= 1;
    }
    java_substring(text, begin as usize, (end + 1).max(0) as usize)
}

/// `Criteria.parse`.
fn parse_criteria(text: &str, nesting: usize) -> Compiled<Criteria> {
    for (symbol, op) in OPERATORS {
        if let Some(at) = text.find(symbol) {
            let left = java_trim(&text[..at]);
            let right = java_trim(&text[at + symbol.len()..]);
            return create_criteria(left, Some(op), right, nesting);
        }
    }
    create_criteria(java_trim(text), None, "", nesting)
}

fn is_path(text: &str) -> bool {
    text.starts_with('$') || text.starts_with('@') || text.starts_with("!@")
}

fn is_string(text: &str) -> bool {
    text.starts_with('\'') && text.ends_with('\'')
}

fn is_pattern(text: &str) -> bool {
    let mut from_end = text.chars().rev();
    let last = from_end.next();
    text.starts_with('/')
        && (last == Some('/') || (last == Some('i') && from_end.next() == Some('/')))
}

/// `Criteria.compilePattern`.
fn compile_pattern(text: &str) -> Compiled<Operand> {
    let last = text.rfind('/').unwrap_or(0);
    let ignore_case = text.ends_with('i');
    let source = java_substring(text, 1, last)?;
    let java = if ignore_case {
        // Pattern.CASE_INSENSITIVE is what a leading (?i) sets.
        format!("(?i){source}")
    } else {
        source.to_string()
    };
    match JavaRegex::new(&java) {
        Ok(regex) => Ok(Operand::Pattern(Arc::new(PatternLiteral {
            source: source.to_string(),
            regex,
        }))),
        Err(error) => fail(format!("PatternSyntaxException: {error}")),
    }
}

/// A side that is neither a path nor a pattern: the text, without its quotes if it has them.
fn literal(text: &str) -> Compiled<Operand> {
    let text = if is_string(text) {
        if text.len() < 2 {
            // `'` alone: substring(1, 0).
            return fail("StringIndexOutOfBoundsException: begin 1, end 0");
        }
        &text[1..text.len() - 1]
    } else {
        text
    };
    Ok(Operand::Literal(Arc::from(text)))
}

fn definite_path(text: &str, nesting: usize) -> Compiled<Arc<Path>> {
    let path = compile_path(text, nesting + 1)?;
    if !path.is_definite() {
        return fail(format!("the predicate path: {text} is not definite"));
    }
    Ok(Arc::new(path))
}

/// `Criteria.create`.
fn create_criteria(
    left: &str,
    op: Option<CompareOp>,
    right: &str,
    nesting: usize,
) -> Compiled<Criteria> {
    let mut exists = true;
    let mut left_path = None;
    let left_operand = if is_path(left) {
        let text = match left.strip_prefix('!') {
            Some(rest) => {
                exists = false;
                rest
            }
            None => left,
        };
        let path = definite_path(text, nesting)?;
        left_path = Some(path.clone());
        Operand::Path(path)
    } else if is_string(left) {
        literal(left)?
    } else if is_pattern(left) {
        compile_pattern(left)?
    } else {
        literal(left)?
    };
    let right_operand = if is_path(right) {
        if right.starts_with('!') {
            return fail("Invalid negation! Can only be used for existence check e.g [?(!@.foo)]");
        }
        Operand::Path(definite_path(right, nesting)?)
    } else if is_pattern(right) && !is_string(right) {
        compile_pattern(right)?
    } else {
        literal(right)?
    };
    match (left_path, op) {
        (Some(path), None) => Ok(Criteria::Exists { path, exists }),
        (_, Some(op)) => Ok(Criteria::Compare {
            left: left_operand,
            op,
            right: right_operand,
        }),
        (None, None) => fail(format!(
            "UnsupportedOperationException: CriteriaType {left} can not be parsed"
        )),
    }
}

//! The case table `src/java/regex_cases.txt`, with the results JDK 17 gave for every row
//! (`harness/src/RegexCases.java` writes them), checked against the translation.

use super::{JavaRegex, RegexError};

const CASES: &str = include_str!("../regex_cases.txt");

/// The table's `%` escapes (see RegexCases.java). `None` for a lone surrogate, which only Java's
/// side of a `surrogate` row can hold.
fn unescape(s: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('%') => out.push('%'),
            Some('{') => {
                let hex: String = chars.by_ref().take_while(|&c| c != '}').collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
            }
            other => panic!("bad escape %{other:?} in {s:?}"),
        }
    }
    Some(out)
}

fn escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '\t' => out.push_str("%t"),
            '\n' => out.push_str("%n"),
            '\r' => out.push_str("%r"),
            '%' => out.push_str("%%"),
            c if (c as u32) < 0x20
                || c == '\u{7f}'
                || c == '\u{85}'
                || c == '\u{2028}'
                || c == '\u{2029}' =>
            {
                out.push_str(&format!("%{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

fn error_name(e: &RegexError) -> String {
    match e.java_exception() {
        Some(thrown) => format!("!{}", thrown.class()),
        None => format!("!rust:{e}"),
    }
}

/// What our translation gives for one row, in the table's result notation.
fn run(op: &str, pattern: &str, input: &str, replacement: &str) -> Result<Vec<String>, RegexError> {
    let re = JavaRegex::new(pattern)?;
    Ok(match op {
        "matches" => vec![re.try_is_full_match(input)?.to_string()],
        "find" => vec![match re.try_find(input)? {
            None => "none".to_string(),
            Some((s, e)) => format!("@{}:{}", input[..s].chars().count(), escape(&input[s..e])),
        }],
        "replaceAll" => vec![escape(&re.replace_all(input, replacement)?)],
        "replaceFirst" => vec![escape(&re.replace_first(input, replacement)?)],
        "split" => {
            let pieces = re.try_split(input)?;
            let mut out = vec![pieces.len().to_string()];
            out.extend(pieces.iter().map(|p| escape(p)));
            out
        }
        other => panic!("unknown operation {other}"),
    })
}

#[test]
fn java_cases() {
    let mut failures = Vec::new();
    let mut count = 0;
    for (n, line) in CASES.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let arrow = fields
            .iter()
            .position(|f| *f == "=>")
            .unwrap_or_else(|| panic!("line {}: no `=>`; run the generator", n + 1));
        let [op, pattern, input, replacement, rust] = fields[..5] else {
            panic!("line {}: expected 5 fields before `=>`", n + 1);
        };
        let expected: Vec<&str> = fields[arrow + 1..].to_vec();
        count += 1;
        let (Some(pattern), Some(input), Some(replacement)) =
            (unescape(pattern), unescape(input), unescape(replacement))
        else {
            panic!("line {}: unrepresentable input", n + 1);
        };
        let got = run(op, &pattern, &input, &replacement);
        let ok = match rust {
            "" => match &got {
                Ok(v) => *v == expected,
                Err(e) => expected.len() == 1 && expected[0] == error_name(e),
            },
            "unsupported" => matches!(got, Err(RegexError::Unsupported { .. })),
            "surrogate" => matches!(got, Err(RegexError::SurrogatePair { .. })),
            "toocomplex" => matches!(got, Err(RegexError::TooComplex { .. })),
            // Java fails to compile with something other than PatternSyntaxException.
            "rejected" => got.is_err(),
            other => panic!("line {}: unknown RUST column {other}", n + 1),
        };
        if !ok {
            let got = match got {
                Ok(v) => v.join("\t"),
                Err(e) => error_name(&e),
            };
            failures.push(format!(
                "line {}: {op} {pattern:?} on {input:?}\n   java: {}\n   rust: {got}",
                n + 1,
                expected.join("\t")
            ));
        }
    }
    assert!(count >= 400, "only {count} cases");
    assert!(
        failures.is_empty(),
        "{} of {count} cases differ from Java:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A small deterministic generator (xorshift), so the test needs no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn random_patterns_never_panic() {
    const PIECES: &[&str] = &[
        "a",
        "b",
        "é",
        "😀",
        ".",
        "*",
        "+",
        "?",
        "{",
        "}",
        "{2}",
        "{1,3}",
        "{2,}",
        "(",
        ")",
        "(?:",
        "(?=",
        "(?!",
        "(?<=",
        "(?<!",
        "(?>",
        "(?<n>",
        "(?i)",
        "(?-i)",
        "(?x)",
        "(?s)",
        "(?m)",
        "(?d)",
        "(?u)",
        "(?U)",
        "(?c)",
        "[",
        "]",
        "[^",
        "&&",
        "-",
        "^",
        "$",
        "|",
        "\\",
        "\\d",
        "\\w",
        "\\s",
        "\\b",
        "\\B",
        "\\A",
        "\\z",
        "\\Z",
        "\\G",
        "\\R",
        "\\X",
        "\\1",
        "\\2",
        "\\k<n>",
        "\\p{L}",
        "\\P{Lu}",
        "\\p{Alpha}",
        "\\p{IsLatin}",
        "\\p{InGreek}",
        "\\pL",
        "\\Q",
        "\\E",
        "\\x41",
        "\\x{1F600}",
        "\\u00e9",
        "\\0101",
        "\\cA",
        "\\t",
        "\\n",
        "#",
        " ",
        "\n",
        "\\h",
        "\\v",
        "\\H",
        "\\V",
        "*?",
        "++",
        "\\N{x}",
        "\\b{g}",
        "0",
        "9",
    ];
    let inputs = ["", "a", "ab\nba", "é😀a b", "aaa", "\r\n", "A_1 é"];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut compiled = 0;
    for _ in 0..3000 {
        let len = 1 + rng.next() % 6;
        let pattern: String = (0..len)
            .map(|_| PIECES[(rng.next() % PIECES.len() as u64) as usize])
            .collect();
        if let Ok(re) = JavaRegex::new(&pattern) {
            compiled += 1;
            for input in inputs {
                let _ = re.is_full_match(input);
                let _ = re.find(input);
                let _ = re.replace_all(input, "[$0]");
                let _ = re.replace_first(input, "\\$");
                let _ = re.split(input);
            }
        }
    }
    assert!(compiled > 300, "only {compiled} random patterns compiled");
}

#[test]
fn errors_name_the_construct() {
    let e = JavaRegex::new(r"a\Gb").unwrap_err();
    assert_eq!(
        e.to_string(),
        r"unsupported Java regex construct `\G` at offset 1 in `a\Gb`"
    );
    let e = JavaRegex::new("ab(c").unwrap_err();
    assert!(matches!(e, RegexError::Syntax { offset: 4, .. }), "{e:?}");
    let re = JavaRegex::new("(a)").unwrap();
    let e = re.replace_all("xa", "\\").unwrap_err();
    assert_eq!(
        e.java_exception().map(|thrown| thrown.class()),
        Some(crate::java::ExceptionClass::IllegalArgumentException)
    );
    // Java only parses the replacement once something matched.
    assert_eq!(re.replace_all("xyz", "$9").unwrap(), "xyz");
}

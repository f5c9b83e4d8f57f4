//! The Java table (src/apigw/jsonpath_cases.txt), and inputs no path should panic on.

use super::JsonPath;
use crate::apigw::payload::parse_payload;
use crate::apigw::payload::table::{escape, known_display_difference, signature, unescape};
use crate::java::ExceptionClass;
use crate::value::Value;

const CASES: &str = include_str!("../jsonpath_cases.txt");

/// Java's answer lines for one `path` line, and ours in the same form.
fn compare(path: &str, document: &Value, expected: &[String]) -> Option<String> {
    let compiled = match JsonPath::compile(path) {
        Ok(compiled) => compiled,
        Err(error) => {
            let ours = format!("! compile {}", error.exception.class().java_name());
            return (expected.first() != Some(&ours))
                .then(|| format!("path {path}\n  java: {expected:?}\n  ours: {ours} ({error})"));
        }
    };
    let kind = if compiled.is_definite() { "DEF" } else { "IND" };
    let ours: Vec<String> = match compiled.read(document) {
        Ok(Some(value)) => vec![
            format!("= {kind} {}", signature(&value)),
            format!("> {}", escape(&value.to_java_string())),
        ],
        // Java's PathNotFoundException, or a definite path's null value.
        Ok(None) => {
            let java_none = expected.first().is_some_and(|line| {
                line == "! read com.jayway.jsonpath.PathNotFoundException" || line == "= DEF null"
            });
            return (!java_none)
                .then(|| format!("path {path}\n  java: {expected:?}\n  ours: None"));
        }
        Err(error) => vec![format!("! read {}", error.exception.class().java_name())],
    };
    let same = ours.len() == expected.len()
        && ours
            .iter()
            .zip(expected)
            .all(|(ours, java)| ours == java || known_display_difference(java, ours));
    (!same).then(|| format!("path {path}\n  java: {expected:?}\n  ours: {ours:?}"))
}

#[test]
fn paths_match_java() {
    let mut document = Value::Null;
    let mut lines = CASES.lines().peekable();
    let mut count = 0;
    let mut failures = Vec::new();
    while let Some(line) = lines.next() {
        if let Some(text) = line.strip_prefix("doc ") {
            document = parse_payload(&unescape(text)).expect("table documents parse");
            continue;
        }
        let Some(path) = line.strip_prefix("path ") else {
            continue;
        };
        count += 1;
        let mut expected = Vec::new();
        while let Some(next) = lines.peek() {
            if next.starts_with("= ") || next.starts_with("> ") || next.starts_with('!') {
                expected.push(lines.next().unwrap_or_default().to_string());
            } else {
                break;
            }
        }
        if let Some(failure) = compare(&unescape(path), &document, &expected) {
            failures.push(failure);
        }
    }
    assert!(count >= 300, "only {count} path cases");
    assert!(
        failures.is_empty(),
        "{} of {count} differ from Java:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn results_share_the_document_values() {
    let document = parse_payload(r#"{"a": {"b": [1, 2]}, "l": [{"x": 1}]}"#).unwrap();
    let inner = JsonPath::compile("$.a")
        .unwrap()
        .read(&document)
        .unwrap()
        .unwrap();
    let Value::Map(root) = &document else {
        panic!("a map")
    };
    let held = root.borrow().get_str("a").cloned().unwrap();
    match (&inner, &held) {
        (Value::Map(a), Value::Map(b)) => assert!(std::rc::Rc::ptr_eq(a, b)),
        _ => panic!("maps expected"),
    }
    let list = JsonPath::compile("$.l[*]")
        .unwrap()
        .read(&document)
        .unwrap()
        .unwrap();
    assert_eq!(list.class_name(), "net.minidev.json.JSONArray");
}

#[test]
fn a_null_document_is_an_illegal_argument() {
    let error = JsonPath::compile("$")
        .unwrap()
        .read(&Value::Null)
        .unwrap_err();
    assert_eq!(
        error.exception.class(),
        ExceptionClass::IllegalArgumentException
    );
}

#[test]
fn a_list_that_holds_itself_does_not_overflow() {
    let list = Value::list(vec![Value::int(1)]);
    if let Value::List(inner) = &list {
        inner.borrow_mut().items.push(list.clone());
    }
    let error = JsonPath::compile("$..x").unwrap().read(&list).unwrap_err();
    assert_eq!(error.exception.class(), ExceptionClass::StackOverflowError);
    // Break the cycle so the test does not leak.
    if let Value::List(inner) = &list {
        inner.borrow_mut().items.clear();
    }
}

/// A small deterministic generator (no dependency needed).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

#[test]
fn random_paths_and_payloads_never_panic() {
    const PATH_PIECES: &[&str] = &[
        "$",
        "@",
        ".",
        "..",
        "[",
        "]",
        "*",
        "'",
        "\"",
        "?",
        "(",
        ")",
        "@.a",
        "a",
        "b",
        "0",
        "1",
        "-1",
        ":",
        ",",
        " ",
        "==",
        "<",
        ">=",
        "!=",
        "=~",
        "/x/",
        "/i",
        "&&",
        "||",
        "!",
        "null",
        "true",
        "'x'",
        "length",
        "size()",
        "é",
        "😀",
        "\\",
        "[?(@.a)]",
        "[0]",
        "[*]",
        "['a']",
        "$.a",
        "[(@.length-1)]",
        "2147483648",
        "\t",
    ];
    const JSON_PIECES: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        ":",
        ",",
        "\"",
        "'",
        "\\",
        "\\u",
        "\\x",
        "d8",
        "00",
        "a",
        "1",
        "-",
        ".",
        "e",
        "E",
        "+",
        "null",
        "true",
        "NaN",
        " ",
        "\n",
        "\u{1a}",
        "\u{1}",
        "é",
        "😀",
        "~",
        "\"a\"",
        "{\"a\":",
        "[1,",
        "0.5",
        "12345678901234567890",
        "1.2345678901234567890",
    ];
    let documents: Vec<Value> = [
        r#"{"a": [1, {"a": 2, "b": [3]}], "b": {"a": null}, "c": "x"}"#,
        "[1, [2, [3]], {\"a\": 4}]",
        "\"text\"",
        "12",
    ]
    .iter()
    .map(|text| parse_payload(text).unwrap())
    .collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..4000 {
        let length = 1 + rng.next() % 12;
        let path: String = (0..length).map(|_| rng.pick(PATH_PIECES)).collect();
        if let Ok(compiled) = JsonPath::compile(&path) {
            for document in &documents {
                let _ = compiled.read(document);
            }
        }
        let length = rng.next() % 16;
        let body: String = (0..length).map(|_| rng.pick(JSON_PIECES)).collect();
        if let Ok(value) = parse_payload(&body) {
            let mut out = String::new();
            crate::apigw::payload::write_input_json(&value, &mut out);
        }
        // Arbitrary bytes too (as far as a &str allows).
        let noise: String = (0..rng.next() % 24)
            .filter_map(|_| char::from_u32((rng.next() % 0x80) as u32))
            .collect();
        let _ = parse_payload(&noise);
        let _ = JsonPath::compile(&noise).map(|p| p.read(&documents[0]));
    }
}

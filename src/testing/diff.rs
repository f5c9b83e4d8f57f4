//! What differs between a stored snapshot and a new one, for a person to read: each field that
//! changed (`status: 400 → 502`), bodies line by line with whitespace made visible on the lines
//! that changed, and, when both bodies are JSON, the JSON paths whose values differ.

use std::fmt::Write as _;

use similar::{ChangeTag, TextDiff};

use super::snapshot::{Body, Snapshot, Value};

/// The difference between `old` (stored) and `new` (produced), as indented text lines ending in a
/// newline; empty when their fields are equal.
///
/// # Examples
/// ```
/// use apigw_vtl::testing::{Body, Snapshot, Value, diff};
/// let snapshot = |status: &str, body: &str| {
///     let mut s = Snapshot::new();
///     s.push("status", Value::Str(status.into()));
///     s.push("body", Value::Body(Body::Text(body.into())));
///     s
/// };
/// let text = diff::describe(&snapshot("400", "{\"a\": 1}\n"), &snapshot("502", "{\"a\": 2} \n"));
/// assert!(text.contains("status: 400 → 502"), "{text}");
/// assert!(text.contains("+{\"a\": 2}·⏎"), "{text}");
/// assert!(text.contains("$.a: 1 → 2"), "{text}");
/// ```
pub fn describe(old: &Snapshot, new: &Snapshot) -> String {
    let mut out = String::new();
    fields(&mut out, "", old.fields(), new.fields());
    out
}

fn fields(out: &mut String, prefix: &str, old: &[(String, Value)], new: &[(String, Value)]) {
    let mut keys: Vec<&str> = old.iter().map(|(k, _)| k.as_str()).collect();
    for (key, _) in new {
        if !keys.contains(&key.as_str()) {
            keys.push(key);
        }
    }
    let find = |list: &'_ [(String, Value)], key: &str| -> Option<Value> {
        list.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    };
    for key in keys {
        let name = format!("{prefix}{key}");
        let (before, after) = (find(old, key), find(new, key));
        if before == after {
            continue;
        }
        match (before, after) {
            (Some(Value::Map(a)), Some(Value::Map(b))) => {
                fields(out, &format!("{name}."), &a, &b);
            }
            (Some(Value::Body(a)), Some(Value::Body(b))) => body(out, &name, &a, &b),
            (before, after) => {
                let _ = writeln!(out, "  {name}: {} → {}", shown(before), shown(after));
            }
        }
    }
}

fn shown(value: Option<Value>) -> String {
    match value {
        None => "(absent)".into(),
        Some(Value::Str(text)) => {
            let plain = !text.is_empty()
                && !text.starts_with(' ')
                && !text.ends_with(' ')
                && !text.chars().any(|c| c.is_control() || c == '"');
            if plain { text } else { format!("{text:?}") }
        }
        Some(Value::Map(entries)) => {
            let inner: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{k}: {}", shown(Some(v.clone()))))
                .collect();
            format!("{{{}}}", inner.join(", "))
        }
        Some(Value::Body(Body::Text(text))) => format!("{} bytes of text", text.len()),
        Some(Value::Body(Body::Bytes(bytes))) => format!("{} bytes", bytes.len()),
        Some(Value::Body(Body::Json(_))) => "JSON".into(),
    }
}

fn body(out: &mut String, name: &str, old: &Body, new: &Body) {
    let text = |body: &Body| match body {
        Body::Text(text) => Some(text.clone()),
        Body::Json(json) => serde_json::to_string_pretty(json).ok(),
        Body::Bytes(_) => None,
    };
    let (Some(a), Some(b)) = (text(old), text(new)) else {
        let _ = writeln!(
            out,
            "  {name}: {} → {}",
            shown(Some(Value::Body(old.clone()))),
            shown(Some(Value::Body(new.clone())))
        );
        return;
    };
    let _ = writeln!(
        out,
        "  {name} ({} → {} bytes; -snapshot +now; · blank, → tab, ␍ CR, ⏎ line end shown on changed lines):",
        a.len(),
        b.len()
    );
    lines(out, &a, &b);
    if let (Ok(x), Ok(y)) = (
        serde_json::from_str::<serde_json::Value>(&a),
        serde_json::from_str::<serde_json::Value>(&b),
    ) {
        let mut paths = Vec::new();
        json_paths(&mut paths, "$", &x, &y);
        if !paths.is_empty() {
            let _ = writeln!(out, "  {name} as JSON, the paths that differ:");
            for path in paths.iter().take(50) {
                let _ = writeln!(out, "    {path}");
            }
            if paths.len() > 50 {
                let _ = writeln!(out, "    ... and {} more", paths.len() - 50);
            }
        }
    }
}

/// A unified line diff (3 lines of context), changed lines with their whitespace shown.
fn lines(out: &mut String, old: &str, new: &str) {
    let diff = TextDiff::from_lines(old, new);
    for group in diff.grouped_ops(3) {
        let (first, last) = (group.first(), group.last());
        if let (Some(first), Some(last)) = (first, last) {
            let old_range = first.old_range().start..last.old_range().end;
            let new_range = first.new_range().start..last.new_range().end;
            let _ = writeln!(
                out,
                "    @@ -{},{} +{},{} @@",
                old_range.start + 1,
                old_range.len(),
                new_range.start + 1,
                new_range.len()
            );
        }
        for op in &group {
            for change in diff.iter_changes(op) {
                let line = change.value();
                let (sign, shown) = match change.tag() {
                    ChangeTag::Equal => (' ', line.trim_end_matches(['\n', '\r']).to_string()),
                    ChangeTag::Delete => ('-', visible(line)),
                    ChangeTag::Insert => ('+', visible(line)),
                };
                let _ = writeln!(out, "    {sign}{shown}");
                if change.tag() != ChangeTag::Equal && !line.ends_with('\n') {
                    let _ = writeln!(out, "     (no line end at the end)");
                }
            }
        }
    }
}

/// A line with its trailing blanks, tabs, CR and line end made visible.
fn visible(line: &str) -> String {
    let (text, end) = match line.strip_suffix("\r\n") {
        Some(text) => (text, "␍⏎"),
        None => match line.strip_suffix('\n') {
            Some(text) => (text, "⏎"),
            None => (line, ""),
        },
    };
    let trimmed = text.trim_end_matches([' ', '\t']);
    let mut out = String::with_capacity(line.len() + 8);
    for c in trimmed.chars() {
        match c {
            '\t' => out.push('→'),
            '\r' => out.push('␍'),
            c => out.push(c),
        }
    }
    for c in text[trimmed.len()..].chars() {
        out.push(if c == '\t' { '→' } else { '·' });
    }
    out.push_str(end);
    out
}

/// The JSON paths whose values differ, `path: old → new`.
fn json_paths(out: &mut Vec<String>, path: &str, old: &serde_json::Value, new: &serde_json::Value) {
    use serde_json::Value as J;
    match (old, new) {
        (J::Object(a), J::Object(b)) => {
            for (key, x) in a {
                let inner = format!("{path}{}", member(key));
                match b.get(key) {
                    Some(y) => json_paths(out, &inner, x, y),
                    None => out.push(format!("{inner}: {x} → (absent)")),
                }
            }
            for (key, y) in b {
                if !a.contains_key(key) {
                    out.push(format!("{path}{}: (absent) → {y}", member(key)));
                }
            }
        }
        (J::Array(a), J::Array(b)) => {
            for index in 0..a.len().max(b.len()) {
                let inner = format!("{path}[{index}]");
                match (a.get(index), b.get(index)) {
                    (Some(x), Some(y)) => json_paths(out, &inner, x, y),
                    (Some(x), None) => out.push(format!("{inner}: {x} → (absent)")),
                    (None, Some(y)) => out.push(format!("{inner}: (absent) → {y}")),
                    (None, None) => {}
                }
            }
        }
        (x, y) if x != y => out.push(format!("{path}: {x} → {y}")),
        _ => {}
    }
}

fn member(key: &str) -> String {
    let simple = !key.is_empty()
        && !key.starts_with(|c: char| c.is_ascii_digit())
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if simple {
        format!(".{key}")
    } else {
        format!("[{}]", serde_json::Value::String(key.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_is_visible_on_changed_lines_only() {
        assert_eq!(visible("a \t\r\n"), "a·→␍⏎");
        assert_eq!(visible("a\tb"), "a→b");
        let mut out = String::new();
        lines(&mut out, "same\nold\n", "same\nold  \n");
        assert_eq!(
            out,
            "    @@ -1,2 +1,2 @@\n     same\n    -old⏎\n    +old··⏎\n"
        );
    }

    #[test]
    fn json_paths_name_each_difference() {
        let mut out = Vec::new();
        json_paths(
            &mut out,
            "$",
            &serde_json::json!({"a": {"b": [1, 2]}, "gone": true, "x y": 1}),
            &serde_json::json!({"a": {"b": [1, 3, 4]}, "x y": 2, "new": null}),
        );
        assert_eq!(
            out,
            [
                "$.a.b[1]: 2 → 3",
                "$.a.b[2]: (absent) → 4",
                "$.gone: true → (absent)",
                "$[\"x y\"]: 1 → 2",
                "$.new: (absent) → null",
            ]
        );
    }
}

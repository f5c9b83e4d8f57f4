//! Java's `toString()` for every value, and json-smart's writer for the lists API Gateway reads from
//! payloads.

use super::number::Number;
use super::{ListKind, Value};
use crate::java::double;

/// Collections nested deeper than this print `...`: Java would overflow its stack on a cycle, and a
/// template can build one (`#set($d = $l.add($l))` holds itself only one level deep, printed as Java
/// does, but longer cycles recurse).
const MAX_PRINT_DEPTH: usize = 512;

/// Appends `String.valueOf(value)` as Java prints it: `{a=1, b=[1, 2]}`, `[1, two]`, `null`.
///
/// # Examples
/// ```
/// use apigw_vtl::value::{Value, write_java_string};
/// let mut out = String::new();
/// write_java_string(&Value::from_json(&serde_json::json!([1, "two", null, 2.0])), &mut out);
/// assert_eq!(out, "[1, two, null, 2.0]");
/// ```
pub fn write_java_string(value: &Value, out: &mut String) {
    write_at(value, out, 0);
}

fn write_at(value: &Value, out: &mut String, depth: usize) {
    if depth > MAX_PRINT_DEPTH {
        out.push_str("...");
        return;
    }
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => write_number(n, out),
        Value::String(s) => out.push_str(s),
        Value::Char(c) => out.push(*c),
        Value::List(list) => {
            let list = match list.try_borrow() {
                Ok(list) => list,
                // The list is being printed already: Java prints "(this Collection)".
                Err(_) => {
                    out.push_str("(this Collection)");
                    return;
                }
            };
            if list.kind == ListKind::JsonArray {
                write_json_items(&list.current_items(), JsonStyle::NoCompress, out, depth);
            } else {
                write_java_items(&list.current_items(), out, depth);
            }
        }
        Value::Map(map) => {
            let Ok(map) = map.try_borrow() else {
                out.push_str("(this Map)");
                return;
            };
            if map.prints_empty() {
                return;
            }
            out.push('{');
            for (index, (key, item)) in map.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                write_at(key, out, depth + 1);
                out.push('=');
                write_at(item, out, depth + 1);
            }
            out.push('}');
        }
        Value::Entry(entry) => {
            write_at(&entry.0, out, depth + 1);
            out.push('=');
            write_at(&entry.1, out, depth + 1);
        }
        Value::Array(items) => write_java_items(items, out, depth),
        Value::Host(host) => {
            if let Some(text) = host.java_string() {
                out.push_str(&text);
            }
        }
    }
}

/// `AbstractCollection.toString()`: `[a, b]`.
fn write_java_items(items: &[Value], out: &mut String, depth: usize) {
    out.push('[');
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        write_at(item, out, depth + 1);
    }
    out.push(']');
}

/// A number's `toString()`.
pub(crate) fn write_number(number: &Number, out: &mut String) {
    match number {
        Number::Int(v) => out.push_str(itoa::Buffer::new().format(*v)),
        Number::Long(v) => out.push_str(itoa::Buffer::new().format(*v)),
        Number::BigInt(v) => out.push_str(&v.to_string()),
        Number::Double(v) => double::write(*v, out),
        Number::Decimal(v) => v.write_java(out),
    }
}

/// json-smart's two writing styles that API Gateway's output shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum JsonStyle {
    /// `JSONStyle.NO_COMPRESS`: `JSONArray.toString()`, so how payload lists print
    /// (aws-semantics.md §9): `/` is escaped as `\/`.
    NoCompress,
    /// `JSONStyle.LT_COMPRESS`: Jayway's `toJson`, so `$input.json` (`/` raw, recorded on AWS).
    LtCompress,
}

/// Containers nested deeper than this are written as `null`: only a template can build them (a list
/// that holds itself), and Java would overflow its stack.
const MAX_JSON_DEPTH: usize = 1000;

/// Appends a value as json-smart's `JSONValue.toJSONString(value, style)` writes it: compact, keys
/// and strings quoted, `" \ \b \f \n \r \t` escaped with a backslash, U+0000–001F, U+007F–009F
/// and U+2000–20FF as `\uXXXX` (upper-case hex), `/` as `\/` in [`JsonStyle::NoCompress`] only;
/// numbers as Java prints them, an infinite double as `null`, NaN as `NaN`, a null key bare.
/// Checked against Java by `src/apigw/payload_cases.txt`.
///
/// # Examples
/// ```
/// use apigw_vtl::value::{JsonStyle, Value, write_json_smart};
/// let value = Value::from_json(&serde_json::json!({"a": ["x/y", 1.5]}));
/// let mut out = String::new();
/// write_json_smart(&value, JsonStyle::NoCompress, &mut out);
/// assert_eq!(out, r#"{"a":["x\/y",1.5]}"#);
/// ```
pub fn write_json_smart(value: &Value, style: JsonStyle, out: &mut String) {
    write_json_at(value, style, out, 0);
}

fn write_json_items(items: &[Value], style: JsonStyle, out: &mut String, depth: usize) {
    out.push('[');
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        write_json_at(item, style, out, depth + 1);
    }
    out.push(']');
}

fn write_json_at(value: &Value, style: JsonStyle, out: &mut String, depth: usize) {
    if depth > MAX_JSON_DEPTH {
        out.push_str("null");
        return;
    }
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        // json-smart writes an infinite double as null but NaN as NaN.
        Value::Number(Number::Double(d)) if d.is_infinite() => out.push_str("null"),
        Value::Number(n) => write_number(n, out),
        Value::String(s) => write_json_string(s, style, out),
        Value::List(list) => match list.try_borrow() {
            Ok(list) => write_json_items(&list.current_items(), style, out, depth),
            Err(_) => out.push_str("null"),
        },
        Value::Array(items) => write_json_items(items, style, out, depth),
        Value::Map(map) => match map.try_borrow() {
            Ok(map) => {
                out.push('{');
                for (index, (key, item)) in map.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    // JSONObject.writeJSONKV: a null key is written bare.
                    if key.is_null() {
                        out.push_str("null");
                    } else {
                        write_json_string(&key.to_java_string(), style, out);
                    }
                    out.push(':');
                    write_json_at(item, style, out, depth + 1);
                }
                out.push('}');
            }
            Err(_) => out.push_str("null"),
        },
        other => write_json_string(&other.to_java_string(), style, out),
    }
}

/// Whether any of eight bytes may need the escape loop's attention: a control character, `"`,
/// `\\`, DEL, the lead bytes `C2` and `E2`, and `/` in [`JsonStyle::NoCompress`]. May say yes for
/// a plain word (the byte loop then looks), never no for one that needs it: the classic "has a
/// zero byte" test has no false negatives.
fn may_need_escape(word: u64, style: JsonStyle) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS != 0;
    let has_byte = |b: u8| has_zero(word ^ (ONES * u64::from(b)));
    // A byte below 0x20: subtracting 0x20 from it borrows into its high bit while its own high
    // bit was clear.
    let has_control = word.wrapping_sub(ONES * 0x20) & !word & HIGHS != 0;
    has_control
        || has_byte(b'"')
        || has_byte(b'\\')
        || has_byte(0x7f)
        || has_byte(0xC2)
        || has_byte(0xE2)
        || (style == JsonStyle::NoCompress && has_byte(b'/'))
}

/// A string as [`write_json_smart`] writes a string value: quoted, escaped as `style` says.
pub(crate) fn write_json_str(text: &str, style: JsonStyle, out: &mut String) {
    write_json_string(text, style, out);
}

/// `JStylerObj`'s escaping, quoted; plain runs are copied in one piece. Works on bytes: what needs
/// escaping is ASCII, or U+0080–009F (UTF-8 `C2 80`–`C2 9F`), or U+2000–20FF (`E2 80 80`–
/// `E2 83 BF`), so only the bytes `C2` and `E2` make it look further (this is the hot loop of
/// `$input.json`).
fn write_json_string(text: &str, style: JsonStyle, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push('"');
    let mut plain = 0;
    let mut at = 0;
    while at < bytes.len() {
        // Eight plain bytes at a time: most of a payload's text needs no escape.
        if let Some(word) = bytes.get(at..at + 8)
            && !may_need_escape(u64::from_le_bytes(word.try_into().unwrap_or([0; 8])), style)
        {
            at += 8;
            continue;
        }
        let byte = bytes[at];
        let (escape, width): (Option<&str>, usize) = match byte {
            b'"' => (Some("\\\""), 1),
            b'\\' => (Some("\\\\"), 1),
            b'/' if style == JsonStyle::NoCompress => (Some("\\/"), 1),
            0x08 => (Some("\\b"), 1),
            0x0c => (Some("\\f"), 1),
            b'\n' => (Some("\\n"), 1),
            b'\r' => (Some("\\r"), 1),
            b'\t' => (Some("\\t"), 1),
            0x00..=0x1f | 0x7f => (Some(""), 1),
            0xC2 if matches!(bytes.get(at + 1), Some(0x80..=0x9f)) => (Some(""), 2),
            0xE2 if matches!(bytes.get(at + 1), Some(0x80..=0x83)) => (Some(""), 3),
            _ => (None, 1),
        };
        let Some(escape) = escape else {
            at += 1;
            continue;
        };
        out.push_str(&text[plain..at]);
        if escape.is_empty() {
            // The one character at `at`, as `\uXXXX`.
            let code = text[at..].chars().next().map_or(0, u32::from);
            out.push_str("\\u");
            for shift in [12, 8, 4, 0] {
                out.push(char::from(HEX[((code >> shift) & 0xF) as usize]));
            }
        } else {
            out.push_str(escape);
        }
        at += width;
        plain = at;
    }
    out.push_str(&text[plain..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `JStylerObj`'s rule, one character at a time: the plain statement of what the byte loop and
    /// its eight-byte skip must give.
    fn escaped_char_by_char(text: &str, style: JsonStyle) -> String {
        let mut out = String::from("\"");
        for ch in text.chars() {
            match ch {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '/' if style == JsonStyle::NoCompress => out.push_str("\\/"),
                '\u{8}' => out.push_str("\\b"),
                '\u{c}' => out.push_str("\\f"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{2000}'..='\u{20ff}' => {
                    out.push_str(&format!("\\u{:04X}", ch as u32));
                }
                other => out.push(other),
            }
        }
        out.push('"');
        out
    }

    #[test]
    fn every_character_in_every_position_of_a_word_is_escaped_as_java_does() {
        let characters = (0..0x2200)
            .chain([0x1F600, 0xFFFD, 0x3000, 0xC2, 0xE2])
            .filter_map(char::from_u32);
        for ch in characters {
            for before in 0..9 {
                let text = format!("{}{ch}{}", "a".repeat(before), "z".repeat(9));
                for style in [JsonStyle::LtCompress, JsonStyle::NoCompress] {
                    let mut out = String::new();
                    write_json_string(&text, style, &mut out);
                    assert_eq!(
                        out,
                        escaped_char_by_char(&text, style),
                        "{ch:?} after {before}"
                    );
                }
            }
        }
    }
}

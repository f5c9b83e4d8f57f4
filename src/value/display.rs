//! Java's `toString()` for every value, and json-smart's writer for the lists API Gateway reads from
//! payloads.

use std::rc::Rc;

use super::budget::{self, Level};
use super::number::Number;
use super::{ListKind, Value};
use crate::java::double;

/// Appends `String.valueOf(value)` as Java prints it: `{a=1, b=[1, 2]}`, `[1, two]`, `null`.
///
/// # Examples
/// ```
/// use apigw_vtl::value::{Value, write_java_string};
/// let mut out = String::new();
/// write_java_string(&Value::from_json(&serde_json::json!([1, "two", null, 2.0])), &mut out);
/// assert_eq!(out, "[1, two, null, 2.0]");
/// ```
///
/// A collection that holds itself directly prints `(this Collection)` or `(this Map)` there, as
/// Java's `AbstractCollection` and `AbstractMap` do; a longer cycle, or nesting deeper than
/// [`MAX_NESTING`](super::budget::MAX_NESTING), is where Java overflows its stack: the text then
/// stops short and a [`Fault`](super::budget::Fault) is recorded for the caller to raise.
pub fn write_java_string(value: &Value, out: &mut String) {
    write_at(value, out);
}

fn write_at(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => write_number(n, out),
        Value::String(s) => {
            if budget::charge_bytes(s.len()) {
                out.push_str(s);
            }
        }
        Value::Char(c) => out.push(*c),
        Value::List(list_ref) => {
            let Some(_level) = Level::enter() else {
                return;
            };
            let list = match list_ref.try_borrow() {
                Ok(list) => list,
                // The list is being printed already: Java prints "(this Collection)".
                Err(_) => {
                    out.push_str("(this Collection)");
                    return;
                }
            };
            if list.kind == ListKind::JsonArray {
                // json-smart's writer has no self-reference check: a cycle overflows Java's stack.
                write_json_items(&list.current_items(), JsonStyle::NoCompress, out);
            } else {
                write_java_items(&list.current_items(), Some(list_ref), out);
            }
        }
        Value::Map(map_ref) => {
            let Some(_level) = Level::enter() else {
                return;
            };
            let Ok(map) = map_ref.try_borrow() else {
                out.push_str("(this Map)");
                return;
            };
            if map.prints_empty() {
                return;
            }
            // AbstractMap.toString: a key or value that is the map itself prints "(this Map)".
            let write_part = |part: &Value, out: &mut String| match part {
                Value::Map(inner) if Rc::ptr_eq(inner, map_ref) => out.push_str("(this Map)"),
                other => write_at(other, out),
            };
            if !budget::charge_values(map.len()) {
                return;
            }
            out.push('{');
            for (index, (key, item)) in map.iter().enumerate() {
                if budget::faulted() {
                    return;
                }
                if index > 0 {
                    out.push_str(", ");
                }
                write_part(key, out);
                out.push('=');
                write_part(item, out);
            }
            out.push('}');
        }
        Value::Entry(entry) => {
            let Some(_level) = Level::enter() else {
                return;
            };
            write_at(&entry.0, out);
            out.push('=');
            write_at(&entry.1, out);
        }
        Value::Array(items) => {
            let Some(_level) = Level::enter() else {
                return;
            };
            write_java_items(items, None, out);
        }
        Value::Host(host) => {
            if let Some(text) = host.java_string() {
                out.push_str(&text);
            }
        }
    }
}

/// `AbstractCollection.toString()`: `[a, b]`; an item that is the collection itself (`this`)
/// prints `(this Collection)`.
fn write_java_items(items: &[Value], this: Option<&super::ListRef>, out: &mut String) {
    // Every item writes something: a list of a million numbers is charged for them.
    if !budget::charge_values(items.len()) {
        return;
    }
    out.push('[');
    for (index, item) in items.iter().enumerate() {
        if budget::faulted() {
            return;
        }
        if index > 0 {
            out.push_str(", ");
        }
        match (item, this) {
            (Value::List(inner), Some(this)) if Rc::ptr_eq(inner, this) => {
                out.push_str("(this Collection)");
            }
            _ => write_at(item, out),
        }
    }
    out.push(']');
}

/// A number's `toString()`.
pub(crate) fn write_number(number: &Number, out: &mut String) {
    match number {
        Number::Int(v) => out.push_str(itoa::Buffer::new().format(*v)),
        Number::Long(v) => out.push_str(itoa::Buffer::new().format(*v)),
        // Linear when the number kept its text; charged to the budget when it must be computed.
        Number::BigInt(v) => v.write_decimal(out),
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
///
/// A cycle, or nesting deeper than [`MAX_NESTING`](super::budget::MAX_NESTING), stops the text short
/// and records a [`Fault`](super::budget::Fault), as [`write_java_string`] does.
pub fn write_json_smart(value: &Value, style: JsonStyle, out: &mut String) {
    write_json_at(value, style, out);
}

fn write_json_items(items: &[Value], style: JsonStyle, out: &mut String) {
    let Some(_level) = Level::enter() else {
        return;
    };
    if !budget::charge_values(items.len()) {
        return;
    }
    out.push('[');
    for (index, item) in items.iter().enumerate() {
        if budget::faulted() {
            return;
        }
        if index > 0 {
            out.push(',');
        }
        write_json_at(item, style, out);
    }
    out.push(']');
}

fn write_json_at(value: &Value, style: JsonStyle, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        // json-smart writes an infinite double as null but NaN as NaN.
        Value::Number(Number::Double(d)) if d.is_infinite() => out.push_str("null"),
        Value::Number(n) => write_number(n, out),
        Value::String(s) => write_json_string(s, style, out),
        Value::List(list) => match list.try_borrow() {
            Ok(list) => write_json_items(&list.current_items(), style, out),
            Err(_) => out.push_str("null"),
        },
        Value::Array(items) => write_json_items(items, style, out),
        Value::Map(map) => match map.try_borrow() {
            Ok(map) => {
                let Some(_level) = Level::enter() else {
                    return;
                };
                if !budget::charge_values(map.len()) {
                    return;
                }
                out.push('{');
                for (index, (key, item)) in map.iter().enumerate() {
                    if budget::faulted() {
                        return;
                    }
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
                    write_json_at(item, style, out);
                }
                out.push('}');
            }
            Err(_) => out.push_str("null"),
        },
        other => write_json_string(&other.to_java_string(), style, out),
    }
}

/// `JStylerObj`'s escaping, quoted; plain runs are copied in one piece.
fn write_json_string(text: &str, style: JsonStyle, out: &mut String) {
    if !budget::charge_bytes(text.len()) {
        return;
    }
    out.push('"');
    let mut plain = 0;
    for (at, ch) in text.char_indices() {
        let escape: Option<&str> = match ch {
            '"' => Some("\\\""),
            '\\' => Some("\\\\"),
            '/' if style == JsonStyle::NoCompress => Some("\\/"),
            '\u{8}' => Some("\\b"),
            '\u{c}' => Some("\\f"),
            '\n' => Some("\\n"),
            '\r' => Some("\\r"),
            '\t' => Some("\\t"),
            '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{2000}'..='\u{20ff}' => Some(""),
            _ => None,
        };
        let Some(escape) = escape else { continue };
        out.push_str(&text[plain..at]);
        plain = at + ch.len_utf8();
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            let code = ch as u32;
            out.push_str("\\u");
            for shift in [12, 8, 4, 0] {
                out.push(char::from(HEX[((code >> shift) & 0xF) as usize]));
            }
        } else {
            out.push_str(escape);
        }
    }
    out.push_str(&text[plain..]);
    out.push('"');
}

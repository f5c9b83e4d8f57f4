//! Java's `toString()` for every value, and json-smart's writer for the lists API Gateway reads from
//! payloads.

use super::number::Number;
use super::{JavaList, ListKind, Value};
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
                write_json_list(&list, out, depth);
            } else {
                out.push('[');
                for (index, item) in list.current_items().iter().enumerate() {
                    if index > 0 {
                        out.push_str(", ");
                    }
                    write_at(item, out, depth + 1);
                }
                out.push(']');
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
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                write_at(item, out, depth + 1);
            }
            out.push(']');
        }
        Value::Host(host) => {
            if let Some(text) = host.java_string() {
                out.push_str(&text);
            }
        }
    }
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

/// Appends a value as json-smart's `JSONValue.toJSONString` writes it (compact; strings escaped with
/// `\/` and `\uXXXX` for U+007F–U+009F and U+2000–U+20FF, aws-semantics.md §9): how API Gateway's
/// payload lists print, everything inside them included.
pub fn write_json_smart(value: &Value, out: &mut String) {
    write_json_at(value, out, 0);
}

fn write_json_list(list: &JavaList, out: &mut String, depth: usize) {
    out.push('[');
    for (index, item) in list.items.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        write_json_at(item, out, depth + 1);
    }
    out.push(']');
}

fn write_json_at(value: &Value, out: &mut String, depth: usize) {
    if depth > MAX_PRINT_DEPTH {
        out.push_str("...");
        return;
    }
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        // json-smart writes an infinite double as null but NaN as NaN.
        Value::Number(Number::Double(d)) if d.is_infinite() => out.push_str("null"),
        Value::Number(n) => write_number(n, out),
        Value::String(s) => write_json_smart_string(s, out),
        Value::List(list) => match list.try_borrow() {
            Ok(list) => write_json_list(&list, out, depth),
            Err(_) => out.push_str("null"),
        },
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_json_at(item, out, depth + 1);
            }
            out.push(']');
        }
        Value::Map(map) => match map.try_borrow() {
            Ok(map) => {
                out.push('{');
                for (index, (key, item)) in map.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    write_json_smart_string(&key.to_java_string(), out);
                    out.push(':');
                    write_json_at(item, out, depth + 1);
                }
                out.push('}');
            }
            Err(_) => out.push_str("null"),
        },
        other => write_json_smart_string(&other.to_java_string(), out),
    }
}

fn write_json_smart_string(text: &str, out: &mut String) {
    out.push('"');
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '/' => out.push_str("\\/"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20
                || ('\u{7f}'..='\u{9f}').contains(&c)
                || ('\u{2000}'..='\u{20ff}').contains(&c) =>
            {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

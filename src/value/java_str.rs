//! Java's view of a string: UTF-16 code units. Our strings are UTF-8; these helpers answer Java's
//! index-based questions (`length`, `indexOf`, `substring`, `charAt`) in UTF-16 units.
//!
//! Where Java would produce a lone surrogate (a `substring` or `charAt` that splits a pair), we
//! produce `?`: that is what Java prints for one when it writes UTF-8, and printing is the only
//! thing a template does with it in practice (known-differences.md).

use crate::java::{ExceptionClass, JavaException};

/// Number of UTF-16 code units: Java's `String.length()`.
///
/// # Examples
/// ```
/// assert_eq!(apigw_vtl::value::java_str::utf16_len("😀b"), 3);
/// ```
pub fn utf16_len(text: &str) -> usize {
    if text.is_ascii() {
        return text.len();
    }
    text.chars().map(char::len_utf16).sum()
}

/// Where UTF-16 index `index` falls in `text`: the byte offset of the character it starts, and
/// whether it points at the second half of a surrogate pair (then the offset is that character's).
/// `None` past the end.
fn locate(text: &str, index: usize) -> Option<(usize, bool)> {
    if text.is_ascii() {
        return (index <= text.len()).then_some((index, false));
    }
    let mut units = 0;
    for (offset, ch) in text.char_indices() {
        if units == index {
            return Some((offset, false));
        }
        let width = ch.len_utf16();
        if units + width > index {
            return Some((offset, true));
        }
        units += width;
    }
    (units == index).then_some((text.len(), false))
}

/// The UTF-16 index of byte offset `offset` (on a character boundary).
pub fn utf16_index_of_byte(text: &str, offset: usize) -> usize {
    utf16_len(&text[..offset.min(text.len())])
}

/// Java's `substring(begin, end)`, counting UTF-16 units.
///
/// # Errors
/// `StringIndexOutOfBoundsException` when `begin < 0`, `end > length()` or `begin > end`.
///
/// # Examples
/// ```
/// use apigw_vtl::value::java_str::substring;
/// assert_eq!(substring("h😀llo", 1, 4)?, "😀l");
/// // Splitting the pair leaves a lone surrogate, which prints as `?`.
/// assert_eq!(substring("h😀llo", 2, 4)?, "?l");
/// assert_eq!(
///     substring("abc", 2, 1).unwrap_err().to_string(),
///     "StringIndexOutOfBoundsException: begin 2, end 1, length 3"
/// );
/// # Ok::<(), apigw_vtl::java::JavaException>(())
/// ```
pub fn substring(text: &str, begin: i64, end: i64) -> Result<String, JavaException> {
    let length = utf16_len(text) as i64;
    if begin < 0 || end > length || begin > end {
        return Err(JavaException::new(
            ExceptionClass::StringIndexOutOfBoundsException,
            format!("begin {begin}, end {end}, length {length}"),
        ));
    }
    let (start, start_split) = locate(text, begin as usize).unwrap_or((text.len(), false));
    let (stop, stop_split) = locate(text, end as usize).unwrap_or((text.len(), false));
    let mut out = String::with_capacity(stop.saturating_sub(start) + 2);
    if start_split {
        // Starts on the low half of a pair: a lone surrogate.
        out.push('?');
        let next = text[start..].chars().next().map_or(0, char::len_utf8);
        if start + next <= stop {
            out.push_str(&text[start + next..stop]);
        }
    } else {
        out.push_str(&text[start..stop.max(start)]);
    }
    if stop_split && !(start_split && start == stop) {
        out.push('?');
    }
    Ok(out)
}

/// Java's `charAt(index)` as a one-character string (`?` for half of a surrogate pair).
///
/// # Errors
/// `StringIndexOutOfBoundsException` when `index` is outside the string.
///
/// # Examples
/// ```
/// use apigw_vtl::value::java_str::char_at;
/// assert_eq!(char_at("abc", 1)?, "b");
/// assert_eq!(
///     char_at("abc", 3).unwrap_err().to_string(),
///     "StringIndexOutOfBoundsException: index 3, length 3"
/// );
/// # Ok::<(), apigw_vtl::java::JavaException>(())
/// ```
pub fn char_at(text: &str, index: i64) -> Result<String, JavaException> {
    let length = utf16_len(text) as i64;
    if index < 0 || index >= length {
        return Err(JavaException::new(
            ExceptionClass::StringIndexOutOfBoundsException,
            format!("index {index}, length {length}"),
        ));
    }
    match locate(text, index as usize) {
        Some((offset, false)) => {
            let ch = text[offset..].chars().next().unwrap_or('?');
            Ok(if ch.len_utf16() == 2 {
                "?".to_string()
            } else {
                ch.to_string()
            })
        }
        _ => Ok("?".to_string()),
    }
}

/// Java's `indexOf(needle, from)`: the UTF-16 index of the first match at or after `from`, or -1.
pub fn index_of(text: &str, needle: &str, from: i64) -> i64 {
    let from = from.max(0) as usize;
    let Some((start, split)) = locate(text, from) else {
        return if needle.is_empty() && from >= utf16_len(text) {
            utf16_len(text) as i64
        } else {
            -1
        };
    };
    let start = if split {
        start + text[start..].chars().next().map_or(0, char::len_utf8)
    } else {
        start
    };
    match text[start..].find(needle) {
        Some(at) => utf16_index_of_byte(text, start + at) as i64,
        None => -1,
    }
}

/// Java's `lastIndexOf(needle)`: the UTF-16 index of the last match, or -1.
pub fn last_index_of(text: &str, needle: &str) -> i64 {
    match text.rfind(needle) {
        Some(at) => utf16_index_of_byte(text, at) as i64,
        None => -1,
    }
}

/// Java's `trim()`: strips characters up to U+0020 (control characters included) at both ends, and
/// nothing else.
pub fn trim(text: &str) -> &str {
    text.trim_matches(|c: char| c <= ' ')
}

//! The string functions of API Gateway's `$util` variable, byte for byte as the JDK 17 classes
//! behind them: `escapeJavaScript`, `urlEncode`, `urlDecode`, `base64Encode`, `base64Decode`.
//!
//! Java strings are UTF-16 and may hold lone surrogates; a Rust `&str` cannot, so inputs here are
//! always well-formed. Where Java's *output* would hold a lone surrogate (only ever inside an
//! exception message that quotes part of the input), this module writes `?`, which is what Java's
//! own UTF-8 encoder (`String.getBytes`) writes for it when the message leaves the JVM.
//!
//! Every function is checked against Java by the table `util_cases.txt`, which
//! `harness/src/UtilCases.java` regenerates.

use crate::java::{ExceptionClass, JavaException};

/// The character Java's UTF-8 decoder puts in place of malformed input (`String.REPL`).
const REPL: char = '\u{FFFD}';

/// Prefix of every `URLDecoder` complaint about a `%XY` escape.
const URL_HEX_ERROR: &str = "URLDecoder: Illegal hex characters in escape (%) pattern - ";

/// What `URLDecoder` and `Base64.Decoder` throw.
fn illegal_argument(message: impl Into<String>) -> JavaException {
    JavaException::new(ExceptionClass::IllegalArgumentException, message)
}

/// Apache Commons Lang 2.6 `StringEscapeUtils.escapeJavaScript`, which API Gateway's
/// `$util.escapeJavaScript` is.
///
/// It works on UTF-16 units: `"`, `'`, `\` and `/` get a backslash; `\b \f \n \r \t` are written
/// as such, other controls and everything above U+007F as `\uXXXX` (uppercase hex), so a
/// character outside the BMP becomes its two surrogates. U+007F itself passes through unchanged.
///
/// # Examples
/// ```
/// use apigw_vtl::apigw::util::escape_javascript;
/// assert_eq!(escape_javascript("It's \"a/b\"\n"), r#"It\'s \"a\/b\"\n"#);
/// assert_eq!(escape_javascript("é😀\u{1}"), r"\u00E9\uD83D\uDE00\u0001");
/// ```
pub fn escape_javascript(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut units = [0u16; 2];
    for c in text.chars() {
        match c {
            // commons-lang compares the UTF-16 unit with 0x7f, 0xff and 0xfff and pads with `0`s
            // to four digits in each branch: all of it is `\u` and four uppercase hex digits.
            '\u{80}'.. => {
                for unit in c.encode_utf16(&mut units) {
                    push_u_escape(&mut out, *unit);
                }
            }
            '\u{8}' => out.push_str("\\b"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '\0'..='\u{1f}' => push_u_escape(&mut out, c as u16),
            // escapeJavaScript is escapeJavaStyleString(str, escapeSingleQuote = true,
            // escapeForwardSlash = true); DEL (0x7f) is not above 0x7f and falls through here.
            '\'' | '"' | '\\' | '/' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// `\u` and four uppercase hex digits (`Integer.toHexString(ch).toUpperCase()` padded with `0`).
fn push_u_escape(out: &mut String, unit: u16) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push_str("\\u");
    for shift in [12, 8, 4, 0] {
        out.push(char::from(HEX[usize::from((unit >> shift) & 0xf)]));
    }
}

/// `java.net.URLEncoder.encode(text, "UTF-8")`: HTML form encoding.
///
/// ASCII letters, digits and `*-._` stay, a space becomes `+`, every other byte of the text's
/// UTF-8 form becomes `%XY` with uppercase hex (so `~` is encoded, unlike in RFC 3986).
///
/// # Examples
/// ```
/// use apigw_vtl::apigw::util::url_encode;
/// assert_eq!(url_encode("a b~c*d"), "a+b%7Ec*d");
/// assert_eq!(url_encode("é/😀"), "%C3%A9%2F%F0%9F%98%80");
/// ```
pub fn url_encode(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    // URLEncoder gathers a run of characters to encode and calls getBytes(UTF-8) on it. For a
    // well-formed string (no lone surrogates) that is the string's own UTF-8, byte by byte.
    for &byte in text.as_bytes() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                out.push(char::from(byte));
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 0xf)]));
            }
        }
    }
    out
}

/// `java.net.URLDecoder.decode(text, "UTF-8")` (JDK 17).
///
/// `+` becomes a space. Each run of consecutive `%XY` escapes is collected as bytes and decoded
/// as UTF-8 the way `new String(bytes, UTF_8)` does, malformed bytes becoming U+FFFD. `XY` is
/// parsed by `Integer.parseInt(s, i, i + 2, 16)`, so `%+5` is byte 5, `%-0` byte 0 and any
/// Unicode decimal digit counts (`%٣٣` is `3`).
///
/// # Errors
/// Where Java throws, its `IllegalArgumentException` with Java's message: a `%` with fewer than
/// two characters after it, an escape that is not a number, or a negative one (`%-1`).
///
/// # Examples
/// ```
/// use apigw_vtl::apigw::util::url_decode;
/// use apigw_vtl::java::ExceptionClass;
/// assert_eq!(url_decode("a+b%20%C3%A9%7e")?, "a b é~");
/// assert_eq!(url_decode("%C3")?, "\u{FFFD}");
/// let thrown = url_decode("100%").unwrap_err();
/// assert_eq!(thrown.class(), ExceptionClass::IllegalArgumentException);
/// assert_eq!(
///     thrown.message(),
///     "URLDecoder: Incomplete trailing escape (%) pattern"
/// );
/// assert_eq!(
///     url_decode("%zz").unwrap_err().to_string(),
///     "IllegalArgumentException: URLDecoder: Illegal hex characters in escape (%) pattern - \
///      Error at index 0 in: \"zz\""
/// );
/// # Ok::<(), apigw_vtl::java::JavaException>(())
/// ```
pub fn url_decode(text: &str) -> Result<String, JavaException> {
    // URLDecoder indexes the string by UTF-16 unit: `%` needs two *units* after it, and a
    // surrogate pair counts as two.
    let units: Vec<u16> = text.encode_utf16().collect();
    let n = units.len();
    let percent = u16::from(b'%');
    let mut out: Vec<u16> = Vec::with_capacity(n);
    let mut bytes: Vec<u8> = Vec::new();
    let mut i = 0;
    while i < n {
        let c = units[i];
        if c == u16::from(b'+') {
            out.push(u16::from(b' '));
            i += 1;
        } else if c == percent {
            // Every consecutive `%XY` is one byte of the same run; the run is decoded at once, so
            // a character split across runs (`%C3+%A9`) is malformed in both.
            bytes.clear();
            while i + 2 < n && units[i] == percent {
                let value = parse_hex_pair(units[i + 1], units[i + 2])?;
                if value < 0 {
                    return Err(illegal_argument(format!("{URL_HEX_ERROR}negative value")));
                }
                // `(byte) v`: v is at most 0xff here.
                bytes.push(value.to_le_bytes()[0]);
                i += 3;
            }
            // A `%` with fewer than two units after it, whether or not a run came before.
            if i < n && units[i] == percent {
                return Err(illegal_argument(
                    "URLDecoder: Incomplete trailing escape (%) pattern",
                ));
            }
            out.extend(java_utf8_decode(&bytes).encode_utf16());
        } else {
            out.push(c);
            i += 1;
        }
    }
    // The units come from a well-formed string or from decoded runs, each well-formed, so this is
    // never lossy.
    Ok(String::from_utf16_lossy(&out))
}

/// `Integer.parseInt(s, i, i + 2, 16)` on the two UTF-16 units after a `%`, with Java's
/// `NumberFormatException` message (as URLDecoder wraps it) when it fails.
fn parse_hex_pair(first: u16, second: u16) -> Result<i32, JavaException> {
    let error_at = |index: usize| {
        // NumberFormatException.forCharSequence quotes the two units; a lone surrogate among them
        // (half of a pair) is written as `?`, as Java's UTF-8 encoder writes it.
        let quoted: String = char::decode_utf16([first, second])
            .map(|unit| unit.unwrap_or('?'))
            .collect();
        Err(illegal_argument(format!(
            "{URL_HEX_ERROR}Error at index {index} in: \"{quoted}\""
        )))
    };
    // A first character below '0' may only be a sign, and then one digit must follow.
    if first < u16::from(b'0') {
        let negative = first == u16::from(b'-');
        if !negative && first != u16::from(b'+') {
            return error_at(0);
        }
        return match java_hex_digit(second) {
            Some(digit) if negative => Ok(-i32::from(digit)),
            Some(digit) => Ok(i32::from(digit)),
            None => error_at(1),
        };
    }
    match (java_hex_digit(first), java_hex_digit(second)) {
        (Some(high), Some(low)) => Ok(i32::from(high) * 16 + i32::from(low)),
        (None, _) => error_at(0),
        (Some(_), None) => error_at(1),
    }
}

/// Every BMP run of characters that `Character.digit(c, 16)` accepts on JDK 17 (Unicode 13), as
/// `(first, last, digit of first)`; digits rise by one along a run. Besides ASCII these are the
/// other scripts' decimal digits (category Nd) and the fullwidth `０-９ Ａ-Ｆ ａ-ｆ`. Printed by
/// `java harness/src/UtilCases.java digits`. URLDecoder sees UTF-16 units, so digits outside the
/// BMP never count.
const HEX_DIGIT_RUNS: [(u16, u16, u8); 41] = [
    (0x0030, 0x0039, 0),
    (0x0041, 0x0046, 10),
    (0x0061, 0x0066, 10),
    (0x0660, 0x0669, 0),
    (0x06F0, 0x06F9, 0),
    (0x07C0, 0x07C9, 0),
    (0x0966, 0x096F, 0),
    (0x09E6, 0x09EF, 0),
    (0x0A66, 0x0A6F, 0),
    (0x0AE6, 0x0AEF, 0),
    (0x0B66, 0x0B6F, 0),
    (0x0BE6, 0x0BEF, 0),
    (0x0C66, 0x0C6F, 0),
    (0x0CE6, 0x0CEF, 0),
    (0x0D66, 0x0D6F, 0),
    (0x0DE6, 0x0DEF, 0),
    (0x0E50, 0x0E59, 0),
    (0x0ED0, 0x0ED9, 0),
    (0x0F20, 0x0F29, 0),
    (0x1040, 0x1049, 0),
    (0x1090, 0x1099, 0),
    (0x17E0, 0x17E9, 0),
    (0x1810, 0x1819, 0),
    (0x1946, 0x194F, 0),
    (0x19D0, 0x19D9, 0),
    (0x1A80, 0x1A89, 0),
    (0x1A90, 0x1A99, 0),
    (0x1B50, 0x1B59, 0),
    (0x1BB0, 0x1BB9, 0),
    (0x1C40, 0x1C49, 0),
    (0x1C50, 0x1C59, 0),
    (0xA620, 0xA629, 0),
    (0xA8D0, 0xA8D9, 0),
    (0xA900, 0xA909, 0),
    (0xA9D0, 0xA9D9, 0),
    (0xA9F0, 0xA9F9, 0),
    (0xAA50, 0xAA59, 0),
    (0xABF0, 0xABF9, 0),
    (0xFF10, 0xFF19, 0),
    (0xFF21, 0xFF26, 10),
    (0xFF41, 0xFF46, 10),
];

/// `Character.digit(unit, 16)`, `None` for -1.
fn java_hex_digit(unit: u16) -> Option<u8> {
    HEX_DIGIT_RUNS
        .iter()
        .find(|&&(first, last, _)| (first..=last).contains(&unit))
        .and_then(|&(first, _, base)| u8::try_from(unit - first).ok().map(|offset| base + offset))
}

/// `Base64.getEncoder().encodeToString(text.getBytes(UTF_8))`: the standard alphabet, padded.
///
/// # Examples
/// ```
/// use apigw_vtl::apigw::util::base64_encode;
/// assert_eq!(base64_encode("hi"), "aGk=");
/// assert_eq!(base64_encode("é?>"), "w6k/Pg==");
/// ```
pub fn base64_encode(text: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let bits = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for (k, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
            if k <= chunk.len() {
                out.push(char::from(ALPHABET[((bits >> shift) & 0x3f) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `new String(Base64.getDecoder().decode(text), UTF_8)` (JDK 17's basic decoder).
///
/// Padding may be left off (`aGk` is `hi`), but no character outside the alphabet is skipped,
/// whitespace included. `decode(String)` first turns the text into ISO-8859-1 bytes, where every
/// character above U+00FF (a surrogate pair counts once) becomes `?`. The decoded bytes become a
/// string as Java's UTF-8 decoder does it, malformed input becoming U+FFFD.
///
/// # Errors
/// Where Java throws, its `IllegalArgumentException` with Java's message, e.g. `Illegal base64
/// character 20` for a space, `Illegal base64 character -17` for `é` (the byte printed signed),
/// `Input byte array has wrong 4-byte ending unit` for misplaced padding.
///
/// # Examples
/// ```
/// use apigw_vtl::apigw::util::base64_decode;
/// assert_eq!(base64_decode("aGk=")?, "hi");
/// assert_eq!(base64_decode("aGk")?, "hi");
/// assert_eq!(base64_decode("/w==")?, "\u{FFFD}");
/// assert_eq!(
///     base64_decode("aG k=").unwrap_err().to_string(),
///     "IllegalArgumentException: Illegal base64 character 20"
/// );
/// # Ok::<(), apigw_vtl::java::JavaException>(())
/// ```
pub fn base64_decode(text: &str) -> Result<String, JavaException> {
    // String.getBytes(ISO_8859_1): unmappable characters become '?', one per code point.
    let src: Vec<u8> = text
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect();
    let bytes = java_base64_decode(&src)?;
    Ok(java_utf8_decode(&bytes))
}

/// The value of a base64 character, `Padding` for `=`, `Invalid` for anything else
/// (`Base64.Decoder.fromBase64`: -2 and -1).
enum Sextet {
    Value(u32),
    Padding,
    Invalid,
}

fn sextet(byte: u8) -> Sextet {
    match byte {
        b'A'..=b'Z' => Sextet::Value(u32::from(byte - b'A')),
        b'a'..=b'z' => Sextet::Value(u32::from(byte - b'a') + 26),
        b'0'..=b'9' => Sextet::Value(u32::from(byte - b'0') + 52),
        b'+' => Sextet::Value(62),
        b'/' => Sextet::Value(63),
        b'=' => Sextet::Padding,
        _ => Sextet::Invalid,
    }
}

/// `Base64.Decoder.decode(byte[])` for the basic (not MIME, not URL) decoder: `decodedOutLength`
/// and then `decode0`, with their exception messages. The fast path (`decodeBlock`) only decodes
/// whole valid quadruples ahead of the same loop and changes nothing that can be seen.
fn java_base64_decode(src: &[u8]) -> Result<Vec<u8>, JavaException> {
    let len = src.len();
    if len == 0 {
        return Ok(Vec::new());
    }
    // decodedOutLength refuses a lone byte before decode0 could say anything else.
    if len < 2 {
        return Err(illegal_argument(
            "Input byte[] should at least have 2 bytes for base64 bytes",
        ));
    }
    let mut dst = Vec::with_capacity(len / 4 * 3 + 2);
    let mut bits: u32 = 0;
    // Where the next sextet goes: 18, 12, 6, 0 for the four characters of a quadruple.
    let mut shift: u32 = 18;
    let mut sp = 0;
    while sp < len {
        let byte = src[sp];
        sp += 1;
        match sextet(byte) {
            Sextet::Value(value) => {
                bits |= value << shift;
                if shift == 0 {
                    dst.extend_from_slice(&bits.to_be_bytes()[1..]);
                    shift = 18;
                    bits = 0;
                } else {
                    shift -= 6;
                }
            }
            Sextet::Padding => {
                // `=` first in a quadruple, or `xx=` not followed by a second `=`, is wrong;
                // `x=` falls to the "not enough valid bits" check below and `xxx=` ends the data.
                // Decoding stops at the padding either way.
                if shift == 18 {
                    return Err(illegal_argument(
                        "Input byte array has wrong 4-byte ending unit",
                    ));
                }
                if shift == 6 {
                    if sp == len || src[sp] != b'=' {
                        return Err(illegal_argument(
                            "Input byte array has wrong 4-byte ending unit",
                        ));
                    }
                    sp += 1;
                }
                break;
            }
            Sextet::Invalid => {
                // Integer.toString(src[sp - 1], 16) of a signed byte: 0xE9 prints as "-17".
                let signed = i8::from_le_bytes([byte]);
                let sign = if signed < 0 { "-" } else { "" };
                return Err(illegal_argument(format!(
                    "Illegal base64 character {sign}{:x}",
                    signed.unsigned_abs()
                )));
            }
        }
    }
    // Ended (by the end of input or by padding) part-way through a quadruple.
    match shift {
        6 => dst.push(bits.to_be_bytes()[1]),
        0 => dst.extend_from_slice(&bits.to_be_bytes()[1..3]),
        12 => {
            return Err(illegal_argument(
                "Last unit does not have enough valid bits",
            ));
        }
        _ => {}
    }
    // Nothing may follow the padding; Java reports the 0-based offset of the first extra byte.
    if sp < len {
        return Err(illegal_argument(format!(
            "Input byte array has incorrect ending byte at {sp}"
        )));
    }
    Ok(dst)
}

/// `new String(bytes, UTF_8)` on JDK 17 (`String.decodeUTF8_UTF16` with replacement on).
///
/// Java's rules for malformed input differ from `String::from_utf8_lossy` in places, so they are
/// copied step by step:
/// * an encoded surrogate (`ED A0 80`) is one U+FFFD for all three bytes;
/// * a 3- or 4-byte sequence cut short by the end of the input is one U+FFFD, and so are the
///   bytes left (`F0 9F 98` at the end is one U+FFFD);
/// * a 4-byte sequence above U+10FFFF or overlong, and the lead bytes `F5`–`F7`, are one U+FFFD
///   for the lead byte, then one for each continuation byte after it.
fn java_utf8_decode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    let sl = bytes.len();
    let mut sp = 0;
    while sp < sl {
        let b1 = bytes[sp];
        sp += 1;
        if b1 < 0x80 {
            out.push(char::from(b1));
        } else if b1 & 0xe0 == 0xc0 && b1 & 0x1e != 0 {
            // Two bytes, lead C2..DF (C0 and C1 would be overlong and fall to the last branch).
            if sp < sl {
                let b2 = bytes[sp];
                if is_continuation(b2) {
                    sp += 1;
                    push_code(&mut out, (u32::from(b1 & 0x1f) << 6) | u32::from(b2 & 0x3f));
                } else {
                    // b2 is read again as the start of the next character.
                    out.push(REPL);
                }
                continue;
            }
            out.push(REPL);
            break;
        } else if b1 & 0xf0 == 0xe0 {
            // Three bytes, lead E0..EF.
            if sp + 1 < sl {
                let (b2, b3) = (bytes[sp], bytes[sp + 1]);
                if is_malformed3(b1, b2) || !is_continuation(b3) {
                    out.push(REPL);
                    // malformed3: skip the lead byte alone when the second byte is wrong, the lead
                    // and the second byte when only the third is.
                    if !is_malformed3(b1, b2) {
                        sp += 1;
                    }
                } else {
                    sp += 2;
                    let code = (u32::from(b1 & 0x0f) << 12)
                        | (u32::from(b2 & 0x3f) << 6)
                        | u32::from(b3 & 0x3f);
                    // decode3 then Character.isSurrogate: U+D800..U+DFFF is one replacement.
                    push_code(&mut out, code);
                }
                continue;
            }
            // One byte or none after the lead. A wrong second byte is read again; otherwise the
            // end of the input cuts the character short and Java stops with one U+FFFD for both.
            if sp < sl && is_malformed3(b1, bytes[sp]) {
                out.push(REPL);
                continue;
            }
            out.push(REPL);
            break;
        } else if b1 & 0xf8 == 0xf0 {
            // Four bytes, lead F0..F7.
            if sp + 2 < sl {
                let (b2, b3, b4) = (bytes[sp], bytes[sp + 1], bytes[sp + 2]);
                let code = (u32::from(b1 & 0x07) << 18)
                    | (u32::from(b2 & 0x3f) << 12)
                    | (u32::from(b3 & 0x3f) << 6)
                    | u32::from(b4 & 0x3f);
                let well_formed = is_continuation(b2)
                    && is_continuation(b3)
                    && is_continuation(b4)
                    && (0x1_0000..0x11_0000).contains(&code);
                if well_formed {
                    sp += 3;
                    push_code(&mut out, code);
                } else {
                    out.push(REPL);
                    // malformed4: skip the lead byte alone when the second byte is wrong for it,
                    // two bytes when the third is wrong, else three (the fourth is read again).
                    if !is_malformed4_2(b1, b2) {
                        sp += if is_continuation(b3) { 2 } else { 1 };
                    }
                }
                continue;
            }
            // Fewer than three bytes after the lead.
            if b1 > 0xf4 || (sp < sl && is_malformed4_2(b1, bytes[sp])) {
                out.push(REPL);
                continue;
            }
            // The lead and one more byte are replaced; a third byte that could continue the
            // sequence is dropped with it (Java stops decoding there), anything else is read.
            sp += 1;
            out.push(REPL);
            if sp < sl && !is_continuation(bytes[sp]) {
                continue;
            }
            break;
        } else {
            // A stray continuation byte, C0, C1 or F8..FF.
            out.push(REPL);
        }
    }
    out
}

/// `(b & 0xc0) == 0x80`.
fn is_continuation(byte: u8) -> bool {
    byte & 0xc0 == 0x80
}

/// `String.isMalformed3_2`: the second byte of a three-byte sequence is wrong (not a
/// continuation, or overlong after `E0`).
fn is_malformed3(b1: u8, b2: u8) -> bool {
    (b1 == 0xe0 && b2 & 0xe0 == 0x80) || !is_continuation(b2)
}

/// `String.isMalformed4_2` and the same test in `malformed4`: the lead byte of a four-byte
/// sequence is above F4, or the second byte is wrong for it.
fn is_malformed4_2(b1: u8, b2: u8) -> bool {
    b1 > 0xf4
        || (b1 == 0xf0 && !(0x90..=0xbf).contains(&b2))
        || (b1 == 0xf4 && b2 & 0xf0 != 0x80)
        || !is_continuation(b2)
}

/// A decoded code point, or U+FFFD for a surrogate (Java checks `Character.isSurrogate` after
/// decode3; two- and four-byte results never are one).
fn push_code(out: &mut String, code: u32) {
    out.push(char::from_u32(code).unwrap_or(REPL));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `\x{HEX}` stands for a code point; a lone surrogate (only in Java's exception messages)
    /// becomes `?`, as Java's UTF-8 encoder writes it.
    fn unescape(field: &str) -> String {
        let mut out = String::with_capacity(field.len());
        let mut rest = field;
        while let Some(at) = rest.find("\\x{") {
            out.push_str(&rest[..at]);
            let after = &rest[at + 3..];
            let close = after.find('}').expect("closing brace");
            let code = u32::from_str_radix(&after[..close], 16).expect("hex code point");
            out.push(char::from_u32(code).unwrap_or('?'));
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        out
    }

    /// One function's answer in the table's form: the result, or the exception as Java prints it
    /// (simple class name).
    fn run(function: &str, input: &str) -> Result<String, String> {
        let thrown = |exception: JavaException| exception.to_string();
        match function {
            "escapeJavaScript" => Ok(escape_javascript(input)),
            "urlEncode" => Ok(url_encode(input)),
            "urlDecode" => url_decode(input).map_err(thrown),
            "base64Encode" => Ok(base64_encode(input)),
            "base64Decode" => base64_decode(input).map_err(thrown),
            other => panic!("unknown function {other}"),
        }
    }

    /// Every case of util_cases.txt (JDK 17 and commons-lang 2.6 results, written by
    /// harness/src/UtilCases.java).
    #[test]
    fn matches_java_table() {
        let mut counts = std::collections::BTreeMap::new();
        let mut failures = Vec::new();
        for line in include_str!("util_cases.txt").lines() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 4, "{line}");
            let (function, input) = (fields[0], unescape(fields[1]));
            let expected = match fields[2] {
                "=>" => Ok(unescape(fields[3])),
                "!>" => Err(unescape(fields[3])),
                other => panic!("bad marker {other} in {line}"),
            };
            let actual = run(function, &input);
            if actual != expected {
                failures.push(format!("{line}\n    got {actual:?}"));
            }
            *counts.entry(function).or_insert(0) += 1;
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        let total: usize = counts.values().sum();
        assert!(total >= 400, "{total} cases");
        assert_eq!(counts.len(), 5, "{counts:?}");
    }

    #[test]
    fn hex_digits_follow_java() {
        assert_eq!(java_hex_digit(u16::from(b'7')), Some(7));
        assert_eq!(java_hex_digit(u16::from(b'f')), Some(15));
        assert_eq!(java_hex_digit(u16::from(b'G')), None);
        assert_eq!(java_hex_digit(0x0663), Some(3)); // ARABIC-INDIC DIGIT THREE
        assert_eq!(java_hex_digit(0xFF26), Some(15)); // FULLWIDTH LATIN CAPITAL LETTER F
        assert_eq!(java_hex_digit(0xFF27), None);
        assert_eq!(java_hex_digit(0xD835), None); // surrogates are never digits
    }

    #[test]
    fn malformed_utf8_follows_java() {
        let repl = |n: usize| "\u{FFFD}".repeat(n);
        assert_eq!(java_utf8_decode(&[0xed, 0xa0, 0x80]), repl(1));
        assert_eq!(java_utf8_decode(&[0xf0, 0x9f, 0x98]), repl(1));
        assert_eq!(java_utf8_decode(&[0xf0, 0x9f, 0x41]), repl(1) + "A");
        assert_eq!(java_utf8_decode(&[0xf5, 0x80, 0x80, 0x80]), repl(4));
        assert_eq!(java_utf8_decode(&[0xe2, 0x82]), repl(1));
        assert_eq!(java_utf8_decode(&[0xc3, 0x41]), repl(1) + "A");
    }
}

//! `String.format` (Java's `Formatter`) for the conversions templates use: `%s %S %d %x %X %o %f %e
//! %E %b %B %c %n %%`, with argument indexes, flags `-#+ 0,(`, width and precision.
//!
//! Errors are Java's exceptions ([`JavaException`]): a conversion that does not fit its argument
//! (`IllegalFormatConversionException: d != java.lang.String`), a missing argument
//! (`MissingFormatArgumentException: Format specifier '%s'`), an unknown conversion.

use crate::java::{ExceptionClass, JavaException};
use crate::value::budget;
use crate::value::{Number, Value, write_java_string};

struct Spec {
    index: Option<usize>,
    flags: String,
    width: Option<usize>,
    precision: Option<usize>,
    conversion: char,
    text: String,
}

/// `String.format(format, args...)`.
///
/// Widths and precisions are Java's: up to `Integer.MAX_VALUE`, larger ones throw as Java's
/// `Formatter` does. What a width or precision makes the text grow by is charged to the render's
/// work budget ([`crate::value::budget`]) before it is built: when the budget cannot pay, the
/// result is empty and the budget's fault is recorded for the caller (Java runs out of memory
/// there).
///
/// # Errors
/// Java's exception when the format and the arguments do not fit.
///
/// # Examples
/// ```
/// use apigw_vtl::java::format::format;
/// use apigw_vtl::value::Value;
/// assert_eq!(format("%05d|%s", &[Value::int(42), Value::string("x")])?, "00042|x");
/// assert_eq!(
///     format("%d", &[Value::string("x")]).unwrap_err().to_string(),
///     "IllegalFormatConversionException: d != java.lang.String"
/// );
/// # Ok::<(), apigw_vtl::java::JavaException>(())
/// ```
pub fn format(pattern: &str, args: &[Value]) -> Result<String, JavaException> {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.char_indices().peekable();
    let mut ordinary = 0;
    while let Some((start, ch)) = chars.next() {
        if ch != '%' {
            out.push(ch);
            continue;
        }
        let spec = parse_spec(pattern, start, &mut chars)?;
        let grows = spec.width.unwrap_or(0).max(spec.precision.unwrap_or(0));
        if !budget::charge_bytes(grows) {
            return Ok(String::new());
        }
        let argument = match spec.conversion {
            '%' | 'n' => None,
            _ => {
                let position = match spec.index {
                    Some(index) => index.checked_sub(1),
                    None => {
                        ordinary += 1;
                        Some(ordinary - 1)
                    }
                };
                match position.and_then(|p| args.get(p)) {
                    Some(argument) => Some(argument),
                    None => {
                        return Err(JavaException::new(
                            ExceptionClass::MissingFormatArgumentException,
                            format!("Format specifier '{}'", spec.text),
                        ));
                    }
                }
            }
        };
        let body = convert(&spec, argument)?;
        pad(&spec, &body, &mut out);
    }
    Ok(out)
}

fn parse_spec(
    pattern: &str,
    start: usize,
    chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
) -> Result<Spec, JavaException> {
    let mut digits = String::new();
    let mut index = None;
    let mut flags = String::new();
    let mut width = None;
    let mut precision = None;
    // argument index or width: digits followed by `$` are an index.
    while let Some(&(_, c)) = chars.peek() {
        if "-#+ 0,(<".contains(c) && digits.is_empty() && width.is_none() {
            flags.push(c);
            chars.next();
        } else if c.is_ascii_digit() {
            digits.push(c);
            chars.next();
        } else if c == '$' && !digits.is_empty() && index.is_none() {
            index = Some(int_field(&digits).ok_or_else(|| {
                JavaException::new(
                    ExceptionClass::IllegalFormatArgumentIndexException,
                    "Format argument index: (not representable as int)",
                )
            })?);
            digits.clear();
            chars.next();
        } else {
            break;
        }
    }
    if !digits.is_empty() {
        // Formatter.width: Integer.parseInt, which a number past int's range fails.
        width = Some(int_field(&digits).ok_or_else(|| {
            JavaException::new(
                ExceptionClass::IllegalFormatWidthException,
                i32::MIN.to_string(),
            )
        })?);
    }
    if let Some(&(_, '.')) = chars.peek() {
        chars.next();
        let mut p = String::new();
        while let Some(&(_, c)) = chars.peek() {
            if !c.is_ascii_digit() {
                break;
            }
            p.push(c);
            chars.next();
        }
        precision = Some(match p.is_empty() {
            true => 0,
            false => int_field(&p).ok_or_else(|| {
                JavaException::new(
                    ExceptionClass::IllegalFormatPrecisionException,
                    i32::MIN.to_string(),
                )
            })?,
        });
    }
    let Some((end, conversion)) = chars.next() else {
        return Err(unknown_conversion('%'));
    };
    let text = pattern[start..end + conversion.len_utf8()].to_string();
    if !"sSdxXofeEbBcCn%".contains(conversion) {
        return Err(unknown_conversion(conversion));
    }
    Ok(Spec {
        index,
        flags,
        width,
        precision,
        conversion,
        text,
    })
}

/// A width, precision or index as Java's `Integer.parseInt` reads it: `None` past `int`'s range.
fn int_field(digits: &str) -> Option<usize> {
    digits
        .parse::<i32>()
        .ok()
        .and_then(|v| usize::try_from(v).ok())
}

fn unknown_conversion(conversion: char) -> JavaException {
    JavaException::new(
        ExceptionClass::UnknownFormatConversionException,
        format!("Conversion = '{conversion}'"),
    )
}

fn mismatch(conversion: char, argument: &Value) -> JavaException {
    JavaException::new(
        ExceptionClass::IllegalFormatConversionException,
        format!("{conversion} != {}", argument.class_name()),
    )
}

fn convert(spec: &Spec, argument: Option<&Value>) -> Result<String, JavaException> {
    let conversion = spec.conversion;
    let upper = conversion.is_ascii_uppercase();
    let text = match (conversion.to_ascii_lowercase(), argument) {
        ('%', _) => "%".to_string(),
        ('n', _) => "\n".to_string(),
        ('s', Some(argument)) => {
            let mut text = String::new();
            write_java_string(argument, &mut text);
            match spec.precision {
                Some(p) => text.chars().take(p).collect(),
                None => text,
            }
        }
        ('b', Some(argument)) => match argument {
            Value::Null => "false".to_string(),
            Value::Bool(b) => b.to_string(),
            _ => "true".to_string(),
        },
        ('c', Some(Value::Number(Number::Int(code)))) => u32::try_from(*code)
            .ok()
            .and_then(char::from_u32)
            .map(String::from)
            .ok_or_else(|| {
                JavaException::new(
                    ExceptionClass::IllegalFormatCodePointException,
                    format!("Code point = 0x{code:x}"),
                )
            })?,
        ('c', Some(Value::Char(c))) => c.to_string(),
        ('c', Some(Value::Null)) => "null".to_string(),
        ('d' | 'x' | 'o', Some(Value::Null)) => "null".to_string(),
        (
            'd' | 'x' | 'o',
            Some(Value::Number(n @ (Number::Int(_) | Number::Long(_) | Number::BigInt(_)))),
        ) => integral(spec, n),
        ('f' | 'e', Some(Value::Null)) => "null".to_string(),
        ('f' | 'e', Some(Value::Number(Number::Double(d)))) => floating(spec, *d),
        (_, Some(argument)) => return Err(mismatch(conversion, argument)),
        (_, None) => String::new(),
    };
    Ok(if upper { text.to_uppercase() } else { text })
}

fn integral(spec: &Spec, number: &Number) -> String {
    let value: i128 = match number {
        Number::Int(v) => i128::from(*v),
        Number::Long(v) => i128::from(*v),
        Number::BigInt(v) => v.to_string().parse().unwrap_or(0),
        _ => 0,
    };
    match spec.conversion.to_ascii_lowercase() {
        'x' | 'o' => {
            // Negative int/long print their two's complement in hex and octal.
            let bits = match number {
                Number::Int(v) => u128::from(*v as u32),
                Number::Long(v) => u128::from(*v as u64),
                _ => value as u128,
            };
            let body = if spec.conversion.eq_ignore_ascii_case(&'x') {
                format!("{bits:x}")
            } else {
                format!("{bits:o}")
            };
            let prefix = match (
                spec.flags.contains('#'),
                spec.conversion.to_ascii_lowercase(),
            ) {
                (true, 'x') => "0x",
                (true, _) => "0",
                _ => "",
            };
            format!("{prefix}{body}")
        }
        _ => {
            let digits = group(&value.unsigned_abs().to_string(), spec.flags.contains(','));
            sign(value < 0, &digits, &spec.flags)
        }
    }
}

fn floating(spec: &Spec, value: f64) -> String {
    if value.is_nan() {
        return "NaN".to_string();
    }
    if value.is_infinite() {
        return sign(value < 0.0, "Infinity", &spec.flags);
    }
    let precision = spec.precision.unwrap_or(6);
    let body = if spec.conversion.eq_ignore_ascii_case(&'e') {
        scientific(&crate::java::double::to_string(value.abs()), precision)
    } else {
        // Java rounds the decimal digits of Double.toString half-up, not the binary value:
        // `%.2f` of 1.005 is 1.01.
        let rounded = round_half_up(&crate::java::double::to_string(value.abs()), precision);
        let (whole, fraction) = rounded.split_once('.').unwrap_or((&rounded, ""));
        let whole = group(whole, spec.flags.contains(','));
        if precision == 0 {
            whole
        } else {
            format!("{whole}.{fraction}")
        }
    };
    sign(
        value.is_sign_negative() && value != 0.0 || (value == 0.0 && value.is_sign_negative()),
        &body,
        &spec.flags,
    )
}

/// `%e` as Java's `FormattedFloatingDecimal` writes it: the digits of `Double.toString` (not of the
/// binary value: `%.20e` of 0.1 is `1.00000000000000000000e-01`), rounded half-up to `precision`
/// fraction digits, padded with zeros, the exponent signed and at least two digits.
fn scientific(text: &str, precision: usize) -> String {
    let decimal = crate::value::BigDecimal::parse(text).unwrap_or_default();
    let mut plain = String::new();
    decimal.write_plain(&mut plain);
    let (whole, fraction) = plain.split_once('.').unwrap_or((&plain, ""));
    let all: Vec<u8> = whole.bytes().chain(fraction.bytes()).collect();
    let (mut digits, mut exponent) = match all.iter().position(|&d| d != b'0') {
        Some(first) => (all[first..].to_vec(), whole.len() as i64 - first as i64 - 1),
        None => (vec![b'0'], 0),
    };
    let keep = precision + 1;
    if digits.len() > keep {
        let round_up = digits[keep] >= b'5';
        digits.truncate(keep);
        if round_up {
            let mut i = keep;
            loop {
                if i == 0 {
                    // 9.99 → 10.0: one more digit before the point, one fewer after.
                    digits.insert(0, b'1');
                    digits.truncate(keep);
                    exponent += 1;
                    break;
                }
                i -= 1;
                if digits[i] == b'9' {
                    digits[i] = b'0';
                } else {
                    digits[i] += 1;
                    break;
                }
            }
        }
    }
    digits.resize(keep, b'0');
    let mut out = String::with_capacity(keep + 6);
    out.push(char::from(digits[0]));
    if precision > 0 {
        out.push('.');
        out.extend(digits[1..].iter().map(|&d| char::from(d)));
    }
    out.push('e');
    out.push(if exponent < 0 { '-' } else { '+' });
    if exponent.abs() < 10 {
        out.push('0');
    }
    out.push_str(&exponent.abs().to_string());
    out
}

/// Rounds a non-negative decimal (plain or with `E`) half-up to `precision` fraction digits, as plain.
fn round_half_up(text: &str, precision: usize) -> String {
    let decimal = crate::value::BigDecimal::parse(text).unwrap_or_default();
    let mut plain = String::new();
    decimal.write_plain(&mut plain);
    let (whole, fraction) = plain.split_once('.').unwrap_or((&plain, ""));
    let mut digits: Vec<u8> = whole.bytes().chain(fraction.bytes()).collect();
    let whole_len = whole.len();
    let keep = whole_len + precision;
    while digits.len() < keep + 1 {
        digits.push(b'0');
    }
    let round_up = digits[keep] >= b'5';
    digits.truncate(keep);
    if round_up {
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, b'1');
                break;
            }
            i -= 1;
            if digits[i] == b'9' {
                digits[i] = b'0';
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    let split = digits.len() - precision;
    let text = String::from_utf8_lossy(&digits).into_owned();
    if precision == 0 {
        text
    } else {
        format!("{}.{}", &text[..split], &text[split..])
    }
}

fn group(digits: &str, grouping: bool) -> String {
    if !grouping || digits.len() <= 3 {
        return digits.to_string();
    }
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn sign(negative: bool, body: &str, flags: &str) -> String {
    if negative {
        if flags.contains('(') {
            format!("({body})")
        } else {
            format!("-{body}")
        }
    } else if flags.contains('+') {
        format!("+{body}")
    } else if flags.contains(' ') {
        format!(" {body}")
    } else {
        body.to_string()
    }
}

fn pad(spec: &Spec, body: &str, out: &mut String) {
    let width = spec.width.unwrap_or(0);
    let length = body.chars().count();
    if length >= width {
        out.push_str(body);
        return;
    }
    let fill = width - length;
    if spec.flags.contains('-') {
        out.push_str(body);
        out.extend(std::iter::repeat_n(' ', fill));
    } else if spec.flags.contains('0') && "dxXofeE".contains(spec.conversion) {
        // Zeros go after the sign or radix prefix.
        let sign_len = body
            .find(|c: char| c.is_ascii_alphanumeric() && c != 'x' || c == '0')
            .unwrap_or(0);
        let (head, tail) = body.split_at(sign_len.min(body.len()));
        let (head, tail) = if tail.starts_with("0x") {
            (&body[..sign_len + 2], &body[sign_len + 2..])
        } else {
            (head, tail)
        };
        out.push_str(head);
        out.extend(std::iter::repeat_n('0', fill));
        out.push_str(tail);
    } else {
        out.extend(std::iter::repeat_n(' ', fill));
        out.push_str(body);
    }
}

//! Java's methods and Velocity's property rules on template values: what `$s.length()`,
//! `$m.keySet()`, `$l.get(0)` and `$e.key` do.
//!
//! Velocity 1.7 finds methods by reflection, and converts arguments only by Java's method-invocation
//! conversions: an Integer can fill an `int`, `long` or `double` parameter, a Long a `long` or
//! `double`, never the other way (so `$list.get($aLong)` finds no method and gives ""). Each method
//! below checks its arguments the same way; no match means "no such method" (`Ok(None)`), which the
//! renderer turns into "" as API Gateway does. A method that exists and throws (`$l.get(5)`,
//! `$s.substring(9)`) is an `Err` with Java's exception ([`JavaException`]): the render fails.
//!
//! All of this is the renderer's machinery (`pub(crate)`): embedders reach it through templates.
//!
//! Property lookup (`$x.name`) follows Velocity's `UberspectImpl.getPropertyGet` order: a getter
//! `getName()` / `getname()`, then `Map.get("name")`, then `get("name")`, then `isName()`.

use std::rc::Rc;

use crate::java::regex::{JavaRegex, RegexError};
use crate::java::{ExceptionClass, JavaException};
use crate::value::budget::{self, Fault, Level};
use crate::value::java_str;
use crate::value::{ListKind, Number, Value, ViewPart, compare_numbers};

/// Regexes compiled for `matches`, `replaceAll`, `replaceFirst` and `split`, by pattern. A template
/// calls these with the same literal patterns again and again (in loops, on every render), and a
/// Java pattern can take milliseconds to translate and compile: compile each once per thread.
const REGEX_CACHE_SIZE: usize = 256;

thread_local! {
    static REGEX_CACHE: std::cell::RefCell<std::collections::HashMap<Box<str>, Rc<JavaRegex>>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

fn compiled(pattern: &str) -> Result<Rc<JavaRegex>, RegexError> {
    if let Some(regex) = REGEX_CACHE.with(|cache| cache.borrow().get(pattern).cloned()) {
        return Ok(regex);
    }
    let regex = Rc::new(JavaRegex::new(pattern)?);
    REGEX_CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.len() >= REGEX_CACHE_SIZE {
            cache.clear();
        }
        cache.insert(pattern.into(), regex.clone());
    });
    Ok(regex)
}

/// A method's outcome: `Ok(Some(v))` a value, `Ok(None)` no such method or a null result (both
/// render as "" on API Gateway), `Err` why it failed.
pub(crate) type MethodResult = Result<Option<Value>, MethodError>;

/// What only throws Java's exceptions (everything but a string's regex methods).
type JavaResult<T> = Result<T, JavaException>;

/// Why a method call failed.
#[derive(Debug)]
pub(crate) enum MethodError {
    /// The method threw, as Java's would.
    Thrown(JavaException),
    /// A string method's regex cannot run here as it would in Java (an untranslatable construct,
    /// the backtracking limit...): Java would not have failed, we cannot tell what it would do.
    Regex(Box<RegexError>),
    /// The render's work budget ran out (see [`crate::value::budget`]).
    OutOfWork,
}

impl MethodError {
    /// The error for a fault a value operation recorded: Java's `StackOverflowError` where Java's
    /// recursion would overflow, the budget's own error where the work ran out.
    pub(crate) fn from_fault(fault: Fault) -> MethodError {
        match fault {
            Fault::TooDeep => MethodError::Thrown(stack_overflow()),
            Fault::OutOfWork => MethodError::OutOfWork,
        }
    }
}

/// Java's `StackOverflowError`, which an undetected cycle or very deep nesting gives (its message is
/// empty in Java).
pub(crate) fn stack_overflow() -> JavaException {
    JavaException::new(ExceptionClass::StackOverflowError, "")
}

impl From<JavaException> for MethodError {
    fn from(exception: JavaException) -> Self {
        MethodError::Thrown(exception)
    }
}

impl From<RegexError> for MethodError {
    /// A regex Java refuses is Java's exception; a regex we cannot run stays a [`RegexError`].
    fn from(error: RegexError) -> Self {
        match error.java_exception() {
            Some(exception) => MethodError::Thrown(exception),
            None => MethodError::Regex(Box::new(error)),
        }
    }
}

fn int_arg(value: &Value) -> Option<i32> {
    match value {
        Value::Number(Number::Int(v)) => Some(*v),
        _ => None,
    }
}

/// An argument for a `String`/`CharSequence` parameter: a string, or null.
fn str_arg(value: &Value) -> Option<Option<&str>> {
    match value {
        Value::String(s) => Some(Some(s)),
        Value::Null => Some(None),
        _ => None,
    }
}

/// The `ClassCastException` Java throws when a bridge method gets the wrong type.
fn class_cast(value: &Value, target: &str) -> JavaException {
    JavaException::new(
        ExceptionClass::ClassCastException,
        format!(
            "class {} cannot be cast to class {target}",
            value.class_name()
        ),
    )
}

fn npe(method: &str) -> JavaException {
    JavaException::new(
        ExceptionClass::NullPointerException,
        format!("{method}() was given null"),
    )
}

fn int(value: i64) -> Option<Value> {
    Some(Value::Number(Number::Int(value as i32)))
}

fn boolean(value: bool) -> Option<Value> {
    Some(Value::Bool(value))
}

fn string(value: impl Into<Rc<str>>) -> Option<Value> {
    Some(Value::String(value.into()))
}

/// `$target.name` by Velocity's rules.
pub(crate) fn property(target: &Value, name: &str) -> MethodResult {
    if name.is_empty() {
        return Ok(None);
    }
    // Velocity tries `get` + the name capitalised, `get` + the name as written, then (maps)
    // `get("name")`, then `is` + the name either way. The getters our values have are few, so the
    // name is matched directly (either case of its first letter), without building method names.
    let rest = &name[name.chars().next().map_or(0, char::len_utf8)..];
    let first = name.chars().next().unwrap_or(' ').to_ascii_lowercase();
    let is = |word: &str| {
        let mut chars = word.chars();
        chars.next() == Some(first) && chars.as_str() == rest
    };
    let getter = match target {
        Value::Host(host) => return Ok(host.property(name)),
        Value::Map(map) => {
            return Ok(map.borrow().get_str(name).cloned().filter(|v| !v.is_null()));
        }
        Value::Entry(_) if is("key") => "getKey",
        Value::Entry(_) if is("value") => "getValue",
        Value::String(_) if is("empty") => "isEmpty",
        Value::String(_) if is("blank") => "isBlank",
        Value::List(_) | Value::Array(_) if is("empty") => "isEmpty",
        Value::Number(Number::Double(_)) if name == "naN" || name == "NaN" => "isNaN",
        Value::Number(Number::Double(_)) if is("infinite") => "isInfinite",
        _ => return Ok(None),
    };
    call(target, getter, &[])
}

/// `$target[index]`: Velocity calls `get(index)`, after turning a negative Integer index into
/// `size() + index`.
pub(crate) fn index(target: &Value, index: &Value) -> MethodResult {
    let index = adjust_negative_index(target, index)?;
    call(target, "get", std::slice::from_ref(&index))
}

/// Velocity's `ASTIndex.adjMinusIndexArg`: a negative Integer index counts from the end, through
/// the target's `size()`; a target without one makes the index (read or `#set`) throw.
///
/// # Errors
/// The target has no `size()` method.
pub(crate) fn adjust_negative_index(target: &Value, index: &Value) -> Result<Value, MethodError> {
    let Value::Number(Number::Int(i)) = index else {
        return Ok(index.clone());
    };
    if *i >= 0 {
        return Ok(index.clone());
    }
    match call(target, "size", &[])? {
        Some(Value::Number(Number::Int(size))) => Ok(Value::int(size.wrapping_add(*i))),
        _ => Err(JavaException::new(
            ExceptionClass::VelocityException,
            format!(
                "A 'size()' method required for negative value {i} does not exist for class '{}'",
                target.class_name()
            ),
        )
        .into()),
    }
}

/// `$target.name(arguments)`.
pub(crate) fn call(target: &Value, name: &str, args: &[Value]) -> MethodResult {
    let result = dispatch(target, name, args);
    // A value operation that stopped early (a cycle, the budget) left a placeholder result.
    if let Some(fault) = budget::take_fault() {
        return Err(MethodError::from_fault(fault));
    }
    Ok(check_arguments(result?, target, name, args)?)
}

/// [`call`] on a map, which runs no regex: Java's exception is the only failure (a `$foreach`
/// scope, which is also a map, answers map methods through this).
pub(crate) fn call_on_map(
    map: &crate::value::MapRef,
    name: &str,
    args: &[Value],
) -> JavaResult<Option<Value>> {
    let target = Value::Map(map.clone());
    let result = match object_method(&target, name, args) {
        Some(result) => result,
        None => map_method(map, name, args)?,
    };
    // Running out of work is left recorded for the renderer's next step to raise.
    if budget::faulted() && budget::take_fault() == Some(Fault::TooDeep) {
        return Err(stack_overflow());
    }
    check_arguments(result, &target, name, args)
}

/// A call that found no method: Velocity 1.7's method lookup takes a method without parameters as
/// applicable to any arguments, then reflection refuses the call (`$s.length(5)`, `$l.size(1)`).
fn check_arguments(
    result: Option<Value>,
    target: &Value,
    name: &str,
    args: &[Value],
) -> JavaResult<Option<Value>> {
    if result.is_none() && !args.is_empty() && has_no_argument_method(target, name) {
        return Err(JavaException::new(
            ExceptionClass::IllegalArgumentException,
            "wrong number of arguments",
        ));
    }
    Ok(result)
}

/// The methods of `java.lang.Object` that every value but a host object has: `Some` with the
/// result when `name(args)` is one of them.
fn object_method(target: &Value, name: &str, args: &[Value]) -> Option<Option<Value>> {
    if matches!(target, Value::Host(_)) {
        return None;
    }
    match (name, args) {
        // A String's toString() is the string itself, shared, not a copy.
        ("toString", []) => Some(match target {
            Value::String(s) => Some(Value::String(s.clone())),
            other => string(other.to_java_string()),
        }),
        ("equals", [other]) => Some(boolean(target.java_equals(other))),
        ("hashCode", []) => Some(int(i64::from(java_hash(target)))),
        _ => None,
    }
}

/// Whether the value's Java class has a public method `name()` without parameters (and no overload
/// that the arguments could have matched instead).
fn has_no_argument_method(target: &Value, name: &str) -> bool {
    let object = matches!(
        name,
        "hashCode" | "getClass" | "notify" | "notifyAll" | "wait"
    );
    object
        || match target {
            Value::String(_) => matches!(
                name,
                "length"
                    | "isEmpty"
                    | "isBlank"
                    | "toString"
                    | "toLowerCase"
                    | "toUpperCase"
                    | "trim"
                    | "strip"
                    | "stripLeading"
                    | "stripTrailing"
                    | "intern"
                    | "toCharArray"
                    | "chars"
                    | "codePoints"
                    | "lines"
            ),
            Value::List(_) | Value::Array(_) => matches!(
                name,
                "size"
                    | "isEmpty"
                    | "toString"
                    | "clear"
                    | "iterator"
                    | "listIterator"
                    | "stream"
                    | "toArray"
                    | "trimToSize"
            ),
            Value::Map(_) => matches!(
                name,
                "size" | "isEmpty" | "keySet" | "values" | "entrySet" | "clear" | "toString"
            ),
            Value::Number(_) => matches!(
                name,
                "intValue"
                    | "longValue"
                    | "doubleValue"
                    | "floatValue"
                    | "shortValue"
                    | "byteValue"
                    | "isNaN"
                    | "isInfinite"
            ),
            Value::Bool(_) => matches!(name, "booleanValue" | "toString"),
            Value::Char(_) => matches!(name, "charValue" | "toString"),
            Value::Entry(_) => matches!(name, "getKey" | "getValue" | "toString"),
            _ => false,
        }
}

fn dispatch(target: &Value, name: &str, args: &[Value]) -> MethodResult {
    if let Some(result) = object_method(target, name, args) {
        return Ok(result);
    }
    match target {
        Value::String(s) => string_method(s, name, args),
        Value::List(list) if list.borrow().kind == ListKind::MapView => {
            // A map's key set, values or entry set: a collection without positions.
            if matches!(name, "get" | "indexOf" | "lastIndexOf" | "subList" | "set") {
                return Ok(None);
            }
            let items = list.borrow().current_items().into_owned();
            match list_method(&items, name, args)? {
                ListOutcome::Value(value) => Ok(value),
                ListOutcome::Mutate if name == "add" || name == "addAll" => {
                    Err(unsupported().into())
                }
                ListOutcome::Mutate => Ok(view_mutation(&list.borrow(), name, args)),
            }
        }
        Value::List(list) => {
            let result = list_method(&list.borrow().items, name, args)?;
            match result {
                ListOutcome::Value(v) => Ok(v),
                ListOutcome::Mutate => Ok(list_mutation(list, name, args)?),
            }
        }
        Value::Array(items) => match list_method(items, name, args)? {
            ListOutcome::Value(v) => Ok(v),
            // Arrays are fixed-size: Velocity's wrapper throws for add/remove.
            ListOutcome::Mutate => Err(unsupported().into()),
        },
        Value::Map(map) => Ok(map_method(map, name, args)?),
        Value::Entry(entry) => Ok(match (name, args) {
            ("getKey", []) => Some(entry.0.clone()).filter(|v| !v.is_null()),
            ("getValue", []) => Some(entry.1.clone()).filter(|v| !v.is_null()),
            _ => None,
        }),
        Value::Number(n) => Ok(number_method(n, name, args)?),
        Value::Bool(b) => Ok(match (name, args) {
            ("booleanValue", []) => boolean(*b),
            ("compareTo", [Value::Bool(other)]) => int(i64::from(*b as i8 - *other as i8)),
            ("compareTo", [other]) => return Err(class_cast(other, "java.lang.Boolean").into()),
            _ => None,
        }),
        Value::Char(c) => Ok(char_method(*c, name, args)?),
        Value::Host(host) => Ok(host.call(name, args)?),
        Value::Null => Ok(None),
    }
}

/// `java.lang.Character`'s instance methods a template can reach; everything else (every `String`
/// method) finds no method.
fn char_method(c: char, name: &str, args: &[Value]) -> JavaResult<Option<Value>> {
    Ok(match (name, args) {
        ("charValue", []) => Some(Value::Char(c)),
        // The bridge `compareTo(Object)`: another type throws, as for the other Comparables.
        ("compareTo", [Value::Char(other)]) => {
            int(i64::from(utf16_unit(c)) - i64::from(utf16_unit(*other)))
        }
        ("compareTo", [Value::Null]) => return Err(npe("compareTo")),
        ("compareTo", [other]) => return Err(class_cast(other, "java.lang.Character")),
        _ => None,
    })
}

/// The UTF-16 unit a `Character` holds (a `char_at` result is always one unit).
fn utf16_unit(c: char) -> u16 {
    let mut units = [0u16; 2];
    c.encode_utf16(&mut units)[0]
}

fn string_method(s: &Rc<str>, name: &str, args: &[Value]) -> MethodResult {
    let text: &str = s;
    // Nearly every String method reads or copies the whole text: that is the work charged (those
    // that build more than a copy charge the rest themselves).
    if !matches!(name, "isEmpty" | "equals" | "hashCode") && !budget::charge_bytes(text.len()) {
        return Err(MethodError::OutOfWork);
    }
    Ok(match (name, args) {
        ("length", []) => int(java_str::utf16_len(text) as i64),
        ("isEmpty", []) => boolean(text.is_empty()),
        // Java 11: empty or only white space (Character.isWhitespace).
        ("isBlank", []) => boolean(text.chars().all(java_is_whitespace)),
        // A `Character`, not a `String` (velocity-facts; the reference engine agrees).
        ("charAt", [i]) => match int_arg(i) {
            Some(i) => {
                let unit = java_str::char_at(text, i64::from(i))?;
                Some(Value::Char(unit.chars().next().unwrap_or('?')))
            }
            None => None,
        },
        ("contains", [needle]) => match str_arg(needle) {
            Some(Some(needle)) => boolean(text.contains(needle)),
            Some(None) => return Err(npe("contains").into()),
            None => None,
        },
        ("indexOf", [needle]) => match (str_arg(needle), int_arg(needle)) {
            (Some(Some(needle)), _) => int(java_str::index_of(text, needle, 0)),
            (Some(None), _) => return Err(npe("indexOf").into()),
            // indexOf(int ch)
            (_, Some(code)) => int(index_of_char(text, code, 0)),
            _ => None,
        },
        ("indexOf", [needle, from]) => match (str_arg(needle), int_arg(needle), int_arg(from)) {
            (Some(Some(needle)), _, Some(from)) => {
                int(java_str::index_of(text, needle, i64::from(from)))
            }
            (Some(None), _, Some(_)) => return Err(npe("indexOf").into()),
            (_, Some(code), Some(from)) => int(index_of_char(text, code, from)),
            _ => None,
        },
        ("lastIndexOf", [needle]) => match str_arg(needle) {
            Some(Some(needle)) => int(java_str::last_index_of(text, needle)),
            Some(None) => return Err(npe("lastIndexOf").into()),
            None => None,
        },
        ("substring", [begin]) => match int_arg(begin) {
            Some(begin) => string(java_str::substring(
                text,
                i64::from(begin),
                java_str::utf16_len(text) as i64,
            )?),
            None => None,
        },
        ("substring", [begin, end]) => match (int_arg(begin), int_arg(end)) {
            (Some(begin), Some(end)) => {
                string(java_str::substring(text, i64::from(begin), i64::from(end))?)
            }
            _ => None,
        },
        ("replace", [from, to]) => match (str_arg(from), str_arg(to)) {
            (Some(Some(from)), Some(Some(to))) => string(java_replace(text, from, to)?),
            (Some(_), Some(_)) => return Err(npe("replace").into()),
            _ => None,
        },
        ("replaceAll" | "replaceFirst", [pattern, replacement]) => {
            match (str_arg(pattern), str_arg(replacement)) {
                (Some(Some(pattern)), Some(Some(replacement))) => {
                    let regex = compiled(pattern)?;
                    let result = if name == "replaceAll" {
                        regex.replace_all(text, replacement)
                    } else {
                        regex.replace_first(text, replacement)
                    };
                    string(result?)
                }
                (Some(_), Some(_)) => return Err(npe(name).into()),
                _ => None,
            }
        }
        ("matches", [pattern]) => match str_arg(pattern) {
            Some(Some(pattern)) => {
                let regex = compiled(pattern)?;
                boolean(regex.try_is_full_match(text)?)
            }
            Some(None) => return Err(npe("matches").into()),
            None => None,
        },
        ("split", [pattern]) => match str_arg(pattern) {
            Some(Some(pattern)) => {
                let regex = JavaRegex::new(pattern)?;
                let parts = regex
                    .split(text)
                    .into_iter()
                    .map(|p| Value::string(&p))
                    .collect();
                Some(Value::Array(Rc::new(parts)))
            }
            Some(None) => return Err(npe("split").into()),
            None => None,
        },
        ("startsWith", [prefix]) => match str_arg(prefix) {
            Some(Some(prefix)) => boolean(text.starts_with(prefix)),
            Some(None) => return Err(npe("startsWith").into()),
            None => None,
        },
        ("startsWith", [prefix, offset]) => match (str_arg(prefix), int_arg(offset)) {
            (Some(Some(prefix)), Some(offset)) => {
                let length = java_str::utf16_len(text) as i64;
                let offset = i64::from(offset);
                boolean(
                    (0..=length).contains(&offset)
                        && java_str::substring(text, offset, length)
                            .is_ok_and(|rest| rest.starts_with(prefix)),
                )
            }
            (Some(None), Some(_)) => return Err(npe("startsWith").into()),
            _ => None,
        },
        ("endsWith", [suffix]) => match str_arg(suffix) {
            Some(Some(suffix)) => boolean(text.ends_with(suffix)),
            Some(None) => return Err(npe("endsWith").into()),
            None => None,
        },
        ("toLowerCase", []) => string(text.to_lowercase()),
        ("toUpperCase", []) => string(text.to_uppercase()),
        ("trim", []) => string(java_str::trim(text)),
        ("strip", []) => string(text.trim_matches(java_is_whitespace)),
        ("concat", [other]) => match str_arg(other) {
            Some(Some(other)) => {
                if !budget::charge_bytes(other.len()) {
                    return Err(MethodError::OutOfWork);
                }
                string(format!("{text}{other}"))
            }
            Some(None) => return Err(npe("concat").into()),
            None => None,
        },
        ("equalsIgnoreCase", [other]) => match other {
            Value::String(other) => boolean(equals_ignore_case(text, other)),
            Value::Null => boolean(false),
            _ => None,
        },
        // Reflection also finds the bridge `compareTo(Object)`: another type throws.
        ("compareTo", [other]) => match str_arg(other) {
            Some(Some(other)) => int(i64::from(compare_utf16(text, other))),
            Some(None) => return Err(npe("compareTo").into()),
            None => return Err(class_cast(other, "java.lang.String").into()),
        },
        // The static `String.format(String, Object...)`, which Velocity lets an instance call.
        ("format", [pattern, rest @ ..]) => match str_arg(pattern) {
            Some(Some(pattern)) => string(crate::java::format::format(pattern, rest)?),
            Some(None) => return Err(npe("format").into()),
            None => None,
        },
        ("repeat", [count]) => match int_arg(count) {
            Some(count) if count >= 0 => {
                // Charged before anything is allocated: `repeat(2147483647)` stops here.
                let bytes = (text.len() as u64).saturating_mul(count as u64);
                if !budget::charge(bytes) {
                    return Err(MethodError::OutOfWork);
                }
                string(text.repeat(count as usize))
            }
            Some(count) => {
                return Err(JavaException::new(
                    ExceptionClass::IllegalArgumentException,
                    format!("count is negative: {count}"),
                )
                .into());
            }
            None => None,
        },
        _ => None,
    })
}

/// Java's `Character.isWhitespace`: Unicode space separators except the no-break ones, plus the
/// ASCII controls \t \n \u000B \f \r and \u001C–\u001F.
fn java_is_whitespace(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | '\u{1c}'..='\u{1f}'
    ) || (c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}' | '\u{85}'))
}

fn index_of_char(text: &str, code: i32, from: i32) -> i64 {
    match u32::try_from(code).ok().and_then(char::from_u32) {
        Some(ch) => java_str::index_of(text, ch.encode_utf8(&mut [0; 4]), i64::from(from)),
        None => -1,
    }
}

/// `String.replace(CharSequence, CharSequence)`: literal, every occurrence; an empty target inserts
/// the replacement between every UTF-16 unit (we insert between characters). What it builds is
/// charged to the budget before it is allocated.
fn java_replace(text: &str, from: &str, to: &str) -> Result<String, MethodError> {
    let occurrences = if from.is_empty() {
        text.chars().count() as u64 + 1
    } else {
        text.matches(from).count() as u64
    };
    let grows = (to.len() as u64).saturating_sub(from.len() as u64);
    if !budget::charge(occurrences.saturating_mul(grows)) {
        return Err(MethodError::OutOfWork);
    }
    if from.is_empty() {
        let mut out = String::with_capacity(text.len() + to.len() * (text.len() + 1));
        out.push_str(to);
        for ch in text.chars() {
            out.push(ch);
            out.push_str(to);
        }
        return Ok(out);
    }
    Ok(text.replace(from, to))
}

fn equals_ignore_case(a: &str, b: &str) -> bool {
    let (mut x, mut y) = (a.chars(), b.chars());
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(c), Some(d)) => {
                if c != d
                    && c.to_uppercase().ne(d.to_uppercase())
                    && c.to_lowercase().ne(d.to_lowercase())
                {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

/// `String.compareTo`: by UTF-16 code units; the difference of the first differing units, else of
/// the lengths.
fn compare_utf16(a: &str, b: &str) -> i32 {
    let (mut x, mut y) = (a.encode_utf16(), b.encode_utf16());
    loop {
        match (x.next(), y.next()) {
            (Some(c), Some(d)) if c != d => return i32::from(c) - i32::from(d),
            (Some(_), Some(_)) => {}
            (Some(_), None) | (None, Some(_)) | (None, None) => {
                return java_str::utf16_len(a) as i32 - java_str::utf16_len(b) as i32;
            }
        }
    }
}

/// `remove` and `clear` through a map's view change the map (Java's views are live).
fn view_mutation(list: &crate::value::JavaList, name: &str, args: &[Value]) -> Option<Value> {
    let (map_ref, part) = list.view.as_ref()?;
    match (name, args) {
        ("clear", []) => {
            map_ref.borrow_mut().clear();
            string("")
        }
        ("remove", [x]) => {
            // Found with a shared borrow: the value compared may be the view, or the map, itself.
            let map = map_ref.borrow();
            let key = match part {
                ViewPart::Keys => map.contains_key(x).then(|| x.clone()),
                ViewPart::Values => map
                    .iter()
                    .find(|(_, v)| v.java_equals(x))
                    .map(|(k, _)| k.clone()),
                ViewPart::Entries => match x {
                    Value::Entry(entry) => map
                        .get(&entry.0)
                        .filter(|v| v.java_equals(&entry.1))
                        .map(|_| entry.0.clone()),
                    _ => None,
                },
            };
            drop(map);
            match key {
                Some(key) => {
                    map_ref.borrow_mut().remove(&key);
                    boolean(true)
                }
                None => boolean(false),
            }
        }
        _ => None,
    }
}

enum ListOutcome {
    Value(Option<Value>),
    /// The method changes the list: the caller re-borrows it mutably.
    Mutate,
}

fn out_of_bounds(index: i64, size: usize) -> JavaException {
    JavaException::new(
        ExceptionClass::IndexOutOfBoundsException,
        format!("Index {index} out of bounds for length {size}"),
    )
}

/// What a fixed-size list (an array, a map's key set) throws for `add`.
fn unsupported() -> JavaException {
    JavaException::new(ExceptionClass::UnsupportedOperationException, "")
}

fn list_method(items: &[Value], name: &str, args: &[Value]) -> JavaResult<ListOutcome> {
    use ListOutcome::{Mutate, Value as V};
    // Searching compares every item: charged as reading them (a failed charge is raised by the
    // caller from the recorded fault).
    if matches!(
        name,
        "contains" | "containsAll" | "indexOf" | "lastIndexOf" | "remove"
    ) && !budget::charge_values(items.len())
    {
        return Ok(V(None));
    }
    Ok(match (name, args) {
        ("size", []) => V(int(items.len() as i64)),
        ("isEmpty", []) => V(boolean(items.is_empty())),
        ("get", [i]) => match int_arg(i) {
            Some(i) => match usize::try_from(i).ok().and_then(|i| items.get(i)) {
                Some(item) => V(Some(item.clone()).filter(|v| !v.is_null())),
                None => return Err(out_of_bounds(i64::from(i), items.len())),
            },
            None => V(None),
        },
        ("contains", [x]) => V(boolean(items.iter().any(|item| item.java_equals(x)))),
        ("containsAll", [Value::List(other)]) => V(boolean(
            other
                .borrow()
                .current_items()
                .iter()
                .all(|x| items.iter().any(|item| item.java_equals(x))),
        )),
        ("indexOf", [x]) => V(int(items
            .iter()
            .position(|item| item.java_equals(x))
            .map_or(-1, |i| i as i64))),
        ("lastIndexOf", [x]) => V(int(items
            .iter()
            .rposition(|item| item.java_equals(x))
            .map_or(-1, |i| i as i64))),
        ("subList", [from, to]) => match (int_arg(from), int_arg(to)) {
            (Some(from), Some(to)) => {
                if from < 0 || to as usize > items.len() || from > to {
                    return Err(JavaException::new(
                        ExceptionClass::IndexOutOfBoundsException,
                        format!("fromIndex {from}, toIndex {to}, size {}", items.len()),
                    ));
                }
                if !budget::charge_values((to - from) as usize) {
                    return Ok(V(None));
                }
                V(Some(Value::list(
                    items[from as usize..to as usize].to_vec(),
                )))
            }
            _ => V(None),
        },
        ("add" | "addAll" | "remove" | "set" | "clear", _) => Mutate,
        _ => V(None),
    })
}

fn list_mutation(
    list: &crate::value::ListRef,
    name: &str,
    args: &[Value],
) -> JavaResult<Option<Value>> {
    // What the mutation needs to read is read before the list is borrowed mutably: the argument may
    // be the list itself (`$l.addAll($l)` gives `[1, 1]` in Java, `$l.remove($l)` compares the
    // list with its items).
    let prepared = match (name, args) {
        ("addAll", [Value::List(other)]) => {
            let other = other.borrow().current_items().into_owned();
            if !budget::charge_values(other.len()) {
                return Ok(None);
            }
            Prepared::Items(other)
        }
        ("remove", [x]) if !matches!(x, Value::Number(Number::Int(_))) => {
            // ArrayList.remove(Object) asks `o.equals(element)`, in that order.
            let at = list
                .borrow()
                .items
                .iter()
                .position(|item| x.java_equals(item));
            Prepared::Position(at)
        }
        _ => Prepared::Nothing,
    };
    let mut list = list.borrow_mut();
    let before = (list.items.len(), name);
    let result = list_mutation_of(&mut list.items, name, args, prepared);
    // ArrayList bumps modCount for every add, addAll (even of nothing), clear (even when empty) and
    // successful remove; `set` is not structural.
    let structural = match before.1 {
        "add" | "addAll" | "clear" => result.is_ok(),
        "remove" => list.items.len() != before.0,
        _ => false,
    };
    if structural {
        list.mod_count = list.mod_count.wrapping_add(1);
    }
    result
}

/// What a list mutation read from its arguments before borrowing the list.
enum Prepared {
    Nothing,
    /// `addAll`'s items.
    Items(Vec<Value>),
    /// `remove(Object)`'s match.
    Position(Option<usize>),
}

fn prepared_position(prepared: Prepared) -> Option<usize> {
    match prepared {
        Prepared::Position(at) => at,
        _ => None,
    }
}

fn list_mutation_of(
    items: &mut Vec<Value>,
    name: &str,
    args: &[Value],
    prepared: Prepared,
) -> JavaResult<Option<Value>> {
    Ok(match (name, args) {
        ("add", [x]) => {
            items.push(x.clone());
            boolean(true)
        }
        ("add", [i, x]) => match int_arg(i) {
            Some(i) if i >= 0 && i as usize <= items.len() => {
                items.insert(i as usize, x.clone());
                string("")
            }
            Some(i) => return Err(out_of_bounds(i64::from(i), items.len())),
            None => None,
        },
        ("addAll", [Value::List(_)]) => {
            let Prepared::Items(other) = prepared else {
                return Ok(None);
            };
            let changed = !other.is_empty();
            items.extend(other);
            boolean(changed)
        }
        // remove(int) is chosen for an Integer argument, remove(Object) otherwise.
        ("remove", [Value::Number(Number::Int(i))]) => match usize::try_from(*i) {
            Ok(index) if index < items.len() => Some(items.remove(index)).filter(|v| !v.is_null()),
            _ => return Err(out_of_bounds(i64::from(*i), items.len())),
        },
        ("remove", [_]) => match prepared_position(prepared) {
            Some(at) => {
                items.remove(at);
                boolean(true)
            }
            None => boolean(false),
        },
        ("set", [i, x]) => match int_arg(i) {
            Some(i) => match usize::try_from(i).ok().filter(|&i| i < items.len()) {
                Some(index) => {
                    Some(std::mem::replace(&mut items[index], x.clone())).filter(|v| !v.is_null())
                }
                None => return Err(out_of_bounds(i64::from(i), items.len())),
            },
            None => None,
        },
        ("clear", []) => {
            items.clear();
            string("")
        }
        _ => None,
    })
}

fn map_method(map: &crate::value::MapRef, name: &str, args: &[Value]) -> JavaResult<Option<Value>> {
    let non_null = |v: Option<Value>| v.filter(|v| !v.is_null());
    Ok(match (name, args) {
        ("get", [key]) => non_null(map.borrow().get(key).cloned()),
        ("getOrDefault", [key, default]) => {
            let map = map.borrow();
            if map.contains_key(key) {
                non_null(map.get(key).cloned())
            } else {
                non_null(Some(default.clone()))
            }
        }
        ("put", [key, value]) => non_null(map.borrow_mut().insert(key.clone(), value.clone())),
        ("putIfAbsent", [key, value]) => {
            let mut map = map.borrow_mut();
            match map.get(key).cloned().filter(|v| !v.is_null()) {
                Some(existing) => Some(existing),
                None => {
                    map.insert(key.clone(), value.clone());
                    None
                }
            }
        }
        ("putAll", [Value::Map(other)]) => {
            let entries: Vec<(Value, Value)> = other
                .borrow()
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let mut map = map.borrow_mut();
            for (k, v) in entries {
                map.insert(k, v);
            }
            string("")
        }
        ("remove", [key]) => non_null(map.borrow_mut().remove(key)),
        ("containsKey", [key]) => boolean(map.borrow().contains_key(key)),
        ("containsValue", [value]) => {
            boolean(map.borrow().iter().any(|(_, v)| v.java_equals(value)))
        }
        ("size", []) => int(map.borrow().len() as i64),
        ("isEmpty", []) => boolean(map.borrow().is_empty()),
        ("clear", []) => {
            map.borrow_mut().clear();
            string("")
        }
        // Views print and iterate like lists, in the map's order, but have no positions.
        ("keySet", []) => Some(Value::map_view(map.clone(), ViewPart::Keys)),
        ("values", []) => Some(Value::map_view(map.clone(), ViewPart::Values)),
        ("entrySet", []) => Some(Value::map_view(map.clone(), ViewPart::Entries)),
        // Java 8's Map.replace: only an existing key.
        ("replace", [key, value]) => {
            let mut map = map.borrow_mut();
            if map.contains_key(key) {
                non_null(map.insert(key.clone(), value.clone()))
            } else {
                None
            }
        }
        ("replace", [key, old, value]) => {
            // Compared with a shared borrow: `old` may be the map itself.
            let matches = {
                let map = map.borrow();
                map.contains_key(key)
                    && map.get(key).is_some_and(|current| current.java_equals(old))
            };
            if matches {
                map.borrow_mut().insert(key.clone(), value.clone());
            }
            boolean(matches)
        }
        _ => None,
    })
}

fn number_method(n: &Number, name: &str, args: &[Value]) -> JavaResult<Option<Value>> {
    Ok(match (name, args) {
        ("intValue", []) => Some(Value::Number(Number::Int(n.int_value()))),
        ("longValue", []) => Some(Value::Number(Number::Long(n.long_value()))),
        ("doubleValue", []) => Some(Value::Number(Number::Double(n.double_value()))),
        ("compareTo", [Value::Number(other)]) if other.class_name() == n.class_name() => {
            int(compare_numbers(n, other) as i64)
        }
        ("compareTo", [Value::Null]) => return Err(npe("compareTo")),
        ("compareTo", [other]) => return Err(class_cast(other, n.class_name())),
        ("isNaN", []) => match n {
            Number::Double(d) => boolean(d.is_nan()),
            _ => None,
        },
        ("isInfinite", []) => match n {
            Number::Double(d) => boolean(d.is_infinite()),
            _ => None,
        },
        _ => None,
    })
}

/// Java's `hashCode()` for the values whose hash a template can print.
fn java_hash(value: &Value) -> i32 {
    match value {
        Value::Null => 0,
        Value::Bool(b) => {
            if *b {
                1231
            } else {
                1237
            }
        }
        Value::String(s) => s.encode_utf16().fold(0i32, |h, unit| {
            h.wrapping_mul(31).wrapping_add(i32::from(unit))
        }),
        Value::Number(Number::Int(v)) => *v,
        Value::Number(Number::Long(v)) => (*v ^ (*v >> 32)) as i32,
        Value::Number(Number::Double(d)) => {
            let bits = if d.is_nan() {
                0x7ff8_0000_0000_0000
            } else {
                d.to_bits()
            };
            (bits ^ (bits >> 32)) as i32
        }
        // Java's hashCode recurses into the items: a list that holds itself overflows its stack.
        Value::List(list) => {
            let Some(_level) = Level::enter() else {
                return 0;
            };
            // Plain loops, not `fold`: the recursion then costs one frame per level, which keeps
            // `MAX_NESTING` levels inside a 2 MB stack in a debug build too.
            let mut h = 1i32;
            for item in list.borrow().current_items().iter() {
                h = h.wrapping_mul(31).wrapping_add(java_hash(item));
            }
            h
        }
        Value::Map(map) => {
            let Some(_level) = Level::enter() else {
                return 0;
            };
            let mut h = 0i32;
            for (k, v) in map.borrow().iter() {
                h = h.wrapping_add(java_hash(k) ^ java_hash(v));
            }
            h
        }
        Value::Entry(entry) => {
            let Some(_level) = Level::enter() else {
                return 0;
            };
            java_hash(&entry.0) ^ java_hash(&entry.1)
        }
        Value::Char(c) => i32::from(utf16_unit(*c)),
        _ => 0,
    }
}

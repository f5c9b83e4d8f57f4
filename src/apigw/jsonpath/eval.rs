//! Evaluation: Jayway 2.0.0's `PathToken.evaluate` methods, `EvaluationContextImpl` and the
//! filter classes (`Criteria.eval`, `safeCompare`), over json-smart values. Java's exceptions are
//! [`Thrown`] values that travel up with `?` and are caught where Java catches them.

use std::cell::Ref;
use std::cmp::Ordering;
use std::rc::Rc;
use std::sync::Arc;

use super::compile::{ArrayOp, CompareOp, Criteria, Filter, Operand, Path, PatternLiteral, Token};
use crate::java::ExceptionClass;
use crate::value::{BigDecimal, JavaMap, ListKind, Number, Value};

/// Deeper than this, a walk or a chain of evaluations fails: only a template can build such a
/// value (a list that holds itself), and Java would overflow its stack.
const MAX_DEPTH: usize = 600;

/// A Java exception in flight, caught where Java catches it or made a
/// [`JavaException`](crate::java::JavaException) when it leaves `read`. Not one already: Jayway
/// throws and catches `PathNotFoundException` often (a filter's existence check, once per item
/// without the property), and this form needs no extra allocation. `ValueCompareException` never
/// leaves a criteria (it makes the comparison false).
#[derive(Debug)]
pub(super) struct Thrown {
    pub(super) exception: ExceptionClass,
    pub(super) message: String,
}

impl Thrown {
    pub(super) fn new(exception: ExceptionClass, message: impl Into<String>) -> Thrown {
        Thrown {
            exception,
            message: message.into(),
        }
    }
}

type Eval<T> = Result<T, Thrown>;

fn not_found<T>(message: impl Into<String>) -> Eval<T> {
    Err(Thrown::new(ExceptionClass::PathNotFoundException, message))
}

/// `EvaluationContextImpl`: the whole document, the options, the results so far.
struct Context<'a> {
    root: &'a Value,
    /// `Option.REQUIRE_PROPERTIES`: set only for the existence check of a filter.
    require_properties: bool,
    results: Vec<Value>,
    depth: usize,
}

/// `CompiledPath.evaluate(document, rootDocument, configuration)`: the values found, in order.
pub(super) fn evaluate(
    path: &Path,
    document: &Value,
    root: &Value,
    require_properties: bool,
) -> Eval<Vec<Value>> {
    let mut context = Context {
        root,
        require_properties,
        results: Vec::new(),
        depth: 0,
    };
    evaluate_token(path, 0, document, &mut context)?;
    Ok(context.results)
}

/// `JSONArray`/`ArrayList` are Java `List`s; a map's key set or values are not. The items are
/// borrowed, not copied: evaluating a path never changes a value, so shared borrows may nest
/// (`$.items[7].tags` inside a loop would otherwise copy the whole list on every call).
fn as_list(value: &Value) -> Option<Ref<'_, [Value]>> {
    match value {
        Value::List(list) => {
            let list = list.borrow();
            (list.kind != ListKind::MapView).then(|| Ref::map(list, |list| list.items.as_slice()))
        }
        _ => None,
    }
}

fn is_list(value: &Value) -> bool {
    matches!(value, Value::List(list) if list.borrow().kind != ListKind::MapView)
}

/// The map of a value, borrowed (see [`as_list`]).
fn entries(value: &Value) -> Option<Ref<'_, JavaMap>> {
    match value {
        Value::Map(map) => Some(map.borrow()),
        _ => None,
    }
}

fn map_get(value: &Value, key: &str) -> Option<Value> {
    match value {
        Value::Map(map) => map.borrow().get_str(key).cloned(),
        _ => None,
    }
}

fn evaluate_token(path: &Path, k: usize, model: &Value, context: &mut Context) -> Eval<()> {
    context.depth += 1;
    if context.depth > MAX_DEPTH {
        return Err(Thrown::new(
            ExceptionClass::StackOverflowError,
            "value nested too deep",
        ));
    }
    let result = evaluate_token_inner(path, k, model, context);
    context.depth -= 1;
    result
}

fn evaluate_token_inner(path: &Path, k: usize, model: &Value, context: &mut Context) -> Eval<()> {
    match &path.tokens[k] {
        Token::Root => {
            if path.is_leaf(k) {
                context.results.push(model.clone());
                Ok(())
            } else {
                evaluate_token(path, k + 1, model, context)
            }
        }
        Token::Property(properties) => {
            if !matches!(model, Value::Map(_)) {
                return not_found("Property not found: not an object");
            }
            object_property(path, k, model, properties, context)
        }
        Token::Array { criteria, op } => array(path, k, model, criteria, *op, context),
        Token::Wildcard => {
            if let Some(entries) = entries(model) {
                for (_, value) in entries.iter() {
                    // handleObjectProperty with one key (which is there): exceptions from below
                    // are not caught, unlike the array case.
                    property_value(path, k, value.clone(), context)?;
                }
            } else if let Some(items) = as_list(model) {
                for index in 0..items.len() {
                    match array_index(path, k, index as i32, &items, context) {
                        Err(thrown)
                            if thrown.exception == ExceptionClass::PathNotFoundException
                                && !context.require_properties => {}
                        other => other?,
                    }
                }
            }
            Ok(())
        }
        Token::Scan => {
            if path.is_leaf(k) {
                return Err(Thrown::new(
                    ExceptionClass::IllegalStateException,
                    "Current path token is a leaf",
                ));
            }
            walk(path, k + 1, model, context)
        }
        Token::Predicate(filters) => {
            if matches!(model, Value::Map(_)) {
                if accept(filters, model, context)? {
                    if path.is_leaf(k) {
                        context.results.push(model.clone());
                    } else {
                        evaluate_token(path, k + 1, model, context)?;
                    }
                }
                Ok(())
            } else if let Some(items) = as_list(model) {
                for (index, item) in items.iter().enumerate() {
                    if accept(filters, item, context)? {
                        array_index(path, k, index as i32, &items, context)?;
                    }
                }
                Ok(())
            } else {
                Err(Thrown::new(
                    ExceptionClass::InvalidPathException,
                    format!(
                        "Filter: [?] can not be applied to primitives. Current context is: {}",
                        model.to_java_string()
                    ),
                ))
            }
        }
    }
}

/// A found property value: the result, or the next token's input.
fn property_value(path: &Path, k: usize, value: Value, context: &mut Context) -> Eval<()> {
    if path.is_leaf(k) {
        context.results.push(value);
        Ok(())
    } else {
        evaluate_token(path, k + 1, &value, context)
    }
}

/// `PathToken.handleObjectProperty`.
fn object_property(
    path: &Path,
    k: usize,
    model: &Value,
    properties: &[Arc<str>],
    context: &mut Context,
) -> Eval<()> {
    if let [property] = properties {
        return match map_get(model, property) {
            Some(value) => property_value(path, k, value, context),
            None if path.is_leaf(k) => not_found(format!("No results for path: ['{property}']")),
            // Missing in the middle: silent only where the path is not "upstream definite".
            None if !path.upstream_definite(k) && !context.require_properties => Ok(()),
            None => not_found(format!("Missing property in path ['{property}']")),
        };
    }
    if !path.is_leaf(k) {
        return Err(Thrown::new(
            ExceptionClass::InvalidPathException,
            "Multi properties can only be used as path leafs",
        ));
    }
    // A new LinkedHashMap (the provider's createMap) of the keys present.
    let mut merged = JavaMap::default();
    for property in properties {
        match map_get(model, property) {
            Some(value) => {
                merged.insert(Value::string(property), value);
            }
            None if context.require_properties => {
                return not_found(format!("Missing property in path ['{property}']"));
            }
            None => {}
        }
    }
    context.results.push(Value::map(merged));
    Ok(())
}

/// `PathToken.handleArrayIndex`: `List.get` out of range is `PathNotFoundException`.
fn array_index(
    path: &Path,
    k: usize,
    index: i32,
    items: &[Value],
    context: &mut Context,
) -> Eval<()> {
    let Some(item) = usize::try_from(index).ok().and_then(|i| items.get(i)) else {
        return not_found(format!(
            "Index out of bounds when evaluating path [{index}]"
        ));
    };
    if path.is_leaf(k) {
        context.results.push(item.clone());
        Ok(())
    } else {
        evaluate_token(path, k + 1, item, context)
    }
}

/// `ArrayPathToken.evaluate`.
fn array(
    path: &Path,
    k: usize,
    model: &Value,
    criteria: &[i32],
    op: Option<ArrayOp>,
    context: &mut Context,
) -> Eval<()> {
    if model.is_null() {
        return not_found("The path is null");
    }
    let Some(items) = as_list(model) else {
        return Err(Thrown::new(
            ExceptionClass::InvalidPathException,
            format!(
                "Filter: [..] can only be applied to arrays. Current context is: {}",
                model.to_java_string()
            ),
        ));
    };
    let Some(op) = op else {
        return Err(Thrown::new(
            ExceptionClass::NullPointerException,
            "no array operation",
        ));
    };
    // `criteria.get(n)` past the end is an IndexOutOfBoundsException, caught as not found.
    let get = |n: usize| match criteria.get(n) {
        Some(&value) => Ok(value),
        None => not_found("Index out of bounds when evaluating path"),
    };
    let length = items.len() as i32;
    match op {
        ArrayOp::SingleIndex => array_index(path, k, get(0)?, &items, context),
        ArrayOp::IndexSequence => {
            for &index in criteria {
                array_index(path, k, index, &items, context)?;
            }
            Ok(())
        }
        ArrayOp::ContextSize => {
            let index = length.wrapping_add(get(0)?);
            array_index(path, k, index, &items, context)
        }
        ArrayOp::SliceFrom => {
            let mut from = get(0)?;
            if from < 0 {
                from = length.wrapping_add(from);
            }
            from = from.max(0);
            if length == 0 || from >= length {
                return Ok(());
            }
            for index in from..length {
                array_index(path, k, index, &items, context)?;
            }
            Ok(())
        }
        ArrayOp::SliceTo => {
            let mut to = get(0)?;
            if to < 0 {
                to = length.wrapping_add(to);
            }
            to = to.min(length);
            if length == 0 {
                return Ok(());
            }
            for index in 0..to {
                array_index(path, k, index, &items, context)?;
            }
            Ok(())
        }
        ArrayOp::SliceBetween => {
            let from = get(0)?;
            let to = get(1)?.min(length);
            if from >= to || length == 0 {
                return Ok(());
            }
            // A negative start is not adjusted: its first index is out of bounds.
            for index in from..to {
                array_index(path, k, index, &items, context)?;
            }
            Ok(())
        }
    }
}

/// `ScanPathToken.walk`: `target` is the token after `..`.
fn walk(path: &Path, target: usize, model: &Value, context: &mut Context) -> Eval<()> {
    context.depth += 1;
    if context.depth > MAX_DEPTH {
        return Err(Thrown::new(
            ExceptionClass::StackOverflowError,
            "value nested too deep",
        ));
    }
    let result = walk_inner(path, target, model, context);
    context.depth -= 1;
    result
}

fn walk_inner(path: &Path, target: usize, model: &Value, context: &mut Context) -> Eval<()> {
    if let Some(entries) = entries(model) {
        // walkObject
        if scan_matches(path, target, model, context)? {
            evaluate_token(path, target, model, context)?;
        }
        for (_, value) in entries.iter() {
            walk(path, target, value, context)?;
        }
    } else if let Some(items) = as_list(model) {
        // walkArray: a match applies the token AFTER the target to each item (so `$..[0].a`
        // reads `a` of every item of every array), unless the target is the last token.
        if scan_matches(path, target, model, context)? {
            if path.is_leaf(target) {
                evaluate_token(path, target, model, context)?;
            } else {
                for item in items.iter() {
                    evaluate_token(path, target + 1, item, context)?;
                }
            }
        }
        for item in items.iter() {
            walk(path, target, item, context)?;
        }
    }
    Ok(())
}

/// `ScanPathToken.createScanPredicate(...).matches(model)`.
fn scan_matches(path: &Path, target: usize, model: &Value, context: &mut Context) -> Eval<bool> {
    match &path.tokens[target] {
        Token::Property(properties) => Ok(match model {
            Value::Map(map) => {
                let map = map.borrow();
                properties.iter().all(|p| map.get_str(p).is_some())
            }
            _ => false,
        }),
        Token::Array { .. } => Ok(is_list(model)),
        Token::Wildcard => Ok(true),
        Token::Predicate(filters) => accept(filters, model, context),
        Token::Root | Token::Scan => Ok(false),
    }
}

/// `PredicatePathToken.accept`.
fn accept(filters: &[Option<Arc<Filter>>], item: &Value, context: &mut Context) -> Eval<bool> {
    for filter in filters {
        let Some(filter) = filter else {
            return Err(Thrown::new(
                ExceptionClass::NullPointerException,
                "no filter for [?]",
            ));
        };
        if !apply(filter, item, context)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn apply(filter: &Filter, item: &Value, context: &mut Context) -> Eval<bool> {
    match filter {
        Filter::Criteria(criteria) => criteria_eval(criteria, item, context),
        Filter::And(all) => {
            for filter in all {
                if !apply(filter, item, context)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        Filter::Or(left, right) => Ok(apply(left, item, context)? || apply(right, item, context)?),
    }
}

/// A Java object in a comparison: `null`, a value, or a `Pattern`.
enum Object {
    Null,
    Value(Value),
    Pattern(Arc<PatternLiteral>),
}

impl Object {
    fn is_null(&self) -> bool {
        matches!(self, Object::Null)
    }

    /// `isNullish`: null or the string "null".
    fn is_nullish(&self) -> bool {
        match self {
            Object::Null => true,
            Object::Value(Value::String(s)) => &**s == "null",
            _ => false,
        }
    }

    fn java_string(&self) -> String {
        match self {
            Object::Null => "null".into(),
            Object::Value(value) => value.to_java_string(),
            Object::Pattern(pattern) => pattern.source.clone(),
        }
    }
}

/// The value of a definite path: `getValue()`, which throws when nothing was found.
fn definite_value(path: &Path, document: &Value, context: &Context, require: bool) -> Eval<Value> {
    let mut inner = Context {
        root: context.root,
        require_properties: require,
        results: Vec::new(),
        depth: context.depth,
    };
    evaluate_token(path, 0, document, &mut inner)?;
    match inner.results.into_iter().next() {
        Some(value) => Ok(value),
        None => not_found("No results for path"),
    }
}

/// `Criteria.eval`.
fn criteria_eval(criteria: &Criteria, item: &Value, context: &mut Context) -> Eval<bool> {
    match criteria {
        Criteria::Exists { path, exists } => {
            // Evaluated on the item even when the path starts with `$`, with REQUIRE_PROPERTIES.
            match definite_value(path, item, context, true) {
                Ok(value) => Ok(value.is_null() != *exists),
                Err(thrown) if thrown.exception == ExceptionClass::PathNotFoundException => {
                    Ok(!exists)
                }
                Err(thrown) => Err(thrown),
            }
        }
        Criteria::Compare { left, op, right } => {
            let outcome = operand(left, item, context).and_then(|left| {
                let right = operand(right, item, context)?;
                compare(*op, &right, &left)
            });
            match outcome {
                Err(thrown)
                    if thrown.exception == ExceptionClass::PathNotFoundException
                        || thrown.exception == ExceptionClass::ValueCompareException =>
                {
                    Ok(false)
                }
                other => other,
            }
        }
    }
}

/// `evaluateIfPath`: a `$` path reads the document, an `@` path the item.
fn operand(operand: &Operand, item: &Value, context: &Context) -> Eval<Object> {
    Ok(match operand {
        Operand::Path(path) => {
            let document = if path.is_root_path {
                context.root
            } else {
                item
            };
            match definite_value(path, document, context, false)? {
                Value::Null => Object::Null,
                value => Object::Value(value),
            }
        }
        Operand::Literal(text) => Object::Value(Value::string(text)),
        Operand::Pattern(pattern) => Object::Pattern(pattern.clone()),
    })
}

/// `CriteriaType.eval(expected, model)`: `expected` is the right side, `model` the left.
fn compare(op: CompareOp, expected: &Object, model: &Object) -> Eval<bool> {
    let one_null = expected.is_null() != model.is_null();
    Ok(match op {
        CompareOp::Eq => safe_compare(expected, model)? == Ordering::Equal,
        CompareOp::Ne => safe_compare(expected, model)? != Ordering::Equal,
        CompareOp::Gt => !one_null && safe_compare(expected, model)? == Ordering::Less,
        CompareOp::Gte => !one_null && safe_compare(expected, model)? != Ordering::Greater,
        CompareOp::Lt => !one_null && safe_compare(expected, model)? == Ordering::Greater,
        CompareOp::Lte => !one_null && safe_compare(expected, model)? != Ordering::Less,
        CompareOp::Regex => {
            let (pattern, target) = match (model, expected) {
                (Object::Pattern(pattern), _) => (Some(pattern), expected),
                (_, Object::Pattern(pattern)) => (Some(pattern), model),
                (_, Object::Null) => (None, model),
                _ => {
                    return Err(Thrown::new(
                        ExceptionClass::ClassCastException,
                        "class java.lang.String cannot be cast to class java.util.regex.Pattern",
                    ));
                }
            };
            if target.is_null() {
                false
            } else {
                let Some(pattern) = pattern else {
                    return Err(Thrown::new(
                        ExceptionClass::NullPointerException,
                        "no pattern",
                    ));
                };
                pattern.regex.is_full_match(&target.java_string())
            }
        }
    })
}

/// Java's `left == right` on the objects: the same node read twice, or values Java shares (the
/// Boolean constants, Integers from -128 to 127).
fn identical(left: &Object, right: &Object) -> bool {
    match (left, right) {
        (Object::Null, Object::Null) => true,
        (Object::Pattern(a), Object::Pattern(b)) => Arc::ptr_eq(a, b),
        (Object::Value(a), Object::Value(b)) => match (a, b) {
            (Value::String(a), Value::String(b)) => Rc::ptr_eq(a, b),
            (Value::List(a), Value::List(b)) => Rc::ptr_eq(a, b),
            (Value::Map(a), Value::Map(b)) => Rc::ptr_eq(a, b),
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Number(Number::Int(a)), Value::Number(Number::Int(b))) => {
                a == b && (-128..=127).contains(a)
            }
            _ => false,
        },
        _ => false,
    }
}

/// `Criteria.safeCompare(left, right)`.
fn safe_compare(left: &Object, right: &Object) -> Eval<Ordering> {
    if identical(left, right) {
        return Ok(Ordering::Equal);
    }
    match (left.is_nullish(), right.is_nullish()) {
        (true, false) => return Ok(Ordering::Less),
        (false, true) => return Ok(Ordering::Greater),
        (true, true) => return Ok(Ordering::Equal),
        (false, false) => {}
    }
    let (Object::Value(left), Object::Value(right)) = (left, right) else {
        return Err(Thrown::new(
            ExceptionClass::ValueCompareException,
            "Can not compare",
        ));
    };
    match (left, right) {
        (Value::String(expected), Value::String(actual)) => {
            let expected = if expected.contains('\'') {
                expected.replace("\\'", "'")
            } else {
                expected.to_string()
            };
            // String.compareTo: UTF-16 code units.
            Ok(expected.encode_utf16().cmp(actual.encode_utf16()))
        }
        (Value::Number(_) | Value::String(_), Value::Number(_)) => {
            let a = java_big_decimal(&left.to_java_string())?;
            let b = java_big_decimal(&right.to_java_string())?;
            Ok(a.compare(&b))
        }
        (Value::String(expected), Value::Bool(actual)) => {
            Ok(expected.eq_ignore_ascii_case("true").cmp(actual))
        }
        (Value::Bool(expected), Value::Bool(actual)) => Ok(expected.cmp(actual)),
        _ => Err(Thrown::new(
            ExceptionClass::ValueCompareException,
            "Can not compare",
        )),
    }
}

/// `new BigDecimal(String)`: `[+-]digits[.digits][(e|E)[+-]digits]`, or NumberFormatException
/// (`NaN` and `Infinity`, which doubles print, included).
fn java_big_decimal(text: &str) -> Eval<BigDecimal> {
    let bytes = text.as_bytes();
    let mut i = usize::from(matches!(bytes.first(), Some(b'+' | b'-')));
    let (mut digits, mut point) = (0, false);
    while let Some(&b) = bytes.get(i) {
        match b {
            b'0'..=b'9' => digits += 1,
            b'.' if !point => point = true,
            _ => break,
        }
        i += 1;
    }
    let mut valid = digits > 0;
    if valid && matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let start = i;
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        valid = i > start;
    }
    let unsigned = text.strip_prefix('+').unwrap_or(text);
    match BigDecimal::parse(unsigned) {
        Some(decimal) if valid && i == bytes.len() => Ok(decimal),
        _ => Err(Thrown::new(
            ExceptionClass::NumberFormatException,
            format!("Character array is not a number: {text}"),
        )),
    }
}

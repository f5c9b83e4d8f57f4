//! JSONPath as Jayway JsonPath 2.0.0 evaluates it over json-smart: what `$input.path` and
//! `$input.json` read (aws-semantics.md §8.4; Debian's `libjsonpath-java` is that version).
//!
//! 2.0.0 compiles a path with hand-written string scanning (`PathCompiler`, `Filter.parse`,
//! `Criteria.parse`) whose quirks decide what a path means, so [`compile`](JsonPath::compile) is a
//! port of those methods, quirks included (`compile` submodule), and [`read`](JsonPath::read) a port
//! of the path tokens' `evaluate` methods (`eval` submodule). What 2.0.0 has and lacks:
//!
//! * `$`, `.name`, `['name']`, `['a','b']` (a new map of the keys present), `[n]`, `[n,m]`, `[*]`,
//!   `.*`, `..name`, `..*`, `..[n]`, slices `[1:3]`, `[-2:]`, `[:2]`, `[(@.length-1)]`;
//! * filters `[?(@.price < 10)]`, `[?(@.tag)]` (the value exists and is not null), `[?(!@.tag)]`,
//!   `&&`, `||`, `==`, `!=`, `<`, `<=`, `>`, `>=`, `=~ /regex/` and `/regex/i`; no `in`, `nin`,
//!   `empty`, `size` and no functions (`.length()` is a property named `length()`);
//! * literals in filters stay strings: `@.price < 10` compares the number with `new
//!   BigDecimal("10")`, `@.price == '10'` matches the number 10, `@.flag == true` compares
//!   `Boolean.valueOf("true")`, and `null` or `'null'` match JSON null; a literal that is not a
//!   number compared with a number throws `NumberFormatException` out of `read`;
//! * `["name"]` (double quotes) is not a property: the compiler finds no quote and no digit in it
//!   and refuses it, unless the name holds a digit (`["a1"]` is `[1]`);
//! * a negative single index (`[-1]`) and an index past the end are missing (`PathNotFoundException`);
//!   an index or slice on an object, or a filter on a number or string, is an
//!   `InvalidPathException`; a property of a non-object is missing.
//!
//! Differences we accept: Java's `Character.isDigit` and `Integer.parseInt` also take non-ASCII
//! digits in a path (we take ASCII only); filters nested more than 64 deep and documents nested more
//! than 600 deep (only a template can build one) fail here where Java would overflow its stack or
//! go on; two reads of the same NaN node in one filter compare equal in Java (identity), not here.

mod compile;
mod eval;
#[cfg(test)]
mod tests;

use crate::java::{ExceptionClass, JavaException};
use crate::value::{ListKind, Value};

/// A compiled JSONPath (Jayway 2.0.0's `JsonPath.compile`).
///
/// # Examples
/// ```
/// use apigw_vtl::apigw::{jsonpath::JsonPath, payload::parse_payload};
/// let body = parse_payload(r#"{"items": [{"n": "a", "p": 5}, {"n": "b", "p": 15}], "k": null}"#)?;
/// let cheap = JsonPath::compile("$.items[?(@.p < 10)].n")?;
/// assert!(!cheap.is_definite());
/// assert_eq!(cheap.read(&body)?.unwrap().to_java_string(), r#"["a"]"#);
/// let second = JsonPath::compile("$.items[1]")?;
/// assert_eq!(second.read(&body)?.unwrap().to_java_string(), "{n=b, p=15}");
/// // Missing and JSON null are both `None`.
/// assert!(JsonPath::compile("$.nope")?.read(&body)?.is_none());
/// assert!(JsonPath::compile("$.k")?.read(&body)?.is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct JsonPath {
    text: String,
    path: compile::Path,
}

/// A path Jayway refuses to compile, or an exception `read` throws (other than
/// `PathNotFoundException`, which is `Ok(None)`).
///
/// It prints as the exception followed by the path and the offset.
///
/// # Examples
/// ```
/// use apigw_vtl::apigw::jsonpath::JsonPath;
/// let error = JsonPath::compile("$.a..").unwrap_err();
/// assert_eq!(
///     error.to_string(),
///     r#"InvalidPathException: A path can not end with a scan. (path "$.a.." at 0)"#
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{exception} (path {path:?} at {offset})")]
#[non_exhaustive]
pub struct JsonPathError {
    /// What Java throws: an [`ExceptionClass::InvalidPathException`] for every compile error but
    /// the empty path ([`ExceptionClass::IllegalArgumentException`]); at read time also
    /// `NumberFormatException`, `ClassCastException`, `NullPointerException` and the like, as Java
    /// throws them. The message is our wording; Java's messages are not reproduced.
    pub exception: JavaException,
    /// The path as given.
    pub path: String,
    /// Where in the path (in characters) the failing part starts; 0 for read errors.
    pub offset: usize,
}

impl JsonPath {
    /// Compiles `path` as `JsonPath.compile` does. A path that does not start with `$` or `@` gets
    /// `$.` in front (`a.b` is `$.a.b`).
    ///
    /// # Errors
    /// Whatever Jayway 2.0.0 refuses: `["a"]`, `$.a b`, `$..`, `$[?(@.a = 1)]`, unbalanced
    /// brackets, a bad regex...
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::apigw::jsonpath::JsonPath;
    /// use apigw_vtl::java::ExceptionClass;
    /// assert!(JsonPath::compile("$.a[0].b").unwrap().is_definite());
    /// let error = JsonPath::compile(r#"$["a"]"#).unwrap_err();
    /// assert_eq!(error.exception.class(), ExceptionClass::InvalidPathException);
    /// ```
    pub fn compile(path: &str) -> Result<JsonPath, JsonPathError> {
        if path.is_empty() {
            return Err(JsonPathError {
                exception: JavaException::new(
                    ExceptionClass::IllegalArgumentException,
                    "json can not be null or empty",
                ),
                path: String::new(),
                offset: 0,
            });
        }
        match compile::compile_path(path, 0) {
            Ok(compiled) => Ok(JsonPath {
                text: path.to_string(),
                path: compiled,
            }),
            Err(fail) => Err(JsonPathError {
                exception: JavaException::new(ExceptionClass::InvalidPathException, fail.message),
                path: path.to_string(),
                offset: fail.offset,
            }),
        }
    }

    /// Whether the path names at most one value (no wildcard, scan, filter, slice or index list):
    /// `read` then returns that value rather than a list.
    pub fn is_definite(&self) -> bool {
        self.path.is_definite()
    }

    /// The path as given to [`JsonPath::compile`].
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// `JsonPath.read(document)` with Jayway's default configuration.
    ///
    /// A definite path gives its value, or `None` where Jayway throws `PathNotFoundException` or
    /// the value is JSON null. An indefinite path gives a json-smart `JSONArray`
    /// ([`ListKind::JsonArray`]) of the matches, possibly empty, or `None` where Jayway throws
    /// `PathNotFoundException` (it does for some indefinite paths: `$.*.a` when a member is not an
    /// object, `$[0,9]` past the end). The values are the document's own (shared, not copied).
    ///
    /// # Errors
    /// The other exceptions Jayway throws: `InvalidPathException` (`$.a[0]` on an object, a filter
    /// on a string), `NumberFormatException` (`[?(@.n == 'x')]` on a number),
    /// `IllegalArgumentException` for a null document...
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::apigw::{jsonpath::JsonPath, payload::parse_payload};
    /// let doc = parse_payload(r#"{"a": {"b": [1, 2, 3]}}"#)?;
    /// let all = JsonPath::compile("$..b[1:]")?.read(&doc)?.unwrap();
    /// assert_eq!(all.to_java_string(), "[2,3]");
    /// assert!(JsonPath::compile("$.a.b[-1]")?.read(&doc)?.is_none());
    /// assert!(JsonPath::compile("$.a[0]")?.read(&doc).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read(&self, document: &Value) -> Result<Option<Value>, JsonPathError> {
        Ok(self.read_found(document)?.filter(|value| !value.is_null()))
    }

    /// [`JsonPath::read`], telling a JSON `null` that was found (`Some(Value::Null)`) from a
    /// definite path that found nothing (`None`: Jayway's `PathNotFoundException`), which
    /// `$input.json` writes differently (`null` and `""`).
    pub(crate) fn read_found(&self, document: &Value) -> Result<Option<Value>, JsonPathError> {
        if document.is_null() {
            // EvaluationContextImpl: notNull(rootDocument, "root can not be null").
            return Err(self.error(eval::Thrown::new(
                ExceptionClass::IllegalArgumentException,
                "root can not be null",
            )));
        }
        match eval::evaluate(&self.path, document, document, false) {
            Ok(results) if self.path.is_definite() => Ok(results.into_iter().next()),
            Ok(results) => Ok(Some(Value::list_of_kind(results, ListKind::JsonArray))),
            Err(thrown) if thrown.exception == ExceptionClass::PathNotFoundException => Ok(None),
            Err(thrown) => Err(self.error(thrown)),
        }
    }

    fn error(&self, thrown: eval::Thrown) -> JsonPathError {
        JsonPathError {
            exception: JavaException::new(thrown.exception, thrown.message),
            path: self.text.clone(),
            offset: 0,
        }
    }
}

//! A thrown Java exception: what a method, `$util`, `$input.path` or a regex throws on API
//! Gateway's engine, and what makes a render fail.
//!
//! A leaf over std types (like `double`), so that `value` can throw too (`substring`, BigDecimal
//! `%`) without depending on the rest of `java`.

use std::fmt;

/// The Java exception classes this engine throws, each where the reference engine throws it.
///
/// The names are Java's simple class names, so that code and messages grep alike;
/// [`ExceptionClass::java_name`] gives the fully qualified name. More classes may come as more of
/// Java is reproduced.
///
/// # Examples
/// ```
/// use apigw_vtl::java::ExceptionClass;
/// let class = ExceptionClass::IndexOutOfBoundsException;
/// assert_eq!(class.simple_name(), "IndexOutOfBoundsException");
/// assert_eq!(class.java_name(), "java.lang.IndexOutOfBoundsException");
/// assert_eq!(class.to_string(), "IndexOutOfBoundsException");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ExceptionClass {
    /// `java.lang.ArithmeticException`: the remainder of BigDecimals, a BigInteger remainder by a
    /// number that is not positive.
    ArithmeticException,
    /// `java.lang.ClassCastException`: `compareTo` given another type.
    ClassCastException,
    /// `java.util.ConcurrentModificationException`: a `#foreach` whose body changed the list or map
    /// it walks.
    ConcurrentModificationException,
    /// `java.lang.IllegalArgumentException`: a method given arguments it refuses (`repeat(-1)`,
    /// a bad `$util.urlDecode` escape, a bad regex replacement).
    IllegalArgumentException,
    /// `java.util.IllegalFormatCodePointException`: `String.format`'s `%c` of a number that is not a
    /// code point.
    IllegalFormatCodePointException,
    /// `java.util.IllegalFormatArgumentIndexException`: a `String.format` argument index (`%9$s`)
    /// too large for an `int`.
    IllegalFormatArgumentIndexException,
    /// `java.util.IllegalFormatConversionException`: a `String.format` conversion that does not fit
    /// its argument.
    IllegalFormatConversionException,
    /// `java.util.IllegalFormatPrecisionException`: a `String.format` precision too large for an
    /// `int`, or given to a conversion that takes none (`%.2d`).
    IllegalFormatPrecisionException,
    /// `java.util.IllegalFormatWidthException`: a `String.format` width too large for an `int`.
    IllegalFormatWidthException,
    /// `java.lang.IllegalStateException` (JSONPath evaluation).
    IllegalStateException,
    /// `java.lang.IndexOutOfBoundsException`: a list index out of range, a regex replacement naming
    /// a group that does not exist.
    IndexOutOfBoundsException,
    /// `com.jayway.jsonpath.InvalidPathException`: a JSONPath that does not compile, or that does
    /// not fit the document (`$.a[0]` on an object).
    InvalidPathException,
    /// `java.util.MissingFormatArgumentException`: `String.format` with too few arguments.
    MissingFormatArgumentException,
    /// `java.lang.NullPointerException`: a method given null where it needs an object.
    NullPointerException,
    /// `java.lang.NumberFormatException`: a number that does not parse (in a JSONPath filter, a
    /// payload).
    NumberFormatException,
    /// `net.minidev.json.parser.ParseException`: a payload json-smart cannot read.
    ParseException,
    /// `com.jayway.jsonpath.PathNotFoundException`: a JSONPath that finds nothing (`$input.path`
    /// makes it null; it never fails a render).
    PathNotFoundException,
    /// `java.util.regex.PatternSyntaxException`: a regex Java refuses.
    PatternSyntaxException,
    /// `java.lang.StackOverflowError` (an `Error`, not an `Exception`): JSONPath filters nested, or a
    /// document walked, deeper than we follow.
    StackOverflowError,
    /// `java.lang.StringIndexOutOfBoundsException`: `substring` or `charAt` out of range.
    StringIndexOutOfBoundsException,
    /// `java.util.UnknownFormatConversionException`: a `String.format` conversion Java does not
    /// know.
    UnknownFormatConversionException,
    /// `java.lang.UnsupportedOperationException`: adding to an array or to a map's key set.
    UnsupportedOperationException,
    /// `com.jayway.jsonpath.ValueCompareException`: thrown and caught inside a JSONPath filter (the
    /// comparison is then false); it never reaches a caller.
    ValueCompareException,
    /// `org.apache.velocity.exception.VelocityException`: Velocity's own complaints (`#break` with
    /// an argument that is not a scope, a negative index on a value without `size()`).
    VelocityException,
}

impl ExceptionClass {
    /// Java's simple class name, as messages print it: `IndexOutOfBoundsException`.
    pub fn simple_name(self) -> &'static str {
        self.names().1
    }

    /// Java's fully qualified class name: `java.lang.IndexOutOfBoundsException`.
    pub fn java_name(self) -> &'static str {
        self.names().0
    }

    /// (fully qualified name, simple name): the simple name is the text after the last dot.
    fn names(self) -> (&'static str, &'static str) {
        let full = match self {
            ExceptionClass::ArithmeticException => "java.lang.ArithmeticException",
            ExceptionClass::ClassCastException => "java.lang.ClassCastException",
            ExceptionClass::ConcurrentModificationException => {
                "java.util.ConcurrentModificationException"
            }
            ExceptionClass::IllegalArgumentException => "java.lang.IllegalArgumentException",
            ExceptionClass::IllegalFormatCodePointException => {
                "java.util.IllegalFormatCodePointException"
            }
            ExceptionClass::IllegalFormatArgumentIndexException => {
                "java.util.IllegalFormatArgumentIndexException"
            }
            ExceptionClass::IllegalFormatConversionException => {
                "java.util.IllegalFormatConversionException"
            }
            ExceptionClass::IllegalFormatPrecisionException => {
                "java.util.IllegalFormatPrecisionException"
            }
            ExceptionClass::IllegalFormatWidthException => "java.util.IllegalFormatWidthException",
            ExceptionClass::IllegalStateException => "java.lang.IllegalStateException",
            ExceptionClass::IndexOutOfBoundsException => "java.lang.IndexOutOfBoundsException",
            ExceptionClass::InvalidPathException => "com.jayway.jsonpath.InvalidPathException",
            ExceptionClass::MissingFormatArgumentException => {
                "java.util.MissingFormatArgumentException"
            }
            ExceptionClass::NullPointerException => "java.lang.NullPointerException",
            ExceptionClass::NumberFormatException => "java.lang.NumberFormatException",
            ExceptionClass::ParseException => "net.minidev.json.parser.ParseException",
            ExceptionClass::PathNotFoundException => "com.jayway.jsonpath.PathNotFoundException",
            ExceptionClass::PatternSyntaxException => "java.util.regex.PatternSyntaxException",
            ExceptionClass::StackOverflowError => "java.lang.StackOverflowError",
            ExceptionClass::StringIndexOutOfBoundsException => {
                "java.lang.StringIndexOutOfBoundsException"
            }
            ExceptionClass::UnknownFormatConversionException => {
                "java.util.UnknownFormatConversionException"
            }
            ExceptionClass::UnsupportedOperationException => {
                "java.lang.UnsupportedOperationException"
            }
            ExceptionClass::ValueCompareException => "com.jayway.jsonpath.ValueCompareException",
            ExceptionClass::VelocityException => "org.apache.velocity.exception.VelocityException",
        };
        let simple = full.rsplit('.').next().unwrap_or(full);
        (full, simple)
    }
}

impl fmt::Display for ExceptionClass {
    /// The simple name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.simple_name())
    }
}

/// A Java exception thrown while a template renders: its class and its message.
///
/// It prints as `Class: message` with the simple class name (`IndexOutOfBoundsException: Index 5
/// out of bounds for length 2`), or as the class alone when there is no message
/// (`ConcurrentModificationException`), as Java's `Throwable.toString` does. The messages are
/// Java's where we reproduce them (list indexes, `substring`, `$util.urlDecode`, `String.format`),
/// otherwise our own wording.
///
/// The class and message live behind one `Box`: the exception is rare, and a one-pointer error
/// keeps every `Result` that may carry it as small as the value it carries (serde_json's `Error`
/// does the same).
///
/// # Examples
/// ```
/// use apigw_vtl::java::{ExceptionClass, JavaException};
/// let thrown = JavaException::new(
///     ExceptionClass::IndexOutOfBoundsException,
///     "Index 5 out of bounds for length 2",
/// );
/// assert_eq!(thrown.class(), ExceptionClass::IndexOutOfBoundsException);
/// assert_eq!(thrown.message(), "Index 5 out of bounds for length 2");
/// assert_eq!(
///     thrown.to_string(),
///     "IndexOutOfBoundsException: Index 5 out of bounds for length 2"
/// );
/// let bare = JavaException::new(ExceptionClass::ConcurrentModificationException, "");
/// assert_eq!(bare.to_string(), "ConcurrentModificationException");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct JavaException {
    inner: Box<Inner>,
}

#[derive(Clone, PartialEq, Eq)]
struct Inner {
    class: ExceptionClass,
    message: String,
}

impl JavaException {
    /// An exception of `class` with `message`; an empty message is Java's null message (the
    /// exception prints as its class alone).
    pub fn new(class: ExceptionClass, message: impl Into<String>) -> JavaException {
        JavaException {
            inner: Box::new(Inner {
                class,
                message: message.into(),
            }),
        }
    }

    /// The exception's class.
    pub fn class(&self) -> ExceptionClass {
        self.inner.class
    }

    /// The message (Java's `getMessage()`); empty when Java's is null.
    pub fn message(&self) -> &str {
        &self.inner.message
    }
}

impl fmt::Display for JavaException {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.inner.message.is_empty() {
            write!(f, "{}", self.inner.class)
        } else {
            write!(f, "{}: {}", self.inner.class, self.inner.message)
        }
    }
}

impl fmt::Debug for JavaException {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JavaException")
            .field("class", &self.inner.class)
            .field("message", &self.inner.message)
            .finish()
    }
}

impl std::error::Error for JavaException {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_pointer_wide() {
        assert_eq!(
            std::mem::size_of::<JavaException>(),
            std::mem::size_of::<usize>()
        );
    }

    #[test]
    fn simple_names_end_the_java_names() {
        let class = ExceptionClass::VelocityException;
        assert_eq!(class.simple_name(), "VelocityException");
        assert_eq!(
            class.java_name(),
            "org.apache.velocity.exception.VelocityException"
        );
        assert_eq!(
            ExceptionClass::StackOverflowError.simple_name(),
            "StackOverflowError"
        );
    }
}

//! Java-like values: what a template's references hold while it renders.
//!
//! Owns: the value type, Java's number model and arithmetic (Velocity 1.7's `MathUtils`), Java's
//! `toString` for every value, Java's `equals`, and conversion from JSON. Knows nothing of templates,
//! rendering or API Gateway; `syntax` and `value` do not depend on each other.
//!
//! Strings are Rust strings (UTF-8) that answer Java's UTF-16 questions (`length`, `indexOf`,
//! `substring` count UTF-16 code units: see [`java_str`]). A lone surrogate cannot be stored; Java
//! prints one as `?`, and so do we, at the point where it would be created.
//!
//! Lists and maps are shared and mutable, as Java's are: `#set($b = $a)#set($b.k = 1)` changes `$a`.
//! Copying a value is a reference-count bump.

mod decimal;
mod display;
pub mod java_str;
mod map;
mod number;

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use crate::java::JavaException;

pub use decimal::BigDecimal;
pub(crate) use display::write_json_str;
pub use display::{JsonStyle, write_java_string, write_json_smart};
pub use map::{JavaMap, MapKey};
pub use number::{ArithmeticOp, Number, compare_numbers};

/// A shared, mutable Java list (`ArrayList`, or json-smart's `JSONArray` for payload lists).
pub type ListRef = Rc<RefCell<JavaList>>;
/// A shared, mutable Java map with insertion order (`LinkedHashMap`).
pub type MapRef = Rc<RefCell<JavaMap>>;

/// Which Java collection class a [`JavaList`] stands for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum ListKind {
    /// `java.util.ArrayList`: built in a template (`[1, 2]`, ranges) or from `--vars`.
    #[default]
    ArrayList,
    /// A list read from a request or response payload: API Gateway's JSON library hands it to the
    /// template as its own list type, whose `toString` is compact JSON (`[1,"two",{"k":null}]`),
    /// everything inside included (velocity-facts.md, rows marked aws).
    JsonArray,
    /// A map's `keySet()`, `values()` or `entrySet()`: prints and iterates like a list, but has no
    /// `get(int)` (so `$m.keySet()[0]` is "") and refuses `add`.
    MapView,
}

/// Which part of a map a [`ListKind::MapView`] shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewPart {
    /// `keySet()`.
    Keys,
    /// `values()`.
    Values,
    /// `entrySet()`.
    Entries,
}

/// A Java collection of items in order. Build one with [`Value::list`], [`Value::list_of_kind`]
/// or [`Value::map_view`].
///
/// # Examples
/// ```
/// use apigw_vtl::value::{JavaMap, ListKind, Value, ViewPart};
/// let list = Value::list(vec![Value::int(1), Value::string("two")]);
/// let Value::List(list) = &list else { unreachable!() };
/// assert_eq!(list.borrow().kind, ListKind::ArrayList);
/// assert_eq!(list.borrow().items.len(), 2);
///
/// // A map's `keySet()` reads the map as it is now.
/// let mut map = JavaMap::default();
/// map.insert(Value::string("a"), Value::int(1));
/// let map = Value::map(map);
/// let Value::Map(map_ref) = &map else { unreachable!() };
/// let keys = Value::map_view(map_ref.clone(), ViewPart::Keys);
/// map_ref.borrow_mut().insert(Value::string("b"), Value::int(2));
/// let Value::List(keys) = &keys else { unreachable!() };
/// assert_eq!(keys.borrow().current_items().len(), 2);
/// ```
#[derive(Clone, Debug, Default)]
pub struct JavaList {
    /// The items.
    pub items: Vec<Value>,
    /// The Java class it stands for.
    pub kind: ListKind,
    /// Java's `modCount`: bumped by every structural change (`add`, `remove`, `clear`, even of
    /// nothing; not `set`), so that `#foreach` can throw `ConcurrentModificationException` exactly
    /// when Java's iterator would. The renderer's bookkeeping, not part of the value.
    pub(crate) mod_count: u32,
    /// For a map view: the map it shows, live (`items` is then unused). Built by
    /// [`Value::map_view`]; read through [`JavaList::current_items`].
    pub(crate) view: Option<(MapRef, ViewPart)>,
}

impl JavaList {
    /// The items as they are now: a view reads its map.
    pub fn current_items(&self) -> std::borrow::Cow<'_, [Value]> {
        match &self.view {
            None => std::borrow::Cow::Borrowed(&self.items),
            Some((map, part)) => std::borrow::Cow::Owned(
                map.borrow()
                    .iter()
                    .map(|(k, v)| match part {
                        ViewPart::Keys => k.clone(),
                        ViewPart::Values => v.clone(),
                        ViewPart::Entries => Value::Entry(Rc::new((k.clone(), v.clone()))),
                    })
                    .collect(),
            ),
        }
    }
}

/// A value a reference can hold.
///
/// # Examples
/// ```
/// use apigw_vtl::value::Value;
/// let value = Value::from_json(&serde_json::json!({"a": 1, "l": [1, "two", null], "d": 1.5}));
/// assert_eq!(value.to_java_string(), "{a=1, l=[1, two, null], d=1.5}");
/// ```
#[derive(Clone)]
#[non_exhaustive]
pub enum Value {
    /// Java `null`.
    Null,
    /// `java.lang.Boolean`.
    Bool(bool),
    /// A number: Integer, Long, BigInteger, Double or BigDecimal.
    Number(Number),
    /// `java.lang.String`.
    String(Rc<str>),
    /// `java.lang.Character`: what `String.charAt` returns. It prints as its character, and no
    /// `String` method or `String` parameter takes it (`$s.concat($s.charAt(0))` finds no method).
    /// Half of a surrogate pair is held as `?`, as Java prints one.
    Char(char),
    /// `java.util.List`.
    List(ListRef),
    /// `java.util.Map` (insertion-ordered).
    Map(MapRef),
    /// A `Map.Entry` from `entrySet()`: a key and a value.
    Entry(Rc<(Value, Value)>),
    /// A Java array (`String.split` returns one). Velocity lets templates call list methods on it
    /// and iterate it; it prints as Java's `Object.toString` would, which has no stable form (see
    /// known-differences.md): we print it as a list.
    Array(Rc<Vec<Value>>),
    /// An object supplied by the host (`$input`, `$util`, `$context`, `$foreach`, a `#define` block).
    Host(Rc<dyn HostObject>),
}

/// An object the host puts into a template's variables: it answers properties and methods itself.
///
/// # Examples
/// ```
/// use std::any::Any;
/// use std::rc::Rc;
/// use apigw_vtl::java::{ExceptionClass, JavaException};
/// use apigw_vtl::render::{Variables, render};
/// use apigw_vtl::syntax::Template;
/// use apigw_vtl::value::{HostObject, Value};
///
/// #[derive(Debug)]
/// struct Clock;
///
/// impl HostObject for Clock {
///     fn type_name(&self) -> &'static str {
///         "example.Clock"
///     }
///     fn property(&self, name: &str) -> Option<Value> {
///         (name == "year").then(|| Value::int(2015))
///     }
///     fn call(&self, name: &str, arguments: &[Value]) -> Result<Option<Value>, JavaException> {
///         match (name, arguments) {
///             ("getYear", []) => Ok(self.property("year")),
///             ("stop", []) => Err(JavaException::new(
///                 ExceptionClass::UnsupportedOperationException,
///                 "clocks do not stop",
///             )),
///             _ => Ok(None),
///         }
///     }
///     fn as_any(&self) -> &dyn Any {
///         self
///     }
/// }
///
/// let mut variables = Variables::new();
/// variables.insert("clock", Value::Host(Rc::new(Clock)));
/// let template = Template::parse("$clock.year $clock.getYear() [$clock.month]")?;
/// assert_eq!(render(&template, &mut variables)?, "2015 2015 []");
/// let error = render(&Template::parse("$clock.stop()")?, &mut variables).unwrap_err();
/// assert_eq!(error.to_string(), "UnsupportedOperationException: clocks do not stop");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait HostObject: fmt::Debug {
    /// The Java class name, for messages.
    fn type_name(&self) -> &'static str;
    /// `$object.name`; `None` when the object has no such property (the template sees "").
    fn property(&self, name: &str) -> Option<Value>;
    /// `$object.name(arguments)`; `Ok(None)` when the object has no such method.
    ///
    /// # Errors
    /// The method exists and threw: the render fails, as on API Gateway.
    fn call(&self, name: &str, arguments: &[Value]) -> Result<Option<Value>, JavaException>;
    /// `#set($object.name = value)`: whether the object took the value.
    fn set_property(&self, _name: &str, _value: Value) -> bool {
        false
    }
    /// What `toString()` returns; `None` prints nothing.
    fn java_string(&self) -> Option<String> {
        None
    }
    /// The object as a value in its own right, where it stands for one (a `#define` block renders
    /// itself through the renderer instead).
    fn as_any(&self) -> &dyn std::any::Any;
    /// Whether [`HostObject::write_call`] should print `$object.name(...)` when a template prints
    /// it straight away (`$input.json('$')` of a 10 MB payload: no intermediate string).
    fn writes_call(&self, _name: &str) -> bool {
        false
    }
    /// Appends what printing `$object.name(arguments)` gives: exactly what printing
    /// [`HostObject::call`]'s result would (nothing for no result or null).
    ///
    /// # Errors
    /// As [`HostObject::call`]; `out` may then hold part of the text (the render fails anyway).
    fn write_call(
        &self,
        name: &str,
        arguments: &[Value],
        out: &mut String,
    ) -> Result<(), JavaException> {
        if let Some(value) = self.call(name, arguments)?.filter(|v| !v.is_null()) {
            write_java_string(&value, out);
        }
        Ok(())
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => write!(f, "null"),
            Value::Host(host) => write!(f, "<{}>", host.type_name()),
            other => write!(f, "{}", other.to_java_string()),
        }
    }
}

impl PartialEq for Value {
    /// Java's `equals`.
    fn eq(&self, other: &Value) -> bool {
        self.java_equals(other)
    }
}

impl Value {
    /// The empty string: what API Gateway gives for an undefined or failed reference.
    pub fn empty_string() -> Value {
        Value::String(Rc::from(""))
    }

    /// A string value.
    pub fn string(text: &str) -> Value {
        Value::String(Rc::from(text))
    }

    /// A new `ArrayList` holding `items`.
    pub fn list(items: Vec<Value>) -> Value {
        Value::list_of_kind(items, ListKind::ArrayList)
    }

    /// A list of the given kind.
    pub fn list_of_kind(items: Vec<Value>, kind: ListKind) -> Value {
        Value::List(Rc::new(RefCell::new(JavaList {
            items,
            kind,
            mod_count: 0,
            view: None,
        })))
    }

    /// A live view of `map`: its `keySet()`, `values()` or `entrySet()`.
    pub fn map_view(map: MapRef, part: ViewPart) -> Value {
        Value::List(Rc::new(RefCell::new(JavaList {
            items: Vec::new(),
            kind: ListKind::MapView,
            mod_count: 0,
            view: Some((map, part)),
        })))
    }

    /// A new empty `LinkedHashMap`.
    pub fn map(map: JavaMap) -> Value {
        Value::Map(Rc::new(RefCell::new(map)))
    }

    /// An `int`.
    pub fn int(value: i32) -> Value {
        Value::Number(Number::Int(value))
    }

    /// Converts parsed JSON as the reference does it for template variables: objects become
    /// `LinkedHashMap`s in document order, arrays `ArrayList`s, integers `Integer` when they fit in
    /// 32 bits, else `Long`, else `BigInteger`; other numbers `Double`.
    pub fn from_json(json: &serde_json::Value) -> Value {
        match json {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(Number::from_json(n)),
            serde_json::Value::String(s) => Value::string(s),
            serde_json::Value::Array(items) => {
                Value::list(items.iter().map(Value::from_json).collect())
            }
            serde_json::Value::Object(entries) => {
                let mut map = JavaMap::with_capacity(entries.len());
                for (key, value) in entries {
                    map.insert(Value::string(key), Value::from_json(value));
                }
                Value::map(map)
            }
        }
    }

    /// Whether this is Java `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// Java's `String.valueOf(value)`: `toString()`, or `"null"`.
    pub fn to_java_string(&self) -> String {
        let mut out = String::new();
        write_java_string(self, &mut out);
        out
    }

    /// The Java class this value has, for `equals` (which requires related classes) and messages.
    pub fn class_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "java.lang.Boolean",
            Value::Number(n) => n.class_name(),
            Value::String(_) => "java.lang.String",
            Value::Char(_) => "java.lang.Character",
            Value::List(list) => match list.borrow().kind {
                ListKind::ArrayList => "java.util.ArrayList",
                ListKind::JsonArray => "net.minidev.json.JSONArray",
                ListKind::MapView => "java.util.LinkedHashMap$LinkedKeySet",
            },
            Value::Map(_) => "java.util.LinkedHashMap",
            Value::Entry(_) => "java.util.Map$Entry",
            Value::Array(_) => "java.lang.Object[]",
            Value::Host(host) => host.type_name(),
        }
    }

    /// Java's `a.equals(b)`.
    pub fn java_equals(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Number(a), Value::Number(b)) => a.java_equals(b),
            (Value::String(a), Value::String(b)) => a == b,
            (Value::Char(a), Value::Char(b)) => a == b,
            (Value::List(a), Value::List(b)) => {
                Rc::ptr_eq(a, b) || {
                    let (a, b) = (a.borrow(), b.borrow());
                    let (a, b) = (a.current_items(), b.current_items());
                    a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| x.java_equals(y))
                }
            }
            (Value::Map(a), Value::Map(b)) => {
                Rc::ptr_eq(a, b) || a.borrow().java_equals(&b.borrow())
            }
            (Value::Entry(a), Value::Entry(b)) => a.0.java_equals(&b.0) && a.1.java_equals(&b.1),
            (Value::Array(a), Value::Array(b)) => Rc::ptr_eq(a, b),
            (Value::Host(a), Value::Host(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }

    /// Whether Java would consider the two classes related (`isAssignableFrom` either way), which
    /// Velocity's `==` requires before it calls `equals` instead of comparing `toString()`s.
    pub fn same_java_family(&self, other: &Value) -> bool {
        match (self, other) {
            // json-smart's JSONArray extends ArrayList: the two are related; a map's view is not.
            (Value::List(a), Value::List(b)) => {
                (a.borrow().kind == ListKind::MapView) == (b.borrow().kind == ListKind::MapView)
            }
            (Value::Number(a), Value::Number(b)) => a.class_name() == b.class_name(),
            _ => std::mem::discriminant(self) == std::mem::discriminant(other),
        }
    }
}

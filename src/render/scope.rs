//! The objects the renderer itself puts into the context: `$foreach` and `#define` blocks.

use std::any::Any;
use std::cell::Cell;

use crate::java::{JavaException, methods};
use crate::value::{HostObject, MapRef, Value};

/// `$foreach` inside a loop (Velocity's `ForeachScope`).
#[derive(Debug)]
pub(crate) struct ForeachScope {
    index: Cell<i32>,
    has_next: Cell<bool>,
    /// The enclosing loop's `$foreach`, if the variable held one.
    parent: Option<Value>,
    /// What `$foreach` held before, if it was not a scope (a user's `#set($foreach = ...)`).
    replaced: Option<Value>,
    /// Velocity's Scope is also a map a template can write to (`#set($foreach.x = 1)`).
    entries: MapRef,
}

/// Whether a value is a `$foreach` scope.
pub(crate) fn is_scope(value: &Value) -> bool {
    as_scope(value).is_some()
}

pub(crate) fn as_scope(value: &Value) -> Option<&ForeachScope> {
    match value {
        Value::Host(host) => host.as_any().downcast_ref::<ForeachScope>(),
        _ => None,
    }
}

impl ForeachScope {
    /// A scope for a loop entered while `$foreach` held `previous` (Velocity's `Scope` constructor:
    /// a previous scope becomes the parent, anything else is "replaced").
    pub(crate) fn new(previous: Option<Value>) -> Self {
        let (parent, replaced) = match previous {
            Some(value) if is_scope(&value) => (Some(value), None),
            other => (None, other),
        };
        ForeachScope {
            index: Cell::new(-1),
            has_next: Cell::new(false),
            parent,
            replaced,
            entries: MapRef::default(),
        }
    }

    /// What `$foreach` becomes when the loop that owns the scope now in the variable ends
    /// (`Directive.postRender`): its parent, else what it replaced, else nothing.
    pub(crate) fn restored(&self) -> Option<Value> {
        self.parent.clone().or_else(|| self.replaced.clone())
    }

    pub(crate) fn advance(&self, has_next: bool) {
        self.index.set(self.index.get() + 1);
        self.has_next.set(has_next);
    }

    /// The scope's map as a value.
    fn entries(&self) -> Value {
        Value::Map(self.entries.clone())
    }

    fn topmost(&self) -> Option<Value> {
        let mut current = self.parent.clone();
        loop {
            let next = match &current {
                Some(Value::Host(host)) => host
                    .as_any()
                    .downcast_ref::<ForeachScope>()
                    .and_then(|scope| scope.parent.clone()),
                _ => None,
            };
            match next {
                Some(value) => current = Some(value),
                None => return current,
            }
        }
    }
}

impl HostObject for ForeachScope {
    fn type_name(&self) -> &'static str {
        "org.apache.velocity.runtime.directive.ForeachScope"
    }

    /// `AbstractMap.toString()` of what the template stored in the scope (`{}` when nothing).
    fn java_string(&self) -> Option<String> {
        Some(self.entries().to_java_string())
    }

    fn property(&self, name: &str) -> Option<Value> {
        let index = self.index.get();
        Some(match name {
            "index" | "Index" => Value::int(index),
            "count" | "Count" => Value::int(index + 1),
            "hasNext" | "HasNext" => Value::Bool(self.has_next.get()),
            "first" | "First" => Value::Bool(index == 0),
            "last" | "Last" => Value::Bool(!self.has_next.get()),
            "parent" | "Parent" => return self.parent.clone(),
            "topmost" | "Topmost" => return self.topmost(),
            // Velocity's Scope is also a map: any other name is one of its keys.
            _ => return methods::property(&self.entries(), name).ok().flatten(),
        })
    }

    fn set_property(&self, name: &str, value: Value) -> bool {
        self.entries.borrow_mut().insert(Value::string(name), value);
        true
    }

    fn call(&self, name: &str, arguments: &[Value]) -> Result<Option<Value>, JavaException> {
        // Scope extends AbstractMap: map methods work on what the template stored in it.
        if let ("equals", [other]) = (name, arguments)
            && let Some(scope) = as_scope(other)
        {
            return Ok(Some(Value::Bool(
                self.entries().java_equals(&scope.entries()),
            )));
        }
        if !matches!(
            name,
            "getIndex"
                | "getCount"
                | "hasNext"
                | "getHasNext"
                | "isFirst"
                | "getFirst"
                | "isLast"
                | "getLast"
                | "getParent"
                | "getTopmost"
        ) {
            return methods::call_on_map(&self.entries, name, arguments);
        }
        if !arguments.is_empty() {
            return Ok(None);
        }
        Ok(match name {
            "getIndex" => self.property("index"),
            "getCount" => self.property("count"),
            "hasNext" | "getHasNext" => self.property("hasNext"),
            "isFirst" | "getFirst" => self.property("first"),
            "isLast" | "getLast" => self.property("last"),
            "getParent" => self.property("parent"),
            "getTopmost" => self.property("topmost"),
            _ => None,
        })
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The value `#define($name)` stores: rendering `$name` renders the block, late-bound.
#[derive(Debug)]
pub(crate) struct DefineBlock {
    pub(crate) id: usize,
}

impl HostObject for DefineBlock {
    fn type_name(&self) -> &'static str {
        "org.apache.velocity.runtime.directive.Block$Reference"
    }

    fn property(&self, _name: &str) -> Option<Value> {
        None
    }

    fn call(&self, _name: &str, _arguments: &[Value]) -> Result<Option<Value>, JavaException> {
        Ok(None)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

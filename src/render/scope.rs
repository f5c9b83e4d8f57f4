//! The objects the renderer itself puts into the context: `$foreach` and `#define` blocks.

use std::any::Any;
use std::cell::Cell;

use crate::value::{HostObject, Value};

/// `$foreach` inside a loop (Velocity's `ForeachScope`).
#[derive(Debug)]
pub(crate) struct ForeachScope {
    index: Cell<i32>,
    has_next: Cell<bool>,
    /// The enclosing loop's `$foreach`, if the variable held one.
    parent: Option<Value>,
    /// What `$foreach` held before, if it was not a scope (a user's `#set($foreach = ...)`).
    replaced: Option<Value>,
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

    /// `AbstractMap.toString()` of an empty map.
    fn java_string(&self) -> Option<String> {
        Some("{}".to_string())
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
            // Velocity's Scope is also an (empty) map: any other name is a missing key.
            _ => return None,
        })
    }

    fn call(&self, name: &str, arguments: &[Value]) -> Result<Option<Value>, String> {
        // Scope extends AbstractMap with nothing in it: `get` finds nothing, `size()` is 0, and it
        // equals any empty map.
        match (name, arguments) {
            ("get", [_]) => return Ok(None),
            ("equals", [other]) => {
                let equal =
                    is_scope(other) || matches!(other, Value::Map(map) if map.borrow().is_empty());
                return Ok(Some(Value::Bool(equal)));
            }
            ("hashCode", []) => return Ok(Some(Value::int(0))),
            ("toString", []) => return Ok(Some(Value::string("{}"))),
            ("size", []) => return Ok(Some(Value::int(0))),
            ("isEmpty", []) => return Ok(Some(Value::Bool(true))),
            _ => {}
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

    fn call(&self, _name: &str, _arguments: &[Value]) -> Result<Option<Value>, String> {
        Ok(None)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

//! The variables a template sees: one flat namespace, as Velocity's context is.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;

use crate::value::Value;

/// Template variables by name. `#set` writes here; `#foreach` saves and restores its loop variable.
///
/// # Examples
/// ```
/// use apigw_vtl::render::Variables;
/// use apigw_vtl::value::Value;
/// let mut variables = Variables::new();
/// variables.insert("name", Value::string("World"));
/// assert_eq!(variables.get("name").and_then(Value::as_str), Some("World"));
/// ```
#[derive(Debug, Default, Clone)]
pub struct Variables {
    /// foldhash, not SipHash: every reference a template renders is looked up here, and the names
    /// are the template's own.
    variables: HashMap<Rc<str>, Value, foldhash::fast::RandomState>,
    /// Variables built on first read (API Gateway's `$context`: most templates never read it, and
    /// building it was a third of rendering a small one). Writing or removing the name drops the
    /// builder; a value once built lives here, not in `variables`.
    deferred: Vec<Deferred>,
    /// Velocity's `Foreach.NullHolderContext`s in force: while a loop renders an iteration whose item
    /// is null, its variable reads as null even if the body puts a value into it, until something
    /// removes the variable (an inner loop's clean-up) or puts null again.
    null_holders: Vec<NullHolder>,
}

/// A variable whose value is built when the template first reads it.
#[derive(Clone)]
struct Deferred {
    name: &'static str,
    value: OnceCell<Value>,
    build: Rc<dyn Fn() -> Value>,
}

impl fmt::Debug for Deferred {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Deferred")
            .field("name", &self.name)
            .field("value", &self.value.get())
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone)]
struct NullHolder {
    key: Rc<str>,
    active: bool,
}

impl Variables {
    /// No variables.
    pub fn new() -> Self {
        Variables::default()
    }

    /// Variables from a JSON object: each top-level key becomes a variable, converted as
    /// [`Value::from_json`] does. `None` if `json` is not an object.
    pub fn from_json_object(json: &serde_json::Value) -> Option<Self> {
        let object = json.as_object()?;
        let mut variables = Variables::new();
        for (name, value) in object {
            variables.insert(name, Value::from_json(value));
        }
        Some(variables)
    }

    /// Sets a variable.
    pub fn insert(&mut self, name: &str, value: Value) {
        self.forget_deferred(name);
        match self.variables.get_mut(name) {
            Some(slot) => *slot = value,
            None => {
                self.variables.insert(Rc::from(name), value);
            }
        }
    }

    /// A variable's value.
    pub fn get(&self, name: &str) -> Option<&Value> {
        if self
            .null_holders
            .iter()
            .any(|h| h.active && &*h.key == name)
        {
            return None;
        }
        self.variables.get(name).or_else(|| {
            let deferred = self.deferred.iter().find(|d| d.name == name)?;
            Some(deferred.value.get_or_init(|| (deferred.build)()))
        })
    }

    /// A variable built by `build` when a template first reads it, if it ever does (API Gateway's
    /// `$context`). Writing or removing the name before then means `build` never runs.
    pub(crate) fn insert_deferred(&mut self, name: &'static str, build: Rc<dyn Fn() -> Value>) {
        self.variables.remove(name);
        self.forget_deferred(name);
        self.deferred.push(Deferred {
            name,
            value: OnceCell::new(),
            build,
        });
    }

    fn forget_deferred(&mut self, name: &str) {
        if !self.deferred.is_empty() {
            self.deferred.retain(|d| d.name != name);
        }
    }

    /// Removes a variable.
    pub fn remove(&mut self, name: &str) {
        for holder in self.null_holders.iter_mut().filter(|h| &*h.key == name) {
            holder.active = false;
        }
        self.forget_deferred(name);
        self.variables.remove(name);
    }

    /// Velocity's `context.put(name, null)`: the variable is gone, and null holders for it wake up.
    pub(crate) fn put_null(&mut self, name: &str) {
        for holder in self.null_holders.iter_mut().filter(|h| &*h.key == name) {
            holder.active = true;
        }
        self.forget_deferred(name);
        self.variables.remove(name);
    }

    /// Enters a null-item iteration of a loop over `name` (the holder's state carries over from the
    /// loop's previous null iteration).
    pub(crate) fn push_null_holder(&mut self, name: &str, active: bool) {
        self.null_holders.push(NullHolder {
            key: Rc::from(name),
            active,
        });
    }

    /// Leaves it; returns whether the holder is still active, for the loop's next null iteration.
    pub(crate) fn pop_null_holder(&mut self) -> bool {
        self.null_holders.pop().is_some_and(|h| h.active)
    }
}

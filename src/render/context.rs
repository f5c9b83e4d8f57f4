//! The variables a template sees: one flat namespace, as Velocity's context is.

use std::collections::HashMap;
use std::rc::Rc;

use crate::value::Value;

/// Template variables by name. `#set` writes here; `#foreach` saves and restores its loop variable.
///
/// # Examples
/// ```
/// use apigw_vtl::render::Context;
/// use apigw_vtl::value::Value;
/// let mut context = Context::new();
/// context.insert("name", Value::string("World"));
/// assert_eq!(context.get("name").and_then(Value::as_str), Some("World"));
/// ```
#[derive(Debug, Default, Clone)]
pub struct Context {
    variables: HashMap<Rc<str>, Value>,
}

impl Context {
    /// No variables.
    pub fn new() -> Self {
        Context::default()
    }

    /// Variables from a JSON object: each top-level key becomes a variable, converted as
    /// [`Value::from_json`] does. `None` if `json` is not an object.
    pub fn from_json_object(json: &serde_json::Value) -> Option<Self> {
        let object = json.as_object()?;
        let mut context = Context::new();
        for (name, value) in object {
            context.insert(name, Value::from_json(value));
        }
        Some(context)
    }

    /// Sets a variable.
    pub fn insert(&mut self, name: &str, value: Value) {
        match self.variables.get_mut(name) {
            Some(slot) => *slot = value,
            None => {
                self.variables.insert(Rc::from(name), value);
            }
        }
    }

    /// A variable's value.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.variables.get(name)
    }

    /// Removes a variable.
    pub fn remove(&mut self, name: &str) {
        self.variables.remove(name);
    }
}

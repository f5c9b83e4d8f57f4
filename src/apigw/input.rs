//! `$input`: the payload (`body`, `json(path)`, `path(path)`) and the request's parameters.

use std::any::Any;
use std::cell::OnceCell;
use std::rc::Rc;
use std::sync::Arc;

use super::Params;
use super::jsonpath::{JsonPath, JsonPathError};
use super::payload::{PayloadError, parse_payload, write_input_json, write_payload_json};
use crate::java::{ExceptionClass, JavaException};
use crate::value::{HostObject, JavaMap, Value};

/// JSONPaths compiled for `$input.path` and `$input.json`, by path text. Templates call them with
/// the same literal paths on every render: each is compiled once per thread.
const PATH_CACHE_SIZE: usize = 512;

/// Keyed by the path's text with foldhash: SipHash's flood resistance buys nothing for a
/// per-thread cache of a template's own paths, and hashing was a visible part of each call.
type PathCache = std::collections::HashMap<Box<str>, Rc<JsonPath>, foldhash::fast::RandomState>;

thread_local! {
    static PATH_CACHE: std::cell::RefCell<PathCache> = std::cell::RefCell::new(PathCache::default());
}

fn compiled(path: &str) -> Result<Rc<JsonPath>, JavaException> {
    if let Some(compiled) = PATH_CACHE.with(|cache| cache.borrow().get(path).cloned()) {
        return Ok(compiled);
    }
    let compiled = Rc::new(JsonPath::compile(path).map_err(thrown)?);
    PATH_CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.len() >= PATH_CACHE_SIZE {
            cache.clear();
        }
        cache.insert(path.into(), compiled.clone());
    });
    Ok(compiled)
}

/// What `$input.path` and `$input.json` throw: JSONPath's exception, its message naming the path.
fn thrown(error: JsonPathError) -> JavaException {
    JavaException::new(
        error.exception.class(),
        format!(
            "{} (path {:?} at {})",
            error.exception.message(),
            error.path,
            error.offset
        ),
    )
}

#[derive(Debug)]
pub(super) struct InputObject {
    /// The raw payload, shared with the [`TemplateInput`](super::TemplateInput); empty means `{}`
    /// (aws-semantics.md §8.4, recorded 2015).
    body: Arc<str>,
    /// `$input.body` as a template value: copied from `body` when first asked for.
    body_value: OnceCell<Value>,
    /// Parsed on first use, once per render.
    document: OnceCell<Result<Value, PayloadError>>,
    /// The request's parameters, as given.
    params_given: Params,
    /// `$input.params()` as a template value: path, querystring, header (the reference's order;
    /// AWS's is open). Built when first asked for: most templates read one parameter or none.
    params: OnceCell<Value>,
}

fn params_map(entries: &[(String, String)]) -> Value {
    let mut map = JavaMap::with_capacity(entries.len());
    for (name, value) in entries {
        map.insert(Value::string(name), Value::string(value));
    }
    Value::map(map)
}

impl InputObject {
    pub(super) fn new(body: Arc<str>, params: &Params) -> Self {
        InputObject {
            body: if body.is_empty() {
                Arc::from("{}")
            } else {
                body
            },
            body_value: OnceCell::new(),
            document: OnceCell::new(),
            params_given: params.clone(),
            params: OnceCell::new(),
        }
    }

    fn params(&self) -> &Value {
        self.params.get_or_init(|| {
            let given = &self.params_given;
            let mut all = JavaMap::with_capacity(3);
            all.insert(Value::string("path"), params_map(&given.path));
            all.insert(Value::string("querystring"), params_map(&given.querystring));
            all.insert(Value::string("header"), params_map(&given.header));
            Value::map(all)
        })
    }

    fn document(&self) -> Result<&Value, JavaException> {
        self.document
            .get_or_init(|| parse_payload(&self.body))
            .as_ref()
            .map_err(|e| {
                JavaException::new(
                    ExceptionClass::ParseException,
                    format!("Could not process payload: {e}"),
                )
            })
    }

    /// `$input.path(path)`: the selected value as a template value; null where Jayway finds nothing.
    fn path(&self, path: &str) -> Result<Option<Value>, JavaException> {
        let path = compiled(path)?;
        path.read(self.document()?).map_err(thrown)
    }

    /// `$input.json(path)`: the selected value as JSON text; `""` (the two-character JSON string)
    /// where a definite path finds nothing: recorded on AWS (a body without `pets` sent
    /// `{"val": $input.json('$.pets')}` to the function as `"val": ""`, aws-semantics.md §9).
    /// An indefinite path that finds nothing is `[]`, as Jayway gives it.
    fn json(&self, path: &str, out: &mut String) -> Result<(), JavaException> {
        // The whole payload, not parsed yet: written in one pass from its text, no tree (the
        // passthrough template's hot path). Falls back to the tree where streaming would differ.
        if path == "$" && self.document.get().is_none() {
            out.reserve(self.body.len());
            if write_payload_json(&self.body, out).is_some() {
                return Ok(());
            }
        }
        let found = compiled(path)?
            .read_found(self.document()?)
            .map_err(thrown)?;
        match found {
            Some(value) => write_input_json(&value, out),
            None => out.push_str("\"\""),
        }
        Ok(())
    }

    fn body_value(&self) -> Value {
        self.body_value
            .get_or_init(|| Value::string(&self.body))
            .clone()
    }

    /// `$input.params(name)`: path, then query string, then headers; "" when absent.
    fn param(&self, name: &str) -> Value {
        // Before `$input.params()` is built (so before a template could change it), the given
        // lists answer; the last of repeated names wins, as in the map.
        let Some(built) = self.params.get() else {
            let given = &self.params_given;
            return [&given.path, &given.querystring, &given.header]
                .into_iter()
                .find_map(|list| list.iter().rev().find(|(key, _)| key == name))
                .map_or_else(Value::empty_string, |(_, value)| Value::string(value));
        };
        if let Value::Map(all) = built {
            for kind in ["path", "querystring", "header"] {
                if let Some(Value::Map(map)) = all.borrow().get_str(kind)
                    && let Some(value) = map.borrow().get_str(name)
                {
                    return value.clone();
                }
            }
        }
        Value::empty_string()
    }
}

impl HostObject for InputObject {
    fn type_name(&self) -> &'static str {
        "com.amazonaws.apigateway.Input"
    }

    fn property(&self, name: &str) -> Option<Value> {
        match name {
            "body" | "Body" => Some(self.body_value()),
            _ => None,
        }
    }

    fn call(&self, name: &str, arguments: &[Value]) -> Result<Option<Value>, JavaException> {
        Ok(match (name, arguments) {
            ("getBody", []) => Some(self.body_value()),
            ("json", [Value::String(path)]) => {
                let mut out = String::new();
                self.json(path, &mut out)?;
                Some(Value::string(&out))
            }
            ("path", [Value::String(path)]) => self.path(path)?,
            ("params", []) => Some(self.params().clone()),
            ("params", [Value::String(name)]) => Some(self.param(name)),
            _ => None,
        })
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn writes_call(&self, name: &str) -> bool {
        name == "json"
    }

    /// `$input.json(path)` printed: written into the output as it is produced.
    fn write_call(
        &self,
        name: &str,
        arguments: &[Value],
        out: &mut String,
    ) -> Result<(), JavaException> {
        match (name, arguments) {
            ("json", [Value::String(path)]) => self.json(path, out),
            _ => Ok(()),
        }
    }
}

/// The methods [`InputObject::call`] answers and the properties [`InputObject::property`] has, for
/// the linter's "did you mean" (`src/lint/names.rs` checks each against the engine).
#[cfg(feature = "lint")]
pub(crate) const INPUT_METHODS: [&str; 4] = ["getBody", "json", "path", "params"];
/// See [`INPUT_METHODS`].
#[cfg(feature = "lint")]
pub(crate) const INPUT_PROPERTIES: [&str; 2] = ["body", "Body"];

#[cfg(test)]
mod tests {
    use crate::apigw::{TemplateInput, render_template};
    use crate::syntax::Template;

    fn render(template: &str, body: &str) -> Result<String, String> {
        let template = Template::parse(template).map_err(|e| e.to_string())?;
        render_template(&template, &TemplateInput::new(body))
            .map(|rendered| rendered.output)
            .map_err(|e| e.to_string())
    }

    /// `$input.params(name)` answers the same before and after `$input.params()` is built, and
    /// sees what a template put into the built map.
    #[test]
    fn a_parameter_reads_the_same_before_and_after_the_map_is_built() {
        let mut input = TemplateInput::new("{}");
        input.params.path = vec![("a".into(), "1".into()), ("a".into(), "2".into())];
        input.params.querystring = vec![("b".into(), "q".into()), ("a".into(), "qa".into())];
        input.params.header = vec![("c".into(), "h".into())];
        let render = |text: &str| {
            let template = Template::parse(text).expect("parses");
            render_template(&template, &input).expect("renders").output
        };
        assert_eq!(
            render("$input.params('a') $input.params('b') $input.params('c') [$input.params('d')]"),
            "2 q h []"
        );
        assert_eq!(
            render(
                "#set($p = $input.params())$input.params('a') $input.params('b') $input.params('c') [$input.params('d')]"
            ),
            "2 q h []"
        );
        assert_eq!(
            render("#set($d = $input.params().path.put('a', 'changed'))$input.params('a')"),
            "changed"
        );
    }

    /// `$input.json(...)` printed straight into the output (streamed or written from the tree)
    /// gives what printing its value does, for every form of the reference around it.
    #[test]
    fn printing_input_json_directly_equals_printing_its_value() {
        let bodies = [
            r#"{"a": [1, 2.50, "x/y"], "b": {"c": null}}"#,
            r#"{"a": 1, "a": 2}"#,
            "a=b",
            "",
            "{\"s\": \"\\u2028\\t\"}",
            "{broken",
            "[1, 2]",
        ];
        let paths = [
            "'$'",
            "'$.a'",
            "'$.missing'",
            "'$..c'",
            "1",
            "'$['",
            "$nothing",
        ];
        for body in bodies {
            for path in paths {
                for (direct, through_value) in [
                    ("$input.json(P)", "#set($j = $input.json(P))$j"),
                    ("$!input.json(P)", "#set($j = $input.json(P))$!j"),
                    ("${input.json(P)}", "#set($j = $input.json(P))${j}"),
                    ("#$input.json(P)", "#set($j = $input.json(P))#$j"),
                    ("\\\\$input.json(P)", "#set($j = $input.json(P))\\\\$j"),
                ] {
                    let direct = direct.replace('P', path);
                    let through_value = through_value.replace('P', path);
                    assert_eq!(
                        render(&direct, body).map_err(|e| e.replace(&direct, "T")),
                        render(&through_value, body).map_err(|e| e.replace(&through_value, "T")),
                        "{direct} over {body:?}"
                    );
                }
            }
        }
        // And the direct form gives the tree's bytes.
        assert_eq!(
            render("$input.json('$')", r#"{"a": [1, 2.50, "x/y"], "a": 3}"#),
            Ok(r#"{"a":3}"#.to_string())
        );
        assert_eq!(
            render("$input.json('$')", r#"{"a": [1, 2.50, "x/y", 1e2]}"#),
            Ok(r#"{"a":[1,2.5,"x/y",100.0]}"#.to_string())
        );
    }
}

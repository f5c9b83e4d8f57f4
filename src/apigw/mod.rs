//! What API Gateway adds to Velocity: `$input`, `$util`, `$context` and `$stageVariables`, and the
//! overrides a template leaves in `$context` for the gateway to apply.
//!
//! Owns: reading payloads as API Gateway does (json-smart, permissive), JSONPath as Jayway evaluates
//! it, the `$util` functions as Java computes them, the `$context` defaults. Knows nothing of
//! integrations, selection patterns or files: `gateway` and `cli` build a [`TemplateInput`] and read the
//! [`Overrides`].
//!
//! # Examples
//! ```
//! use apigw_vtl::apigw::{TemplateInput, render_template};
//! use apigw_vtl::syntax::Template;
//! let template = Template::parse("$input.path('$.name') #set($context.responseOverride.status = 418)")?;
//! let request = TemplateInput::new(r#"{"name": "World"}"#);
//! let rendered = render_template(&template, &request)?;
//! // `#set` swallows the blank before it when a reference precedes it (Velocity 1.7's lexer).
//! assert_eq!(rendered.output, "World");
//! assert_eq!(rendered.overrides.status.and_then(|s| s.code()), Some(418));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod context;
mod input;
pub mod jsonpath;
pub mod payload;
pub mod util;
mod util_object;

use std::cell::OnceCell;
use std::rc::Rc;
use std::sync::Arc;

use crate::render::{self, RenderError, Variables};
use crate::syntax::Template;
use crate::value::{JavaMap, MapRef, Value};

pub use context::{default_context, merged_context};
use input::InputObject;
use util_object::UtilObject;

// The names the engine knows, for the linter's "did you mean" (src/lint/names.rs).
#[cfg(feature = "lint")]
pub(crate) use context::CONTEXT_KEYS;
#[cfg(feature = "lint")]
pub(crate) use input::{INPUT_METHODS, INPUT_PROPERTIES};
#[cfg(feature = "lint")]
pub(crate) use util_object::UTIL_METHODS;

/// A request's parameters, as `$input.params()` shows them.
///
/// `#[non_exhaustive]`: start from `Params::default()` and set the fields.
///
/// # Examples
/// ```
/// use apigw_vtl::apigw::{Params, TemplateInput, render_template};
/// use apigw_vtl::syntax::Template;
/// let mut params = Params::default();
/// params.path.push(("id".into(), "42".into()));
/// params.header.push(("Accept".into(), "application/json".into()));
/// let mut request = TemplateInput::default();
/// request.params = params;
/// let template = Template::parse("$input.params('id') $input.params().header")?;
/// let rendered = render_template(&template, &request)?;
/// assert_eq!(rendered.output, "42 {Accept=application/json}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Params {
    /// Path parameters, in order.
    pub path: Vec<(String, String)>,
    /// Query string parameters, in order (a repeated key keeps its last value).
    pub querystring: Vec<(String, String)>,
    /// Headers, in order.
    pub header: Vec<(String, String)>,
}

/// Everything API Gateway hands a mapping template: the payload, the parameters, `$context` and
/// the stage variables. One type for both halves: a request template's payload is the client's
/// body, a response template's is the integration's answer. (Not an HTTP request: that is
/// [`crate::HttpRequest`], which the gateway turns into this.)
///
/// `#[non_exhaustive]`: build one with [`TemplateInput::new`] or `TemplateInput::default()` and
/// set the fields.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct TemplateInput {
    /// The payload (`$input.body`): the request body for a request template, the integration's
    /// answer for a response template. Empty means `{}`, as on AWS. Shared, not copied, by every
    /// render of this input (a payload can be 10 MB).
    pub body: Arc<str>,
    /// `$input.params()`.
    pub params: Params,
    /// Merged over [`default_context`]: an object merges into the default object of the same name,
    /// any other value replaces it, new keys go last.
    pub context: serde_json::Map<String, serde_json::Value>,
    /// `$stageVariables`.
    pub stage_variables: Vec<(String, String)>,
}

/// `$context.responseOverride.status` as a template left it, as plain data (it can leave the
/// render's thread): the Java value's kind and text, and the status AWS reads from it.
///
/// # Examples
/// ```
/// use apigw_vtl::apigw::{TemplateInput, render_template};
/// use apigw_vtl::Template;
/// let set = |value: &str| {
///     let template = Template::parse(&format!("#set($context.responseOverride.status = {value})"))?;
///     Ok::<_, apigw_vtl::Error>(render_template(&template, &TemplateInput::default())?.overrides.status.unwrap())
/// };
/// assert_eq!(set("418")?.code(), Some(418));
/// assert_eq!(set("'418'")?.code(), None); // a String: AWS's reading is open; ignored here
/// assert_eq!(set("42")?.code(), None); // outside 100-599: ignored, as AWS's peers observed
/// assert_eq!(set("'418'")?.to_java_string(), "418");
/// # Ok::<(), apigw_vtl::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct StatusOverride {
    value: OverrideValue,
}

/// Another key a template set in `$context.responseOverride` (`custom` in
/// `#set($context.responseOverride.custom = "x")`), as plain data: API Gateway applies nothing of it,
/// but the response template reads it back (recorded on AWS: a MOCK request template's
/// `responseOverride.custom` was printed by its response template, aws-semantics.md §4).
///
/// # Examples
/// ```
/// use apigw_vtl::apigw::{Environment, TemplateInput};
/// use apigw_vtl::render::{Variables, render};
/// use apigw_vtl::Template;
/// let request_side = Environment::new(&TemplateInput::default());
/// let mut variables = Variables::new();
/// request_side.install(&mut variables);
/// render(&Template::parse("#set($context.responseOverride.custom = 'is also passed around')")?, &mut variables)?;
/// let overrides = request_side.overrides();
/// assert_eq!(overrides.response_values[0].0, "custom");
/// assert_eq!(overrides.response_values[0].1.to_java_string(), "is also passed around");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct CarriedValue {
    value: OverrideValue,
}

impl CarriedValue {
    pub(crate) fn from_value(value: &Value) -> Self {
        CarriedValue {
            value: StatusOverride::from_value(value).value,
        }
    }

    pub(crate) fn to_value(&self) -> Value {
        StatusOverride {
            value: self.value.clone(),
        }
        .to_value()
    }

    /// The value as Java prints it.
    pub fn to_java_string(&self) -> String {
        self.to_value().to_java_string()
    }
}

/// The Java value, kept as far as a response template can tell the kinds apart.
#[derive(Clone, Debug, PartialEq)]
enum OverrideValue {
    Int(i32),
    Long(i64),
    Double(f64),
    Bool(bool),
    Text(String),
    /// Anything else (BigInteger, BigDecimal, a list, a map), as Java prints it; carried into the
    /// response template as that text.
    Printed(String),
}

impl StatusOverride {
    pub(crate) fn from_value(value: &Value) -> Self {
        use crate::value::Number;
        let value = match value {
            Value::Number(Number::Int(n)) => OverrideValue::Int(*n),
            Value::Number(Number::Long(n)) => OverrideValue::Long(*n),
            Value::Number(Number::Double(n)) => OverrideValue::Double(*n),
            Value::Bool(b) => OverrideValue::Bool(*b),
            Value::String(s) => OverrideValue::Text(s.to_string()),
            other => OverrideValue::Printed(other.to_java_string()),
        };
        StatusOverride { value }
    }

    pub(crate) fn to_value(&self) -> Value {
        use crate::value::Number;
        match &self.value {
            OverrideValue::Int(n) => Value::Number(Number::Int(*n)),
            OverrideValue::Long(n) => Value::Number(Number::Long(*n)),
            OverrideValue::Double(n) => Value::Number(Number::Double(*n)),
            OverrideValue::Bool(b) => Value::Bool(*b),
            OverrideValue::Text(s) | OverrideValue::Printed(s) => Value::string(s),
        }
    }

    /// The status AWS applies: an Integer or Long from 100 to 599 (peers observed other values
    /// ignored, aws-semantics.md §4; a String's reading is open and it is ignored here).
    pub fn code(&self) -> Option<u16> {
        let n = match self.value {
            OverrideValue::Int(n) => i64::from(n),
            OverrideValue::Long(n) => n,
            _ => return None,
        };
        u16::try_from(n).ok().filter(|c| (100..=599).contains(c))
    }

    /// Whether the value is a Java integer (Integer or Long), whatever its range.
    pub fn is_integer(&self) -> bool {
        matches!(self.value, OverrideValue::Int(_) | OverrideValue::Long(_))
    }

    /// The integer value, when it is one.
    pub fn as_integer(&self) -> Option<i64> {
        match self.value {
            OverrideValue::Int(n) => Some(i64::from(n)),
            OverrideValue::Long(n) => Some(n),
            _ => None,
        }
    }

    /// The value as Java prints it.
    pub fn to_java_string(&self) -> String {
        self.to_value().to_java_string()
    }
}

impl TemplateInput {
    /// A request whose payload is `body`, without parameters, with the default `$context` and no
    /// stage variables.
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::apigw::{TemplateInput, render_template};
    /// use apigw_vtl::syntax::Template;
    /// let template = Template::parse("$input.json('$.a')")?;
    /// let rendered = render_template(&template, &TemplateInput::new(r#"{"a": [1, "x"]}"#))?;
    /// assert_eq!(rendered.output, r#"[1,"x"]"#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(body: impl Into<Arc<str>>) -> TemplateInput {
        TemplateInput {
            body: body.into(),
            ..TemplateInput::default()
        }
    }
}

/// What a template left in `$context.responseOverride` and `$context.requestOverride`.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Overrides {
    /// `$context.responseOverride.status`, as set.
    pub status: Option<StatusOverride>,
    /// `$context.responseOverride.header.*`, printed as Java does.
    pub headers: Vec<(String, String)>,
    /// Any other key of `$context.responseOverride` (not `status`, not `header`): applied to
    /// nothing, carried into the response template.
    pub response_values: Vec<(String, CarriedValue)>,
    /// `$context.requestOverride.header.*`.
    pub request_headers: Vec<(String, String)>,
    /// `$context.requestOverride.querystring.*`.
    pub request_querystring: Vec<(String, String)>,
    /// `$context.requestOverride.path.*`.
    pub request_path: Vec<(String, String)>,
}

/// A render's output and the overrides it set: plain data, `Send` and `Sync`.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Rendered {
    /// The output, exactly.
    pub output: String,
    /// The overrides.
    pub overrides: Overrides,
}

/// The API Gateway objects of one render, installed into a [`Variables`].
pub struct Environment {
    context: Rc<DeferredContext>,
    input: Rc<InputObject>,
    stage_variables: Value,
}

/// `$context`, built the first time something reads it: a template that never names `$context`
/// (and follows no template that set an override) never pays for its thirty-odd entries.
struct DeferredContext {
    /// The caller's values, merged over the defaults when the map is built.
    values: serde_json::Map<String, serde_json::Value>,
    map: OnceCell<MapRef>,
}

impl DeferredContext {
    fn map(&self) -> &MapRef {
        self.map.get_or_init(|| context::build(&self.values))
    }
}

thread_local! {
    /// `$util` holds no state: one instance per thread serves every render.
    static UTIL: Value = Value::Host(Rc::new(UtilObject));
}

impl Environment {
    /// Builds `$input`, `$context` and `$stageVariables` for `request`. The payload is parsed at
    /// most once, and only if the template asks for it; `$context` likewise.
    pub fn new(request: &TemplateInput) -> Self {
        let mut stage = JavaMap::with_capacity(request.stage_variables.len());
        for (name, value) in &request.stage_variables {
            stage.insert(Value::string(name), Value::string(value));
        }
        Environment {
            context: Rc::new(DeferredContext {
                values: request.context.clone(),
                map: OnceCell::new(),
            }),
            input: Rc::new(InputObject::new(request.body.clone(), &request.params)),
            stage_variables: Value::map(stage),
        }
    }

    /// Puts `$input`, `$util`, `$context` and `$stageVariables` into `variables`.
    pub fn install(&self, variables: &mut Variables) {
        variables.insert("input", Value::Host(self.input.clone()));
        variables.insert("util", UTIL.with(Value::clone));
        let context = self.context.clone();
        variables.insert_deferred(
            "context",
            Rc::new(move || Value::Map(context.map().clone())),
        );
        variables.insert("stageVariables", self.stage_variables.clone());
    }

    /// The overrides as the template left them (none when it never read `$context`).
    pub fn overrides(&self) -> Overrides {
        self.context
            .map
            .get()
            .map_or_else(Overrides::default, context::overrides)
    }

    /// Starts `$context`'s overrides from those an earlier template left (the request template's
    /// overrides are readable in the response template, recorded on AWS, aws-semantics.md §4).
    pub fn carry(&self, earlier: &Overrides) {
        if *earlier != Overrides::default() {
            context::carry(self.context.map(), earlier);
        }
    }

    /// Whether the template set some override key a second time (AWS answers 5XX, §4), not counting
    /// what [`Environment::carry`] brought in.
    pub fn set_an_override_twice(&self) -> bool {
        self.context.map.get().is_some_and(context::overwritten)
    }
}

/// Renders `template` for `request`: the one-call form of [`Environment`].
///
/// # Errors
/// A [`RenderError`]: on API Gateway the integration answers 500.
pub fn render_template(
    template: &Template,
    request: &TemplateInput,
) -> Result<Rendered, RenderError> {
    let environment = Environment::new(request);
    let mut variables = Variables::new();
    environment.install(&mut variables);
    let output = render::render(template, &mut variables)?;
    Ok(Rendered {
        output,
        overrides: environment.overrides(),
    })
}

//! Parameter mappings (aws-semantics.md §5): `integration.request.header.X` ← `method.request.…`,
//! `method.response.header.X` ← `integration.response.…`, read once when the method is built (a
//! malformed expression is a [`ModelError`](super::ModelError), as AWS refuses it when it deploys
//! the method; JSONPaths compile once), and evaluated per request.

use super::http::HttpRequest;
use crate::apigw::jsonpath::JsonPath;
use crate::apigw::merged_context;
use crate::apigw::payload::write_input_json;
use crate::value::Value;

/// Where a request mapping writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RequestTarget {
    /// `integration.request.path.NAME`.
    Path,
    /// `integration.request.querystring.NAME`.
    Querystring,
    /// `integration.request.header.NAME`.
    Header,
}

/// A mapping expression's source, parsed.
#[derive(Clone, Debug)]
pub(crate) enum Source {
    /// `'text'`.
    Literal(String),
    /// `method.request.path.NAME`.
    Path(String),
    /// `method.request.querystring.NAME`.
    Query(String),
    /// `method.request.multivaluequerystring.NAME`: every value, joined with `,`.
    MultiQuery(String),
    /// `method.request.header.NAME`.
    Header(String),
    /// `method.request.multivalueheader.NAME`.
    MultiHeader(String),
    /// `method.request.body` / `integration.response.body`.
    Body,
    /// `method.request.body.PATH` / `integration.response.body.PATH`, compiled as `$.PATH`.
    BodyPath(Box<JsonPath>),
    /// `integration.response.header.NAME`.
    ResponseHeader(String),
    /// `integration.response.multivalueheader.NAME`.
    ResponseMultiHeader(String),
    /// `stageVariables.NAME`.
    StageVariable(String),
    /// `context.NAME` (dotted for nested values).
    Context(String),
}

/// One mapping: its target's name, the source, and both as written (for traces and summaries).
#[derive(Clone, Debug)]
pub(crate) struct Mapping<T> {
    pub(crate) target: T,
    pub(crate) name: String,
    pub(crate) source: Source,
    pub(crate) target_text: String,
    pub(crate) source_text: String,
}

/// Two mappings are the same when they are written the same (what they parse to follows).
impl<T> PartialEq for Mapping<T> {
    fn eq(&self, other: &Self) -> bool {
        self.target_text == other.target_text && self.source_text == other.source_text
    }
}

impl<T> Eq for Mapping<T> {}

/// A request parameter mapping.
pub(crate) type RequestMapping = Mapping<RequestTarget>;
/// A response parameter mapping (`method.response.header.NAME`).
pub(crate) type ResponseMapping = Mapping<()>;

/// Reads `integration.request.{path|querystring|header}.NAME` ← a method-request source.
pub(crate) fn request_mapping(target: &str, source: &str) -> Result<RequestMapping, String> {
    let (kind, name) = target
        .strip_prefix("integration.request.")
        .and_then(|rest| rest.split_once('.'))
        .ok_or("the target is not integration.request.{path|querystring|header}.NAME")?;
    let target_kind = match kind {
        "path" => RequestTarget::Path,
        "querystring" => RequestTarget::Querystring,
        "header" => RequestTarget::Header,
        _ => {
            return Err(
                "the target is not integration.request.{path|querystring|header}.NAME".into(),
            );
        }
    };
    Ok(Mapping {
        target: target_kind,
        name: non_empty(name, target)?.to_string(),
        source: parse_source(source, Side::Request)?,
        target_text: target.to_string(),
        source_text: source.to_string(),
    })
}

/// Reads `method.response.header.NAME` ← an integration-response source.
pub(crate) fn response_mapping(target: &str, source: &str) -> Result<ResponseMapping, String> {
    let name = target
        .strip_prefix("method.response.header.")
        .ok_or("the target is not method.response.header.NAME")?;
    Ok(Mapping {
        target: (),
        name: non_empty(name, target)?.to_string(),
        source: parse_source(source, Side::Response)?,
        target_text: target.to_string(),
        source_text: source.to_string(),
    })
}

/// Reads `gatewayresponse.header.NAME` ← a source a gateway response may use: `'literal'`,
/// `method.request.{header|querystring|path}.NAME`, `stageVariables.NAME`, `context.NAME` (D-GR).
pub(crate) fn gateway_mapping(target: &str, source: &str) -> Result<ResponseMapping, String> {
    let name = target
        .strip_prefix("gatewayresponse.header.")
        .ok_or("the target is not gatewayresponse.header.NAME")?;
    Ok(Mapping {
        target: (),
        name: non_empty(name, target)?.to_string(),
        source: parse_source(source, Side::Gateway)?,
        target_text: target.to_string(),
        source_text: source.to_string(),
    })
}

fn non_empty<'a>(name: &'a str, whole: &str) -> Result<&'a str, String> {
    if name.is_empty() {
        Err(format!("`{whole}` names no parameter"))
    } else {
        Ok(name)
    }
}

/// A source's constructor from its name.
type MakeSource = fn(String) -> Source;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Request,
    Response,
    Gateway,
}

/// The sources AWS documents for each side (aws-semantics.md §5).
fn parse_source(source: &str, side: Side) -> Result<Source, String> {
    if source.len() >= 2
        && let Some(literal) = source.strip_prefix('\'').and_then(|s| s.strip_suffix('\''))
    {
        return Ok(Source::Literal(literal.to_string()));
    }
    let named = |prefix: &str, make: MakeSource| -> Option<Result<Source, String>> {
        source
            .strip_prefix(prefix)
            .map(|name| non_empty(name, source).map(|n| make(n.to_string())))
    };
    let mut candidates: Vec<(&str, MakeSource)> = vec![
        ("stageVariables.", Source::StageVariable),
        ("context.", Source::Context),
    ];
    let body = match side {
        Side::Request => {
            candidates.extend([
                ("method.request.path.", Source::Path as MakeSource),
                ("method.request.querystring.", Source::Query),
                ("method.request.multivaluequerystring.", Source::MultiQuery),
                ("method.request.header.", Source::Header),
                ("method.request.multivalueheader.", Source::MultiHeader),
            ]);
            Some("method.request.body")
        }
        Side::Gateway => {
            candidates.extend([
                ("method.request.path.", Source::Path as MakeSource),
                ("method.request.querystring.", Source::Query),
                ("method.request.header.", Source::Header),
            ]);
            // Gateway responses have no body to map from.
            None
        }
        Side::Response => {
            candidates.extend([
                (
                    "integration.response.header.",
                    Source::ResponseHeader as MakeSource,
                ),
                (
                    "integration.response.multivalueheader.",
                    Source::ResponseMultiHeader,
                ),
            ]);
            Some("integration.response.body")
        }
    };
    for (prefix, make) in candidates {
        if let Some(found) = named(prefix, make) {
            return found;
        }
    }
    if body == Some(source) {
        return Ok(Source::Body);
    }
    if let Some(path) = body
        .and_then(|body| source.strip_prefix(body))
        .and_then(|p| p.strip_prefix('.'))
    {
        let compiled = JsonPath::compile(&format!("$.{path}"))
            .map_err(|error| format!("`{source}`: the JSONPath does not compile: {error}"))?;
        return Ok(Source::BodyPath(Box::new(compiled)));
    }
    let expected = match side {
        Side::Request => {
            "'literal', method.request.{path|querystring|multivaluequerystring|header|multivalueheader}.NAME, method.request.body[.JSONPATH], stageVariables.NAME or context.NAME"
        }
        Side::Response => {
            "'literal', integration.response.{header|multivalueheader}.NAME, integration.response.body[.JSONPATH], stageVariables.NAME or context.NAME"
        }
        Side::Gateway => {
            "'literal', method.request.{header|querystring|path}.NAME, stageVariables.NAME or context.NAME"
        }
    };
    Err(format!(
        "`{source}` is not a mapping source: expected {expected}"
    ))
}

/// `…body.<JSONPath>`: the value at `path` as a header's text: a string as it is, an object or
/// array as compact JSON, a number as Java prints it; `None` when missing.
pub(crate) fn body_path_text(document: &Value, path: &JsonPath) -> Option<String> {
    let value = path.read(document).ok()??;
    Some(match value {
        Value::String(s) => s.to_string(),
        Value::Map(_) | Value::List(_) => {
            let mut out = String::new();
            write_input_json(&value, &mut out);
            out
        }
        other => other.to_java_string(),
    })
}

/// `context.<name>` (dotted for nested ones) over the request's `$context`.
pub(crate) fn context_text(name: &str, request: &HttpRequest) -> Option<String> {
    let context = merged_context(&request.context);
    let mut current = &context;
    for part in name.split('.') {
        current = current.get(part)?;
    }
    if current.is_null() {
        return None;
    }
    Some(
        current
            .as_str()
            .map_or_else(|| current.to_string(), str::to_string),
    )
}

/// The last value of `name` in `list`, or every value joined with `,` (multi-valued sources).
pub(crate) fn lookup(
    list: &[(String, String)],
    name: &str,
    ignore_case: bool,
    joined: bool,
) -> Option<String> {
    let matches = |n: &String| {
        if ignore_case {
            n.eq_ignore_ascii_case(name)
        } else {
            n == name
        }
    };
    if joined {
        let values: Vec<&str> = list
            .iter()
            .filter(|(n, _)| matches(n))
            .map(|(_, v)| v.as_str())
            .collect();
        (!values.is_empty()).then(|| values.join(","))
    } else {
        list.iter()
            .rev()
            .find(|(n, _)| matches(n))
            .map(|(_, v)| v.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_read_once_and_malformed_ones_refused() {
        let mapping = request_mapping("integration.request.header.X", "method.request.body.a.b")
            .expect("reads");
        assert!(matches!(mapping.source, Source::BodyPath(_)));
        assert_eq!(mapping.target, RequestTarget::Header);
        let literal = response_mapping("method.response.header.X", "'*'").expect("reads");
        assert!(matches!(literal.source, Source::Literal(ref s) if s == "*"));
        for (target, source) in [
            ("integration.request.body.X", "'a'"),
            ("integration.request.header.", "'a'"),
            ("integration.request.header.X", "method.request.cookie.a"),
            ("integration.request.header.X", "integration.response.body"),
            ("integration.request.header.X", "'"),
            ("integration.request.header.X", "method.request.body.a[?("),
        ] {
            assert!(
                request_mapping(target, source).is_err(),
                "{target} <- {source}"
            );
        }
        for (target, source) in [
            ("method.response.body", "'a'"),
            ("method.response.header.X", "method.request.header.Y"),
        ] {
            assert!(
                response_mapping(target, source).is_err(),
                "{target} <- {source}"
            );
        }
        assert!(gateway_mapping("gatewayresponse.header.X", "method.request.header.Y").is_ok());
        for (target, source) in [
            ("gatewayresponse.body", "'a'"),
            ("gatewayresponse.header.X", "method.request.body"),
            ("gatewayresponse.header.X", "integration.response.header.Y"),
        ] {
            assert!(
                gateway_mapping(target, source).is_err(),
                "{target} <- {source}"
            );
        }
    }
}

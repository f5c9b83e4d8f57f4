//! The HTTP side of a method, shared by every part of the gateway: the request a client sends
//! ([`HttpRequest`]), the response it receives ([`Response`]), a payload ([`Body`]) and MIME types.
//! A leaf: it knows nothing of templates, integrations or gateway responses, so `request`,
//! `response`, `answers`, `validation` and `encoding` all build on it without depending on each
//! other.

use std::borrow::Cow;

use super::explain::Explain;
use crate::apigw::Params;

/// Client headers no template or mapping ever sees (recorded on AWS, aws-semantics.md §5).
const HIDDEN_HEADERS: [&str; 12] = [
    "Connection",
    "Content-Length",
    "Content-MD5",
    "Expect",
    "Max-Forwards",
    "Proxy-Authenticate",
    "Server",
    "TE",
    "Transfer-Encoding",
    "Trailer",
    "Upgrade",
    "WWW-Authenticate",
];

/// A request as the client sends it, plus what API Gateway adds before the integration sees it
/// (path parameters from routing, the request's `$context` values, the stage's variables).
///
/// Build it from what you have: the method, the path with its query string, headers and a body.
/// The query string is decoded here, once, as a form (`%20` and `+` are spaces; a repeated key
/// keeps every value, in order; single-valued readers take the last, as AWS does).
///
/// # Examples
/// ```
/// use apigw_vtl::gateway::HttpRequest;
/// let request = HttpRequest::new("post", "/guid?GUID=Exception&tag=a+b")
///     .header("Content-Type", "application/json")
///     .body(r#"{"n": 1}"#);
/// assert_eq!(request.method(), "POST");
/// assert_eq!(request.path(), "/guid");
/// assert_eq!(request.query_value("tag"), Some("a b"));
/// assert_eq!(request.header_value("content-type"), Some("application/json"));
/// assert_eq!(request.body_bytes(), br#"{"n": 1}"#);
/// ```
#[derive(Clone, Debug)]
pub struct HttpRequest {
    pub(crate) http_method: String,
    pub(crate) path: String,
    pub(crate) querystring: Vec<(String, String)>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
    pub(crate) path_parameters: Vec<(String, String)>,
    pub(crate) context: serde_json::Map<String, serde_json::Value>,
    pub(crate) stage_variables: Vec<(String, String)>,
}

impl Default for HttpRequest {
    /// `GET /`, no headers, no body.
    fn default() -> Self {
        HttpRequest::new("GET", "/")
    }
}

impl HttpRequest {
    /// A request for `method` (any case; kept in upper case) on `path_and_query` (`/pets/42`,
    /// `/guid?GUID=Error`): the path as the client sent it, the query string decoded.
    pub fn new(method: &str, path_and_query: &str) -> Self {
        let (path, query) = path_and_query
            .split_once('?')
            .unwrap_or((path_and_query, ""));
        HttpRequest {
            http_method: method.to_ascii_uppercase(),
            path: path.to_string(),
            // Form decoding (`%20` and `+` are spaces): inferred from AWS's peers, the one place
            // a query string is decoded.
            querystring: form_urlencoded::parse(query.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
            headers: Vec::new(),
            body: Vec::new(),
            path_parameters: Vec::new(),
            context: serde_json::Map::new(),
            stage_variables: Vec::new(),
        }
    }

    /// Adds a header (a repeated name keeps every value).
    #[must_use]
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Adds headers.
    #[must_use]
    pub fn headers<N: Into<String>, V: Into<String>>(
        mut self,
        headers: impl IntoIterator<Item = (N, V)>,
    ) -> Self {
        self.headers
            .extend(headers.into_iter().map(|(n, v)| (n.into(), v.into())));
        self
    }

    /// The body, as bytes (text is its UTF-8).
    #[must_use]
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// A path parameter, as routing would capture it. Only for driving a [`super::Method`]
    /// directly: `Api::invoke` routes and sets them itself.
    #[must_use]
    pub fn path_parameter(mut self, name: &str, value: &str) -> Self {
        self.path_parameters
            .push((name.to_string(), value.to_string()));
        self
    }

    /// A value of this request's `$context`, merged over the defaults (an object merges into the
    /// default object of the same name). For driving a [`super::Method`] directly; `Api::invoke`
    /// takes them as settings.
    #[must_use]
    pub fn context_value(mut self, name: &str, value: impl Into<serde_json::Value>) -> Self {
        self.context.insert(name.to_string(), value.into());
        self
    }

    /// A stage variable (`$stageVariables`). For driving a [`super::Method`] directly;
    /// `Api::invoke` takes them as settings.
    #[must_use]
    pub fn stage_variable(mut self, name: &str, value: &str) -> Self {
        set_exact(&mut self.stage_variables, name, value);
        self
    }

    /// The method, in upper case.
    pub fn method(&self) -> &str {
        &self.http_method
    }

    /// The path, without the query string, as the client sent it.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The decoded query string parameters, in order.
    pub fn query(&self) -> &[(String, String)] {
        &self.querystring
    }

    /// A query string parameter's last value.
    pub fn query_value(&self, name: &str) -> Option<&str> {
        last(&self.querystring, name)
    }

    /// The headers, in order.
    pub fn headers_list(&self) -> &[(String, String)] {
        &self.headers
    }

    /// A header's last value, its name compared without case.
    pub fn header_value(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .rev()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body's bytes.
    pub fn body_bytes(&self) -> &[u8] {
        &self.body
    }

    /// The path parameters routing captured (or [`Self::path_parameter`] set).
    pub fn path_parameters(&self) -> &[(String, String)] {
        &self.path_parameters
    }

    /// The body as text. Bytes that are not UTF-8 are replaced (U+FFFD): a text payload on API
    /// Gateway is UTF-8 (inferred; binary payloads go through `binaryMediaTypes` instead).
    pub(crate) fn body_text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }

    /// The MIME type of the request's Content-Type; none means `application/json` (AWS).
    pub(crate) fn content_type(&self) -> String {
        self.header_value("Content-Type")
            .map_or_else(|| "application/json".to_string(), mime_type)
    }

    /// The MIME type of the first `Accept` entry: AWS honours only the first (D-ENC, documented;
    /// assumed for template choice too, aws-semantics.md §3).
    pub(crate) fn accept(&self) -> Option<String> {
        self.header_value("Accept")
            .map(|accept| mime_type(accept.split(',').next().unwrap_or("")))
    }

    /// `$input.params()` as templates see it: hidden headers left out.
    pub(crate) fn params(&self) -> Params {
        Params {
            path: self.path_parameters.clone(),
            querystring: self.querystring.clone(),
            header: self
                .headers
                .iter()
                .filter(|(n, _)| !is_hidden_header(n))
                .cloned()
                .collect(),
        }
    }
}

/// What the client receives, and why.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Response {
    /// The status.
    pub status: u16,
    /// The headers, in order.
    pub headers: Vec<(String, String)>,
    /// The body (binary after a conversion to binary).
    pub body: Body,
    /// Every decision made on the way (empty unless a trace was asked for).
    pub explain: Explain,
}

impl Response {
    pub(crate) fn new(
        status: u16,
        headers: Vec<(String, String)>,
        body: Body,
        explain: Explain,
    ) -> Self {
        Response {
            status,
            headers,
            body,
            explain,
        }
    }

    /// A header's value, its name compared without case.
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::gateway::{HttpRequest, Integration, IntegrationResponse, Method, Outcome};
    /// let method = Method::new(Integration::lambda().response(IntegrationResponse::new(200)))
    ///     .method_responses([200]);
    /// let response = method.respond(&Outcome::lambda_result("{}"), &HttpRequest::default());
    /// assert_eq!(response.header("content-type"), Some("application/json"));
    /// ```
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .rev()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A payload: text, or bytes after a conversion to binary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    /// Text (UTF-8).
    Text(String),
    /// Bytes.
    Binary(Vec<u8>),
}

impl Default for Body {
    fn default() -> Self {
        Body::Text(String::new())
    }
}

impl Body {
    /// Bytes as a body: text when they are UTF-8, else binary (nothing converted).
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::gateway::Body;
    /// assert_eq!(Body::from_bytes(b"ok".to_vec()), Body::Text("ok".into()));
    /// assert_eq!(Body::from_bytes(vec![0xff]), Body::Binary(vec![0xff]));
    /// ```
    pub fn from_bytes(bytes: Vec<u8>) -> Body {
        match String::from_utf8(bytes) {
            Ok(text) => Body::Text(text),
            Err(error) => Body::Binary(error.into_bytes()),
        }
    }

    /// The text, unless the body is binary.
    pub fn text(&self) -> Option<&str> {
        match self {
            Body::Text(text) => Some(text),
            Body::Binary(_) => None,
        }
    }

    /// The bytes on the wire.
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Body::Text(text) => text.as_bytes(),
            Body::Binary(bytes) => bytes,
        }
    }

    /// Its length in bytes (what `Content-Length` would say).
    pub fn len(&self) -> usize {
        self.as_bytes().len()
    }

    /// Whether it has no bytes.
    pub fn is_empty(&self) -> bool {
        self.as_bytes().is_empty()
    }
}

impl PartialEq<&str> for Body {
    fn eq(&self, other: &&str) -> bool {
        self.text() == Some(*other)
    }
}

impl PartialEq<String> for Body {
    fn eq(&self, other: &String) -> bool {
        self.text() == Some(other.as_str())
    }
}

impl PartialEq<str> for Body {
    fn eq(&self, other: &str) -> bool {
        self.text() == Some(other)
    }
}

/// The MIME type of a header value: parameters and case dropped.
pub(crate) fn mime_type(value: &str) -> String {
    value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// The last value of `name` (compared exactly) in a list of pairs.
pub(crate) fn last<'r>(list: &'r [(String, String)], name: &str) -> Option<&'r str> {
    list.iter()
        .rev()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// Sets `name` (compared without case) to `value`, in place or at the end.
pub(crate) fn set(list: &mut Vec<(String, String)>, name: &str, value: String) {
    match list.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
        Some(slot) => slot.1 = value,
        None => list.push((name.to_string(), value)),
    }
}

/// Sets `name` (compared exactly: stage variable names are case-sensitive, unlike headers) to
/// `value`, in place or at the end.
pub(crate) fn set_exact(list: &mut Vec<(String, String)>, name: &str, value: &str) {
    match list.iter_mut().find(|(n, _)| n == name) {
        Some(slot) => slot.1 = value.to_string(),
        None => list.push((name.to_string(), value.to_string())),
    }
}

/// Whether templates and mappings never see this client header (recorded on AWS, §5).
pub(crate) fn is_hidden_header(name: &str) -> bool {
    HIDDEN_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name))
}

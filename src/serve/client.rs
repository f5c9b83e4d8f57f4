//! One HTTP/1.1 call to a backend on a plain `http://` URL (a local Lambda endpoint, an HTTP
//! integration's host after `--http-base`, a local AWS service), bounded by a deadline. No TLS:
//! every backend of a local server is local, and a deployed `https://` host is redirected with
//! `--http-base` rather than called.

use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

/// A request to send.
#[derive(Clone, Debug)]
pub(crate) struct Call {
    pub(crate) method: String,
    /// `http://host[:port]/path[?query]`.
    pub(crate) url: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

/// What the backend answered.
#[derive(Clone, Debug)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Answer {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Why a call gave no answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum CallError {
    /// No answer within the deadline.
    Timeout,
    /// The connection could not be made, or broke before a whole answer came.
    Unreachable(String),
    /// The URL is not one this client calls (not `http://`, malformed).
    BadUrl(String),
}

/// Sends `call` and reads the whole answer, all within `deadline`.
pub(crate) async fn send(call: &Call, deadline: Duration) -> Result<Answer, CallError> {
    match tokio::time::timeout(deadline, exchange(call)).await {
        Ok(result) => result,
        Err(_) => Err(CallError::Timeout),
    }
}

async fn exchange(call: &Call) -> Result<Answer, CallError> {
    let uri: hyper::Uri = call
        .url
        .parse()
        .map_err(|e| CallError::BadUrl(format!("{}: {e}", call.url)))?;
    if uri.scheme_str() != Some("http") {
        return Err(CallError::BadUrl(format!(
            "{}: only http:// URLs are called (no TLS); point the integration at a local server (--http-base, --service-endpoint, --lambda-endpoint)",
            call.url
        )));
    }
    let host = uri
        .host()
        .ok_or_else(|| CallError::BadUrl(format!("{}: no host", call.url)))?
        .to_string();
    let port = uri.port_u16().unwrap_or(80);
    let authority = uri
        .authority()
        .map_or_else(|| host.clone(), ToString::to_string);
    let stream = TcpStream::connect((host.trim_matches(['[', ']']), port))
        .await
        .map_err(|e| CallError::Unreachable(format!("connecting to {authority}: {e}")))?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| CallError::Unreachable(format!("{authority}: {e}")))?;
    // The connection drives itself until the answer is read; its error shows in the answer's.
    tokio::spawn(connection);
    let path = uri.path_and_query().map_or("/", |p| p.as_str()).to_string();
    let mut request = Request::builder().method(call.method.as_str()).uri(path);
    for (name, value) in &call.headers {
        if name.eq_ignore_ascii_case("Host") {
            // The backend's own host, not the deployed one the integration names.
            continue;
        }
        if name.eq_ignore_ascii_case("Content-Length") {
            continue;
        }
        request = request.header(name.as_str(), value.as_str());
    }
    request = request.header("Host", authority.as_str());
    let request = request
        .body(Full::new(Bytes::from(call.body.clone())))
        .map_err(|e| CallError::BadUrl(format!("{}: {e}", call.url)))?;
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| CallError::Unreachable(format!("{authority}: {e}")))?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(|e| CallError::Unreachable(format!("{authority}: reading the answer: {e}")))?
        .to_bytes()
        .to_vec();
    Ok(Answer {
        status,
        headers,
        body,
    })
}

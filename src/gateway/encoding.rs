//! Payload encodings: when API Gateway base64-encodes or decodes a payload on its way through
//! (`contentHandling`, `binaryMediaTypes`, the first Accept / the Content-Type), after the AWS
//! guide's two conversion tables (aws-semantics.md §3 "Binary", source D-ENC, documented).
//!
//! Bodies here are text unless a conversion made them binary; templates only ever see text (a
//! binary payload reaches a template as base64 text, D-ENC).

use std::borrow::Cow;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::http::{Body, mime_type};

/// `contentHandling` of an integration (request side) or an integration response (response side).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ContentHandling {
    /// A binary payload becomes its base64 text; a text payload stays as it is.
    ConvertToText,
    /// A text payload is read as base64 and becomes the decoded bytes (failure: AWS's 500); a
    /// binary payload stays as it is.
    ConvertToBinary,
}

/// The payload as it arrived, borrowed where it can be: whether it is binary decides what a
/// template sees and how it converts, and it is copied only when it becomes the body.
#[derive(Clone, Debug)]
pub(crate) enum Payload<'a> {
    /// Text (bytes that are not UTF-8 already replaced, see [`text_of`]).
    Text(Cow<'a, str>),
    /// Bytes (a binary media type).
    Binary(&'a [u8]),
}

impl<'a> Payload<'a> {
    /// The text a template sees: binary as base64 (D-ENC).
    pub(crate) fn template_text(&self) -> Cow<'_, str> {
        match self {
            Payload::Text(text) => Cow::Borrowed(text),
            Payload::Binary(bytes) => STANDARD.encode(bytes).into(),
        }
    }

    /// An owned body of the same kind.
    pub(crate) fn to_body(&self) -> Body {
        match self {
            Payload::Text(text) => Body::Text(text.to_string()),
            Payload::Binary(bytes) => Body::Binary(bytes.to_vec()),
        }
    }
}

/// Bytes read as text where API Gateway converts a payload to text: UTF-8, each invalid sequence
/// replaced by U+FFFD (recorded on AWS, issue 14); valid UTF-8 is borrowed as it is.
pub(crate) fn text_of(bytes: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(bytes)
}

/// Whether a media type is one of the API's `binaryMediaTypes` (`type/*` and `*/*` are wildcards).
pub(crate) fn is_binary_media_type(binary_media_types: &[String], media_type: &str) -> bool {
    if binary_media_types.is_empty() {
        return false;
    }
    let wanted = mime_type(media_type);
    let (kind, _) = wanted.split_once('/').unwrap_or((&wanted, ""));
    binary_media_types.iter().any(|pattern| {
        let pattern = pattern.trim();
        pattern.eq_ignore_ascii_case(&wanted)
            || pattern == "*/*"
            || pattern
                .strip_suffix("/*")
                .is_some_and(|prefix| prefix.eq_ignore_ascii_case(kind))
    })
}

/// What a payload becomes (the two tables of D-ENC in one function).
///
/// `binary_wanted`: `None` on the request side, where an undefined `contentHandling` passes the
/// payload through as it is; on the response side, whether the client's first Accept type is one of
/// the binary media types (an undefined `contentHandling` then converts toward it).
///
/// # Errors
/// Text that is not base64 where bytes are wanted: AWS answers its 500 (D-ENC, documented).
pub(crate) fn convert(
    payload: Body,
    handling: Option<ContentHandling>,
    binary_wanted: Option<bool>,
) -> Result<Body, String> {
    let to_binary = match (handling, &payload) {
        (Some(ContentHandling::ConvertToBinary), _) => true,
        (Some(ContentHandling::ConvertToText), _) => false,
        (None, Body::Text(_)) => binary_wanted == Some(true),
        (None, Body::Binary(_)) => binary_wanted != Some(false),
    };
    Ok(match (payload, to_binary) {
        (Body::Text(text), true) => {
            Body::Binary(STANDARD.decode(text.trim_end()).map_err(|error| {
                format!("the payload is not base64 ({error}) and contentHandling asks for binary")
            })?)
        }
        (Body::Binary(bytes), false) => Body::Text(STANDARD.encode(bytes)),
        (payload, _) => payload,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Body {
        Body::Text(s.to_string())
    }

    #[test]
    fn request_table() {
        // D-ENC request table: text passes unless CONVERT_TO_BINARY decodes it.
        assert_eq!(convert(text("aGk="), None, None), Ok(text("aGk=")));
        assert_eq!(
            convert(text("aGk="), Some(ContentHandling::ConvertToText), None),
            Ok(text("aGk="))
        );
        assert_eq!(
            convert(text("aGk="), Some(ContentHandling::ConvertToBinary), None),
            Ok(Body::Binary(b"hi".to_vec()))
        );
        // Binary passes unless CONVERT_TO_TEXT encodes it.
        let bytes = Body::Binary(vec![0xff, 0]);
        assert_eq!(convert(bytes.clone(), None, None), Ok(bytes.clone()));
        assert_eq!(
            convert(bytes.clone(), Some(ContentHandling::ConvertToText), None),
            Ok(text("/wA="))
        );
    }

    #[test]
    fn response_table() {
        // D-ENC response table: undefined contentHandling converts toward the Accept type.
        assert_eq!(
            convert(text("aGk="), None, Some(true)),
            Ok(Body::Binary(b"hi".to_vec()))
        );
        assert_eq!(convert(text("aGk="), None, Some(false)), Ok(text("aGk=")));
        let bytes = Body::Binary(vec![1, 2]);
        assert_eq!(convert(bytes.clone(), None, Some(false)), Ok(text("AQI=")));
        assert_eq!(convert(bytes.clone(), None, Some(true)), Ok(bytes.clone()));
        assert_eq!(
            convert(
                text("not base64!"),
                Some(ContentHandling::ConvertToBinary),
                Some(false)
            )
            .map_err(|e| e.contains("not base64")),
            Err(true)
        );
    }

    #[test]
    fn binary_media_types_match_wildcards() {
        let types = vec![
            "image/*".to_string(),
            "application/octet-stream".to_string(),
        ];
        assert!(is_binary_media_type(&types, "image/png"));
        assert!(is_binary_media_type(
            &types,
            "Application/Octet-Stream; x=1"
        ));
        assert!(!is_binary_media_type(&types, "application/json"));
        assert!(is_binary_media_type(&["*/*".to_string()], "text/plain"));
        assert!(!is_binary_media_type(&[], "image/png"));
    }
}

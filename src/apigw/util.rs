//! Placeholder until the Java-exact functions land.

/// escapeJavaScript.
pub fn escape_javascript(text: &str) -> String {
    text.to_string()
}
/// urlEncode.
pub fn url_encode(text: &str) -> String {
    text.to_string()
}
/// urlDecode.
///
/// # Errors
/// Never here.
pub fn url_decode(text: &str) -> Result<String, String> {
    Ok(text.to_string())
}
/// base64Encode.
pub fn base64_encode(text: &str) -> String {
    text.to_string()
}
/// base64Decode.
///
/// # Errors
/// Never here.
pub fn base64_decode(text: &str) -> Result<String, String> {
    Ok(text.to_string())
}

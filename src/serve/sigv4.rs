//! Signature Version 4 for calls to a local AWS service (`--service-endpoint`): DynamoDB Local and
//! LocalStack check that a request is signed (not by whom), as AWS does. The signing is AWS's own
//! signer (`aws-sigv4`); the credentials are fixed test ones unless given.

use std::time::SystemTime;

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;

use super::client::Call;

/// The access key id used when none is given: LocalStack's documented test key.
pub const TEST_ACCESS_KEY: &str = "test";
/// The secret key used when none is given.
pub const TEST_SECRET_KEY: &str = "test";

/// Adds `Authorization` and `X-Amz-Date` to `call`, signed for `service` in `region` at `time`,
/// over the call as it will be sent: its method, URL, headers (the `Host` it will carry) and body.
pub(crate) fn sign_call(
    call: &mut Call,
    credentials: (&str, &str),
    region: &str,
    service: &str,
    time: SystemTime,
) -> Result<(), String> {
    let authority = call
        .url
        .split_once("://")
        .map_or("", |(_, rest)| rest.split(['/', '?']).next().unwrap_or(""))
        .to_string();
    call.headers.retain(|(name, _)| {
        !name.eq_ignore_ascii_case("Host")
            && !name.eq_ignore_ascii_case("Authorization")
            && !name.eq_ignore_ascii_case("X-Amz-Date")
    });
    let identity: Identity =
        Credentials::new(credentials.0, credentials.1, None, None, "apigw-vtl serve").into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(service)
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| e.to_string())?
        .into();
    let headers = call
        .headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .chain(std::iter::once(("host", authority.as_str())));
    let request = SignableRequest::new(
        &call.method,
        &call.url,
        headers,
        SignableBody::Bytes(&call.body),
    )
    .map_err(|e| e.to_string())?;
    let (instructions, _signature) = sign(request, &params)
        .map_err(|e| e.to_string())?
        .into_parts();
    for (name, value) in instructions.headers() {
        call.headers.push((name.to_string(), value.to_string()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;

    /// AWS's published Signature Version 4 test suite, case `get-vanilla`: GET / on
    /// example.amazonaws.com at 20150830T123600Z, key AKIDEXAMPLE, us-east-1, service `service`.
    #[test]
    fn the_get_vanilla_case_of_aws_test_suite() {
        let mut call = Call {
            method: "GET".into(),
            url: "https://example.amazonaws.com/".into(),
            headers: vec![],
            body: vec![],
        };
        let time = UNIX_EPOCH + Duration::from_secs(1_440_938_160);
        sign_call(
            &mut call,
            ("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            "us-east-1",
            "service",
            time,
        )
        .unwrap();
        let header = |name: &str| {
            call.headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(header("x-amz-date"), Some("20150830T123600Z"));
        assert_eq!(
            header("authorization"),
            Some(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
            )
        );
    }
}

//! `$context`: fixed, documented defaults (so snapshots are reproducible), merged with the user's
//! values, and the overrides read back after a render.

use std::cell::RefCell;
use std::rc::Rc;

use super::{CarriedValue, Overrides, StatusOverride};
use crate::value::{JavaMap, MapRef, Number, Value};

/// The `$context` every render starts from, in the key order AWS printed `$context.keySet()`
/// (aws-semantics.md §8.1, recorded 2025-05-20), with `identity` likewise. Values are fixed
/// stand-ins (an account, an API id, a time) so that output is reproducible.
///
/// # Examples
/// ```
/// let defaults = apigw_vtl::apigw::default_context();
/// assert_eq!(defaults["stage"], "prod");
/// ```
pub fn default_context() -> serde_json::Value {
    DEFAULT_CONTEXT.clone()
}

/// Built once: every render starts from it.
static DEFAULT_CONTEXT: std::sync::LazyLock<serde_json::Value> = std::sync::LazyLock::new(|| {
    serde_json::json!({
        "resourceId": "abc123",
        "resourcePath": "/guid",
        "httpMethod": "POST",
        "extendedRequestId": "Ab1CdEFGhIJKLmN=",
        "requestTime": "25/Nov/2026:09:49:57 +0000",
        "path": "/prod/guid",
        "accountId": "123456789012",
        "protocol": "HTTP/1.1",
        // AWS: requestOverride starts with path, header, querystring; responseOverride with header
        // only, no status until one is set (aws-semantics.md §4).
        "requestOverride": {"path": {}, "header": {}, "querystring": {}},
        "stage": "prod",
        "domainPrefix": "a1b2c3d4e5",
        "requestTimeEpoch": 1_795_600_197_000_i64,
        "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
        "identity": {
            "cognitoIdentityPoolId": null,
            "accountId": null,
            "cognitoIdentityId": null,
            "caller": null,
            "sourceIp": "203.0.113.10",
            "principalOrgId": null,
            "accessKey": null,
            "cognitoAuthenticationType": null,
            "cognitoAuthenticationProvider": null,
            "userArn": null,
            "userAgent": "curl/8.4.0",
            "user": null
        },
        "domainName": "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com",
        "deploymentId": "dep123",
        "responseOverride": {"header": {}},
        "apiId": "a1b2c3d4e5"
    })
});

/// An object of `overrides` merges into the default object of the same key; any other value
/// replaces it; new keys go last.
fn merge(base: &mut serde_json::Value, overrides: &serde_json::Map<String, serde_json::Value>) {
    let Some(base) = base.as_object_mut() else {
        return;
    };
    for (key, value) in overrides {
        match (base.get_mut(key), value) {
            (Some(existing @ serde_json::Value::Object(_)), serde_json::Value::Object(inner)) => {
                merge(existing, inner);
            }
            _ => {
                base.insert(key.clone(), value.clone());
            }
        }
    }
}

/// The default `$context` with `overrides` merged in, as JSON.
pub fn merged_context(overrides: &serde_json::Map<String, serde_json::Value>) -> serde_json::Value {
    let mut json = default_context();
    merge(&mut json, overrides);
    json
}

/// Builds `$context`: every object in it is a map that prints as nothing (recorded on AWS).
pub(super) fn build(overrides: &serde_json::Map<String, serde_json::Value>) -> MapRef {
    let context = match DEFAULT_VALUE.with(copy_maps) {
        Value::Map(map) => map,
        _ => Rc::new(RefCell::new(JavaMap::printing_empty())),
    };
    merge_into(&context, overrides);
    track_override_writes(&context);
    context
}

thread_local! {
    /// The default `$context` as values, built once per thread (values are `Rc`, not `Sync`): a
    /// render copies its maps and shares its strings, rather than rebuilding every key.
    static DEFAULT_VALUE: Value = to_value(&DEFAULT_CONTEXT);
}

/// A copy whose maps are new (templates may write to them) and whose strings are shared. The map
/// is cloned whole (its hash table copied, not rebuilt key by key: a third of a small render's
/// time went to re-inserting the defaults), then its nested maps are copied in turn.
fn copy_maps(value: &Value) -> Value {
    match value {
        Value::Map(map) => {
            let mut copy = map.borrow().clone();
            for value in copy.values_mut() {
                if matches!(value, Value::Map(_)) {
                    *value = copy_maps(value);
                }
            }
            Value::map(copy)
        }
        other => other.clone(),
    }
}

/// Merges `overrides` into `map` by [`merge`]'s rules (objects merge, anything else replaces, new
/// keys go last).
fn merge_into(map: &MapRef, overrides: &serde_json::Map<String, serde_json::Value>) {
    for (key, value) in overrides {
        let existing = map.borrow().get_str(key).cloned();
        match (existing, value) {
            (Some(Value::Map(inner)), serde_json::Value::Object(entries)) => {
                merge_into(&inner, entries);
            }
            _ => {
                map.borrow_mut().insert(Value::string(key), to_value(value));
            }
        }
    }
}

fn to_value(json: &serde_json::Value) -> Value {
    match json {
        serde_json::Value::Object(entries) => {
            let mut map = JavaMap::printing_empty();
            for (key, value) in entries {
                map.insert(Value::string(key), to_value(value));
            }
            Value::map(map)
        }
        serde_json::Value::Array(items) => Value::list(items.iter().map(to_value).collect()),
        serde_json::Value::Number(n) => Value::Number(Number::from_json(n)),
        other => Value::from_json(other),
    }
}

fn entries_of(map: Option<Value>) -> Vec<(String, String)> {
    match map {
        Some(Value::Map(map)) => map
            .borrow()
            .iter()
            .map(|(k, v)| (k.to_java_string(), v.to_java_string()))
            .collect(),
        _ => Vec::new(),
    }
}

fn child(map: &MapRef, key: &str) -> Option<Value> {
    map.borrow().get_str(key).cloned()
}

fn grandchild(map: &MapRef, key: &str, inner: &str) -> Option<Value> {
    match child(map, key) {
        Some(Value::Map(m)) => child(&m, inner),
        _ => None,
    }
}

/// Reads the overrides back from `$context` after a render.
pub(super) fn overrides(context: &MapRef) -> Overrides {
    Overrides {
        status: grandchild(context, "responseOverride", "status")
            .filter(|v| !v.is_null())
            .map(|v| StatusOverride::from_value(&v)),
        headers: entries_of(grandchild(context, "responseOverride", "header")),
        response_values: match child(context, "responseOverride") {
            Some(Value::Map(map)) => map
                .borrow()
                .iter()
                .filter(|(key, value)| {
                    !value.is_null() && !matches!(key.as_str(), Some("status" | "header"))
                })
                .map(|(key, value)| (key.to_java_string(), CarriedValue::from_value(value)))
                .collect(),
            _ => Vec::new(),
        },
        request_headers: entries_of(grandchild(context, "requestOverride", "header")),
        request_querystring: entries_of(grandchild(context, "requestOverride", "querystring")),
        request_path: entries_of(grandchild(context, "requestOverride", "path")),
    }
}

fn child_map(map: &MapRef, key: &str) -> Option<MapRef> {
    match child(map, key) {
        Some(Value::Map(m)) => Some(m),
        _ => None,
    }
}

/// Writes an earlier template's overrides into this `$context`'s fresh override maps.
pub(super) fn carry(context: &MapRef, earlier: &Overrides) {
    let put_all = |map: Option<MapRef>, entries: &[(String, String)]| {
        if let Some(map) = map {
            let mut map = map.borrow_mut();
            for (k, v) in entries {
                map.insert(Value::string(k), Value::string(v));
            }
        }
    };
    let response = child_map(context, "responseOverride");
    if let (Some(response), Some(status)) = (&response, &earlier.status) {
        response
            .borrow_mut()
            .insert(Value::string("status"), status.to_value());
    }
    if let Some(response) = &response {
        let mut response = response.borrow_mut();
        for (key, value) in &earlier.response_values {
            response.insert(Value::string(key), value.to_value());
        }
    }
    put_all(
        response.as_ref().and_then(|r| child_map(r, "header")),
        &earlier.headers,
    );
    let request = child_map(context, "requestOverride");
    put_all(
        request.as_ref().and_then(|r| child_map(r, "header")),
        &earlier.request_headers,
    );
    put_all(
        request.as_ref().and_then(|r| child_map(r, "querystring")),
        &earlier.request_querystring,
    );
    put_all(
        request.as_ref().and_then(|r| child_map(r, "path")),
        &earlier.request_path,
    );
    // What was carried in is not an assignment of this template's.
    track_override_writes(context);
}

/// The maps whose keys are overrides: `responseOverride` (its `status`) and the header, query
/// string and path maps.
fn override_maps(context: &MapRef) -> Vec<MapRef> {
    let mut maps = Vec::new();
    for (outer, inner) in [
        ("responseOverride", None),
        ("responseOverride", Some("header")),
        ("requestOverride", Some("header")),
        ("requestOverride", Some("querystring")),
        ("requestOverride", Some("path")),
    ] {
        let map = child_map(context, outer).and_then(|m| match inner {
            Some(inner) => child_map(&m, inner),
            None => Some(m),
        });
        maps.extend(map);
    }
    maps
}

/// From now on, count a key set twice in an override map.
pub(super) fn track_override_writes(context: &MapRef) {
    for map in override_maps(context) {
        map.borrow_mut().track_writes();
    }
}

/// Whether any override map saw a key set twice since tracking began.
pub(super) fn overwritten(context: &MapRef) -> bool {
    override_maps(context)
        .iter()
        .any(|m| m.borrow().overwrites() > 0)
}

/// The top-level `$context` keys a template may read on API Gateway: those of
/// [`default_context`] (recorded, §8.1) and the documented ones it leaves unset (`authorizer`,
/// `error`, ...; aws-semantics.md §8.1). For the linter's "did you mean"; a test in
/// `src/lint/names.rs` checks that every default key is listed.
#[cfg(feature = "lint")]
pub(crate) const CONTEXT_KEYS: [&str; 24] = [
    "accountId",
    "apiId",
    "authorizer",
    "awsEndpointRequestId",
    "deploymentId",
    "domainName",
    "domainPrefix",
    "error",
    "extendedRequestId",
    "httpMethod",
    "identity",
    "isCanaryRequest",
    "path",
    "protocol",
    "requestId",
    "requestOverride",
    "requestTime",
    "requestTimeEpoch",
    "resourceId",
    "resourcePath",
    "responseOverride",
    "stage",
    "wafResponseCode",
    "webaclArn",
];

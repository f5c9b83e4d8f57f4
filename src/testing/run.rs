//! Running one case: a request through [`crate::Api::prepare`] / [`crate::Api::finish`] (the
//! door every caller uses), or a template rendered with API Gateway's variables, into the
//! [`Snapshot`] that is compared with the stored one.

use std::sync::Arc;

use super::CaseError;
use super::case::{Case, What};
use super::snapshot::{Body, Snapshot, Value};
use crate::apigw::Environment;
use crate::definition::Api;
use crate::gateway::{HttpRequest, IntegrationType, Outcome, OutcomeKind, TemplateCoverage};
use crate::invocation::{Invocation, Prepared};
use crate::render::{Coverage, Variables};
use crate::syntax::Template;

/// What to record while running a case: nothing by default.
///
/// # Examples
/// ```
/// use apigw_vtl::testing::{RunOptions, Suite};
/// let suite = Suite::load(&["corpus/cases/danielhttp".into()])?;
/// let run = suite.run_with(&suite.cases()[0], &RunOptions::new().trace(true));
/// assert!(run.trace.iter().any(|line| line.starts_with("routing: POST /guid")));
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct RunOptions {
    pub(crate) trace: bool,
    pub(crate) coverage: bool,
}

impl RunOptions {
    /// No trace, no coverage.
    pub fn new() -> Self {
        RunOptions::default()
    }

    /// Whether to record the decision trace ([`CaseRun::trace`]).
    #[must_use]
    pub fn trace(mut self, on: bool) -> Self {
        self.trace = on;
        self
    }

    /// Whether to count template branches for [`super::CoverageReport`].
    #[must_use]
    pub fn coverage(mut self, on: bool) -> Self {
        self.coverage = on;
        self
    }
}

/// A case's run: the snapshot it produced (or why it could not run), its decision trace, and what
/// coverage needs.
#[derive(Debug)]
pub struct CaseRun {
    /// What the case produced.
    pub snapshot: Result<Snapshot, CaseError>,
    /// The decision trace (routing, templates, patterns tried, overrides; for a template case,
    /// the branches taken), when asked for.
    pub trace: Vec<String>,
    /// What the run reached, for coverage.
    pub observed: Observed,
}

/// What a run reached: the method and integration response, and the branches of each template.
#[derive(Debug, Default)]
pub enum Observed {
    /// Nothing (the case could not run).
    #[default]
    Nothing,
    /// A request through an API.
    Invocation {
        /// The API.
        api: Arc<Api>,
        /// The definition's path, as the case names it.
        path: String,
        /// The method's index in [`Api::methods`], when the request reached one.
        method: Option<usize>,
        /// The selected integration response's index in the method's integration responses.
        selected: Option<usize>,
        /// Branch counters per template (only when coverage was asked for).
        coverage: Option<TemplateCoverage>,
    },
    /// A template rendered alone.
    Template {
        /// The template.
        template: Arc<Template>,
        /// Its path (empty for an inline template).
        path: String,
        /// Its branch counters (only when coverage was asked for).
        coverage: Option<Coverage>,
    },
}

pub(crate) fn run(case: &Case, options: &RunOptions) -> CaseRun {
    match &case.what {
        Err(error) => CaseRun {
            snapshot: Err(error.clone()),
            trace: Vec::new(),
            observed: Observed::Nothing,
        },
        Ok(What::Template {
            path,
            template,
            input,
            variables,
        }) => {
            let environment = Environment::new(input);
            let mut vars = Variables::new();
            environment.install(&mut vars);
            for (name, value) in variables {
                vars.insert(name, crate::value::Value::from_json(value));
            }
            // The trace of a template case is the branches it took: counted when either is asked.
            let mut coverage = (options.coverage || options.trace).then(Coverage::new);
            let rendered = match coverage.as_mut() {
                Some(coverage) => {
                    crate::render::render_with_coverage(template, &mut vars, coverage)
                }
                None => crate::render::render(template, &mut vars),
            };
            let mut snapshot = Snapshot::new();
            snapshot.comment(format!(
                "apigw-vtl test snapshot of {}: review it, then commit it beside the case.",
                snapshot_title(case)
            ));
            let overrides = environment.overrides();
            match &rendered {
                Ok(_) => {
                    if let Some(status) = &overrides.status {
                        snapshot.push("status_override", Value::Str(status.to_java_string()));
                    }
                    push_pairs(&mut snapshot, "header_overrides", &overrides.headers);
                    let mut request = Vec::new();
                    for (key, pairs) in [
                        ("header", &overrides.request_headers),
                        ("querystring", &overrides.request_querystring),
                        ("path", &overrides.request_path),
                    ] {
                        if !pairs.is_empty() {
                            request.push((key.to_string(), pairs_value(pairs)));
                        }
                    }
                    if !request.is_empty() {
                        snapshot.push("request_overrides", Value::Map(request));
                    }
                }
                Err(error) => {
                    let (line, column) =
                        crate::syntax::position_of(template.source(), error.span().start as usize);
                    snapshot.push(
                        "error",
                        Value::Str(format!("render failed at {line}:{column}: {error}")),
                    );
                    snapshot.push("note", Value::Str("API Gateway answers 500".into()));
                }
            }
            if let Ok(output) = rendered {
                snapshot.push(
                    "output",
                    Value::Body(body_of(output.into_bytes(), case.pretty_json)),
                );
            }
            let trace = match (&coverage, options.trace) {
                (Some(coverage), true) => branch_trace(template, coverage),
                _ => Vec::new(),
            };
            CaseRun {
                snapshot: Ok(snapshot),
                trace,
                observed: Observed::Template {
                    template: Arc::clone(template),
                    path: path.clone(),
                    coverage: coverage.filter(|_| options.coverage),
                },
            }
        }
        Ok(What::Invoke {
            path,
            api,
            request,
            shown,
            outcome,
            options: invoke,
        }) => {
            let invoke = invoke
                .clone()
                .trace(options.trace)
                .coverage(options.coverage);
            let invocation = match api.prepare(HttpRequest::clone(request), &invoke) {
                Prepared::Answered(invocation) => invocation,
                Prepared::Call(pending) => match (pending.outcome_kind(), outcome) {
                    (OutcomeKind::Nothing, _)
                        if pending.integration_type() == IntegrationType::Mock =>
                    {
                        api.finish(pending, &Outcome::Mock)
                    }
                    // An asynchronous Lambda call: Lambda answers 202 without a payload, whatever
                    // the function does.
                    (OutcomeKind::Nothing, _) => api.finish(pending, &Outcome::lambda_result("")),
                    (wanted, Some(outcome)) if outcome.kind() == wanted => {
                        api.finish(pending, outcome)
                    }
                    (wanted, given) => {
                        let what = if given.is_some() {
                            "its `outcome` is of the wrong kind"
                        } else {
                            "it has no `outcome`"
                        };
                        return CaseRun {
                            snapshot: Err(CaseError::new(
                                &super::case::display(&case.file),
                                format!(
                                    "case `{}`: the request reaches {} ({} {}), and {what}: give {}",
                                    case.name,
                                    pending.backend().describe(),
                                    pending.route().1,
                                    pending.route().0,
                                    outcome_hint(wanted)
                                ),
                            )),
                            trace: Vec::new(),
                            observed: Observed::Nothing,
                        };
                    }
                },
            };
            let method = invocation.route.as_ref().and_then(|(resource, method)| {
                api.methods()
                    .iter()
                    .position(|m| m.resource_path() == resource && m.http_method() == method)
            });
            let snapshot = invocation_snapshot(case, api, method, shown, &invocation);
            CaseRun {
                snapshot: Ok(snapshot),
                trace: invocation.trace().lines().to_vec(),
                observed: Observed::Invocation {
                    api: Arc::clone(api),
                    path: path.clone(),
                    method,
                    selected: invocation.selected_response(),
                    coverage: invocation.coverage().cloned(),
                },
            }
        }
    }
}

/// The case as a snapshot names it: its file's name (not the path it was reached by, so a
/// snapshot reads the same whichever directory the suite ran from) and its name.
fn snapshot_title(case: &Case) -> String {
    let file = case
        .file
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    if case.name.is_empty() {
        file
    } else {
        format!("{file}::{}", case.name)
    }
}

fn outcome_hint(kind: OutcomeKind) -> &'static str {
    match kind {
        OutcomeKind::Lambda => "`outcome: {lambda_result: ...}` or `{lambda_error: ...}`",
        OutcomeKind::Http => "`outcome: {http: {status: N, headers: ..., body: ...}}`",
        _ => "an `outcome`",
    }
}

/// The template's branches as the run took them, one line each.
fn branch_trace(template: &Template, coverage: &Coverage) -> Vec<String> {
    crate::render::branches(template)
        .iter()
        .map(|branch| {
            let counts = coverage.counts(branch);
            let (line, column) =
                crate::syntax::position_of(template.source(), branch.span.start as usize);
            let taken: Vec<String> = branch
                .arms
                .iter()
                .zip(&counts)
                .filter(|(_, n)| **n > 0)
                .map(|(arm, n)| format!("{} ×{n}", arm_text(template, arm)))
                .collect();
            if taken.is_empty() {
                format!("{line}:{column}: not reached")
            } else {
                format!("{line}:{column}: {}", taken.join(", "))
            }
        })
        .collect()
}

/// An arm as a person recognises it: its header as written (`#elseif($a == 1)`), or its label.
pub(crate) fn arm_text(template: &Template, arm: &crate::render::Arm) -> String {
    match arm.label {
        "#if" | "#elseif" | "#else" => {
            let text = arm.span.slice(template.source()).trim_end();
            let text: String = text.chars().take(60).collect();
            format!("`{text}`")
        }
        label => label.to_string(),
    }
}

fn body_of(bytes: Vec<u8>, pretty_json: bool) -> Body {
    match String::from_utf8(bytes) {
        Ok(text) => {
            if pretty_json && let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) {
                return Body::Json(json);
            }
            Body::Text(text)
        }
        Err(error) => Body::Bytes(error.into_bytes()),
    }
}

/// Name-value pairs as a mapping; a name that repeats (a query string's `a=1&a=2`) is written
/// `a`, `a (2)`, `a (3)`, since a mapping holds a key once.
fn pairs_value(pairs: &[(String, String)]) -> Value {
    let mut entries: Vec<(String, Value)> = Vec::with_capacity(pairs.len());
    for (name, value) in pairs {
        let mut key = name.clone();
        let mut n = 1;
        while entries.iter().any(|(k, _)| *k == key) {
            n += 1;
            key = format!("{name} ({n})");
        }
        entries.push((key, Value::Str(value.clone())));
    }
    Value::Map(entries)
}

fn push_pairs(snapshot: &mut Snapshot, key: &str, pairs: &[(String, String)]) {
    if !pairs.is_empty() {
        snapshot.push(key, pairs_value(pairs));
    }
}

/// Headers AWS fills with per-request or transport values: left out, as `invoke` leaves them out.
const VOLATILE_HEADERS: [&str; 6] = [
    "Date",
    "x-amzn-RequestId",
    "x-amz-apigw-id",
    "X-Amzn-Trace-Id",
    "Content-Length",
    "Connection",
];

fn invocation_snapshot(
    case: &Case,
    api: &Api,
    method: Option<usize>,
    shown: &str,
    invocation: &Invocation,
) -> Snapshot {
    let mut snapshot = Snapshot::new();
    snapshot.comment(format!(
        "apigw-vtl test snapshot of {}: review it, then commit it beside the case.",
        snapshot_title(case)
    ));
    snapshot.comment(format!("request: {shown}"));
    let response = &invocation.response;
    let responses = method
        .and_then(|m| api.methods().get(m))
        .map(|m| m.gateway_method().integration().responses());
    if let (Some(index), Some(responses)) = (invocation.selected_response(), responses)
        && let Some(selected) = responses.get(index)
    {
        let text = match selected.selection_pattern() {
            Some(pattern) => format!("{} {pattern}", selected.status()),
            None => format!("{} default", selected.status()),
        };
        snapshot.push("selected", Value::Str(text));
    }
    snapshot.push("status", Value::Str(response.status.to_string()));
    let headers: Vec<(String, String)> = response
        .headers
        .iter()
        .filter(|(name, _)| {
            !VOLATILE_HEADERS
                .iter()
                .any(|v| v.eq_ignore_ascii_case(name))
        })
        .cloned()
        .collect();
    snapshot.push("headers", pairs_value(&headers));
    if let Some(forward) = &invocation.integration_request {
        // The call API Gateway makes (its method, URI, headers and query string, after the
        // request parameters and `requestOverride`); none for MOCK.
        if let Some(call) = &forward.call {
            let mut fields = vec![
                (
                    "type".to_string(),
                    Value::Str(
                        call.integration_type
                            .map_or("", IntegrationType::name)
                            .into(),
                    ),
                ),
                ("method".to_string(), Value::Str(call.method.clone())),
                ("uri".to_string(), Value::Str(call.uri.clone())),
            ];
            if !call.headers.is_empty() {
                fields.push(("headers".to_string(), pairs_value(&call.headers)));
            }
            if !call.query.is_empty() {
                fields.push(("query".to_string(), pairs_value(&call.query)));
            }
            snapshot.push("integration", Value::Map(fields));
        }
        snapshot.push(
            "integration_request",
            Value::Map(vec![(
                "body".to_string(),
                Value::Body(body_of(forward.body.as_bytes().to_vec(), case.pretty_json)),
            )]),
        );
    }
    snapshot.push(
        "body",
        Value::Body(body_of(response.body.as_bytes().to_vec(), case.pretty_json)),
    );
    snapshot
}

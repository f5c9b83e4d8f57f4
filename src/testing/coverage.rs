//! Coverage across a suite's runs: per method, which integration responses were selected; per
//! template, which arm of each `#if` (the implicit "no arm" included) and whether each `#foreach`
//! body ran. Every integration response and every arm is one item; the percentage is of items
//! reached. What no case reaches is listed by name ("POST /guid: response 502 `.*Exception.*` is
//! never selected").

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::sync::Arc;

use super::run::{CaseRun, Observed, arm_text};
use crate::definition::{Api, ApiMethod};
use crate::render::{Coverage, branches};
use crate::syntax::Template;

/// Coverage gathered over runs ([`CoverageReport::add`]), then reported.
///
/// # Examples
/// ```
/// use apigw_vtl::testing::{CoverageReport, RunOptions, Suite};
/// let suite = Suite::load(&["corpus/cases/danielhttp".into()])?;
/// let mut report = CoverageReport::new();
/// for case in suite.cases() {
///     report.add(&suite.run_with(case, &RunOptions::new().coverage(true)));
/// }
/// // The four recorded answers select all three integration responses of POST /guid.
/// assert!(report.uncovered().iter().all(|line| !line.contains("never selected")));
/// # Ok::<(), String>(())
/// ```
#[derive(Default)]
pub struct CoverageReport {
    apis: Vec<ApiSeen>,
    templates: Vec<TemplateSeen>,
}

struct ApiSeen {
    api: Arc<Api>,
    path: String,
    /// (method, integration response) selected at least once.
    selected: BTreeSet<(usize, usize)>,
    requested: BTreeSet<usize>,
    /// (method, index in [`templates_of`]) → counters.
    counters: BTreeMap<(usize, usize), Coverage>,
}

struct TemplateSeen {
    template: Arc<Template>,
    name: String,
    counters: Coverage,
}

/// A template of a method, with how a report names it.
fn templates_of(method: &ApiMethod) -> Vec<(String, &Template)> {
    let integration = method.gateway_method().integration();
    let mut found = Vec::new();
    for (content_type, template) in integration.request_templates().iter() {
        if let Ok(template) = template {
            found.push((format!("request template {content_type}"), template));
        }
    }
    for response in integration.responses() {
        for (content_type, template) in response.templates().iter() {
            if let Ok(template) = template {
                found.push((
                    format!(
                        "{}, template {content_type}",
                        response_name(response.status(), response.selection_pattern())
                    ),
                    template,
                ));
            }
        }
    }
    found
}

fn response_name(status: u16, pattern: Option<&str>) -> String {
    match pattern {
        Some(pattern) => format!("response {status} `{pattern}`"),
        None => format!("response {status} (default)"),
    }
}

/// Items and items reached.
#[derive(Clone, Copy, Default)]
struct Tally {
    total: usize,
    reached: usize,
}

impl Tally {
    fn add(&mut self, reached: bool) {
        self.total += 1;
        self.reached += usize::from(reached);
    }
}

impl CoverageReport {
    /// Nothing gathered yet.
    pub fn new() -> Self {
        CoverageReport::default()
    }

    /// Adds what one run reached (a run made with coverage on; runs without it add the methods
    /// and responses only).
    pub fn add(&mut self, run: &CaseRun) {
        match &run.observed {
            Observed::Nothing => {}
            Observed::Invocation {
                api,
                path,
                method,
                selected,
                coverage,
            } => {
                let at = match self.apis.iter().position(|s| Arc::ptr_eq(&s.api, api)) {
                    Some(at) => at,
                    None => {
                        self.apis.push(ApiSeen {
                            api: Arc::clone(api),
                            path: path.clone(),
                            selected: BTreeSet::new(),
                            requested: BTreeSet::new(),
                            counters: BTreeMap::new(),
                        });
                        self.apis.len() - 1
                    }
                };
                let seen = &mut self.apis[at];
                let Some(method) = *method else { return };
                seen.requested.insert(method);
                if let Some(selected) = selected {
                    seen.selected.insert((method, *selected));
                }
                let (Some(coverage), Some(api_method)) = (coverage, api.methods().get(method))
                else {
                    return;
                };
                for (index, (_, template)) in templates_of(api_method).iter().enumerate() {
                    if let Some(counts) = coverage.of(template) {
                        seen.counters
                            .entry((method, index))
                            .or_default()
                            .merge(counts);
                    }
                }
            }
            Observed::Template {
                template,
                path,
                coverage,
            } => {
                let at = match self
                    .templates
                    .iter()
                    .position(|s| Arc::ptr_eq(&s.template, template))
                {
                    Some(at) => at,
                    None => {
                        self.templates.push(TemplateSeen {
                            template: Arc::clone(template),
                            name: if path.is_empty() {
                                "an inline template".into()
                            } else {
                                path.clone()
                            },
                            counters: Coverage::new(),
                        });
                        self.templates.len() - 1
                    }
                };
                if let Some(coverage) = coverage {
                    self.templates[at].counters.merge(coverage);
                }
            }
        }
    }

    /// The share of items reached, in percent (100 when there is nothing to reach).
    pub fn percent(&self) -> f64 {
        let tally = self.walk(&mut |_| {});
        if tally.total == 0 {
            100.0
        } else {
            tally.reached as f64 * 100.0 / tally.total as f64
        }
    }

    /// What no case reaches, one line each.
    pub fn uncovered(&self) -> Vec<String> {
        let mut lines = Vec::new();
        self.walk(&mut |line: Line| {
            if let Line::Missed(text) = line {
                lines.push(text);
            }
        });
        lines
    }

    /// The report: a line per definition and template file with its counts, the items no case
    /// reaches under it, then the total.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let tally = self.walk(&mut |line: Line| match line {
            Line::Heading(text) => {
                let _ = writeln!(out, "{text}");
            }
            Line::Missed(text) => {
                let _ = writeln!(out, "  {text}");
            }
        });
        let _ = writeln!(
            out,
            "coverage: {} of {} responses and branch arms reached ({:.1}%)",
            tally.reached,
            tally.total,
            self.percent()
        );
        out
    }

    fn walk(&self, emit: &mut dyn FnMut(Line)) -> Tally {
        let mut all = Tally::default();
        let mut apis: Vec<&ApiSeen> = self.apis.iter().collect();
        apis.sort_by(|a, b| a.path.cmp(&b.path));
        for seen in apis {
            let mut tally = Tally::default();
            let mut missed = Vec::new();
            for (m, method) in seen.api.methods().iter().enumerate() {
                let name = format!("{} {}", method.http_method(), method.resource_path());
                if !seen.requested.contains(&m) {
                    missed.push(format!("{name}: no case requests it"));
                }
                for (r, response) in method
                    .gateway_method()
                    .integration()
                    .responses()
                    .iter()
                    .enumerate()
                {
                    let reached = seen.selected.contains(&(m, r));
                    tally.add(reached);
                    if !reached {
                        missed.push(format!(
                            "{name}: {} is never selected",
                            response_name(response.status(), response.selection_pattern())
                        ));
                    }
                }
                for (index, (label, template)) in templates_of(method).iter().enumerate() {
                    let empty = Coverage::new();
                    let counters = seen.counters.get(&(m, index)).unwrap_or(&empty);
                    arms(
                        template,
                        counters,
                        &format!("{name}: {label}"),
                        &mut tally,
                        &mut missed,
                    );
                }
            }
            emit(Line::Heading(format!(
                "{}: {} of {} reached",
                seen.path, tally.reached, tally.total
            )));
            for line in missed {
                emit(Line::Missed(line));
            }
            all.total += tally.total;
            all.reached += tally.reached;
        }
        let mut templates: Vec<&TemplateSeen> = self.templates.iter().collect();
        templates.sort_by(|a, b| a.name.cmp(&b.name));
        for seen in templates {
            let mut tally = Tally::default();
            let mut missed = Vec::new();
            arms(
                &seen.template,
                &seen.counters,
                &seen.name,
                &mut tally,
                &mut missed,
            );
            emit(Line::Heading(format!(
                "{}: {} of {} branch arms reached",
                seen.name, tally.reached, tally.total
            )));
            for line in missed {
                emit(Line::Missed(line));
            }
            all.total += tally.total;
            all.reached += tally.reached;
        }
        all
    }
}

enum Line {
    Heading(String),
    Missed(String),
}

fn arms(
    template: &Template,
    counters: &Coverage,
    name: &str,
    tally: &mut Tally,
    missed: &mut Vec<String>,
) {
    for branch in branches(template) {
        let counts = counters.counts(&branch);
        let (line, column) =
            crate::syntax::position_of(template.source(), branch.span.start as usize);
        if counts.iter().all(|n| *n == 0) {
            // Never evaluated: one line for the branch, each arm still an item missed.
            for _ in &counts {
                tally.add(false);
            }
            let what = match branch.kind {
                crate::render::BranchKind::If => "`#if`",
                _ => "`#foreach`",
            };
            missed.push(format!(
                "{name}: the {what} at {line}:{column} is never reached"
            ));
            continue;
        }
        for (arm, count) in branch.arms.iter().zip(counts) {
            tally.add(count > 0);
            if count == 0 {
                let (line, column) =
                    crate::syntax::position_of(template.source(), arm.span.start as usize);
                let what = match arm.label {
                    "no arm" => format!(
                        "the `#if` at {line}:{column} always takes an arm (no case has none of its conditions hold)"
                    ),
                    "body entered" => {
                        format!("the `#foreach` at {line}:{column} never runs its body")
                    }
                    "body not entered" => format!(
                        "the `#foreach` at {line}:{column} always runs its body (no case gives it an empty list)"
                    ),
                    _ => format!(
                        "{} at {line}:{column} is never taken",
                        arm_text(template, arm)
                    ),
                };
                missed.push(format!("{name}: {what}"));
            }
        }
    }
}

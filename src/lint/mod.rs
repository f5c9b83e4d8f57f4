//! The linter: what AWS punishes after deploy, caught on the laptop. Templates (names that cannot
//! resolve, constructs AWS ignores, JSON-building mistakes, overrides) and API definitions
//! (unknown keys, selection patterns, proxy integrations with templates), each finding a
//! [`Finding`] with its rule, place, message, help and notes, drawn by the shared renderer
//! ([`crate::diagnostic`]) or written as JSON Lines or SARIF ([`Lint::sarif`]).
//!
//! Every rule is in [`rules`], with its explanation and the source of the fact it rests on.
//! Rules are turned off by a [`Config`] (`apigw-vtl.toml`) or in a template by a comment that
//! changes no output: a whole line `## apigw-vtl: allow(rule-id)` before the construct, or
//! `#* apigw-vtl: allow(rule-id) *#` on its line.
//!
//! # Examples
//! ```
//! use apigw_vtl::lint::{Config, lint_template};
//!
//! let lint = lint_template("{\"name\": \"$util.escapeJavascript($input.path('$.n'))\"}", "t.vtl", &Config::default());
//! let finding = &lint.findings()[0];
//! assert_eq!(finding.rule, "unknown-util-method");
//! assert_eq!(finding.help.as_deref(), Some("did you mean `escapeJavaScript`?"));
//! assert_eq!(lint.short(finding), "t.vtl:1:11: warning[unknown-util-method]: `$util` has no method `escapeJavascript`");
//! ```

mod allow;
mod config;
mod definitions;
mod json;
mod methods;
mod names;
mod output;
mod overrides;
mod rules;
mod selection;
mod templates;

pub use config::{Config, ConfigError};
pub use rules::Rule;

use crate::diagnostic::{Diagnostic, Style};
use crate::syntax::{Span, position_of};

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; not wrong by itself.
    Note,
    /// Probably wrong.
    Warning,
    /// Wrong: AWS refuses it or answers 500 (the `lint` command exits 1).
    Error,
}

impl Severity {
    /// `error`, `warning` or `note`.
    ///
    /// # Examples
    /// ```
    /// assert_eq!(apigw_vtl::lint::Severity::Warning.name(), "warning");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One finding: a rule broken at a place of a file.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Finding {
    /// The rule's id.
    pub rule: &'static str,
    /// How serious.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// The file, as named to the linter.
    pub file: String,
    /// The bytes of the file's text ([`Lint::source`]) it is about.
    pub span: Span,
    /// The label under the span ("on API Gateway this renders \"\"").
    pub label: String,
    /// How to fix it.
    pub help: Option<String>,
    /// What follows, or what AWS does.
    pub notes: Vec<String>,
}

/// What the linter found in some files, with their texts (to print excerpts).
#[derive(Clone, Debug, Default)]
pub struct Lint {
    findings: Vec<Finding>,
    sources: Vec<(String, String)>,
}

impl Lint {
    /// The findings, in file order then position.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The text of `file`, as linted ("" for a file it does not hold).
    pub fn source(&self, file: &str) -> &str {
        self.sources
            .iter()
            .find(|(name, _)| name == file)
            .map_or("", |(_, text)| text.as_str())
    }

    /// Whether an error-level finding remains.
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::lint::{Config, lint_template};
    /// assert!(lint_template("#macro(m)x#end", "t.vtl", &Config::default()).has_errors());
    /// assert!(!lint_template("$input.body", "t.vtl", &Config::default()).has_errors());
    /// ```
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// Adds another lint's findings and texts (several files into one report). A finding
    /// already reported (a file a definition points at, also linted on its own) is kept once.
    pub fn extend(&mut self, other: Lint) {
        for finding in other.findings {
            if !self.findings.contains(&finding) {
                self.findings.push(finding);
            }
        }
        for (name, text) in other.sources {
            if !self.sources.iter().any(|(n, _)| *n == name) {
                self.sources.push((name, text));
            }
        }
    }

    /// 1-based line and column (in characters) where `finding` starts.
    pub fn position(&self, finding: &Finding) -> (usize, usize) {
        position_of(self.source(&finding.file), finding.span.start as usize)
    }

    /// `finding` as a [`Diagnostic`] of the shared renderer, rule id as its code.
    pub fn diagnostic(&self, finding: &Finding) -> Diagnostic {
        let mut diagnostic = match finding.severity {
            Severity::Error => Diagnostic::new(finding.message.as_str(), finding.span),
            Severity::Warning => Diagnostic::warning(finding.message.as_str(), finding.span),
            Severity::Note => Diagnostic::note(finding.message.as_str(), finding.span),
        }
        .with_code(finding.rule)
        .with_label(finding.label.as_str());
        for note in &finding.notes {
            diagnostic = diagnostic.with_note(note.as_str());
        }
        if let Some(help) = &finding.help {
            diagnostic = diagnostic.with_help(help.as_str());
        }
        diagnostic
    }

    /// `finding` in rustc's shape: the message, the place, the excerpt with the span underlined,
    /// notes and help.
    pub fn human(&self, finding: &Finding, style: Style) -> String {
        self.diagnostic(finding)
            .excerpt(self.source(&finding.file), &finding.file, style)
    }

    /// `finding` on one line, `FILE:LINE:COL: severity[rule]: message` (clippy's short format).
    pub fn short(&self, finding: &Finding) -> String {
        let (line, column) = self.position(finding);
        format!(
            "{}:{line}:{column}: {}[{}]: {}",
            finding.file,
            finding.severity.name(),
            finding.rule,
            finding.message
        )
    }

    fn sort(&mut self) {
        let order: Vec<String> = self.sources.iter().map(|(n, _)| n.clone()).collect();
        let rank = |file: &str| order.iter().position(|n| n == file).unwrap_or(usize::MAX);
        self.findings.sort_by(|a, b| {
            (rank(&a.file), a.span.start, a.rule).cmp(&(rank(&b.file), b.span.start, b.rule))
        });
        self.findings.dedup();
    }
}

/// Every rule, templates first.
///
/// # Examples
/// ```
/// let rules = apigw_vtl::lint::rules();
/// assert!(rules.len() >= 25);
/// assert!(rules.iter().all(|rule| !rule.source.is_empty()));
/// ```
pub fn rules() -> &'static [Rule] {
    rules::RULES
}

/// The rule with this id.
///
/// # Examples
/// ```
/// let rule = apigw_vtl::lint::rule("selection-pattern-multiline").unwrap();
/// assert!(rule.explanation.contains("(?s)"));
/// ```
pub fn rule(id: &str) -> Option<&'static Rule> {
    rules::RULES.iter().find(|rule| rule.id == id)
}

/// A finding inside one text, before it is placed in a file.
#[derive(Clone, Debug)]
pub(crate) struct Hit {
    pub(crate) rule: &'static str,
    pub(crate) severity: Option<Severity>,
    pub(crate) span: Span,
    pub(crate) message: String,
    pub(crate) label: String,
    pub(crate) help: Option<String>,
    pub(crate) notes: Vec<String>,
}

impl Hit {
    pub(crate) fn new(rule: &'static str, span: Span, message: impl Into<String>) -> Hit {
        Hit {
            rule,
            severity: None,
            span,
            message: message.into(),
            label: "here".to_string(),
            help: None,
            notes: Vec::new(),
        }
    }

    pub(crate) fn label(mut self, label: impl Into<String>) -> Hit {
        self.label = label.into();
        self
    }

    pub(crate) fn help(mut self, help: Option<String>) -> Hit {
        self.help = help;
        self
    }

    pub(crate) fn note(mut self, note: impl Into<String>) -> Hit {
        self.notes.push(note.into());
        self
    }

    pub(crate) fn severity(mut self, severity: Severity) -> Hit {
        self.severity = Some(severity);
        self
    }

    /// The finding, in `file`, at `span` of its text.
    pub(crate) fn into_finding(self, file: &str, span: Span) -> Finding {
        let severity = self
            .severity
            .or_else(|| rule(self.rule).map(|r| r.severity))
            .unwrap_or(Severity::Warning);
        Finding {
            rule: self.rule,
            severity,
            message: self.message,
            file: file.to_string(),
            span,
            label: self.label,
            help: self.help,
            notes: self.notes,
        }
    }
}

/// What a template is for, which decides some rules (JSON-building rules need a JSON template).
#[derive(Clone, Debug, Default)]
pub(crate) struct TemplateRole {
    /// Its output should be JSON (content type `application/json`, or a `.vtl` file).
    pub(crate) json: bool,
}

/// Lints one template (a `.vtl` file's text); its output should be JSON when the template
/// starts with `{` (a `.vtl` file has no content type; `[` starts many a Velocity snippet).
///
/// # Examples
/// ```
/// use apigw_vtl::lint::{Config, lint_template};
/// let lint = lint_template("$contxt.stage", "t.vtl", &Config::default());
/// assert_eq!(lint.findings()[0].rule, "unknown-variable");
/// // Turned off in the template: a comment on its own line before the construct.
/// let lint = lint_template("## apigw-vtl: allow(unknown-variable)\n$contxt.stage", "t.vtl", &Config::default());
/// assert!(lint.findings().is_empty());
/// ```
pub fn lint_template(source: &str, name: &str, config: &Config) -> Lint {
    lint_template_in(source, 0, name, config)
}

/// Lints the template that starts at byte `start` of the file `text` (a corpus case's header
/// comes before it); findings are placed in the file.
///
/// # Examples
/// ```
/// use apigw_vtl::lint::{Config, lint_template_in};
/// let text = "covers: a typo\n---\n$contxt.stage";
/// let lint = lint_template_in(text, 18, "case.vtl", &Config::default());
/// assert_eq!(lint.short(&lint.findings()[0]), "case.vtl:3:1: warning[unknown-variable]: `$contxt` is never set and API Gateway does not provide it");
/// ```
pub fn lint_template_in(text: &str, start: usize, name: &str, config: &Config) -> Lint {
    lint_template_with(text, start, name, config, &[])
}

/// [`lint_template_in`], also rendering the template with each of `inputs` (named: the
/// `apigw-vtl test` cases that render it) and reporting output that starts as JSON and is not
/// JSON, or repeats a key (`invalid-json-output`), at the statement that wrote it.
///
/// # Examples
/// ```
/// use apigw_vtl::apigw::TemplateInput;
/// use apigw_vtl::lint::{Config, lint_template_with};
/// let template = "{\"name\": $input.path('$.name')}";
/// let inputs = [("t.case.yaml::named".to_string(), TemplateInput::new(r#"{"name": "Ann"}"#))];
/// let lint = lint_template_with(template, 0, "t.vtl", &Config::default(), &inputs);
/// let finding = lint.findings().iter().find(|f| f.rule == "invalid-json-output").unwrap();
/// assert!(finding.notes[0].contains("t.case.yaml::named"));
/// ```
pub fn lint_template_with(
    text: &str,
    start: usize,
    name: &str,
    config: &Config,
    inputs: &[(String, crate::apigw::TemplateInput)],
) -> Lint {
    let start = if text.is_char_boundary(start) {
        start
    } else {
        0
    };
    let template = &text[start..];
    let json = template.trim_start().starts_with('{');
    let hits = templates::lint(template, &TemplateRole { json }, inputs);
    let mut lint = Lint {
        findings: hits
            .into_iter()
            .filter(|hit| config.enabled(hit.rule))
            .map(|hit| {
                let span = Span::new(
                    hit.span.start as usize + start,
                    hit.span.end as usize + start,
                );
                hit.into_finding(name, span)
            })
            .collect(),
        sources: vec![(name.to_string(), text.to_string())],
    };
    lint.sort();
    lint
}

/// A report for a template that is not UTF-8 (`text` is its lossy reading): one
/// `template-parse-error` at the first byte that is not, as the parser reports it.
///
/// # Examples
/// ```
/// use apigw_vtl::lint::{Config, lint_not_utf8};
/// let lint = lint_not_utf8("ok \u{fffd}", 3, "t.vtl", &Config::default());
/// assert_eq!(lint.short(&lint.findings()[0]), "t.vtl:1:4: error[template-parse-error]: invalid UTF-8: API Gateway's Velocity reads templates as UTF-8");
/// ```
pub fn lint_not_utf8(text: &str, at: usize, name: &str, config: &Config) -> Lint {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let findings = if config.enabled("template-parse-error") {
        vec![
            Hit::new(
                "template-parse-error",
                Span::at(at),
                "invalid UTF-8: API Gateway's Velocity reads templates as UTF-8",
            )
            .into_finding(name, Span::at(at)),
        ]
    } else {
        Vec::new()
    };
    Lint {
        findings,
        sources: vec![(name.to_string(), text.to_string())],
    }
}

/// A report for a file that cannot be read: one `invalid-definition` error.
///
/// # Examples
/// ```
/// let lint = apigw_vtl::lint::lint_unreadable("gone.vtl", "No such file");
/// assert!(lint.has_errors());
/// ```
pub fn lint_unreadable(name: &str, why: &str) -> Lint {
    Lint {
        findings: vec![
            Hit::new(
                "invalid-definition",
                Span::at(0),
                format!("cannot be read: {why}"),
            )
            .into_finding(name, Span::at(0)),
        ],
        sources: vec![(name.to_string(), String::new())],
    }
}

/// Lints an API definition file (OpenAPI 3, Swagger 2, CloudFormation, SAM) and every template
/// in it; findings in templates are placed at their line and column in the file.
///
/// # Examples
/// ```
/// use apigw_vtl::lint::{Config, lint_api};
/// let lint = lint_api("corpus/danielhttp/api.openapi.yaml".as_ref(), &Config::default());
/// let rules: Vec<&str> = lint.findings().iter().map(|f| f.rule).collect();
/// assert!(rules.contains(&"lambda-error-falls-to-default"));
/// assert!(rules.contains(&"selection-pattern-multiline"));
/// ```
pub fn lint_api(path: &std::path::Path, config: &Config) -> Lint {
    let mut lint = definitions::lint(path, config);
    lint.findings.retain(|f| config.enabled(f.rule));
    lint.sort();
    lint
}

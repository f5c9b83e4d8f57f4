//! Machine-readable forms of a [`Lint`]: JSON Lines and SARIF 2.1.0 (what GitHub code scanning
//! reads to show findings inline in pull requests).

use serde_sarif::sarif;

use super::{Finding, Lint, Severity, rules};

impl Lint {
    /// `finding` as one line of JSON: `{"rule", "severity", "message", "file", "line", "column",
    /// "end_line", "end_column", "help", "notes"}`.
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::lint::{Config, lint_template};
    /// let lint = lint_template("$contxt.stage", "t.vtl", &Config::default());
    /// let line: serde_json::Value = serde_json::from_str(&lint.json(&lint.findings()[0]))?;
    /// assert_eq!(line["rule"], "unknown-variable");
    /// assert_eq!((line["line"].as_u64(), line["column"].as_u64()), (Some(1), Some(1)));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn json(&self, finding: &Finding) -> String {
        let (line, column) = self.position(finding);
        let (end_line, end_column) = self.end_position(finding);
        serde_json::json!({
            "rule": finding.rule,
            "severity": finding.severity.name(),
            "message": finding.message,
            "file": finding.file,
            "line": line,
            "column": column,
            "end_line": end_line,
            "end_column": end_column,
            "label": finding.label,
            "help": finding.help,
            "notes": finding.notes,
        })
        .to_string()
    }

    /// Line and column just past the finding's span (SARIF's exclusive end).
    fn end_position(&self, finding: &Finding) -> (usize, usize) {
        let source = self.source(&finding.file);
        let end = (finding.span.end as usize).max(finding.span.start as usize);
        crate::syntax::position_of(source, end)
    }

    /// The whole report as a SARIF 2.1.0 log: one run, the tool's rules with their
    /// explanations, one result per finding with its region.
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::lint::{Config, lint_template};
    /// let lint = lint_template("$contxt.stage", "t.vtl", &Config::default());
    /// let log: serde_json::Value = serde_json::from_str(&lint.sarif())?;
    /// assert_eq!(log["version"], "2.1.0");
    /// assert_eq!(log["runs"][0]["results"][0]["ruleId"], "unknown-variable");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn sarif(&self) -> String {
        let descriptors: Vec<sarif::ReportingDescriptor> = rules()
            .iter()
            .map(|rule| {
                sarif::ReportingDescriptor::builder()
                    .id(rule.id)
                    .short_description(
                        sarif::MultiformatMessageString::builder()
                            .text(rule.summary)
                            .build(),
                    )
                    .full_description(
                        sarif::MultiformatMessageString::builder()
                            .text(format!("{} Source: {}", rule.explanation, rule.source))
                            .build(),
                    )
                    .default_configuration(
                        sarif::ReportingConfiguration::builder()
                            .level(serde_json::Value::String(level(rule.severity).into()))
                            .build(),
                    )
                    .build()
            })
            .collect();
        let results: Vec<sarif::Result> = self
            .findings
            .iter()
            .map(|finding| {
                let (line, column) = self.position(finding);
                let (end_line, end_column) = self.end_position(finding);
                let mut text = finding.message.clone();
                if let Some(help) = &finding.help {
                    text.push_str(&format!(" (help: {help})"));
                }
                let region = sarif::Region::builder()
                    .start_line(line as i64)
                    .start_column(column as i64)
                    .end_line(end_line as i64)
                    .end_column(end_column as i64)
                    .build();
                let location = sarif::Location::builder()
                    .physical_location(
                        sarif::PhysicalLocation::builder()
                            .artifact_location(
                                sarif::ArtifactLocation::builder()
                                    .uri(finding.file.replace('\\', "/"))
                                    .build(),
                            )
                            .region(region)
                            .build(),
                    )
                    .build();
                sarif::Result::builder()
                    .rule_id(finding.rule)
                    .level(sarif::ResultLevel::from(finding.severity))
                    .message(sarif::Message::builder().text(text).build())
                    .locations(vec![location])
                    .build()
            })
            .collect();
        let driver = sarif::ToolComponent::builder()
            .name("apigw-vtl")
            .version(env!("CARGO_PKG_VERSION"))
            .rules(descriptors)
            .build();
        let run = sarif::Run::builder()
            .tool(sarif::Tool::builder().driver(driver).build())
            .results(results)
            .build();
        let log = sarif::Sarif::builder()
            .version(serde_json::Value::String("2.1.0".into()))
            .schema(sarif::SCHEMA_URL)
            .runs(vec![run])
            .build();
        serde_json::to_string_pretty(&log).unwrap_or_default()
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

impl From<Severity> for sarif::ResultLevel {
    fn from(severity: Severity) -> Self {
        match severity {
            Severity::Error => sarif::ResultLevel::Error,
            Severity::Warning => sarif::ResultLevel::Warning,
            Severity::Note => sarif::ResultLevel::Note,
        }
    }
}

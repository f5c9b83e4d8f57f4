//! The trace of every decision a run made, for a person to read.
//!
//! A trace costs string formatting at every decision, and the hot path (an embedder rendering at
//! request rate) never reads it: an [`Explain`] is either recording or off, and [`Explain::note`]
//! takes anything `Display` (`format_args!` included), so an off trace formats nothing.

use std::fmt;

use crate::render::{Coverage, RenderError, Variables};
use crate::syntax::Template;

/// One line per decision, in order: what was matched against what, what was chosen and why.
///
/// # Examples
/// ```
/// use apigw_vtl::gateway::Explain;
/// assert!(Explain::recording().is_recording());
/// assert!(Explain::off().lines().is_empty());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explain {
    lines: Vec<String>,
    recording: bool,
    /// The integration response selected (its index in the integration's responses): one word,
    /// kept whether or not the trace records.
    selected: Option<usize>,
    /// Branch counters for each template rendered, only when asked for (`apigw-vtl test
    /// --coverage`).
    coverage: Option<Box<TemplateCoverage>>,
}

/// Which branches of which templates one invocation ran: a [`Coverage`] per template rendered.
///
/// Templates are told apart by identity: ask with the template the loaded API holds
/// ([`TemplateCoverage::of`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TemplateCoverage {
    /// (the template's address, its counters): an identity, never dereferenced.
    templates: Vec<(usize, Coverage)>,
}

impl TemplateCoverage {
    /// The counters of `template`, if this invocation rendered it.
    pub fn of(&self, template: &Template) -> Option<&Coverage> {
        let key = template as *const Template as usize;
        self.templates
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, c)| c)
    }

    fn slot(&mut self, template: &Template) -> &mut Coverage {
        let key = template as *const Template as usize;
        let at = match self.templates.iter().position(|(k, _)| *k == key) {
            Some(at) => at,
            None => {
                self.templates.push((key, Coverage::new()));
                self.templates.len() - 1
            }
        };
        &mut self.templates[at].1
    }

    #[cfg(feature = "definitions")]
    fn merge(&mut self, other: TemplateCoverage) {
        for (key, coverage) in other.templates {
            match self.templates.iter_mut().find(|(k, _)| *k == key) {
                Some((_, mine)) => mine.merge(&coverage),
                None => self.templates.push((key, coverage)),
            }
        }
    }
}

impl Default for Explain {
    /// Recording: the halves of a [`super::Method`] driven directly keep their trace.
    fn default() -> Self {
        Explain::recording()
    }
}

impl Explain {
    /// A trace that records every decision.
    pub fn recording() -> Self {
        Explain {
            lines: Vec::new(),
            recording: true,
            selected: None,
            coverage: None,
        }
    }

    /// A trace that records nothing (and formats nothing).
    pub fn off() -> Self {
        Explain {
            lines: Vec::new(),
            recording: false,
            selected: None,
            coverage: None,
        }
    }

    /// The same, also counting the branches of every template rendered ([`Explain::coverage`]).
    #[must_use]
    pub fn with_coverage(mut self, on: bool) -> Self {
        self.coverage = on.then(Box::default);
        self
    }

    /// The branches each template rendered took, when counting was asked for.
    pub fn coverage(&self) -> Option<&TemplateCoverage> {
        self.coverage.as_deref()
    }

    /// The index of the integration response selected (in the integration's responses), if one
    /// was.
    pub fn selected_response(&self) -> Option<usize> {
        self.selected
    }

    pub(crate) fn select(&mut self, index: usize) {
        self.selected = Some(index);
    }

    /// Renders `template`, counting its branches when coverage is on.
    pub(crate) fn render(
        &mut self,
        template: &Template,
        variables: &mut Variables,
    ) -> Result<String, RenderError> {
        match self.coverage.as_deref_mut() {
            None => crate::render::render(template, variables),
            Some(coverage) => {
                crate::render::render_with_coverage(template, variables, coverage.slot(template))
            }
        }
    }

    /// Whether lines are kept. Callers check it before computing something only a trace needs.
    pub fn is_recording(&self) -> bool {
        self.recording
    }

    /// Adds a line (formatted only when recording).
    pub(crate) fn note(&mut self, line: impl fmt::Display) {
        if self.recording {
            self.lines.push(line.to_string());
        }
    }

    /// Adds `later`'s lines after these.
    #[cfg(feature = "definitions")]
    pub(crate) fn append(&mut self, later: Explain) {
        if self.recording {
            self.lines.extend(later.lines);
        }
        if later.selected.is_some() {
            self.selected = later.selected;
        }
        if let (Some(mine), Some(theirs)) = (self.coverage.as_deref_mut(), later.coverage) {
            mine.merge(*theirs);
        }
    }

    /// An empty trace that records as this one does.
    #[cfg(feature = "definitions")]
    pub(crate) fn same_kind(&self) -> Explain {
        Explain {
            lines: Vec::new(),
            recording: self.recording,
            selected: None,
            coverage: self.coverage.as_ref().map(|_| Box::default()),
        }
    }

    /// The lines.
    pub fn lines(&self) -> &[String] {
        &self.lines
    }
}

impl fmt::Display for Explain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for line in &self.lines {
            writeln!(f, "{line}")?;
        }
        Ok(())
    }
}

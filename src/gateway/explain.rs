//! The trace of every decision a run made, for a person to read.
//!
//! A trace costs string formatting at every decision, and the hot path (an embedder rendering at
//! request rate) never reads it: an [`Explain`] is either recording or off, and [`Explain::note`]
//! takes anything `Display` (`format_args!` included), so an off trace formats nothing.

use std::fmt;

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
        }
    }

    /// A trace that records nothing (and formats nothing).
    pub fn off() -> Self {
        Explain {
            lines: Vec::new(),
            recording: false,
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
    }

    /// An empty trace that records as this one does.
    #[cfg(feature = "definitions")]
    pub(crate) fn same_kind(&self) -> Explain {
        Explain {
            lines: Vec::new(),
            recording: self.recording,
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

//! The trace of every decision a run made, for a person to read.

use std::fmt;

/// One line per decision, in order: what was matched against what, what was chosen and why.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Explain {
    lines: Vec<String>,
}

impl Explain {
    /// Adds a line.
    pub(crate) fn note(&mut self, line: impl Into<String>) {
        self.lines.push(line.into());
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

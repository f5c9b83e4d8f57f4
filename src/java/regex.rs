//! Java regular expressions (placeholder with the final API; the faithful translator replaces it).

/// A compiled Java regex.
#[derive(Debug, Clone)]
pub struct JavaRegex {
    pattern: String,
    full: regex::Regex,
    find: regex::Regex,
}

/// A pattern that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RegexError {
    /// The pattern does not compile.
    #[error("invalid regex `{pattern}`: {message}")]
    Syntax {
        /// The Java pattern.
        pattern: String,
        /// Why.
        message: String,
    },
}

impl JavaRegex {
    /// Compiles `pattern`.
    ///
    /// # Errors
    /// When the pattern is not valid.
    pub fn new(pattern: &str) -> Result<JavaRegex, RegexError> {
        let error = |e: regex::Error| RegexError::Syntax {
            pattern: pattern.to_string(),
            message: e.to_string(),
        };
        Ok(JavaRegex {
            pattern: pattern.to_string(),
            full: regex::Regex::new(&format!("^(?:{pattern})$")).map_err(error)?,
            find: regex::Regex::new(pattern).map_err(error)?,
        })
    }
    /// The Java pattern.
    pub fn as_str(&self) -> &str {
        &self.pattern
    }
    /// `String.matches`.
    pub fn is_full_match(&self, text: &str) -> bool {
        self.full.is_match(text)
    }
    /// First match.
    pub fn find(&self, text: &str) -> Option<(usize, usize)> {
        self.find.find(text).map(|m| (m.start(), m.end()))
    }
    /// `String.replaceAll`.
    ///
    /// # Errors
    /// Never in this placeholder.
    pub fn replace_all(&self, text: &str, replacement: &str) -> Result<String, RegexError> {
        Ok(self.find.replace_all(text, replacement).into_owned())
    }
    /// `String.replaceFirst`.
    ///
    /// # Errors
    /// Never in this placeholder.
    pub fn replace_first(&self, text: &str, replacement: &str) -> Result<String, RegexError> {
        Ok(self.find.replacen(text, 1, replacement).into_owned())
    }
    /// `String.split` with limit 0.
    pub fn split(&self, text: &str) -> Vec<String> {
        let mut parts: Vec<String> = self.find.split(text).map(str::to_string).collect();
        while parts.len() > 1 && parts.last().is_some_and(String::is_empty) {
            parts.pop();
        }
        parts
    }
}

//! Diagnostics: an error about a place in a text (a template, a request body, later an API
//! definition), printed as one line, `file:line:col: message`, or as an excerpt: the message, the
//! file and position, the numbered lines around the place with a caret under it.
//!
//! Every command prints its errors through here, so that a parse error, a render error and
//! whatever later tools report (test runner, linter, server) look alike; each layer's error
//! converts into a [`Diagnostic`]. Knows nothing of terminals: whether to colour is the caller's
//! [`Style`].

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::render::RenderError;
use crate::syntax::{ParseError, Span, position_of};

/// An error at a place in a text, ready to print: a message, the span it is about (the primary
/// span, labelled "here" unless told otherwise), other labelled spans that matter ("opened here"),
/// and notes.
///
/// It holds no text: [`Diagnostic::one_line`] and [`Diagnostic::excerpt`] take the source the
/// spans index and the name to show for it (a file name), so a diagnostic can be kept or sent
/// anywhere and printed later.
///
/// # Examples
/// ```
/// use apigw_vtl::diagnostic::{Diagnostic, Style};
/// use apigw_vtl::syntax::Span;
///
/// let source = "#if($ok)\nyes";
/// let diagnostic = Diagnostic::new("`#if` is never closed", Span::at(12))
///     .with_secondary(Span::new(0, 3), "opened here");
/// assert_eq!(diagnostic.one_line(source, "t.vtl"), "t.vtl:2:4: `#if` is never closed");
/// assert_eq!(
///     diagnostic.excerpt(source, "t.vtl", Style::Plain),
///     "\
/// error: `#if` is never closed
///  --> t.vtl:2:4
///   |
/// 1 | #if($ok)
///   | --- opened here
/// 2 | yes
///   |    ^ here"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    message: String,
    span: Span,
    label: String,
    secondary: Vec<(Span, String)>,
    notes: Vec<String>,
    helps: Vec<String>,
    level: DiagnosticLevel,
    code: Option<String>,
}

/// How serious a [`Diagnostic`] is: the word its excerpt starts with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum DiagnosticLevel {
    #[default]
    Error,
    Warning,
    Note,
}

/// How [`Diagnostic::excerpt`] looks: plain text, or with the ANSI colours of rustc's errors.
///
/// # Examples
/// ```
/// use apigw_vtl::diagnostic::{Diagnostic, Style};
/// use apigw_vtl::syntax::Span;
///
/// let diagnostic = Diagnostic::new("no", Span::new(0, 1));
/// assert!(!diagnostic.excerpt("x", "t.vtl", Style::Plain).contains('\x1b'));
/// assert!(diagnostic.excerpt("x", "t.vtl", Style::Colored).contains('\x1b'));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Style {
    /// No escape sequences: for files, pipes and tests.
    #[default]
    Plain,
    /// ANSI colours and bold, for a terminal.
    Colored,
}

impl Diagnostic {
    /// A diagnostic with `message` about `span`, labelled "here".
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::diagnostic::Diagnostic;
    /// use apigw_vtl::syntax::Span;
    /// let diagnostic = Diagnostic::new("unexpected `#end`", Span::new(2, 6));
    /// assert_eq!(diagnostic.message(), "unexpected `#end`");
    /// assert_eq!(diagnostic.span(), Span::new(2, 6));
    /// ```
    pub fn new(message: impl Into<String>, span: Span) -> Self {
        Diagnostic {
            message: message.into(),
            span,
            label: "here".to_string(),
            secondary: Vec::new(),
            notes: Vec::new(),
            helps: Vec::new(),
            level: DiagnosticLevel::Error,
            code: None,
        }
    }

    /// A warning (printed `warning: message`) about `span`, labelled "here": something that is
    /// not an error but deserves a look.
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::diagnostic::{Diagnostic, Style};
    /// use apigw_vtl::syntax::Span;
    /// let diagnostic = Diagnostic::warning("read as if indented", Span::new(0, 1));
    /// assert!(diagnostic.is_warning());
    /// assert!(diagnostic.excerpt("}", "t.yaml", Style::Plain).starts_with("warning: read as if indented"));
    /// ```
    pub fn warning(message: impl Into<String>, span: Span) -> Self {
        Diagnostic {
            level: DiagnosticLevel::Warning,
            ..Diagnostic::new(message, span)
        }
    }

    /// A note (printed `note: message`): worth knowing, not wrong by itself (a linter's advice).
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::diagnostic::{Diagnostic, Style};
    /// use apigw_vtl::syntax::Span;
    /// let diagnostic = Diagnostic::note("iterates a payload list", Span::new(0, 1));
    /// assert!(diagnostic.excerpt("x", "t.vtl", Style::Plain).starts_with("note: iterates"));
    /// ```
    pub fn note(message: impl Into<String>, span: Span) -> Self {
        Diagnostic {
            level: DiagnosticLevel::Note,
            ..Diagnostic::new(message, span)
        }
    }

    /// The same diagnostic with a code after its level, as rustc prints `error[E0308]` and
    /// clippy `warning[clippy::name]`: the linter's rule id.
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::diagnostic::{Diagnostic, Style};
    /// use apigw_vtl::syntax::Span;
    /// let diagnostic = Diagnostic::warning("no such method", Span::new(0, 1)).with_code("unknown-util-method");
    /// assert!(diagnostic.excerpt("x", "t.vtl", Style::Plain).starts_with("warning[unknown-util-method]: no such method"));
    /// ```
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    /// The same diagnostic with a help printed after the notes (`= help: ...`): how to fix it.
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::diagnostic::{Diagnostic, Style};
    /// use apigw_vtl::syntax::Span;
    /// let diagnostic = Diagnostic::warning("typo", Span::new(0, 1)).with_help("did you mean `b`?");
    /// assert!(diagnostic.excerpt("x", "t", Style::Plain).ends_with("= help: did you mean `b`?"));
    /// ```
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.helps.push(help.into());
        self
    }

    /// Whether it is a warning rather than an error.
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::diagnostic::Diagnostic;
    /// assert!(!Diagnostic::new("no", apigw_vtl::syntax::Span::at(0)).is_warning());
    /// ```
    pub fn is_warning(&self) -> bool {
        self.level == DiagnosticLevel::Warning
    }

    /// The same diagnostic with another label under its primary span.
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::diagnostic::{Diagnostic, Style};
    /// use apigw_vtl::syntax::Span;
    /// let diagnostic = Diagnostic::new("no", Span::new(0, 2)).with_label("this one");
    /// assert!(diagnostic.excerpt("ab", "t", Style::Plain).ends_with("^^ this one"));
    /// ```
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// The same diagnostic with a second place that matters, underlined with `-` and labelled.
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::diagnostic::Diagnostic;
    /// use apigw_vtl::syntax::Span;
    /// let diagnostic = Diagnostic::new("never closed", Span::at(9))
    ///     .with_secondary(Span::new(0, 3), "opened here");
    /// assert_eq!(diagnostic.secondary(), [(Span::new(0, 3), "opened here".to_string())]);
    /// ```
    pub fn with_secondary(mut self, span: Span, label: impl Into<String>) -> Self {
        self.secondary.push((span, label.into()));
        self
    }

    /// The same diagnostic with a note printed after the excerpt (`= note: ...`): what follows
    /// from the error, or what AWS would do.
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::diagnostic::{Diagnostic, Style};
    /// use apigw_vtl::syntax::Span;
    /// let diagnostic = Diagnostic::new("no", Span::new(0, 1)).with_note("AWS answers 500");
    /// assert!(diagnostic.excerpt("x", "t", Style::Plain).ends_with("= note: AWS answers 500"));
    /// ```
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// What went wrong.
    ///
    /// # Examples
    /// ```
    /// let error = apigw_vtl::syntax::parse("#end").unwrap_err();
    /// let diagnostic = apigw_vtl::diagnostic::Diagnostic::from(&error);
    /// assert_eq!(diagnostic.message(), error.message());
    /// ```
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The bytes of the source the diagnostic is about.
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::syntax::Span;
    /// let error = apigw_vtl::syntax::parse("ok #end").unwrap_err();
    /// assert_eq!(apigw_vtl::diagnostic::Diagnostic::from(&error).span(), Span::new(3, 7));
    /// ```
    pub fn span(&self) -> Span {
        self.span
    }

    /// The other places that matter, each with its label.
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::syntax::Span;
    /// let error = apigw_vtl::syntax::parse("#if($x)").unwrap_err();
    /// let diagnostic = apigw_vtl::diagnostic::Diagnostic::from(&error);
    /// assert_eq!(diagnostic.secondary(), [(Span::new(0, 3), "opened here".to_string())]);
    /// ```
    pub fn secondary(&self) -> &[(Span, String)] {
        &self.secondary
    }

    /// The notes printed after the excerpt.
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::diagnostic::Diagnostic;
    /// use apigw_vtl::syntax::Span;
    /// let diagnostic = Diagnostic::new("no", Span::at(0)).with_note("why");
    /// assert_eq!(diagnostic.notes(), ["why"]);
    /// ```
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// The one-line form, `name:line:col: message`: 1-based line and column (in characters) of
    /// the primary span's start in `source`.
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::diagnostic::Diagnostic;
    /// let source = "a\n#set($a 1)";
    /// let error = apigw_vtl::syntax::parse(source).unwrap_err();
    /// assert_eq!(
    ///     Diagnostic::from(&error).one_line(source, "t.vtl"),
    ///     "t.vtl:2:9: unexpected `1`, expected `=` after the reference in `#set`"
    /// );
    /// ```
    pub fn one_line(&self, source: &str, name: &str) -> String {
        let (line, column) = position_of(source, self.span.start as usize);
        format!("{name}:{line}:{column}: {}", self.message)
    }

    /// The excerpt form: `error: message` (`warning: message` for a warning), ` --> name:line:col`, the numbered lines of `source`
    /// around the spans with `^` under the primary one and `-` under the others, each with its
    /// label, then the notes. No final newline.
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::diagnostic::{Diagnostic, Style};
    /// let source = "#set($a = )";
    /// let error = apigw_vtl::syntax::parse(source).unwrap_err();
    /// let text = Diagnostic::from(&error).excerpt(source, "t.vtl", Style::Plain);
    /// assert!(text.starts_with("error: unexpected `)`"));
    /// assert!(text.contains(" --> t.vtl:1:11\n"));
    /// assert!(text.contains("1 | #set($a = )\n  |           ^ here"));
    /// ```
    pub fn excerpt(&self, source: &str, name: &str, style: Style) -> String {
        let clamp = |span: Span| clamp(source, span);
        let shown = lines_as_velocity_counts_them(source);
        let mut snippet = Snippet::source(shown).line_start(1).path(name).annotation(
            AnnotationKind::Primary
                .span(clamp(self.span))
                .label(self.label.as_str()),
        );
        for (span, label) in &self.secondary {
            snippet = snippet.annotation(AnnotationKind::Context.span(clamp(*span)).label(label));
        }
        let level = match self.level {
            DiagnosticLevel::Error => Level::ERROR,
            DiagnosticLevel::Warning => Level::WARNING,
            DiagnosticLevel::Note => Level::NOTE,
        };
        let mut title = level.primary_title(self.message.as_str());
        if let Some(code) = &self.code {
            title = title.id(code.as_str());
        }
        let mut group = Group::with_title(title).element(snippet);
        for note in &self.notes {
            group = group.element(Level::NOTE.message(note.as_str()));
        }
        for help in &self.helps {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        let renderer = match style {
            Style::Plain => Renderer::plain(),
            Style::Colored => Renderer::styled(),
        };
        renderer.render(&[group])
    }
}

/// `source` with each lone `\r` made a `\n`: Velocity counts it as a line end (so do
/// [`position_of`] and the one-line form), the excerpt library does not. Same length, so every span
/// still points at the same bytes.
fn lines_as_velocity_counts_them(source: &str) -> std::borrow::Cow<'_, str> {
    let bytes = source.as_bytes();
    let lone = |at: usize| bytes[at] == b'\r' && bytes.get(at + 1) != Some(&b'\n');
    if !(0..bytes.len()).any(lone) {
        return std::borrow::Cow::Borrowed(source);
    }
    let mut text = String::with_capacity(source.len());
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        text.push(if c == '\r' && chars.peek() != Some(&'\n') {
            '\n'
        } else {
            c
        });
    }
    std::borrow::Cow::Owned(text)
}

/// `span` as a range the excerpt library may slice `source` at: inside it and on character
/// boundaries (the text shown may be a lossy copy of input that was not UTF-8, and a span may
/// come from another copy of the text).
fn clamp(source: &str, span: Span) -> std::ops::Range<usize> {
    let mut start = (span.start as usize).min(source.len());
    while !source.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (span.end as usize).min(source.len()).max(start);
    while !source.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// A parse error: its message at its span, and where an unclosed directive opened.
///
/// # Examples
/// ```
/// use apigw_vtl::diagnostic::{Diagnostic, Style};
/// let source = "a\n#if($x)b";
/// let error = apigw_vtl::syntax::parse(source).unwrap_err();
/// let text = Diagnostic::from(&error).excerpt(source, "t.vtl", Style::Plain);
/// assert!(text.contains("opened here"), "{text}");
/// assert!(text.contains(" --> t.vtl:2:9\n"), "{text}");
/// ```
impl From<&ParseError> for Diagnostic {
    fn from(error: &ParseError) -> Self {
        let diagnostic = Diagnostic::new(error.message(), error.span());
        match error.opened_at() {
            Some(opened) => diagnostic.with_secondary(opened, "opened here"),
            None => diagnostic,
        }
    }
}

/// A render error: `render failed: ...` at the reference or directive that failed, with what
/// API Gateway does about it.
///
/// # Examples
/// ```
/// use apigw_vtl::diagnostic::{Diagnostic, Style};
/// use apigw_vtl::render::{Variables, render};
/// use apigw_vtl::syntax::Template;
/// let template = Template::parse("#set($l = [1])\n$l.get(9)")?;
/// let error = render(&template, &mut Variables::new()).unwrap_err();
/// let diagnostic = Diagnostic::from(&error);
/// assert_eq!(
///     diagnostic.one_line(template.source(), "t.vtl"),
///     "t.vtl:2:1: render failed: IndexOutOfBoundsException: Index 9 out of bounds for length 1"
/// );
/// assert!(diagnostic.excerpt(template.source(), "t.vtl", Style::Plain).ends_with("= note: API Gateway answers 500 for this template"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl From<&RenderError> for Diagnostic {
    fn from(error: &RenderError) -> Self {
        let diagnostic = Diagnostic::new(format!("render failed: {error}"), error.span());
        match error {
            // Strict mode's own error: API Gateway would have printed "" and gone on.
            RenderError::Undefined { .. } => diagnostic
                .with_label("undefined")
                .with_help("define it, fix the name, or write `$!` to allow nothing"),
            _ => diagnostic.with_note("API Gateway answers 500 for this template"),
        }
    }
}

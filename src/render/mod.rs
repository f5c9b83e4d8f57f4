//! Syntax tree + variables → output bytes, exactly as Velocity 1.7 renders them on API Gateway.
//!
//! Owns: evaluation of expressions and references, the directives, the loop and define scopes, and
//! the limits that keep a render bounded. Knows nothing of API Gateway: `$input`, `$util` and
//! `$context` arrive as [`HostObject`](crate::value::HostObject)s in the [`Variables`].
//!
//! Whitespace needs no rules of its own here: Velocity's lexer already folded each directive's
//! swallowed blanks and line end into the directive's tokens (see `syntax::lexer`), so rendering
//! prints text nodes as they are and directives print nothing of their own.
//!
//! API Gateway's settings, reproduced throughout (velocity-facts.md): an undefined reference, a
//! failed property or method, and a null result all evaluate to the empty string; `#macro`
//! definitions render nothing and macro calls (and `#evaluate`) print literally; `#foreach` stops
//! after 1000 iterations.

mod coverage;
mod error;
mod eval;
mod scope;
mod variables;

#[cfg(test)]
mod tests;

use std::rc::Rc;

pub use coverage::{Arm, Branch, BranchKind, Coverage, branches};
pub use error::RenderError;
pub use variables::Variables;

use crate::java::{ExceptionClass, JavaException};
use crate::syntax::{
    Block, Comment, CommentKind, Directive, DirectiveKind, EscapedDirective, Expr, IfDirective,
    InterpolatedString, Node, Reference, SetDirective, Span, Template,
};
use crate::value::Value;
use scope::{DefineBlock, ForeachScope};

/// Bounds on one render. A template can nest `#foreach` loops (each capped at 1000 iterations) deep
/// enough to run for ever; these limits turn that into an error instead.
///
/// `#[non_exhaustive]` (more limits may come): start from `Limits::default()` and change fields.
///
/// # Examples
/// ```
/// use apigw_vtl::render::{Limits, RenderError, Variables, render_with_limits};
/// use apigw_vtl::syntax::Template;
/// let mut limits = Limits::default();
/// limits.max_output_bytes = 8;
/// let template = Template::parse("#foreach($i in [1..9])$i,#end")?;
/// let error = render_with_limits(&template, &mut Variables::new(), limits).unwrap_err();
/// assert!(matches!(error, RenderError::OutputTooLarge { limit: 8, .. }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct Limits {
    /// Largest output, in bytes (API Gateway's payload limit is 10 MB).
    pub max_output_bytes: usize,
    /// Most statements and expressions evaluated.
    pub max_steps: u64,
    /// Strict mode (not API Gateway's behaviour, which is the default): a reference that is
    /// undefined, or a step of one that gives nothing (no such method or property, a null
    /// result), fails the render with [`RenderError::Undefined`] at its place instead of
    /// printing "". A quiet reference (`$!x`) stays quiet. For tests that should catch typos.
    ///
    /// ```
    /// use apigw_vtl::render::{Limits, RenderError, Variables, render_with_limits};
    /// use apigw_vtl::syntax::Template;
    /// let mut strict = Limits::default();
    /// strict.strict = true;
    /// let template = Template::parse("#set($name = 'x')\n$nmae $!optional")?;
    /// let error = render_with_limits(&template, &mut Variables::new(), strict).unwrap_err();
    /// assert!(matches!(&error, RenderError::Undefined { .. }));
    /// assert_eq!(error.span().slice(template.source()), "$nmae");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub strict: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_output_bytes: 64 * 1024 * 1024,
            max_steps: 50_000_000,
            strict: false,
        }
    }
}

/// Velocity's iteration cap, `directive.foreach.maxloops = 1000` on API Gateway.
pub const MAX_FOREACH_ITERATIONS: usize = 1000;

/// `#define` blocks may render themselves this deep (Velocity's `directive.define.max_depth`).
const DEFINE_MAX_DEPTH: usize = 2;

/// Renders `template` with `variables`, which it updates as `#set` does.
///
/// # Errors
/// A [`RenderError`] when a method throws, a limit is reached, or a construct cannot be rendered
/// (`#include`, `#parse`): on API Gateway such a template answers 500.
///
/// # Examples
/// ```
/// use apigw_vtl::render::{Variables, render};
/// use apigw_vtl::syntax::Template;
/// let template = Template::parse("#set($x = 7 / 2)$x $nope!")?;
/// let mut variables = Variables::new();
/// assert_eq!(render(&template, &mut variables)?, "3 !");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render(template: &Template, variables: &mut Variables) -> Result<String, RenderError> {
    render_with_limits(template, variables, Limits::default())
}

/// [`render`] with explicit [`Limits`].
///
/// # Errors
/// As [`render`].
pub fn render_with_limits(
    template: &Template,
    variables: &mut Variables,
    limits: Limits,
) -> Result<String, RenderError> {
    render_observed(template, variables, limits, None)
}

/// [`render`], counting in `coverage` which arm of each `#if` and whether each `#foreach` body
/// ran (see [`Coverage`]).
///
/// # Errors
/// As [`render`].
pub fn render_with_coverage(
    template: &Template,
    variables: &mut Variables,
    coverage: &mut Coverage,
) -> Result<String, RenderError> {
    render_observed(template, variables, Limits::default(), Some(coverage))
}

fn render_observed(
    template: &Template,
    variables: &mut Variables,
    limits: Limits,
    coverage: Option<&mut Coverage>,
) -> Result<String, RenderError> {
    let mut renderer = Renderer {
        variables,
        limits,
        steps: 0,
        defines: Vec::new(),
        define_depths: Vec::new(),
        strings: Vec::new(),
        coverage,
    };
    let mut out = String::with_capacity(template.source().len() + 64);
    match renderer.block(template.nodes(), template.source(), &mut out) {
        // `#stop` and a `#break` outside any loop end the template, keeping what was written.
        Ok(()) | Err(Interrupt::Stop) | Err(Interrupt::Break(None)) => Ok(out),
        Err(Interrupt::Break(Some(_))) => Ok(out),
        Err(Interrupt::Error(error) | Interrupt::Placed(error)) => Err(error),
    }
}

/// Why rendering left a block early.
pub(crate) enum Interrupt {
    /// `#stop`: everything stops.
    Stop,
    /// `#break`: the nearest loop or define block (`None`), or the loop whose `$foreach` scope was
    /// named (`#break($foreach.parent)`).
    Break(Option<usize>),
    /// A failure: the render fails. Its span indexes the text of the block being left (the
    /// template, or an interpolated string's content).
    Error(RenderError),
    /// A failure whose span has been moved into the template's own source (see
    /// [`Renderer::place`]): it passes the blocks of enclosing strings unchanged.
    Placed(RenderError),
}

impl From<RenderError> for Interrupt {
    fn from(error: RenderError) -> Self {
        Interrupt::Error(error)
    }
}

pub(crate) type Flow<T> = Result<T, Interrupt>;

/// A chain of interpolated strings, outermost first, each with the text its span indexes.
type Strings<'t> = Vec<(&'t InterpolatedString, &'t str)>;

pub(crate) struct Renderer<'t, 'c> {
    pub(crate) variables: &'c mut Variables,
    limits: Limits,
    steps: u64,
    /// The `#define` blocks met so far, with the source their spans index and the strings that
    /// source lies in (a block can be defined inside a string and rendered outside it).
    defines: Vec<(&'t Block, &'t str, Strings<'t>)>,
    /// The interpolated strings being rendered, outermost first, each with the text its span
    /// indexes: how a span in the innermost string's content maps back to the template.
    strings: Strings<'t>,
    /// How deep each define block is rendering itself.
    define_depths: Vec<usize>,
    /// Branch counters, only when asked for: checked once per `#if` and `#foreach`.
    coverage: Option<&'c mut Coverage>,
}

impl<'t> Renderer<'t, '_> {
    /// Whether strict mode is on ([`Limits::strict`]).
    pub(crate) fn strict(&self) -> bool {
        self.limits.strict
    }

    /// Moves a failure raised in the innermost string being rendered into the template's own
    /// source, where the user wrote it (each string's content is parsed as a template of its own,
    /// so its spans count from the string's first character). Called where the block of another
    /// text ends: an interpolated string's, or a `#define` body's.
    pub(crate) fn place(&self, interrupt: Interrupt) -> Interrupt {
        match interrupt {
            Interrupt::Error(mut error) => {
                let mut span = error.span();
                for (string, enclosing) in self.strings.iter().rev() {
                    span = string.span_in_enclosing(span, enclosing);
                }
                error.set_span(span);
                Interrupt::Placed(error)
            }
            other => other,
        }
    }

    pub(crate) fn step(&mut self, at: Span) -> Flow<()> {
        self.steps += 1;
        if self.steps > self.limits.max_steps {
            return Err(RenderError::TooMuchWork {
                limit: self.limits.max_steps,
                at,
            }
            .into());
        }
        Ok(())
    }

    fn check_output(&self, out: &str, at: Span) -> Flow<()> {
        if out.len() > self.limits.max_output_bytes {
            return Err(RenderError::OutputTooLarge {
                limit: self.limits.max_output_bytes,
                at,
            }
            .into());
        }
        Ok(())
    }

    pub(crate) fn block(
        &mut self,
        nodes: &'t [Node],
        source: &'t str,
        out: &mut String,
    ) -> Flow<()> {
        for node in nodes {
            self.node(node, source, out)?;
        }
        Ok(())
    }

    fn node(&mut self, node: &'t Node, source: &'t str, out: &mut String) -> Flow<()> {
        match node {
            Node::Text(span) => out.push_str(span.slice(source)),
            Node::SpecialText(span) => write_special_text(span.slice(source), out),
            Node::Escape(escape) => {
                let each = if escape.before_directive {
                    "\\"
                } else {
                    "\\\\"
                };
                for _ in 0..escape.pairs {
                    out.push_str(each);
                }
            }
            Node::EscapedDirective(escaped) => write_escaped_directive(escaped, source, out),
            Node::Comment(comment) => write_comment(comment, source, out),
            Node::Textblock(span) => {
                // ASTTextblock drops the first three and last three characters of the token image.
                let image = span.slice(source);
                out.push_str(image.get(3..image.len().saturating_sub(3)).unwrap_or(""));
            }
            Node::Reference(reference) => {
                self.step(reference.span)?;
                self.render_reference(reference, source, out)?;
                self.check_output(out, reference.span)?;
            }
            Node::Set(set) => {
                self.step(set.span)?;
                self.set(set, source)?;
            }
            Node::If(directive) => {
                self.step(directive.span)?;
                self.if_directive(directive, source, out)?;
            }
            Node::Directive(directive) => {
                self.step(directive.span)?;
                self.directive(directive, source, out)?;
                self.check_output(out, directive.span)?;
            }
        }
        Ok(())
    }

    fn set(&mut self, set: &'t SetDirective, source: &'t str) -> Flow<()> {
        let value = self.value(&set.value, source)?;
        // A null right side (division by zero, arithmetic with a null) leaves the target as it was
        // (velocity-facts: set-null; ASTSetDirective with `directive.set.null.allowed = false`).
        if value.is_null() {
            return Ok(());
        }
        let target = &set.target;
        if target.segments.is_empty() {
            // Velocity names the variable after the first token minus its first character, so
            // `#set(${a} = 1)` sets a variable called "{" and `#set($!a = 1)` one called "!a".
            let image = if target.braced {
                target.head.slice(source)
            } else {
                target
                    .span
                    .slice(source)
                    .get(..(target.name.end - target.span.start) as usize)
                    .unwrap_or("")
            };
            let name = image.get(1..).unwrap_or("");
            self.variables.insert(name, value);
            return Ok(());
        }
        self.assign(target, value, source)
    }

    fn if_directive(
        &mut self,
        directive: &'t IfDirective,
        source: &'t str,
        out: &mut String,
    ) -> Flow<()> {
        for (arm, branch) in directive.branches.iter().enumerate() {
            if self.truth(&branch.condition, source)? {
                self.count(directive.span, arm, directive.branches.len() + 1);
                return self.block(&branch.body, source, out);
            }
        }
        // The last arm: the `#else`, or the implicit "no arm taken".
        self.count(
            directive.span,
            directive.branches.len(),
            directive.branches.len() + 1,
        );
        if let Some(otherwise) = &directive.otherwise {
            return self.block(&otherwise.body, source, out);
        }
        Ok(())
    }

    /// Counts an arm of the branch at `at` when coverage is on, for the template's own text
    /// (not a string literal's: see `coverage`).
    fn count(&mut self, at: Span, arm: usize, arms: usize) {
        if let Some(coverage) = self.coverage.as_deref_mut()
            && self.strings.is_empty()
        {
            coverage.hit(at.start, arm, arms);
        }
    }

    fn directive(
        &mut self,
        directive: &'t Directive,
        source: &'t str,
        out: &mut String,
    ) -> Flow<()> {
        let arguments = directive.arguments.as_deref().unwrap_or(&[]);
        match directive.kind {
            DirectiveKind::Foreach => self.foreach(directive, arguments, source, out),
            DirectiveKind::Define => {
                if let (Some(first), Some(body)) = (arguments.first(), &directive.body) {
                    // Define.init: the key is the first token's image minus its first character.
                    let image = match first {
                        Expr::Reference(name) => reference_first_image(name, source),
                        other => other.span().slice(source),
                    };
                    let key = image.get(1..).unwrap_or("").to_string();
                    let id = self.defines.len();
                    self.defines.push((body, source, self.strings.clone()));
                    self.define_depths.push(0);
                    self.variables
                        .insert(&key, Value::Host(Rc::new(DefineBlock { id })));
                }
                Ok(())
            }
            // API Gateway does not permit inline macros: the definition renders nothing.
            DirectiveKind::Macro => Ok(()),
            DirectiveKind::Break => match arguments.first() {
                None => Err(Interrupt::Break(None)),
                Some(argument) => {
                    let scope = self.value(argument, source)?;
                    match scope_id(&scope) {
                        Some(id) => Err(Interrupt::Break(Some(id))),
                        None => Err(RenderError::Thrown {
                            exception: JavaException::new(
                                ExceptionClass::VelocityException,
                                format!(
                                    "{} is not a valid org.apache.velocity.runtime.directive.Scope instance",
                                    argument.span().slice(source)
                                ),
                            ),
                            at: directive.span,
                        }
                        .into()),
                    }
                }
            },
            DirectiveKind::Stop => {
                if let Some(argument) = arguments.first() {
                    // `#stop($message)` evaluates its message, then stops everything.
                    self.value(argument, source)?;
                }
                Err(Interrupt::Stop)
            }
            DirectiveKind::Literal => {
                // `#literal() ... #end` prints its body's source as written.
                if let (Some(_), Some(end)) = (&directive.body, directive.end) {
                    let start = body_start(directive, arguments);
                    out.push_str(source.get(start..end.start as usize).unwrap_or(""));
                }
                Ok(())
            }
            DirectiveKind::Include | DirectiveKind::Parse => Err(RenderError::Unsupported {
                construct: format!("#{}", directive.name.slice(source)),
                at: directive.span,
            }
            .into()),
            // A macro call, `#evaluate(...)` or any unknown `#name`: printed as written
            // (velocity-facts: macro (aws), evaluate (aws)).
            DirectiveKind::BlockMacroCall | DirectiveKind::Unknown => {
                out.push_str(directive.span.slice(source));
                Ok(())
            }
        }
    }

    /// Renders a `#define` block (`$block` where the variable holds one).
    pub(crate) fn render_define(&mut self, id: usize, out: &mut String) -> Flow<bool> {
        let Some((body, source, strings)) = self.defines.get(id) else {
            return Ok(false);
        };
        let (body, source) = (*body, *source);
        if self.define_depths[id] >= DEFINE_MAX_DEPTH {
            return Ok(false);
        }
        // The body's spans index the text it was defined in, which may be a string's content
        // (cloning an empty chain does not allocate).
        let strings = std::mem::replace(&mut self.strings, strings.clone());
        self.define_depths[id] += 1;
        let result = self.block(body, source, out).map_err(|i| self.place(i));
        self.define_depths[id] -= 1;
        self.strings = strings;
        match result {
            Ok(()) | Err(Interrupt::Break(None)) => Ok(true),
            Err(other) => Err(other),
        }
    }

    fn foreach(
        &mut self,
        directive: &'t Directive,
        arguments: &'t [Expr],
        source: &'t str,
        out: &mut String,
    ) -> Flow<()> {
        // Velocity reads the loop variable from child 0, the collection from child 2 and renders
        // child 3; the `in` between is never checked. With fewer than three arguments child 2 is
        // the body, whose value is null: nothing renders. With none Velocity itself crashes.
        let Some(variable) = arguments.first() else {
            return Err(RenderError::Unsupported {
                construct: "#foreach without a loop variable".to_string(),
                at: directive.span,
            }
            .into());
        };
        if arguments.len() < 3 {
            if arguments.len() < 2 {
                return Err(RenderError::Unsupported {
                    construct: "#foreach without a collection".to_string(),
                    at: directive.span,
                }
                .into());
            }
            return Ok(());
        }
        let collection = self.value(&arguments[2], source)?;
        let Some(mut walk) = Walk::new(&collection) else {
            self.count(directive.span, 1, 2);
            return Ok(());
        };
        let body = directive.body.as_deref().unwrap_or(&[]);
        let element_key: String = match variable {
            Expr::Reference(reference) => reference.name.slice(source).to_string(),
            other => other
                .span()
                .slice(source)
                .get(1..)
                .unwrap_or("")
                .to_string(),
        };
        let saved_element = self.variables.get(&element_key).cloned();
        let saved_count = self.variables.get("velocityCount").cloned();
        let saved_has_next = self.variables.get("velocityHasNext").cloned();
        let saved_scope = self.variables.get("foreach").cloned();
        let scope = Rc::new(ForeachScope::new(saved_scope));
        let scope_id = Rc::as_ptr(&scope) as *const () as usize;
        self.variables.insert("foreach", Value::Host(scope.clone()));

        let mut result = Ok(());
        let mut index = 0;
        // The loop's one NullHolderContext is created active at its first null item.
        let mut holder_active = true;
        loop {
            if index >= MAX_FOREACH_ITERATIONS {
                break;
            }
            let item = match walk.next(index) {
                Ok(Some(item)) => item,
                Ok(None) => break,
                Err(exception) => {
                    result = Err(RenderError::Thrown {
                        exception,
                        at: directive.span,
                    }
                    .into());
                    break;
                }
            };
            if let Err(e) = self.step(directive.span) {
                result = Err(e);
                break;
            }
            let has_next = walk.has_next(index + 1);
            index += 1;
            // `$velocityCount` counts from 1: after the increment it is `index`.
            self.variables
                .insert("velocityCount", Value::int(index as i32));
            self.variables
                .insert("velocityHasNext", Value::Bool(has_next));
            // A null element renders in Velocity's NullHolderContext: the variable reads null for the
            // iteration even if the body sets it.
            let null_item = item.is_null();
            if null_item {
                self.variables.put_null(&element_key);
                self.variables.push_null_holder(&element_key, holder_active);
            } else {
                self.variables.insert(&element_key, item);
            }
            scope.advance(has_next);
            let outcome = match (arguments.len(), &arguments.get(3)) {
                (3, _) => self.block(body, source, out),
                // A fourth argument stands where the body should be: Velocity renders it instead.
                (_, Some(Expr::Reference(reference))) => {
                    self.render_reference(reference, source, out)
                }
                _ => Ok(()),
            };
            if null_item {
                holder_active = self.variables.pop_null_holder();
            }
            match outcome {
                Ok(()) => {}
                Err(Interrupt::Break(None)) => break,
                Err(Interrupt::Break(Some(id))) if id == scope_id => break,
                Err(other) => {
                    result = Err(other);
                    break;
                }
            }
            if let Err(e) = self.check_output(out, directive.span) {
                result = Err(e);
                break;
            }
        }
        self.count(directive.span, usize::from(index == 0), 2);
        restore(self.variables, &element_key, saved_element);
        restore(self.variables, "velocityCount", saved_count);
        restore(self.variables, "velocityHasNext", saved_has_next);
        // `Directive.postRender`: if `$foreach` still holds a scope, it gives way to that scope's
        // parent (or what it replaced); if the body `#set` it to something else, it stays.
        let current = self.variables.get("foreach").cloned();
        if let Some(scope) = current.as_ref().and_then(scope::as_scope) {
            let restored = scope.restored();
            restore(self.variables, "foreach", restored);
        }
        result
    }
}

fn restore(variables: &mut Variables, key: &str, saved: Option<Value>) {
    match saved {
        Some(value) => variables.insert(key, value),
        None => variables.remove(key),
    }
}

/// What `#foreach` walks, as Velocity's `getIterator` finds it: a list's or array's items, a map's
/// values. Anything else is not iterable and the loop renders nothing.
///
/// The walk is over the live collection, as Java's iterators are: a body that adds to or removes
/// from it makes the next step throw `ConcurrentModificationException` (unless the walk has just
/// reached the end), exactly when Java's `ArrayList` and `LinkedHashMap` iterators would.
enum Walk {
    /// An `ArrayList`'s iterator: `hasNext` reads the live size, `next` checks `modCount`.
    List(crate::value::ListRef, u32),
    Array(Rc<Vec<Value>>),
    /// A `LinkedHashMap`'s iterator over its values (a map), or over the keys, values or entries of
    /// a view: `hasNext` is whether an entry followed the last one taken (when it was taken), `next`
    /// checks `modCount`.
    Map(crate::value::MapRef, crate::value::ViewPart, u32, bool),
}

impl Walk {
    fn new(collection: &Value) -> Option<Walk> {
        Some(match collection {
            Value::List(list) => {
                let list_ref = list.borrow();
                match &list_ref.view {
                    Some((map, part)) => Walk::over_map(map, *part),
                    None => Walk::List(list.clone(), list_ref.mod_count),
                }
            }
            Value::Array(items) => Walk::Array(items.clone()),
            Value::Map(map) => Walk::over_map(map, crate::value::ViewPart::Values),
            _ => return None,
        })
    }

    fn over_map(map: &crate::value::MapRef, part: crate::value::ViewPart) -> Walk {
        let (mod_count, any) = {
            let map = map.borrow();
            (map.mod_count(), !map.is_empty())
        };
        Walk::Map(map.clone(), part, mod_count, any)
    }

    /// Java's `hasNext()` with `position` items taken.
    fn has_next(&self, position: usize) -> bool {
        match self {
            Walk::List(list, _) => position != list.borrow().items.len(),
            Walk::Array(items) => position < items.len(),
            Walk::Map(_, _, _, following) => *following,
        }
    }

    /// Java's `hasNext()` then `next()`.
    fn next(&mut self, position: usize) -> Result<Option<Value>, JavaException> {
        if !self.has_next(position) {
            return Ok(None);
        }
        let cme = || JavaException::new(ExceptionClass::ConcurrentModificationException, "");
        Ok(match self {
            Walk::List(list, expected) => {
                let list = list.borrow();
                if list.mod_count != *expected {
                    return Err(cme());
                }
                list.items.get(position).cloned()
            }
            Walk::Array(items) => items.get(position).cloned(),
            Walk::Map(map, part, expected, following) => {
                let map = map.borrow();
                if map.mod_count() != *expected {
                    return Err(cme());
                }
                *following = position + 1 < map.len();
                map.entry_at(position).map(|(key, value)| match part {
                    crate::value::ViewPart::Keys => key.clone(),
                    crate::value::ViewPart::Values => value.clone(),
                    crate::value::ViewPart::Entries => {
                        Value::Entry(Rc::new((key.clone(), value.clone())))
                    }
                })
            }
        })
    }
}

/// The identity of a `$foreach` scope value, for `#break($foreach)`.
fn scope_id(value: &Value) -> Option<usize> {
    match value {
        Value::Host(host) => host
            .as_any()
            .downcast_ref::<ForeachScope>()
            .map(|scope| scope as *const ForeachScope as *const () as usize),
        _ => None,
    }
}

/// Where a block directive's body starts in the source: after its closing parenthesis token.
fn body_start(directive: &Directive, arguments: &[Expr]) -> usize {
    // The directive's span runs to the end of `#end`; the header ends at the `)` token, which the
    // parser does not keep separately. The body's first node (if any) starts right after it.
    match directive.body.as_ref().and_then(|b| b.first()) {
        Some(node) => node_start(node),
        None => directive.end.map_or(0, |end| end.start as usize),
    }
    .max(arguments.last().map_or(0, |a| a.span().end as usize))
}

pub(crate) fn node_start(node: &Node) -> usize {
    let span = match node {
        Node::Text(span) | Node::SpecialText(span) | Node::Textblock(span) => *span,
        Node::Escape(e) => e.span,
        Node::EscapedDirective(e) => e.span,
        Node::Comment(c) => c.span,
        Node::Reference(r) => r.span,
        Node::Set(s) => s.span,
        Node::If(i) => i.span,
        Node::Directive(d) => d.span,
    };
    span.start as usize
}

/// The image of a reference's first token: `$name`, `\\$!name`, or `${` for the braced form.
pub(crate) fn reference_first_image<'s>(reference: &Reference, source: &'s str) -> &'s str {
    if reference.braced {
        reference.head.slice(source)
    } else {
        Span::new(reference.span.start as usize, reference.name.end as usize).slice(source)
    }
}

/// `NodeUtils.getSpecialText`: of the text set aside before a token, Velocity prints the `#` and `$`
/// characters and any run of backslashes that ends in a `$`.
fn write_special_text(text: &str, out: &mut String) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' | b'$' => out.push(bytes[i] as char),
            b'\\' => {
                let mut j = i;
                while j < bytes.len() && bytes[j] == b'\\' {
                    j += 1;
                }
                if j < bytes.len() && bytes[j] == b'$' {
                    out.push_str(&text[i..=j]);
                    // Velocity's loop then skips the character after the `$` as well.
                    i = j + 2;
                    continue;
                }
                i = j;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
}

/// `\#if` prints `#if`; `\\\#if` prints `\#if`: half the backslashes before the last one survive,
/// when Velocity recognises the name; otherwise the text prints unchanged.
fn write_escaped_directive(escaped: &EscapedDirective, source: &str, out: &mut String) {
    let image = escaped.span.slice(source);
    if !escaped.recognized {
        out.push_str(image);
        return;
    }
    let last_backslash = image.rfind('\\').unwrap_or(0);
    out.push_str(&image[..last_backslash / 2]);
    out.push_str(&image[last_backslash + 1..]);
}

fn write_comment(comment: &Comment, source: &str, out: &mut String) {
    if comment.kind == CommentKind::Line {
        out.push_str(comment.printed_prefix.slice(source));
    }
}

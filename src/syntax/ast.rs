//! The syntax tree: plain data, every node with the [`Span`] of the source it came from.
//!
//! The tree follows Velocity 1.7's productions (`Parser.jjt`) closely, because later stages must
//! reproduce what Velocity does with each of them, down to which characters a statement prints. Text
//! is never copied: nodes hold spans into the template's source. The one exception is the content of
//! an interpolated string literal, which Velocity itself rewrites (`""` → `"`, `\uXXXX`, an added
//! space) before parsing it as a template of its own; [`InterpolatedString`] owns that text.
//!
//! Every type here is `#[non_exhaustive]`: the tree may gain node kinds and fields as more of
//! Velocity is modelled. Outside this crate a tree comes from
//! [`Template::parse`](super::Template::parse) only, and a `match` on its enums needs a `_` arm.

use super::span::Span;

/// A sequence of statements: a template, or the body of a directive.
pub type Block = Vec<Node>;

/// One statement of a template.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Node {
    /// Literal text, printed as it is.
    Text(Span),
    /// A `$`, `$!` or `#` (possibly behind backslashes) that started no reference or directive
    /// (`Hello $ x`, `100 # items`). Velocity keeps it as a "special token" attached to the next
    /// token; only text prints it, and only its `$`, `#` and backslashes-before-`$`. Before any other
    /// statement it vanishes, so the tree keeps it only before [`Node::Text`].
    SpecialText(Span),
    /// A run of `\\` pairs (Velocity's `Escape`), printed as one or two backslashes per pair depending
    /// on whether a directive follows.
    Escape(Escape),
    /// `\#if`, `\\\#set`...: an escaped directive name, printed as text.
    EscapedDirective(EscapedDirective),
    /// `## ...`, `#* ... *#` or `#** ... *#`.
    Comment(Comment),
    /// `#[[ ... ]]#`: printed without being parsed.
    Textblock(Span),
    /// `$a`, `${a.b}`, `$!a.m($x)[0]`...
    Reference(Reference),
    /// `#set($target = expression)`.
    Set(Box<SetDirective>),
    /// `#if (...) ... #elseif (...) ... #else ... #end`.
    If(Box<IfDirective>),
    /// Any other `#word` or `#{word}`: `#foreach`, `#define`, `#macro`, `#break`, `#stop`, `#include`,
    /// `#parse`, `#literal`, an unknown name, or a macro call.
    Directive(Box<Directive>),
}

/// A run of escaped backslashes (`\\`, `\\\\`...) before something that is not `$`.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Escape {
    /// The backslashes.
    pub span: Span,
    /// Number of `\\` pairs.
    pub pairs: u32,
    /// Whether the next token is a directive (`#if`, `#else`, `#elseif`, `#end`, a known directive or a
    /// macro defined earlier): then each pair prints one backslash, otherwise two.
    pub before_directive: bool,
}

/// An escaped directive name such as `\#if` or `\\\#end`.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct EscapedDirective {
    /// The backslashes and the `#name`.
    pub span: Span,
    /// Whether Velocity recognises the name (`if`, `else`, `elseif`, `end`, `set`, a directive or a
    /// macro defined earlier); if not, the text prints unchanged.
    pub recognized: bool,
}

/// The three comment forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CommentKind {
    /// `## ...` up to and including the end of the line.
    Line,
    /// `#* ... *#`.
    Block,
    /// `#** ... *#`.
    Formal,
}

/// A comment.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Comment {
    /// The whole comment, from any `$`/`#` that ran into it to its end.
    pub span: Span,
    /// Which form.
    pub kind: CommentKind,
    /// Text that ran into a line comment and that Velocity prints (the `$` of `$## x`); empty otherwise.
    pub printed_prefix: Span,
}

/// A reference: `$name` followed by properties, method calls and indexes.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Reference {
    /// The whole reference, from its first backslash or `$` to its last character.
    pub span: Span,
    /// What came before the identifier: backslashes, `$`, `!`, `{` (`\\$!{`). Empty for an identifier
    /// Velocity reads as a reference without a `$` (inside method arguments: `$a.m(b)`).
    pub head: Span,
    /// The root name (`a` of `$a.b`).
    pub name: Span,
    /// `${...}` form.
    pub braced: bool,
    /// `$!` form: quiet.
    pub quiet: bool,
    /// Number of backslashes before the `$`.
    pub escapes: u32,
    /// Properties, method calls and indexes, in order.
    pub segments: Vec<Segment>,
}

/// One step after the root of a reference.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Segment {
    /// `.name`.
    Property {
        /// The name.
        name: Span,
    },
    /// `.name(arguments)`.
    Method {
        /// The name.
        name: Span,
        /// The arguments, in order.
        arguments: Vec<Expr>,
        /// From the name to the closing parenthesis.
        span: Span,
    },
    /// `[index]`.
    Index {
        /// The index expression (a string, an integer, a boolean or a reference).
        index: Box<Expr>,
        /// From `[` to `]`.
        span: Span,
    },
}

/// `#set($target = value)`.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct SetDirective {
    /// From the first blank Velocity swallows before `#set` to the closing parenthesis (and the line
    /// end it swallows).
    pub span: Span,
    /// The reference assigned to.
    pub target: Reference,
    /// The value.
    pub value: Expr,
}

/// `#if` with its `#elseif` branches and optional `#else`.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct IfDirective {
    /// From `#if` to the end of `#end`.
    pub span: Span,
    /// The `#if` branch followed by each `#elseif` branch.
    pub branches: Vec<Branch>,
    /// The `#else` block.
    pub otherwise: Option<ElseBranch>,
    /// The `#end` token (with the line end it swallows).
    pub end: Span,
}

/// A condition and the block it guards.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Branch {
    /// The `#if` / `#elseif` keyword through its closing parenthesis.
    pub span: Span,
    /// The condition.
    pub condition: Expr,
    /// The statements.
    pub body: Block,
}

/// An `#else` block.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ElseBranch {
    /// The `#else` token (with the line end it swallows).
    pub span: Span,
    /// The statements.
    pub body: Block,
}

/// The directives Velocity 1.7 knows on API Gateway (`#evaluate` is removed there, so it is
/// [`DirectiveKind::Unknown`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DirectiveKind {
    /// `#foreach($item in $list) ... #end`.
    Foreach,
    /// `#define($name) ... #end`.
    Define,
    /// `#macro(name $arg ...) ... #end`.
    Macro,
    /// `#break`.
    Break,
    /// `#stop`.
    Stop,
    /// `#include(...)`.
    Include,
    /// `#parse(...)`.
    Parse,
    /// `#literal() ... #end`.
    Literal,
    /// `#@name(...) ... #end`: a block macro call.
    BlockMacroCall,
    /// Any other name: a macro call or plain text, as the renderer decides.
    Unknown,
}

impl DirectiveKind {
    /// The directive a name denotes.
    pub fn from_name(name: &str) -> Self {
        match name {
            "foreach" => DirectiveKind::Foreach,
            "define" => DirectiveKind::Define,
            "macro" => DirectiveKind::Macro,
            "break" => DirectiveKind::Break,
            "stop" => DirectiveKind::Stop,
            "include" => DirectiveKind::Include,
            "parse" => DirectiveKind::Parse,
            "literal" => DirectiveKind::Literal,
            _ if name.starts_with('@') => DirectiveKind::BlockMacroCall,
            _ => DirectiveKind::Unknown,
        }
    }

    /// Whether the directive is known to Velocity (as opposed to a macro name or text).
    pub fn is_known(self) -> bool {
        !matches!(self, DirectiveKind::BlockMacroCall | DirectiveKind::Unknown)
    }

    /// Whether, given parentheses, it takes a body closed by `#end`.
    pub fn takes_block(self) -> bool {
        matches!(
            self,
            DirectiveKind::Foreach
                | DirectiveKind::Define
                | DirectiveKind::Macro
                | DirectiveKind::Literal
                | DirectiveKind::BlockMacroCall
        )
    }
}

/// A `#name`, `#name(arguments)` or block directive.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Directive {
    /// From `#` to the closing parenthesis, or to the end of `#end` for a block.
    pub span: Span,
    /// What the name denotes.
    pub kind: DirectiveKind,
    /// The name without `#`, `{` and `}`.
    pub name: Span,
    /// The arguments; `None` when no parenthesis followed the name.
    pub arguments: Option<Vec<Expr>>,
    /// The body, for block directives.
    pub body: Option<Block>,
    /// The `#end` token of a block directive.
    pub end: Option<Span>,
}

/// An expression: a directive argument, a `#set` value, an `#if` condition, a method argument.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Expr {
    /// A reference.
    Reference(Box<Reference>),
    /// A bare word, allowed only as a directive argument (`in` of `#foreach`, a macro's name).
    Word(Span),
    /// `'single quoted'`, or `"double quoted"` without `$` or `#`.
    String(StringLiteral),
    /// `"double quoted with $references or #directives"`.
    Interpolated(Box<InterpolatedString>),
    /// `42`, `-7`.
    Integer(Span),
    /// `2.5`, `-.5`, `1e3`.
    Float(Span),
    /// `true`.
    True(Span),
    /// `false`.
    False(Span),
    /// `[a, b]`.
    List {
        /// The items.
        items: Vec<Expr>,
        /// From `[` to `]`.
        span: Span,
    },
    /// `{key: value, ...}`.
    Map {
        /// The entries, in source order.
        entries: Vec<(Expr, Expr)>,
        /// From `{` to `}`.
        span: Span,
    },
    /// `[from..to]`.
    Range {
        /// Start (an integer or a reference).
        from: Box<Expr>,
        /// End (an integer or a reference).
        to: Box<Expr>,
        /// From `[` to `]`.
        span: Span,
    },
    /// `!x`, `not x`.
    Not {
        /// The operand.
        operand: Box<Expr>,
        /// From the operator to the operand's end.
        span: Span,
    },
    /// `a op b`.
    Binary {
        /// The operator.
        op: BinaryOp,
        /// Left operand.
        left: Box<Expr>,
        /// Right operand.
        right: Box<Expr>,
        /// From the left operand's start to the right operand's end.
        span: Span,
        /// What Velocity calls this node's `literal()`: its tree node opens just before the right
        /// operand, so the text runs from the blank after the operator to the right operand's end
        /// (blanks included). `"x" + (1/0)` prints it when a side is null (`ASTAddNode`).
        literal: Span,
    },
    /// `( expression )`: kept so that a condition like `#if((1))` is seen as written.
    Group {
        /// The inner expression.
        inner: Box<Expr>,
        /// From `(` to `)`.
        span: Span,
    },
}

impl Expr {
    /// The source range of the expression.
    pub fn span(&self) -> Span {
        match self {
            Expr::Reference(r) => r.span,
            Expr::Word(s) | Expr::Integer(s) | Expr::Float(s) | Expr::True(s) | Expr::False(s) => {
                *s
            }
            Expr::String(s) => s.span,
            Expr::Interpolated(s) => s.span,
            Expr::List { span, .. }
            | Expr::Map { span, .. }
            | Expr::Range { span, .. }
            | Expr::Not { span, .. }
            | Expr::Binary { span, .. }
            | Expr::Group { span, .. } => *span,
        }
    }
}

/// A string literal that is not interpolated.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct StringLiteral {
    /// The literal with its quotes.
    pub span: Span,
    /// Its value, when it differs from the text between the quotes (doubled quotes, `\u` escapes).
    pub unescaped: Option<Box<str>>,
}

/// A double-quoted string containing `$` or `#`: Velocity parses its content as a template.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct InterpolatedString {
    /// The literal with its quotes.
    pub span: Span,
    /// The text Velocity parses: the content with `\uXXXX` and doubled quotes resolved, plus one
    /// space at the end unless it contains `##` (Velocity's "MORE kludge"; the renderer drops the
    /// last character of the output again in that case).
    pub source: Box<str>,
    /// Whether the space was added.
    pub padded: bool,
    /// The parsed content; spans index into `source`.
    pub nodes: Block,
}

impl InterpolatedString {
    /// `span`, a range of [`InterpolatedString::source`], as the range of the literal as written in
    /// `enclosing` (the text this string's own [`span`](InterpolatedString::span) indexes): so that
    /// an error inside the string is reported where the user wrote it, through `\uXXXX` escapes and
    /// doubled quotes. The appended space maps to the closing quote.
    pub(crate) fn span_in_enclosing(&self, span: Span, enclosing: &str) -> Span {
        let literal = self.span.slice(enclosing);
        // A literal is at least its two quotes; anything else means `enclosing` is not the text
        // this string came from, and the string as a whole is the best place left.
        let Some(inner) = literal.get(1..literal.len().saturating_sub(1)) else {
            return self.span;
        };
        let start = self.span.start as usize + 1;
        Span::new(
            start + super::parser::inner_offset(inner, span.start as usize),
            start + super::parser::inner_offset(inner, span.end as usize),
        )
    }
}

/// Binary operators, by precedence from loosest: `||`; `&&`; `==` `!=`; `<` `>` `<=` `>=`; `+` `-`;
/// `*` `/` `%`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BinaryOp {
    /// `||`, `or`.
    Or,
    /// `&&`, `and`.
    And,
    /// `==`, `eq`.
    Eq,
    /// `!=`, `ne`.
    Ne,
    /// `<`, `lt`.
    Lt,
    /// `>`, `gt`.
    Gt,
    /// `<=`, `le`.
    Le,
    /// `>=`, `ge`.
    Ge,
    /// `+`.
    Add,
    /// `-`.
    Sub,
    /// `*`.
    Mul,
    /// `/`.
    Div,
    /// `%`.
    Mod,
}

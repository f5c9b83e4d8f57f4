//! Expressions and references: Velocity 1.7's `value()`, `evaluate()`, `execute()` and
//! `setValue()` of each node, with API Gateway's invalid-reference rule (failures become "").

use std::cmp::Ordering;
use std::rc::Rc;

use super::error::RenderError;
use super::scope::DefineBlock;
use super::{Flow, Interrupt, Renderer, reference_first_image};
use crate::java::methods::{self, MethodError};
use crate::syntax::{BinaryOp, Expr, Reference, Segment, Span};
use crate::value::{ArithmeticOp, JavaMap, Number, Value, compare_numbers, write_java_string};

/// `[m..n]` ranges longer than this are refused instead of allocated (Java would run out of memory
/// long before `[1..2000000000]` completes; `#foreach` uses at most 1000 items anyway).
const MAX_RANGE_LENGTH: i64 = 10_000_000;

/// How a reference's first token decomposes (`ASTReference.getRoot`).
struct Head<'s> {
    /// No `$` at all: a name Velocity prints as it is (`x` in `$y #set($z = 1)x`).
    runt: bool,
    /// An odd number of backslashes before the `$`.
    escaped: bool,
    /// Half the backslashes, printed before the reference.
    escape_prefix: &'s str,
    /// Text between the backslashes and the last `$` (the `#` of `#$a`), printed before it.
    more_prefix: &'s str,
    /// The reference as written from its `$` on: what an escaped reference prints.
    literal: &'s str,
}

fn head<'s>(reference: &Reference, source: &'s str) -> Head<'s> {
    let head = reference.head.slice(source);
    let whole = reference.span.slice(source);
    // Nearly every reference is written `$a`, `$!a`, `${a}` or `$!{a}`: nothing before its one `$`.
    if let [b'$', rest @ ..] = head.as_bytes()
        && !rest.contains(&b'$')
    {
        return Head {
            runt: false,
            escaped: false,
            escape_prefix: "",
            more_prefix: "",
            literal: whole,
        };
    }
    let backslashes = head.bytes().take_while(|&b| b == b'\\').count();
    let after_escapes = &head[backslashes..];
    let dollar = after_escapes.rfind('$');
    Head {
        runt: dollar.is_none(),
        escaped: backslashes % 2 == 1,
        escape_prefix: &head[..backslashes / 2],
        more_prefix: dollar.map_or("", |d| &after_escapes[..d]),
        literal: whole
            .get(backslashes + dollar.unwrap_or(0)..)
            .unwrap_or(whole),
    }
}

fn method_error(error: MethodError, at: Span) -> Interrupt {
    match error {
        MethodError::Thrown(exception) => RenderError::Thrown { exception, at },
        MethodError::Regex(error) => RenderError::Regex { error, at },
    }
    .into()
}

impl<'t> Renderer<'t, '_> {
    /// `ASTReference.execute`: the reference's value. API Gateway's handler turns an undefined root,
    /// a failed step and a null result into "". Only a reference without `$` is null.
    pub(crate) fn reference_value(
        &mut self,
        reference: &'t Reference,
        source: &'t str,
    ) -> Flow<Value> {
        if head(reference, source).runt {
            return Ok(Value::Null);
        }
        let name = reference.name.slice(source);
        let Some(mut current) = self.variables.get(name).filter(|v| !v.is_null()).cloned() else {
            return self.nothing(reference, source, reference.name);
        };
        for segment in &reference.segments {
            match self.segment(&current, segment, source, reference.span)? {
                Some(value) => current = value,
                None => return self.nothing(reference, source, segment_span(segment)),
            }
        }
        Ok(current)
    }

    /// What an undefined reference, or one whose step `upto` gives nothing, evaluates to: ""
    /// as on API Gateway, or in strict mode ([`super::Limits::strict`]) an error, unless the
    /// reference is quiet (`$!x`). Only reached when "" is produced.
    fn nothing(&self, reference: &Reference, source: &str, upto: Span) -> Flow<Value> {
        if !self.strict() || reference.quiet {
            return Ok(Value::empty_string());
        }
        let end = (upto.end as usize).max(reference.name.end as usize);
        let shown = source
            .get(reference.span.start as usize..end)
            .unwrap_or_default()
            .to_string();
        Err(RenderError::Undefined {
            reference: shown,
            at: reference.span,
        }
        .into())
    }

    /// One step of a reference: a property, a method call or an index on `current`. `Ok(None)` when
    /// it finds nothing or null; a method that throws fails the render, reported at `at`.
    fn segment(
        &mut self,
        current: &Value,
        segment: &'t Segment,
        source: &'t str,
        at: Span,
    ) -> Flow<Option<Value>> {
        let result = match segment {
            Segment::Property { name } => methods::property(current, name.slice(source)),
            Segment::Method {
                name, arguments, ..
            } => {
                let mut values = Vec::with_capacity(arguments.len());
                for argument in arguments {
                    values.push(self.value(argument, source)?);
                }
                methods::call(current, name.slice(source), &values)
            }
            Segment::Index { index, .. } => {
                let key = self.value(index, source)?;
                methods::index(current, &key)
            }
        };
        match result {
            Ok(value) => Ok(value.filter(|v| !v.is_null())),
            Err(error) => Err(method_error(error, at)),
        }
    }

    /// `ASTReference.render`.
    pub(crate) fn render_reference(
        &mut self,
        reference: &'t Reference,
        source: &'t str,
        out: &mut String,
    ) -> Flow<()> {
        let head = head(reference, source);
        if head.runt {
            // A reference without `$` prints its first token: the name, or the `{` of `{x}`.
            out.push_str(reference_first_image(reference, source));
            return Ok(());
        }
        if !head.escaped && self.write_host_call(reference, source, &head, out)? {
            return Ok(());
        }
        let value = self.reference_value(reference, source)?;
        if head.escaped {
            out.push_str(head.escape_prefix);
            if value.is_null() {
                out.push('\\');
            }
            out.push_str(head.literal);
            return Ok(());
        }
        if let Value::Host(host) = &value
            && let Some(block) = host.as_any().downcast_ref::<DefineBlock>()
        {
            // A block renders itself straight into the output, without the reference's prefixes
            // (Velocity's `Renderable` branch), so what it wrote before a `#stop` stays.
            if self.render_define(block.id, out)? {
                return Ok(());
            }
            // Too deep: Velocity then asks the block's toString(), which is null at this depth,
            // and prints the reference as written.
            out.push_str(head.escape_prefix);
            out.push_str(head.escape_prefix);
            out.push_str(head.more_prefix);
            if !reference.quiet {
                out.push_str(head.literal);
            }
            return Ok(());
        }
        out.push_str(head.escape_prefix);
        out.push_str(head.more_prefix);
        write_java_string(&value, out);
        Ok(())
    }

    /// `$object.method(...)` printed by the object itself, when the root is a host object that
    /// offers to ([`HostObject::writes_call`](crate::value::HostObject::writes_call)): the same
    /// text as printing the call's value, without the value. `false` when not taken.
    fn write_host_call(
        &mut self,
        reference: &'t Reference,
        source: &'t str,
        head: &Head<'t>,
        out: &mut String,
    ) -> Flow<bool> {
        let [
            Segment::Method {
                name, arguments, ..
            },
        ] = reference.segments.as_slice()
        else {
            return Ok(false);
        };
        let name = name.slice(source);
        let host = match self.variables.get(reference.name.slice(source)) {
            Some(Value::Host(host)) if host.writes_call(name) => host.clone(),
            _ => return Ok(false),
        };
        let mut values = Vec::with_capacity(arguments.len());
        for argument in arguments {
            values.push(self.value(argument, source)?);
        }
        out.push_str(head.escape_prefix);
        out.push_str(head.more_prefix);
        host.write_call(name, &values, out)
            .map_err(|exception| method_error(MethodError::Thrown(exception), reference.span))?;
        Ok(true)
    }

    /// `ASTReference.setValue`: `#set($a.b.c = v)`, `#set($a[$k] = v)`.
    pub(crate) fn assign(
        &mut self,
        target: &'t Reference,
        value: Value,
        source: &'t str,
    ) -> Flow<()> {
        let name = target.name.slice(source);
        let Some(mut current) = self.variables.get(name).filter(|v| !v.is_null()).cloned() else {
            return Ok(());
        };
        let Some((last, walk)) = target.segments.split_last() else {
            return Ok(());
        };
        for segment in walk {
            match self.segment(&current, segment, source, target.span)? {
                Some(next) => current = next,
                None => return Ok(()),
            }
        }
        match last {
            Segment::Property { name } => {
                let name = name.slice(source);
                match &current {
                    Value::Map(map) => {
                        map.borrow_mut().insert(Value::string(name), value);
                    }
                    Value::Host(host) => {
                        host.set_property(name, value);
                    }
                    _ => {}
                }
            }
            Segment::Index { index, .. } => {
                let key = self.value(index, source)?;
                let key = match methods::adjust_negative_index(&current, &key) {
                    Ok(key) => key,
                    Err(error) => return Err(method_error(error, target.span)),
                };
                let result = match &current {
                    Value::List(_) => methods::call(&current, "set", &[key, value]),
                    Value::Map(_) => methods::call(&current, "put", &[key, value]),
                    _ => Ok(None),
                };
                if let Err(error) = result {
                    return Err(method_error(error, target.span));
                }
            }
            // `#set($a.b() = 1)` parses; Velocity finds no property to set.
            Segment::Method { .. } => {}
        }
        Ok(())
    }

    /// `node.value(context)`.
    pub(crate) fn value(&mut self, expr: &'t Expr, source: &'t str) -> Flow<Value> {
        self.step(expr.span())?;
        Ok(match expr {
            Expr::Reference(reference) => self.reference_value(reference, source)?,
            Expr::Word(_) => Value::Null,
            Expr::String(string) => match &string.unescaped {
                Some(value) => Value::String(Rc::from(&**value)),
                None => {
                    let text = string.span.slice(source);
                    Value::string(text.get(1..text.len().saturating_sub(1)).unwrap_or(""))
                }
            },
            Expr::Interpolated(string) => {
                let mut rendered = String::new();
                self.strings.push((string, source));
                let result = self
                    .block(&string.nodes, &string.source, &mut rendered)
                    .map_err(|i| self.place(i));
                self.strings.pop();
                result?;
                if string.padded {
                    // Velocity removes the last UTF-16 unit of the output, which is normally the
                    // space it appended before parsing.
                    if let Some(last) = rendered.pop()
                        && last.len_utf16() == 2
                    {
                        rendered.push('?');
                    }
                }
                Value::String(Rc::from(rendered))
            }
            Expr::Integer(span) => {
                Number::parse_integer(span.slice(source)).map_or(Value::Null, Value::Number)
            }
            Expr::Float(span) => Value::Number(Number::parse_decimal(span.slice(source))),
            Expr::True(_) => Value::Bool(true),
            Expr::False(_) => Value::Bool(false),
            Expr::List { items, .. } => {
                let mut values = Vec::with_capacity(items.len());
                for item in items {
                    values.push(self.value(item, source)?);
                }
                Value::list(values)
            }
            Expr::Map { entries, .. } => {
                let mut map = JavaMap::with_capacity(entries.len());
                for (key, value) in entries {
                    let key = self.value(key, source)?;
                    let value = self.value(value, source)?;
                    map.insert(key, value);
                }
                Value::map(map)
            }
            Expr::Range { from, to, span } => {
                let from = self.value(from, source)?;
                let to = self.value(to, source)?;
                match (from, to) {
                    (Value::Number(from), Value::Number(to)) => {
                        let (from, to) = (from.int_value(), to.int_value());
                        let length = (i64::from(from) - i64::from(to)).abs() + 1;
                        if length > MAX_RANGE_LENGTH {
                            return Err(RenderError::TooMuchWork {
                                limit: MAX_RANGE_LENGTH as u64,
                                at: *span,
                            }
                            .into());
                        }
                        let step: i32 = if from >= to { -1 } else { 1 };
                        let mut items = Vec::with_capacity(length as usize);
                        let mut current = from;
                        for _ in 0..length {
                            items.push(Value::int(current));
                            current = current.wrapping_add(step);
                        }
                        Value::list(items)
                    }
                    _ => Value::Null,
                }
            }
            Expr::Not { operand, .. } => Value::Bool(!self.truth(operand, source)?),
            Expr::Binary {
                op, left, right, ..
            } => match arithmetic_op(*op) {
                Some(arithmetic) => self.math(arithmetic, left, right, source)?,
                None => Value::Bool(self.truth(expr, source)?),
            },
            Expr::Group { inner, .. } => self.value(inner, source)?,
        })
    }

    /// `node.evaluate(context)`: how `#if` and the logical operators see a node. References and
    /// boolean expressions are tested; any other node (a literal, arithmetic) is false without being
    /// evaluated (velocity-facts: `#if('abc')`, `#if(1 + 1)` are false).
    pub(crate) fn truth(&mut self, expr: &'t Expr, source: &'t str) -> Flow<bool> {
        self.step(expr.span())?;
        Ok(match expr {
            Expr::Reference(reference) => match self.reference_value(reference, source)? {
                Value::Null => false,
                Value::Bool(b) => b,
                _ => true,
            },
            Expr::True(_) => true,
            Expr::Not { operand, .. } => !self.truth(operand, source)?,
            Expr::Group { inner, .. } => self.truth(inner, source)?,
            Expr::Binary {
                op, left, right, ..
            } => match op {
                BinaryOp::Or => self.truth(left, source)? || self.truth(right, source)?,
                BinaryOp::And => self.truth(left, source)? && self.truth(right, source)?,
                BinaryOp::Eq | BinaryOp::Ne => {
                    let left = self.value(left, source)?;
                    let right = self.value(right, source)?;
                    let equal = velocity_equals(&left, &right);
                    if *op == BinaryOp::Eq { equal } else { !equal }
                }
                BinaryOp::Lt | BinaryOp::Gt | BinaryOp::Le | BinaryOp::Ge => {
                    let left = self.value(left, source)?;
                    let right = self.value(right, source)?;
                    match (left, right) {
                        (Value::Number(a), Value::Number(b)) => {
                            let ordering = compare_numbers(&a, &b);
                            match op {
                                BinaryOp::Lt => ordering == Ordering::Less,
                                BinaryOp::Gt => ordering == Ordering::Greater,
                                BinaryOp::Le => ordering != Ordering::Greater,
                                _ => ordering != Ordering::Less,
                            }
                        }
                        _ => false,
                    }
                }
                _ => false,
            },
            _ => false,
        })
    }

    /// `ASTMathNode.value`.
    fn math(
        &mut self,
        op: ArithmeticOp,
        left: &'t Expr,
        right: &'t Expr,
        source: &'t str,
    ) -> Flow<Value> {
        let left_value = self.value(left, source)?;
        let right_value = self.value(right, source)?;
        if op == ArithmeticOp::Add
            && (matches!(left_value, Value::String(_)) || matches!(right_value, Value::String(_)))
        {
            // String concatenation; a null side contributes its source text (ASTAddNode).
            let mut text = String::new();
            match &left_value {
                Value::Null => text.push_str(velocity_literal(left).slice(source)),
                other => write_java_string(other, &mut text),
            }
            match &right_value {
                Value::Null => text.push_str(velocity_literal(right).slice(source)),
                other => write_java_string(other, &mut text),
            }
            return Ok(Value::String(Rc::from(text)));
        }
        let (Value::Number(a), Value::Number(b)) = (left_value, right_value) else {
            return Ok(Value::Null);
        };
        if matches!(op, ArithmeticOp::Div | ArithmeticOp::Mod) && b.is_zero() {
            return Ok(Value::Null);
        }
        match Number::arithmetic(op, &a, &b) {
            Ok(result) => Ok(Value::Number(result)),
            Err(exception) => Err(RenderError::Thrown {
                exception,
                at: left.span().to(right.span()),
            }
            .into()),
        }
    }
}

/// The text Velocity's `literal()` gives for an expression's node: a binary node's own literal span;
/// for a parenthesis, the `ASTExpression` node inside it, whose tokens run from just after `(` to
/// just before `)`, blanks included (`'a' + (  7 / 0 )` gives `a  7 / 0 `); else the expression as
/// written.
fn velocity_literal(expr: &Expr) -> Span {
    match expr {
        Expr::Binary { literal, .. } => *literal,
        Expr::Group { span, .. } => Span::new(
            span.start as usize + 1,
            (span.end as usize).saturating_sub(1),
        ),
        other => other.span(),
    }
}

fn arithmetic_op(op: BinaryOp) -> Option<ArithmeticOp> {
    Some(match op {
        BinaryOp::Add => ArithmeticOp::Add,
        BinaryOp::Sub => ArithmeticOp::Sub,
        BinaryOp::Mul => ArithmeticOp::Mul,
        BinaryOp::Div => ArithmeticOp::Div,
        BinaryOp::Mod => ArithmeticOp::Mod,
        _ => return None,
    })
}

/// `ASTEQNode.evaluate`: numbers by value; related classes by `equals`; anything else by their
/// `toString()`s (so `'1' == 1` is true and `'1.0' == 1` false); two nulls are equal.
fn velocity_equals(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::Number(a), Value::Number(b)) => compare_numbers(a, b) == Ordering::Equal,
        (Value::Null, Value::Null) => true,
        (Value::Null, _) | (_, Value::Null) => false,
        (a, b) if a.same_java_family(b) => a.java_equals(b),
        (a, b) => a.to_java_string() == b.to_java_string(),
    }
}

/// The name (or index) of one step of a reference, for strict mode's message.
fn segment_span(segment: &Segment) -> Span {
    match segment {
        Segment::Property { name } | Segment::Method { span: name, .. } => *name,
        Segment::Index { span, .. } => *span,
    }
}

//! JSON-building rules: `$util.escapeJavaScript` without the `\'` fix-up, `$input.path` of a
//! string without quotes, `$input.json` inside quotes, `#foreach` separators, and the template's
//! output rendered with a sample payload checked as JSON.

use super::templates::Walker;
use super::{Hit, Severity};
use crate::apigw::{TemplateInput, render_template};
use crate::syntax::{Directive, Expr, Node, Reference, Segment, Span, Template};

/// Lambda error fields that are always plain strings (aws-semantics.md §2). `errorMessage` is
/// not one: a custom error carries a JSON text there, which AWS documents inserting as it is.
const STRING_FIELDS: [&str; 1] = ["errorType"];

/// The JSON rules of a reference printed into the output.
pub(crate) fn printed_reference(walker: &mut Walker<'_>, reference: &Reference) {
    if !walker.role.json || reference.escapes > 0 {
        return;
    }
    let text = walker.text();
    let root = reference.name.slice(text);
    let method_names: Vec<&str> = reference
        .segments
        .iter()
        .filter_map(|s| match s {
            Segment::Method { name, .. } => Some(name.slice(text)),
            _ => None,
        })
        .collect();
    if root == "util"
        && let Some(at) = method_names.iter().position(|m| *m == "escapeJavaScript")
        && !method_names[at..].contains(&"replaceAll")
    {
        walker.hits.push(
            Hit::new(
                "escape-javascript-in-json",
                walker.top(reference.span),
                "`$util.escapeJavaScript` writes `'` as `\\'`, which is not valid JSON",
            )
            .label("a `'` in the value breaks the JSON")
            .help(Some(format!(
                "append the fix-up: `{}.replaceAll(\"\\\\'\",\"'\")`",
                reference.span.slice(text)
            ))),
        );
    }
    if root != "input" || !walker.at_top() || reference.segments.len() != 1 {
        return;
    }
    let Some(Segment::Method {
        name, arguments, ..
    }) = reference.segments.first()
    else {
        return;
    };
    let source = walker.source;
    let before = source[..reference.span.start as usize]
        .trim_end()
        .chars()
        .last();
    let after_at = reference.span.end as usize;
    let after = source[after_at..].chars().next();
    let path = match arguments.first() {
        Some(Expr::String(s)) => s.span.slice(text).trim_matches(['\'', '"']).to_string(),
        _ => String::new(),
    };
    match name.slice(text) {
        "path" if matches!(before, Some(':' | '[' | ',')) && after != Some('"') => {
            let last = path.rsplit(['.', '[']).next().unwrap_or_default();
            let string = STRING_FIELDS.contains(&last);
            let mut hit = Hit::new(
                "unquoted-input-path",
                walker.top(reference.span),
                if string {
                    format!("`{last}` is a string: `$input.path` inserts it without quotes")
                } else {
                    "`$input.path` inserts a string value without quotes".to_string()
                },
            )
            .label(if string {
                "the output is not JSON"
            } else {
                "not JSON if the value is a string"
            })
            .help(Some(format!(
                "`$input.json('{path}')` writes the value as JSON, quotes included"
            )));
            if last == "errorMessage" {
                hit = hit.note("a custom error's errorMessage holding a JSON text inserts as JSON; any other message does not");
            }
            if !string {
                hit = hit.severity(Severity::Note);
            }
            walker.hits.push(hit);
        }
        "json" if before == Some('"') && after == Some('"') => {
            let start = reference.span.start as usize;
            walker.hits.push(
                Hit::new(
                    "quoted-input-json",
                    walker.top(reference.span),
                    "`$input.json` already writes a string with its quotes",
                )
                .label("a string value comes out as `\"\"x\"\"`")
                .help(Some(format!(
                    "drop the quotes around it: `{}`",
                    &source[start..after_at]
                ))),
            );
        }
        _ => {}
    }
}

/// `#foreach` separators in a JSON template: a comma after every item, none at all, or
/// `#if($foreach.hasNext),#end` before the item.
pub(crate) fn foreach_separators(walker: &mut Walker<'_>, directive: &Directive, hash: Span) {
    let Some(body) = &directive.body else {
        return;
    };
    let source = walker.source;
    let mentions_has_next = body_text(body, source).contains("hasNext");
    let texts: String = body
        .iter()
        .filter_map(|n| match n {
            Node::Text(span) => Some(span.slice(source)),
            _ => None,
        })
        .collect();
    let prints = body.iter().any(|n| match n {
        Node::Text(span) => !span.slice(source).trim().is_empty(),
        Node::Reference(_) => true,
        _ => false,
    });
    if !prints {
        return;
    }
    if let Some(first) = body.iter().find(|n| !is_blank(n, source))
        && let Node::If(directive) = first
        && directive.branches.len() == 1
        && body_text(&directive.branches[0].body, source).trim() == ","
        && mentions_has_next
    {
        walker.hits.push(
            Hit::new(
                "hasnext-misplaced",
                directive.branches[0].span,
                "the separator comes before the item: every item but the last gets a comma in front",
            )
            .label("before the item")
            .help(Some("move `#if($foreach.hasNext),#end` after the item".to_string())),
        );
        return;
    }
    if mentions_has_next {
        return;
    }
    let trimmed = texts.trim_end();
    if trimmed.ends_with(',') {
        let comma = body.iter().rev().find_map(|n| match n {
            Node::Text(span) => {
                let t = span.slice(source);
                t.trim_end()
                    .ends_with(',')
                    .then(|| span.start as usize + t.trim_end().len() - 1)
            }
            _ => None,
        });
        let span = comma.map_or(hash, |at| Span::new(at, at + 1));
        walker.hits.push(
            Hit::new(
                "foreach-trailing-comma",
                span,
                "this comma follows every item, the last one too: JSON has no trailing comma",
            )
            .label("also after the last item")
            .help(Some("write it as `#if($foreach.hasNext),#end`".to_string())),
        );
    } else if !texts.trim_start().starts_with(',') {
        walker.hits.push(
            Hit::new(
                "foreach-missing-separator",
                hash,
                "the items this `#foreach` writes have no comma between them",
            )
            .label("items written back to back")
            .help(Some(
                "write `#if($foreach.hasNext),#end` after the item".to_string(),
            )),
        );
    }
}

fn is_blank(node: &Node, source: &str) -> bool {
    matches!(node, Node::Text(span) if span.slice(source).trim().is_empty())
}

fn body_text<'s>(body: &[Node], source: &'s str) -> &'s str {
    let start = body.first().map(|n| node_span(n).start);
    let end = body.last().map(|n| node_span(n).end);
    match (start, end) {
        (Some(start), Some(end)) if start <= end => {
            Span::new(start as usize, end as usize).slice(source)
        }
        _ => "",
    }
}

fn node_span(node: &Node) -> Span {
    match node {
        Node::Text(span) | Node::SpecialText(span) | Node::Textblock(span) => *span,
        Node::Escape(e) => e.span,
        Node::EscapedDirective(e) => e.span,
        Node::Comment(c) => c.span,
        Node::Reference(r) => r.span,
        Node::Set(s) => s.span,
        Node::If(i) => i.span,
        Node::Directive(d) => d.span,
    }
}

/// Checks that the template's output is JSON without repeated keys, whatever the data: each
/// reference it prints is replaced by `1` (JSON whether the template quotes it or not), so what
/// breaks the output is the template's own text (commas, braces, repeated keys), not a value
/// (quoting is the other rules' business). The payload is a sample where every literal path the
/// template reads holds 1. A template that fails to render, or renders nothing, is left alone.
/// The hit is placed at the statement that wrote the output where JSON breaks.
pub(crate) fn render_check(template: &Template) -> Vec<Hit> {
    let mut payload = serde_json::Value::Object(serde_json::Map::new());
    let mut paths = Vec::new();
    input_paths(template.nodes(), template.source(), &mut paths);
    for path in &paths {
        insert_path(&mut payload, path);
    }
    let sample = TemplateInput::new(payload.to_string());
    let Some((skeleton, replaced)) = skeleton(template) else {
        return Vec::new();
    };
    let Ok(rendered) = render_template(&skeleton, &sample) else {
        return Vec::new();
    };
    let output = rendered.output;
    // Output that does not start as JSON is not meant to be JSON (a form body for SQS).
    if !output.trim_start().starts_with(['{', '[']) {
        return Vec::new();
    }
    let (message, at) = match serde_json::from_str::<serde_json::Value>(&output) {
        Err(error) => (
            format!("the output is not JSON: {error}"),
            offset_of_line_column(&output, error.line(), error.column()),
        ),
        Ok(_) => match repeated_key(&output) {
            // A key a reference wrote is data, not the template's text.
            Some(key) if key != "1" && !key.is_empty() => (
                format!("the output repeats the key `{key}`"),
                second_key(&output, &key),
            ),
            _ => return Vec::new(),
        },
    };
    let span = writer_of(&skeleton, &sample, at)
        .map(|span| original(span, &replaced))
        .unwrap_or(Span::new(0, 0));
    let shown: String = output.chars().take(200).collect();
    vec![
        Hit::new("invalid-json-output", span, message)
            .label("the JSON breaks in what this writes")
            .note(format!(
                "with each printed reference as 1 and the payload {payload}, the output is {shown:?}"
            )),
    ]
}

/// Renders the template with a test case's inputs: output that starts as JSON must be JSON
/// without repeated keys.
pub(crate) fn render_check_with(
    template: &Template,
    case: &str,
    input: &TemplateInput,
) -> Vec<Hit> {
    let Ok(rendered) = render_template(template, input) else {
        return Vec::new();
    };
    let output = rendered.output;
    if !output.trim_start().starts_with(['{', '[']) {
        return Vec::new();
    }
    let (message, at) = match serde_json::from_str::<serde_json::Value>(&output) {
        Err(error) => (
            format!("with the inputs of `{case}`, the output is not JSON: {error}"),
            offset_of_line_column(&output, error.line(), error.column()),
        ),
        Ok(_) => match repeated_key(&output) {
            Some(key) => (
                format!("with the inputs of `{case}`, the output repeats the key `{key}`"),
                second_key(&output, &key),
            ),
            None => return Vec::new(),
        },
    };
    let span = writer_of(template, input, at).unwrap_or(Span::new(0, 0));
    let shown: String = output.chars().take(200).collect();
    vec![
        Hit::new("invalid-json-output", span, message)
            .label("the JSON breaks in what this writes")
            .note(format!("rendered by the test case `{case}`: {shown:?}")),
    ]
}

/// A replacement of [`skeleton`]: the original span, and where its `1` stands in the skeleton.
type Replacement = (Span, usize);

/// The template with every reference it prints replaced by `1`, and the replacements made.
fn skeleton(template: &Template) -> Option<(Template, Vec<Replacement>)> {
    fn collect(nodes: &[Node], out: &mut Vec<Span>) {
        for node in nodes {
            match node {
                Node::Reference(r) if r.escapes == 0 => out.push(r.span),
                Node::If(directive) => {
                    for branch in &directive.branches {
                        collect(&branch.body, out);
                    }
                    if let Some(otherwise) = &directive.otherwise {
                        collect(&otherwise.body, out);
                    }
                }
                Node::Directive(directive) => {
                    if let Some(body) = &directive.body {
                        collect(body, out);
                    }
                }
                _ => {}
            }
        }
    }
    let mut spans = Vec::new();
    collect(template.nodes(), &mut spans);
    spans.sort_by_key(|s| s.start);
    let source = template.source();
    let mut text = String::with_capacity(source.len());
    let mut replaced = Vec::with_capacity(spans.len());
    let mut at = 0;
    for span in spans {
        let (start, end) = (span.start as usize, span.end as usize);
        if start < at {
            continue;
        }
        text.push_str(&source[at..start]);
        replaced.push((span, text.len()));
        text.push('1');
        at = end;
    }
    text.push_str(&source[at..]);
    Some((Template::parse(&text).ok()?, replaced))
}

/// A span of the skeleton as a span of the original template.
fn original(span: Span, replaced: &[Replacement]) -> Span {
    let map = |offset: usize| -> usize {
        let mut shift: isize = 0;
        for (orig, new_at) in replaced {
            if offset < *new_at {
                break;
            }
            if offset == *new_at {
                return orig.start as usize;
            }
            shift += orig.len() as isize - 1;
        }
        (offset as isize + shift).max(0) as usize
    };
    let start = map(span.start as usize);
    Span::new(start, map(span.end as usize).max(start))
}

/// The literal JSONPaths of `$input.path(...)` and `$input.json(...)` in `nodes`.
fn input_paths(nodes: &[Node], source: &str, out: &mut Vec<String>) {
    fn expr(e: &Expr, source: &str, out: &mut Vec<String>) {
        match e {
            Expr::Reference(r) => reference(r, source, out),
            Expr::List { items, .. } => items.iter().for_each(|i| expr(i, source, out)),
            Expr::Binary { left, right, .. } => {
                expr(left, source, out);
                expr(right, source, out);
            }
            Expr::Not { operand, .. } => expr(operand, source, out),
            Expr::Group { inner, .. } => expr(inner, source, out),
            _ => {}
        }
    }
    fn reference(r: &Reference, source: &str, out: &mut Vec<String>) {
        for segment in &r.segments {
            if let Segment::Method {
                name, arguments, ..
            } = segment
            {
                if r.name.slice(source) == "input"
                    && matches!(name.slice(source), "path" | "json")
                    && let Some(Expr::String(literal)) = arguments.first()
                {
                    out.push(
                        literal
                            .span
                            .slice(source)
                            .trim_matches(['\'', '"'])
                            .to_string(),
                    );
                }
                arguments.iter().for_each(|a| expr(a, source, out));
            }
        }
    }
    for node in nodes {
        match node {
            Node::Reference(r) => reference(r, source, out),
            Node::Set(set) => expr(&set.value, source, out),
            Node::If(directive) => {
                for branch in &directive.branches {
                    expr(&branch.condition, source, out);
                    input_paths(&branch.body, source, out);
                }
                if let Some(otherwise) = &directive.otherwise {
                    input_paths(&otherwise.body, source, out);
                }
            }
            Node::Directive(directive) => {
                directive
                    .arguments
                    .iter()
                    .flatten()
                    .for_each(|a| expr(a, source, out));
                if let Some(body) = &directive.body {
                    input_paths(body, source, out);
                }
            }
            _ => {}
        }
    }
}

/// Sets the plain dotted path `$.a.b` (keys only) of `payload` to 1, where nothing else stands.
fn insert_path(payload: &mut serde_json::Value, path: &str) {
    let Some(rest) = path.strip_prefix("$.").or_else(|| path.strip_prefix("$['")) else {
        return;
    };
    let keys: Vec<&str> = rest.split('.').collect();
    if keys
        .iter()
        .any(|k| k.is_empty() || k.contains(['[', ']', '*', '\'', '(', '?', '@']))
    {
        return;
    }
    let mut current = payload;
    for (i, key) in keys.iter().enumerate() {
        let Some(object) = current.as_object_mut() else {
            return;
        };
        let last = i + 1 == keys.len();
        current = object.entry(key.to_string()).or_insert_with(|| {
            if last {
                serde_json::Value::from(1)
            } else {
                serde_json::Value::Object(serde_json::Map::new())
            }
        });
    }
}

/// The byte offset of serde_json's 1-based line and column (column 0: the line's end).
fn offset_of_line_column(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (line_start + column.saturating_sub(1)).min(text.len())
}

/// Where `"key"` stands the second time in `text`.
fn second_key(text: &str, key: &str) -> usize {
    let quoted = format!("\"{key}\"");
    text.match_indices(&quoted).nth(1).map_or(0, |(at, _)| at)
}

/// The template statement (a top-level node) whose output covers byte `at` of the output:
/// found by rendering the template up to the end of each statement in turn. A text statement is
/// narrowed to the character written there.
fn writer_of(template: &Template, sample: &TemplateInput, at: usize) -> Option<Span> {
    let source = template.source();
    // Each statement costs a parse and a render of the text before it: enough for templates
    // people write, and bounded for the rest.
    if template.nodes().len() > 2000 {
        return None;
    }
    let mut before = 0;
    for node in template.nodes() {
        let span = node_span(node);
        let prefix = Template::parse(&source[..span.end as usize]).ok()?;
        let written = render_template(&prefix, sample).ok()?.output.len();
        if written > at {
            return Some(match node {
                Node::Text(text) => {
                    let mut offset = (text.start as usize + (at - before)).min(source.len());
                    // serde's column may fall inside a character: take its start.
                    while !source.is_char_boundary(offset) {
                        offset -= 1;
                    }
                    let end = source[offset.min(text.end as usize)..]
                        .chars()
                        .next()
                        .map_or(offset, |c| offset + c.len_utf8());
                    Span::new(offset.min(text.end as usize), end.min(text.end as usize))
                }
                Node::Reference(reference) => reference.span,
                _ => {
                    let text = span.slice(source);
                    let first_line = text.find(['\n', '\r']).unwrap_or(text.len());
                    Span::new(span.start as usize, span.start as usize + first_line)
                }
            });
        }
        before = written;
    }
    // The break is at the very end (an unclosed object): the last statement.
    template.nodes().last().map(node_span)
}

/// The first key an object of the JSON text `text` repeats.
fn repeated_key(text: &str) -> Option<String> {
    use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
    use std::cell::RefCell;
    struct Seed<'a>(&'a RefCell<Option<String>>);
    impl<'de> DeserializeSeed<'de> for Seed<'_> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }
    }
    impl<'de> Visitor<'de> for Seed<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("JSON")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let mut seen = std::collections::HashSet::new();
            while let Some(key) = map.next_key::<String>()? {
                if !seen.insert(key.clone()) && self.0.borrow().is_none() {
                    *self.0.borrow_mut() = Some(key);
                }
                map.next_value_seed(Seed(self.0))?;
            }
            Ok(())
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            while seq.next_element_seed(Seed(self.0))?.is_some() {}
            Ok(())
        }
        fn visit_bool<E>(self, _: bool) -> Result<(), E> {
            Ok(())
        }
        fn visit_i64<E>(self, _: i64) -> Result<(), E> {
            Ok(())
        }
        fn visit_u64<E>(self, _: u64) -> Result<(), E> {
            Ok(())
        }
        fn visit_f64<E>(self, _: f64) -> Result<(), E> {
            Ok(())
        }
        fn visit_str<E>(self, _: &str) -> Result<(), E> {
            Ok(())
        }
        fn visit_unit<E>(self) -> Result<(), E> {
            Ok(())
        }
    }
    let found = RefCell::new(None);
    let mut deserializer = serde_json::Deserializer::from_str(text);
    Seed(&found).deserialize(&mut deserializer).ok()?;
    let _ = IgnoredAny;
    found.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(source: &str) -> Vec<(String, String)> {
        let template = Template::parse(source).unwrap();
        render_check(&template)
            .into_iter()
            .map(|h| (h.message, h.span.slice(source).to_string()))
            .collect()
    }

    #[test]
    fn a_repeated_literal_key_is_reported_where_it_repeats() {
        assert_eq!(
            check("{\n  \"a\": $input.json('$.a'),\n  \"a\": 2\n}"),
            [(
                "the output repeats the key `a`".to_string(),
                "\"".to_string()
            )]
        );
        // Keys a reference writes are data.
        assert!(check("{\"$input.path('$.k')\": 1, \"$input.path('$.j')\": 2}").is_empty());
    }

    #[test]
    fn values_do_not_break_the_check_only_the_templates_text_does() {
        // Unquoted or quoted, a value is JSON in the skeleton: the quoting rules speak of it.
        assert!(
            check("{\"m\": $input.path('$.errorMessage'), \"n\": \"$input.path('$.n')\"}")
                .is_empty()
        );
        let found = check("#set($x = 1)\n{\"a\": $x,\n}");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, "}");
    }
}

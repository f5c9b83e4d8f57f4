//! Unit tests of the parser: one line a case. The corpus (`tests/corpus.rs`) covers constructs; these
//! pin the lexer quirks, error positions and robustness.

use super::*;

fn parses(source: &str) {
    if let Err(error) = parse(source) {
        panic!("{source:?} should parse: {error}");
    }
}

fn fails_at(source: &str, line: usize, column: usize) -> ParseError {
    match parse(source) {
        Ok(_) => panic!("{source:?} should be rejected"),
        Err(error) => {
            assert_eq!(
                (error.line(), error.column()),
                (line, column),
                "{source:?}: {error}"
            );
            error
        }
    }
}

fn tree(source: &str) -> String {
    dump_tree(&parse(source).unwrap_or_else(|e| panic!("{source:?}: {e}")))
}

// Lexer quirks, each checked against the reference engine (harness/reference, 2026-11-25).

#[test]
fn dollar_or_hash_at_the_very_end_is_rejected() {
    fails_at("abc $", 1, 5);
    fails_at("abc #", 1, 5);
    fails_at("## comment$", 1, 11);
    fails_at("a#*", 1, 2);
    parses("abc $ ");
    parses("100 # items");
    parses("a#b");
}

#[test]
fn set_after_a_reference_returns_to_the_reference_state() {
    // The issue's text expected a failure; Velocity 1.7 reads `x` as a reference without `$`.
    assert_eq!(
        tree("$y #set($z = 1)x"),
        "Reference 1:1 \"$y\" name=\"y\"\nSet 1:3 \" #set($z = 1)\"\n  Reference 1:9 \"$z\" name=\"z\"\n  Integer 1:14 \"1\"\nReference 1:16 \"x\" name=\"x\"\n"
    );
    parses("a #set($z = 1)x");
}

#[test]
fn hyphen_belongs_to_the_identifier() {
    assert!(tree("$x-3").starts_with("Reference 1:1 \"$x-3\" name=\"x-3\""));
    assert!(tree("$context.responseOverride.header.X-Custom").contains(".X-Custom"));
}

#[test]
fn minus_binds_to_the_number() {
    fails_at("#set($a = 5-3)", 1, 12);
    fails_at("#set($b = -$a)", 1, 11);
    parses("#set($a = 5 - 3)");
    parses("#set($a = -3)");
}

#[test]
fn word_operators_are_properties_after_a_dot() {
    parses("$filter.or $a.and $a.eq");
    parses("#if($a.or and $b.not)x#end");
}

#[test]
fn true_after_a_dot_is_an_error() {
    fails_at("$a.true", 1, 4);
    fails_at("$true", 1, 1);
}

#[test]
fn directive_name_shifts_when_text_runs_into_it() {
    // `$#foreach` is an unknown directive named "#foreach", so its `#end` is stray.
    fails_at("$#foreach($i in [1])x#end", 1, 22);
}

#[test]
fn literal_with_an_empty_body_fails_as_in_velocity() {
    fails_at("#literal()#end", 1, 1);
    fails_at("#literal()\n#end", 1, 1);
    parses("#literal() #end");
    parses("#literal($a)#end");
}

#[test]
fn directives_checked_at_initialisation() {
    fails_at("#define()x#end", 1, 1);
    fails_at("#define($a $b)x#end", 1, 1);
    fails_at("#foreach", 1, 1);
    fails_at("#break($a $b)", 1, 1);
    parses("#break");
    parses("#stop($a)");
    parses("#foreach()x#end");
}

#[test]
fn strings_are_parsed_as_templates() {
    let error = fails_at("#set($a = \"$a.b(\")", 1, 11);
    assert!(matches!(
        error.kind(),
        ParseErrorKind::InvalidStringContent { .. }
    ));
    fails_at("#set($a = \"#if(\")", 1, 11);
    // The added space lets a trailing `$` through, unless the string holds `##`.
    parses("#set($a = \"cost $\")");
    fails_at("#set($a = \"$a##$\")", 1, 11);
    fails_at("#set($a = \"\\uZZZZ\")", 1, 11);
    parses("#set($a = '\\uZZZZ')");
}

/// The interpolated string of `#set($s = LITERAL)`, and the template's source.
fn interpolated(literal: &str) -> (String, InterpolatedString) {
    let source = format!("#set($s = {literal})");
    let template = Template::parse(&source).unwrap_or_else(|e| panic!("{source:?}: {e}"));
    match template.nodes() {
        [Node::Set(set)] => match &set.value {
            Expr::Interpolated(string) => (source.clone(), (**string).clone()),
            other => panic!("{source:?}: not interpolated: {other:?}"),
        },
        other => panic!("{source:?}: {other:?}"),
    }
}

#[test]
fn a_span_in_a_string_maps_back_to_where_it_was_written() {
    // Each character of the content comes from the text at its mapped place: itself, or the
    // `\uXXXX` escape or doubled quote Velocity rewrote into it.
    for literal in [
        r#""plain $x""#,
        r#""ab\u0041""$l.get(9)""#,
        r#""\u00e9\u20ac"""" $x é ""#,
        r#""\u+041\u0022""$x""#,
        r#""a ## $x""#,
        r#""""""$x""#,
    ] {
        let (source, string) = interpolated(literal);
        let content = string.source.trim_end_matches(' ');
        let mut previous = 0;
        for (at, c) in content.char_indices() {
            let mapped = string.span_in_enclosing(Span::at(at), &source).start as usize;
            assert!(mapped > previous, "{literal}: offsets grow at {at}");
            previous = mapped;
            let written = &source[mapped..];
            let same = written.starts_with(c)
                || (written.starts_with("\\u") && c != '\\')
                || (c == '"' && written.starts_with("\"\""));
            assert!(same, "{literal}: content {at} ({c:?}) maps to {written:?}");
        }
        // The appended space and the end map to the closing quote.
        let end = string.span_in_enclosing(Span::at(string.source.len()), &source);
        assert_eq!(end.start as usize, source.len() - 2, "{literal}");
    }
    let (source, string) = interpolated(r#""ab\u0041""$l.get(9)""#);
    let content_span = Span::new(4, 13);
    assert_eq!(content_span.slice(&string.source), "$l.get(9)");
    assert_eq!(
        string
            .span_in_enclosing(content_span, &source)
            .slice(&source),
        "$l.get(9)"
    );
}

#[test]
fn doubled_quotes_collapse() {
    assert!(tree("#set($s = \"a\"\"b\")").contains("String value=\"a\\\"b\""));
    assert!(tree("#set($s = 'a''b')").contains("String value=\"a'b\""));
}

// Errors: messages and positions.

#[test]
fn unclosed_if_names_where_it_opened() {
    let error = fails_at("a\n\n#if($x)\nb", 4, 2);
    assert_eq!(error.opened_at().map(|s| s.start), Some(3));
    assert!(error.to_string().contains("opened at 3:1"), "{error}");
}

#[test]
fn else_after_else_is_rejected() {
    let error = fails_at("#if($a)x#else y#else z#end", 1, 16);
    assert!(error.message().contains("#end"), "{error}");
    fails_at("#if($a)x#{else}y#elseif($b)z#end", 1, 17);
}

#[test]
fn stray_end_is_rejected() {
    let error = fails_at("a\n#end", 2, 1);
    assert_eq!(
        error.to_string(),
        "unexpected `#end`, expected text, a reference or a directive at 2:1"
    );
}

#[test]
fn diagnostic_shows_the_line_and_a_caret() {
    let source = "line one\n#set($a 1)";
    let error = fails_at(source, 2, 9);
    let text = crate::diagnostic::Diagnostic::from(&error).excerpt(
        source,
        "t.vtl",
        crate::diagnostic::Style::Plain,
    );
    assert!(text.contains("t.vtl:2:9"), "{text}");
    assert!(text.contains("2 | #set($a 1)"), "{text}");
    assert!(text.contains("^"), "{text}");
}

#[test]
fn invalid_utf8_is_an_error_with_a_position() {
    let error = match Template::parse_bytes(b"ok\n\xff") {
        Ok(_) => panic!("invalid UTF-8 accepted"),
        Err(error) => error,
    };
    assert_eq!(error.kind(), &ParseErrorKind::InvalidUtf8);
    assert_eq!((error.line(), error.column()), (2, 1));
}

// Robustness: bounded depth, no panics.

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep_if = "#if(true)".repeat(400) + &"#end".repeat(400);
    assert!(matches!(
        parse(&deep_if).map_err(|e| e.kind().clone()),
        Err(ParseErrorKind::TooDeep { .. })
    ));
    let deep_parens = format!("#set($a = {}1{})", "(".repeat(400), ")".repeat(400));
    assert!(matches!(
        parse(&deep_parens).map_err(|e| e.kind().clone()),
        Err(ParseErrorKind::TooDeep { .. })
    ));
    let deep_lists = format!("#set($a = {}1{})", "[".repeat(400), "]".repeat(400));
    assert!(matches!(
        parse(&deep_lists).map_err(|e| e.kind().clone()),
        Err(ParseErrorKind::TooDeep { .. })
    ));
    // Just under the limit still parses, on a test thread's small stack.
    let nested = "#if(true)".repeat(150) + &"#end".repeat(150);
    parses(&nested);
    parses(&format!(
        "#set($a = {}1{})",
        "(".repeat(150),
        ")".repeat(150)
    ));
}

#[test]
fn no_input_panics() {
    // A small deterministic generator over bytes that matter to the lexer, UTF-8 and not.
    let alphabet: &[&[u8]] = &[
        b"$",
        b"#",
        b"!",
        b"{",
        b"}",
        b"(",
        b")",
        b"[",
        b"]",
        b".",
        b"..",
        b"\\",
        b"\"",
        b"'",
        b" ",
        b"\n",
        b"\r",
        b"a",
        b"if",
        b"end",
        b"set",
        b"else",
        b"foreach",
        b"1",
        b"-",
        b"*",
        b"=",
        b",",
        b":",
        "\u{e9}".as_bytes(),
        b"\xff",
        b"\xe2\x82",
        b"\x00",
        b"##",
        b"#*",
        b"*#",
        b"#[[",
        b"]]#",
        b"in",
        b"macro",
        b"define",
        b"@",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..20_000 {
        let length = (next() % 16) as usize;
        let mut bytes = Vec::new();
        for _ in 0..length {
            bytes.extend_from_slice(alphabet[(next() % alphabet.len() as u64) as usize]);
        }
        if let Err(error) = Template::parse_bytes(&bytes) {
            // Rendering the diagnostic must not panic either.
            let text = String::from_utf8_lossy(&bytes);
            let diagnostic = crate::diagnostic::Diagnostic::from(&error);
            let _ = diagnostic.excerpt(&text, "fuzz.vtl", crate::diagnostic::Style::Plain);
            let _ = error.to_string();
        }
    }
}

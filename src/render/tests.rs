//! Unit tests of render errors' places: one line a case. Outputs are covered by the corpus
//! (`tests/corpus.rs`, `corpus/render/`); these pin where a failure is reported.

use super::*;

/// Renders `source` with `$l = [1]`, expects it to fail, and returns the failing text and its
/// line and column in `source`.
fn fails_at(source: &str) -> (&str, (usize, usize)) {
    let template = Template::parse(source).unwrap_or_else(|e| panic!("{source:?}: {e}"));
    let mut variables = Variables::new();
    variables.insert("l", Value::from_json(&serde_json::json!([1])));
    match render(&template, &mut variables) {
        Ok(output) => panic!("{source:?} should fail, rendered {output:?}"),
        Err(error) => (
            error.span().slice(source),
            error.span().start_position(source),
        ),
    }
}

#[test]
fn an_error_in_the_template_is_reported_where_it_is() {
    assert_eq!(fails_at("a\n  $l.get(9)"), ("$l.get(9)", (2, 3)));
}

// Issue 12: an error inside an interpolated string was reported at the string's own offset
// (`1:5` for this template).
#[test]
fn an_error_in_a_string_is_reported_in_the_template() {
    let source = "a\nb\n  #set($s = \"x $l.get(9) y\")";
    assert_eq!(fails_at(source), ("$l.get(9)", (3, 16)));
}

#[test]
fn escapes_before_the_error_count_as_written() {
    assert_eq!(
        fails_at("#set($s = \"ab\\u0041\"\"$l.get(9)\")"),
        ("$l.get(9)", (1, 22))
    );
    assert_eq!(
        fails_at("#set($s = \"\\u00e9\n\"\"  $l.get(9)\")"),
        ("$l.get(9)", (2, 5))
    );
}

#[test]
fn an_error_in_a_string_in_a_string_is_reported_in_the_template() {
    assert_eq!(
        fails_at("#set($s = \"x#set($t = \"\"  $l.get(9)\"\")\")"),
        ("$l.get(9)", (1, 27))
    );
}

#[test]
fn an_error_in_a_define_body_is_reported_where_the_body_is_written() {
    // Defined inside a string, rendered outside it.
    assert_eq!(
        fails_at("#set($s = \"<#define($b)\n  $l.get(9)#end>\")\n$b"),
        ("$l.get(9)", (2, 3))
    );
    // Defined in the template, rendered inside a string.
    assert_eq!(
        fails_at("#define($b)\n  $l.get(9)#end\n#set($s = \"x$b\")"),
        ("$l.get(9)", (2, 3))
    );
}

#[test]
fn an_error_in_a_string_argument_of_a_method() {
    assert_eq!(
        fails_at("$l.get(0) $l.contains(\"$l.get(0) $l.get(9)\")"),
        ("$l.get(9)", (1, 34))
    );
}

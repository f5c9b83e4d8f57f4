//! The names a template can reach on API Gateway, taken from the engine's own lists
//! (`crate::apigw`), and "did you mean" by edit distance.

use crate::apigw::{CONTEXT_KEYS, INPUT_METHODS, INPUT_PROPERTIES, UTIL_METHODS};

/// The variables API Gateway provides, and those Velocity 1.7 provides inside `#foreach`.
pub(crate) const PROVIDED: [&str; 7] = [
    "input",
    "util",
    "context",
    "stageVariables",
    "foreach",
    "velocityCount",
    "velocityHasNext",
];

/// `$util`'s methods.
pub(crate) fn util_methods() -> &'static [&'static str] {
    &UTIL_METHODS
}

/// `$input`'s methods and properties.
pub(crate) fn input_members() -> impl Iterator<Item = &'static str> {
    INPUT_METHODS.iter().chain(INPUT_PROPERTIES.iter()).copied()
}

/// Whether `$input.name` (no parentheses) is a property it has.
pub(crate) fn is_input_property(name: &str) -> bool {
    INPUT_PROPERTIES.contains(&name)
}

/// Whether `$input.name(...)` is a method it has.
pub(crate) fn is_input_method(name: &str) -> bool {
    INPUT_METHODS.contains(&name)
}

/// `$context`'s top-level keys.
pub(crate) fn context_keys() -> &'static [&'static str] {
    &CONTEXT_KEYS
}

/// The closest of `candidates` to `name`: a different case, or an edit distance of at most a
/// third of the name's length (at least 1, at most 3). `None` when nothing is close.
pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = name.to_ascii_lowercase();
    let limit = (name.chars().count() / 3).clamp(1, 3);
    candidates
        .into_iter()
        .filter(|candidate| *candidate != name)
        .map(|candidate| {
            let distance = if candidate.to_ascii_lowercase() == lower {
                0
            } else {
                strsim::damerau_levenshtein(name, candidate)
            };
            (distance, candidate)
        })
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, candidate)| (*distance, *candidate))
        .map(|(_, candidate)| candidate)
}

/// `did you mean `x`?` for the closest candidate, if any.
pub(crate) fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(name, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apigw::{TemplateInput, render_template};
    use crate::syntax::Template;

    fn render(source: &str) -> String {
        let template = Template::parse(source).unwrap();
        let mut input = TemplateInput::new(r#"{"a": "x"}"#);
        input.params.path.push(("id".into(), "1".into()));
        render_template(&template, &input).unwrap().output
    }

    /// The linter's lists and the engine agree: every listed name answers, a near miss does not.
    #[test]
    fn util_methods_are_the_engines() {
        for name in util_methods() {
            let argument = if *name == "base64Decode" { "eA==" } else { "1" };
            let output = render(&format!("$util.{name}('{argument}')"));
            assert!(!output.is_empty(), "$util.{name} rendered nothing");
        }
        assert_eq!(render("$util.escapeJavascript('1')"), "");
    }

    #[test]
    fn input_members_are_the_engines() {
        for name in INPUT_METHODS {
            let call = match name {
                "getBody" => "$input.getBody()".to_string(),
                "params" => "$input.params('id')".to_string(),
                _ => format!("$input.{name}('$.a')"),
            };
            assert!(!render(&call).is_empty(), "{call} rendered nothing");
        }
        for name in INPUT_PROPERTIES {
            assert!(
                !render(&format!("$input.{name}")).is_empty(),
                "$input.{name}"
            );
        }
        assert_eq!(render("$input.pth('$.a')"), "");
    }

    #[test]
    fn every_default_context_key_is_listed() {
        let defaults = crate::apigw::default_context();
        for key in defaults.as_object().unwrap().keys() {
            assert!(
                context_keys().contains(&key.as_str()),
                "{key} is not listed"
            );
        }
    }

    #[test]
    fn suggestions_are_close_names_only() {
        assert_eq!(
            closest("escapeJavascript", util_methods().iter().copied()),
            Some("escapeJavaScript")
        );
        assert_eq!(closest("pth", input_members()), Some("path"));
        assert_eq!(closest("contxt", PROVIDED), Some("context"));
        assert_eq!(closest("zzzzzz", PROVIDED), None);
    }
}

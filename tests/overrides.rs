//! Overrides a template leaves in `$context`: read back typed, carried from the request template to
//! the response template, and a key set twice within one render detected (AWS answers 5XX for that,
//! aws-semantics.md §4; issue 6 turns it into the generic 500).

use apigw_vtl::apigw::{Environment, TemplateInput};
use apigw_vtl::render::{Variables, render};
use apigw_vtl::syntax::Template;

fn run(template: &str, environment: &Environment) -> String {
    let template = Template::parse(template).expect("parses");
    let mut variables = Variables::new();
    environment.install(&mut variables);
    render(&template, &mut variables).expect("renders")
}

#[test]
fn setting_an_override_once_is_fine() {
    let environment = Environment::new(&TemplateInput::default());
    run(
        "#set($context.responseOverride.status = 418)#set($context.responseOverride.header.A = 'x')",
        &environment,
    );
    assert!(!environment.set_an_override_twice());
    assert_eq!(
        environment
            .overrides()
            .status
            .map(|s| s.to_java_string())
            .as_deref(),
        Some("418")
    );
}

#[test]
fn setting_the_same_override_twice_is_detected_even_with_the_same_value() {
    for template in [
        "#set($context.responseOverride.status = 418)#set($context.responseOverride.status = 418)",
        "#set($context.responseOverride.header.A = 'x')$context.responseOverride.header.put('A', 'y')",
        "#set($k = 'q')#set($context.requestOverride.querystring[$k] = 1)#set($context.requestOverride.querystring.q = 2)",
    ] {
        let environment = Environment::new(&TemplateInput::default());
        run(template, &environment);
        assert!(environment.set_an_override_twice(), "{template}");
    }
}

#[test]
fn request_overrides_carry_into_the_response_template_and_count_afresh() {
    let request_side = Environment::new(&TemplateInput::default());
    run(
        "#set($context.requestOverride.path.p = 'v')#set($context.responseOverride.status = 444)",
        &request_side,
    );
    let response_side = Environment::new(&TemplateInput::default());
    response_side.carry(&request_side.overrides());
    let output = run(
        "$context.requestOverride.path.p $context.responseOverride.status#set($context.responseOverride.status = 201)",
        &response_side,
    );
    assert_eq!(output, "v 444");
    // Setting a carried key once in this template is its first assignment here.
    assert!(!response_side.set_an_override_twice());
    assert_eq!(
        response_side
            .overrides()
            .status
            .map(|s| s.to_java_string())
            .as_deref(),
        Some("201")
    );
}

// Source: aws (aws-semantics.md §4, LocalStack's test_integration_mock_with_response_override_in_
// request_template, recorded 2025-05-16): a key of its own set in `responseOverride` by the request
// template was read back by the response template (`"custom": "is also passed around"`). Issue 14.
#[test]
fn a_custom_response_override_key_carries_into_the_response_template() {
    let request_side = Environment::new(&TemplateInput::default());
    run(
        "#set($context.responseOverride.custom = \"is also passed around\")#set($context.responseOverride.status = 444)",
        &request_side,
    );
    let carried = request_side.overrides();
    assert_eq!(carried.response_values.len(), 1);
    let response_side = Environment::new(&TemplateInput::default());
    response_side.carry(&carried);
    let output = run(
        "{\"custom\": \"$context.responseOverride.custom\", \"status\": \"$context.responseOverride.status\"}",
        &response_side,
    );
    assert_eq!(
        output,
        r#"{"custom": "is also passed around", "status": "444"}"#
    );
    assert!(!response_side.set_an_override_twice());
}

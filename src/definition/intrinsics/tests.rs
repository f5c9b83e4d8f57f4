//! One-line cases: a template's `Resources` evaluated, the value at a key path read back.

use super::super::document::{self, Kind, Node};
use super::super::options::DefinitionOptions;
use super::evaluate;

/// The evaluated value at `Resources.R.Properties.V` of a template made of `sections` and a
/// resource `R` whose property `V` is `value`, as text (a list as `[a, b]`), or the error.
fn value_with(sections: &str, value: &str, options: &DefinitionOptions) -> String {
    let text = format!(
        "{sections}\nResources:\n  R:\n    Type: AWS::Test::Thing\n    Properties:\n      V: {value}\n"
    );
    let root = document::load("MyStack.yaml", &text, 0)
        .unwrap_or_else(|e| panic!("{e}"))
        .root;
    let evaluation = evaluate("MyStack.yaml", &root, options);
    let properties = evaluation
        .root
        .get("Resources")
        .and_then(|r| r.get("R"))
        .and_then(|r| r.get("Properties"))
        .expect("properties");
    match properties.get("V") {
        None => "<no value>".to_string(),
        Some(node) => show(node),
    }
}

fn value(sections: &str, value: &str) -> String {
    value_with(sections, value, &DefinitionOptions::new())
}

fn show(node: &Node) -> String {
    match &node.kind {
        Kind::Scalar { text, .. } => text.clone(),
        Kind::Seq(items) => format!(
            "[{}]",
            items.iter().map(show).collect::<Vec<_>>().join(", ")
        ),
        Kind::Map(entries) => format!(
            "{{{}}}",
            entries
                .iter()
                .map(|(k, v)| format!("{}: {}", k.scalar().unwrap_or_default(), show(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Kind::Unresolved(problem) => format!(
            "error {}:{}: {}",
            problem.line,
            problem.column,
            problem.error_kind()
        ),
    }
}

const PARAMETERS: &str = "Parameters:
  Stage: {Type: String, Default: dev, AllowedValues: [dev, prod]}
  Table: {Type: String}
  Names: {Type: CommaDelimitedList, Default: 'a,b,c'}
  Version: {Type: 'AWS::SSM::Parameter::Value<String>', Default: /cdk-bootstrap/hnb659fds/version}
  Secret: {Type: String, Default: '{{resolve:ssm:/orders/secret}}'}";

#[test]
fn ref_gives_parameters_pseudo_parameters_and_resources() {
    assert_eq!(value(PARAMETERS, "!Ref Stage"), "dev");
    assert_eq!(value(PARAMETERS, "{Ref: Names}"), "[a, b, c]");
    assert_eq!(value("", "!Ref AWS::Region"), "us-east-1");
    assert_eq!(value("", "!Ref AWS::AccountId"), "123456789012");
    assert_eq!(value("", "!Ref AWS::StackName"), "MyStack");
    assert_eq!(value("", "!Ref AWS::Partition"), "aws");
    assert_eq!(value("", "!Ref AWS::URLSuffix"), "amazonaws.com");
    assert_eq!(
        value("", "!Ref AWS::StackId"),
        "arn:aws:cloudformation:us-east-1:123456789012:stack/MyStack/51af3dc0-da77-11e4-872e-1234567db123"
    );
    assert_eq!(value("", "!Ref AWS::NotificationARNs"), "[]");
    assert_eq!(value("", "!Ref AWS::NoValue"), "<no value>");
    // The resource itself: a stand-in physical name.
    assert_eq!(value("", "!Ref R"), "MyStack-R-STANDIN");
}

#[test]
fn values_that_cannot_be_known_name_their_flag() {
    assert_eq!(
        value(PARAMETERS, "!Ref Table"),
        "error 11:10: the parameter `Table` has no value: the template gives it no `Default`; give `--parameter-overrides Table=VALUE`"
    );
    assert!(value(PARAMETERS, "!Ref Version").contains("SSM Parameter Store"));
    assert!(value(PARAMETERS, "!Ref Secret").contains("dynamic reference"));
    assert_eq!(
        value("", "!Ref Nothing"),
        "error 6:10: `Ref` to `Nothing`: the template defines no parameter, resource or pseudo parameter of that name"
    );
    assert_eq!(
        value("", "!ImportValue shared-table"),
        "error 6:10: `Fn::ImportValue` of `shared-table`: another stack's export, known only when this stack deploys; give `--import shared-table=VALUE`"
    );
    let options = DefinitionOptions::new()
        .parameter("Table", "orders")
        .parameter("Stage", "qa")
        .import("shared-table", "shared");
    assert_eq!(value_with(PARAMETERS, "!Ref Table", &options), "orders");
    assert_eq!(
        value_with("", "!ImportValue shared-table", &options),
        "shared"
    );
    assert!(
        value_with(PARAMETERS, "!Ref Stage", &options)
            .contains("not one of its `AllowedValues` (dev, prod)")
    );
}

#[test]
fn options_override_pseudo_parameters_and_stand_ins() {
    let options = DefinitionOptions::new()
        .parameter("AWS::Region", "cn-north-1")
        .parameter("R", "my-thing")
        .parameter("R.Arn", "arn:x");
    assert_eq!(value_with("", "!Ref AWS::Partition", &options), "aws-cn");
    assert_eq!(
        value_with("", "!Ref AWS::URLSuffix", &options),
        "amazonaws.com.cn"
    );
    assert_eq!(value_with("", "!Ref R", &options), "my-thing");
    assert_eq!(value_with("", "!GetAtt R.Arn", &options), "arn:x");
}

#[test]
fn sub_in_both_forms() {
    assert_eq!(value(PARAMETERS, "!Sub 'table-${Stage}'"), "table-dev");
    assert_eq!(
        value(PARAMETERS, "!Sub ['${Name}-${Stage}', {Name: !Ref Stage}]"),
        "dev-dev"
    );
    assert_eq!(
        value(
            "",
            "{'Fn::Sub': 'arn:${AWS::Partition}:s3:::${ AWS::Region }'}"
        ),
        "arn:aws:s3:::us-east-1"
    );
    // `${!Literal}` is written `${Literal}`; a lone `${` stays.
    assert_eq!(value("", "!Sub '${!input.body} ${'"), "${input.body} ${");
    assert_eq!(
        value("", "!Sub '${R.Arn}'"),
        "arn:aws:test:us-east-1:123456789012:MyStack-R-STANDIN"
    );
    assert_eq!(value("", "!Sub '${R.Custom}'"), "MyStack-R-Custom-STANDIN");
    // Velocity's `${var}` is a CloudFormation variable too: AWS refuses it unless escaped.
    assert!(value("", "!Sub '${input}'").contains("`Ref` to `input`"));
}

#[test]
fn join_select_split_and_length() {
    assert_eq!(
        value(
            "",
            "{'Fn::Join': ['', ['arn:', {Ref: 'AWS::Partition'}, ':x']]}"
        ),
        "arn:aws:x"
    );
    assert_eq!(value(PARAMETERS, "!Join [',', !Ref Names]"), "a,b,c");
    assert_eq!(value(PARAMETERS, "!Select [1, !Ref Names]"), "b");
    assert_eq!(value("", "!Select ['0', [x, y]]"), "x");
    assert!(value("", "!Select [2, [x, y]]").contains("out of range for a list of 2"));
    assert_eq!(value("", "!Split ['/', 'a/b/c']"), "[a, b, c]");
    assert_eq!(
        value(
            PARAMETERS,
            "!Select [2, !Split [',', !Join [',', !Ref Names]]]"
        ),
        "c"
    );
    assert_eq!(value(PARAMETERS, "{'Fn::Length': !Ref Names}"), "3");
    assert_eq!(
        value("", "!GetAZs ''"),
        "[us-east-1a, us-east-1b, us-east-1c]"
    );
}

#[test]
fn conditions_choose() {
    let conditions = format!(
        "{PARAMETERS}
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
  IsDev: !Not [{{Condition: IsProd}}]
  Both: !And [!Condition IsDev, !Equals [a, a]]
  Either: {{'Fn::Or': [!Condition IsProd, !Equals [!Ref AWS::Region, us-east-1]]}}
  Loop: !Not [!Condition Loop]"
    );
    assert_eq!(value(&conditions, "!If [IsProd, big, small]"), "small");
    assert_eq!(value(&conditions, "!If [IsDev, big, small]"), "big");
    assert_eq!(value(&conditions, "!If [Both, yes, no]"), "yes");
    assert_eq!(value(&conditions, "!If [Either, yes, no]"), "yes");
    assert_eq!(
        value(&conditions, "!If [IsProd, x, !Ref AWS::NoValue]"),
        "<no value>"
    );
    assert!(value(&conditions, "!If [Loop, x, y]").contains("depend on each other"));
    assert!(value(&conditions, "!If [Nope, x, y]").contains("no condition `Nope`"));
    let prod = DefinitionOptions::new().parameter("Stage", "prod");
    assert_eq!(
        value_with(&conditions, "!If [IsProd, big, small]", &prod),
        "big"
    );
}

#[test]
fn find_in_map_base64_and_json() {
    let mappings = "Mappings:
  Regions:
    us-east-1: {Table: east, Sizes: [1, 2]}";
    assert_eq!(
        value(mappings, "!FindInMap [Regions, !Ref AWS::Region, Table]"),
        "east"
    );
    assert_eq!(
        value(
            mappings,
            "!FindInMap [Regions, eu-west-1, Table, {DefaultValue: other}]"
        ),
        "other"
    );
    assert_eq!(
        value(mappings, "!FindInMap [Regions, eu-west-1, Table]"),
        "error 8:10: `Fn::FindInMap`: the mapping `Regions` has no key `eu-west-1`"
    );
    assert_eq!(value("", "!Base64 abc"), "YWJj");
    assert_eq!(
        value(
            mappings,
            "{'Fn::ToJsonString': {a: 1, b: 'x', c: [true, !FindInMap [Regions, us-east-1, Table]]}}"
        ),
        r#"{"a":1,"b":"x","c":[true,"east"]}"#
    );
}

#[test]
fn a_value_that_cannot_be_known_stays_where_it_stands() {
    // The map keeps its other keys; only the unknown value is an error, and only if read.
    assert_eq!(
        value("", "{a: ok, b: !ImportValue x, c: !Ref AWS::NoValue}")
            .split(", b")
            .next(),
        Some("{a: ok")
    );
    // Inside a function it fails the function, at the inner place.
    let joined = value("", "!Join ['', [a, !ImportValue x]]");
    assert!(
        joined.starts_with("error 6:25: `Fn::ImportValue`"),
        "{joined}"
    );
}

#[test]
fn resources_whose_condition_is_false_are_gone() {
    let text = "Conditions:\n  Never: !Equals [a, b]\nResources:\n  A: {Type: AWS::SNS::Topic, Condition: Never}\n  B: {Type: AWS::SNS::Topic}\n";
    let root = document::load("t.yaml", text, 0).expect("read").root;
    let evaluation = evaluate("t.yaml", &root, &DefinitionOptions::new());
    let resources = evaluation.root.get("Resources").expect("resources");
    assert!(resources.get("A").is_none());
    assert!(resources.get("B").is_some());
}

#[test]
fn stand_ins_follow_the_table() {
    let resources = |properties: &str, attribute: &str| {
        value("", &format!("!Sub '${{R{attribute}}}'")).replace("AWS::Test::Thing", properties)
    };
    // The tested resource is `AWS::Test::Thing`: the rule for types the table does not list.
    assert_eq!(resources("", ""), "MyStack-R-STANDIN");
    assert_eq!(
        value("", "!GetAtt [R, Arn]"),
        "arn:aws:test:us-east-1:123456789012:MyStack-R-STANDIN"
    );
}

#[test]
fn nesting_is_bounded() {
    let deep = "!Base64 {'Fn::Base64': x}";
    assert_eq!(value("", deep), "ZUE9PQ==");
    let mut many = "x".to_string();
    for _ in 0..200 {
        many = format!("{{'Fn::Base64': {many}}}");
    }
    assert!(value("", &many).contains("nested too deep"));
}

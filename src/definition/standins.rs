//! The values a deployment would give that a file does not: pseudo parameters and what `Ref` and
//! `Fn::GetAtt` give for a resource. One table, so that a template embedding them renders the
//! same bytes on every machine; `--parameter-overrides` replaces any of them
//! ([`super::DefinitionOptions::parameter`]).
//!
//! Pseudo parameters follow SAM CLI's local defaults where they are sensible (aws-sam-cli
//! `samcli/lib/intrinsic_resolver/intrinsics_symbol_table.py`, `DEFAULT_PSEUDO_PARAM_VALUES`:
//! account `123456789012`, region `us-east-1`, the stack id's UUID; partition and URL suffix from
//! the region, `cn` regions `aws-cn` / `amazonaws.com.cn`); the stack name comes from the file
//! name (`cdk.out/MyStack.template.json` → `MyStack`) where SAM CLI says `local`, and
//! `AWS::NotificationARNs` is empty, as for a stack created without notifications.
//!
//! A resource's own name property wins where the template sets one (`TableName`, `QueueName`...);
//! otherwise its physical name is `{stack}-{logical id}-STANDIN` (CloudFormation's own form is
//! `{stack}-{logical id}-{random suffix}`), and API Gateway ids are ten characters derived from the
//! logical id, in the form API Gateway gives them.

use std::fmt;

use super::error::Location;

/// A value that a deployment would give and the definition does not: a pseudo parameter's
/// default or a resource's stand-in, as read where the model uses it.
///
/// # Examples
/// ```
/// use apigw_vtl::definition::Api;
/// let api = Api::parse("MyStack.template.yaml", r#"
/// Resources:
///   Orders: {Type: AWS::DynamoDB::Table}
///   Api: {Type: AWS::ApiGateway::RestApi, Properties: {Name: orders}}
///   Get:
///     Type: AWS::ApiGateway::Method
///     Properties:
///       RestApiId: !Ref Api
///       ResourceId: !GetAtt Api.RootResourceId
///       HttpMethod: GET
///       Integration:
///         Type: MOCK
///         RequestTemplates: {application/json: !Sub '{"table": "${Orders}"}'}
/// "#)?;
/// let stand_in = &api.stand_ins()[0];
/// assert_eq!(stand_in.value(), "MyStack-Orders-STANDIN");
/// assert_eq!(
///     stand_in.to_string(),
///     "`${Orders}` → `MyStack-Orders-STANDIN` (stand-in; `--parameter-overrides Orders=…` to set)"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StandIn {
    pub(crate) file: String,
    pub(crate) location: Location,
    pub(crate) expression: String,
    pub(crate) value: String,
    pub(crate) name: String,
}

impl StandIn {
    /// The file where the intrinsic function stands.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// Where the intrinsic function stands; the key path is the value the model read.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// The reference as written (`${Orders}`, `!GetAtt Fn.Arn`, `{"Ref": "AWS::Region"}`).
    pub fn expression(&self) -> &str {
        &self.expression
    }

    /// The value it stood for.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The name `--parameter-overrides` (or [`DefinitionOptions::parameter`]) sets it by.
    ///
    /// [`DefinitionOptions::parameter`]: super::DefinitionOptions::parameter
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl fmt::Display for StandIn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` → `{}` (stand-in; `--parameter-overrides {}=…` to set)",
            self.expression, self.value, self.name
        )
    }
}

/// SAM CLI's default account (`DEFAULT_PSEUDO_PARAM_VALUES`).
pub(crate) const ACCOUNT: &str = "123456789012";
/// SAM CLI's default region.
pub(crate) const REGION: &str = "us-east-1";
/// The UUID of SAM CLI's default stack id.
const STACK_UUID: &str = "51af3dc0-da77-11e4-872e-1234567db123";

/// The partition of a region (as SAM CLI derives it, with the ISO partitions added).
pub(crate) fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else if region.starts_with("us-isob-") {
        "aws-iso-b"
    } else if region.starts_with("us-iso-") {
        "aws-iso"
    } else {
        "aws"
    }
}

/// The domain suffix of a region's endpoints.
pub(crate) fn url_suffix(region: &str) -> &'static str {
    match partition(region) {
        "aws-cn" => "amazonaws.com.cn",
        "aws-iso" => "c2s.ic.gov",
        "aws-iso-b" => "sc2s.sgov.gov",
        _ => "amazonaws.com",
    }
}

/// The stack name a file stands for: its name without folders and extensions
/// (`cdk.out/MyStack.template.json` → `MyStack`), made a valid stack name (letters, digits and
/// `-`, starting with a letter).
pub(crate) fn stack_name(file: &str) -> String {
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let mut stem = base;
    for suffix in [".template.json", ".template.yaml", ".template.yml"] {
        if let Some(cut) = base.strip_suffix(suffix) {
            stem = cut;
            break;
        }
    }
    if stem == base
        && let Some((cut, _)) = base.rsplit_once('.')
    {
        stem = cut;
    }
    let mut name: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name.insert_str(0, "Stack-");
    }
    name
}

/// `AWS::StackId` for a stack name, region and account.
pub(crate) fn stack_id(partition: &str, region: &str, account: &str, stack: &str) -> String {
    format!("arn:{partition}:cloudformation:{region}:{account}:stack/{stack}/{STACK_UUID}")
}

/// How a resource's physical name is made when the template sets none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Naming {
    /// `{stack}-{logical}-STANDIN`.
    Physical,
    /// The same, lower case (S3 bucket names are).
    Lowercase,
    /// The logical id itself (API Gateway models and stages are named so).
    Logical,
    /// Ten lower-case letters and digits derived from the logical id, as API Gateway ids look.
    Id,
}

/// What `Ref` and `Fn::GetAtt` give for one kind of resource. Patterns use `{name}` (the
/// physical name), `{id}`, `{partition}`, `{region}`, `{account}` and `{url}` (the URL suffix).
pub(crate) struct ResourceKind {
    /// The resource types it describes.
    pub(crate) types: &'static [&'static str],
    /// The property that names the resource, if the type has one.
    pub(crate) name_property: Option<&'static str>,
    pub(crate) naming: Naming,
    /// What `Ref` gives.
    pub(crate) reference: &'static str,
    /// What `Fn::GetAtt` gives, by attribute.
    pub(crate) attributes: &'static [(&'static str, &'static str)],
}

/// The stand-in table (README "Definitions"): every type listed here, and the rule below it for
/// any other type.
pub(crate) const RESOURCES: &[ResourceKind] = &[
    ResourceKind {
        types: &["AWS::DynamoDB::Table", "AWS::Serverless::SimpleTable"],
        name_property: Some("TableName"),
        naming: Naming::Physical,
        reference: "{name}",
        attributes: &[
            (
                "Arn",
                "arn:{partition}:dynamodb:{region}:{account}:table/{name}",
            ),
            (
                "StreamArn",
                "arn:{partition}:dynamodb:{region}:{account}:table/{name}/stream/1970-01-01T00:00:00.000",
            ),
        ],
    },
    ResourceKind {
        types: &["AWS::SQS::Queue"],
        name_property: Some("QueueName"),
        naming: Naming::Physical,
        reference: "https://sqs.{region}.{url}/{account}/{name}",
        attributes: &[
            ("Arn", "arn:{partition}:sqs:{region}:{account}:{name}"),
            ("QueueName", "{name}"),
            ("QueueUrl", "https://sqs.{region}.{url}/{account}/{name}"),
        ],
    },
    ResourceKind {
        types: &["AWS::SNS::Topic"],
        name_property: Some("TopicName"),
        naming: Naming::Physical,
        reference: "arn:{partition}:sns:{region}:{account}:{name}",
        attributes: &[
            ("TopicArn", "arn:{partition}:sns:{region}:{account}:{name}"),
            ("TopicName", "{name}"),
        ],
    },
    ResourceKind {
        types: &["AWS::Lambda::Function", "AWS::Serverless::Function"],
        name_property: Some("FunctionName"),
        naming: Naming::Physical,
        reference: "{name}",
        attributes: &[(
            "Arn",
            "arn:{partition}:lambda:{region}:{account}:function:{name}",
        )],
    },
    ResourceKind {
        types: &["AWS::StepFunctions::StateMachine"],
        name_property: Some("StateMachineName"),
        naming: Naming::Physical,
        reference: "arn:{partition}:states:{region}:{account}:stateMachine:{name}",
        attributes: &[
            (
                "Arn",
                "arn:{partition}:states:{region}:{account}:stateMachine:{name}",
            ),
            ("Name", "{name}"),
        ],
    },
    ResourceKind {
        types: &["AWS::Serverless::StateMachine"],
        name_property: Some("Name"),
        naming: Naming::Physical,
        reference: "arn:{partition}:states:{region}:{account}:stateMachine:{name}",
        attributes: &[
            (
                "Arn",
                "arn:{partition}:states:{region}:{account}:stateMachine:{name}",
            ),
            ("Name", "{name}"),
        ],
    },
    ResourceKind {
        types: &["AWS::S3::Bucket"],
        name_property: Some("BucketName"),
        naming: Naming::Lowercase,
        reference: "{name}",
        attributes: &[
            ("Arn", "arn:{partition}:s3:::{name}"),
            ("DomainName", "{name}.s3.{url}"),
            ("RegionalDomainName", "{name}.s3.{region}.{url}"),
        ],
    },
    ResourceKind {
        types: &["AWS::Kinesis::Stream"],
        name_property: Some("Name"),
        naming: Naming::Physical,
        reference: "{name}",
        attributes: &[(
            "Arn",
            "arn:{partition}:kinesis:{region}:{account}:stream/{name}",
        )],
    },
    ResourceKind {
        types: &["AWS::KinesisFirehose::DeliveryStream"],
        name_property: Some("DeliveryStreamName"),
        naming: Naming::Physical,
        reference: "{name}",
        attributes: &[(
            "Arn",
            "arn:{partition}:firehose:{region}:{account}:deliverystream/{name}",
        )],
    },
    ResourceKind {
        types: &["AWS::Events::EventBus"],
        name_property: Some("Name"),
        naming: Naming::Physical,
        reference: "{name}",
        attributes: &[
            (
                "Arn",
                "arn:{partition}:events:{region}:{account}:event-bus/{name}",
            ),
            ("Name", "{name}"),
        ],
    },
    ResourceKind {
        types: &["AWS::IAM::Role"],
        name_property: Some("RoleName"),
        naming: Naming::Physical,
        reference: "{name}",
        attributes: &[("Arn", "arn:{partition}:iam::{account}:role/{name}")],
    },
    ResourceKind {
        types: &["AWS::Logs::LogGroup"],
        name_property: Some("LogGroupName"),
        naming: Naming::Physical,
        reference: "{name}",
        attributes: &[(
            "Arn",
            "arn:{partition}:logs:{region}:{account}:log-group:{name}:*",
        )],
    },
    ResourceKind {
        types: &["AWS::ApiGateway::RestApi", "AWS::Serverless::Api"],
        name_property: None,
        naming: Naming::Id,
        reference: "{id}",
        attributes: &[("RootResourceId", "{root}")],
    },
    ResourceKind {
        types: &[
            "AWS::ApiGateway::Resource",
            "AWS::ApiGateway::RequestValidator",
            "AWS::ApiGateway::Deployment",
            "AWS::ApiGateway::Authorizer",
            "AWS::ApiGateway::ApiKey",
            "AWS::ApiGateway::UsagePlan",
        ],
        name_property: None,
        naming: Naming::Id,
        reference: "{id}",
        attributes: &[],
    },
    ResourceKind {
        types: &["AWS::ApiGateway::Model"],
        name_property: Some("Name"),
        naming: Naming::Logical,
        reference: "{name}",
        attributes: &[],
    },
    ResourceKind {
        types: &["AWS::ApiGateway::Stage"],
        name_property: Some("StageName"),
        naming: Naming::Logical,
        reference: "{name}",
        attributes: &[],
    },
];

/// The kind of any type the table does not list: a physical name, `Arn` in the service's
/// form `arn:{partition}:{service}:{region}:{account}:{name}`, any other attribute
/// `{stack}-{logical}-{attribute}-STANDIN`.
pub(crate) const OTHER: ResourceKind = ResourceKind {
    types: &[],
    name_property: None,
    naming: Naming::Physical,
    reference: "{name}",
    attributes: &[],
};

/// The table's row for a resource type.
pub(crate) fn kind_of(resource_type: &str) -> &'static ResourceKind {
    RESOURCES
        .iter()
        .find(|kind| kind.types.contains(&resource_type))
        .unwrap_or(&OTHER)
}

/// Ten characters of `[a-z0-9]` derived from `seed` (FNV-1a: the same on every machine).
pub(crate) fn id(seed: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in seed.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    let alphabet = b"abcdefghijklmnopqrstuvwxyz0123456789";
    (0..10)
        .map(|_| {
            let c = alphabet[(hash % 36) as usize] as char;
            hash /= 36;
            c
        })
        .collect()
}

/// A pattern with its placeholders filled.
pub(crate) fn fill(pattern: &str, values: &[(&str, &str)]) -> String {
    let mut out = pattern.to_string();
    for (key, value) in values {
        out = out.replace(&format!("{{{key}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stack_names_come_from_file_names() {
        for (file, stack) in [
            ("cdk.out/MyStack.template.json", "MyStack"),
            ("template.yaml", "template"),
            (
                "corpus/danielhttp/api.cloudformation.yaml",
                "api-cloudformation",
            ),
            ("C:\\work\\Orders.template.yml", "Orders"),
            ("1-api.yaml", "Stack-1-api"),
            ("noextension", "noextension"),
        ] {
            assert_eq!(stack_name(file), stack, "{file}");
        }
    }

    #[test]
    fn partitions_and_suffixes_follow_the_region() {
        assert_eq!(
            (partition("us-east-1"), url_suffix("us-east-1")),
            ("aws", "amazonaws.com")
        );
        assert_eq!(
            (partition("cn-north-1"), url_suffix("cn-north-1")),
            ("aws-cn", "amazonaws.com.cn")
        );
        assert_eq!(partition("us-gov-west-1"), "aws-us-gov");
    }

    #[test]
    fn ids_look_like_api_gateway_ids_and_never_change() {
        let a = id("AWS::ApiGateway::RestApi/Api");
        assert_eq!(a.len(), 10);
        assert!(
            a.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        );
        assert_eq!(a, id("AWS::ApiGateway::RestApi/Api"));
        assert_ne!(a, id("AWS::ApiGateway::RestApi/Api2"));
        // Pinned: a change would change every rendered template that embeds one.
        assert_eq!(id(""), "fe74et9rss");
    }

    #[test]
    fn every_type_is_listed_once() {
        let mut seen = std::collections::HashSet::new();
        for kind in RESOURCES {
            for t in kind.types {
                assert!(seen.insert(*t), "{t}");
            }
        }
    }
}

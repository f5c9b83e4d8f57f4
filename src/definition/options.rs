//! What a definition leaves to the deployment, given by the caller: CloudFormation parameter
//! values (and values for pseudo parameters and resources, over the stand-ins), other stacks'
//! exports for `Fn::ImportValue`, and the local copies of files the definition names by S3 URI.

use std::path::{Path, PathBuf};

use super::document::{self, Kind};
use super::error::{DefinitionError, ErrorKind, Location};

/// Values for what a CloudFormation template leaves to the deployment: the caller's side of
/// [`Api::load_with`](super::Api::load_with) and [`Api::parse_with`](super::Api::parse_with).
///
/// - [`parameter`](Self::parameter) (`--parameter-overrides NAME=VALUE`): a template
///   parameter's value, over its `Default`. The same name may also be a pseudo parameter
///   (`AWS::Region`), a resource's logical id (what `Ref` to it gives, over its stand-in) or
///   `Logical.Attribute` (what `Fn::GetAtt` gives).
/// - [`import`](Self::import) (`--import EXPORT=VALUE`): what `Fn::ImportValue` of an export
///   gives.
/// - [`include`](Self::include) (`--include s3://bucket/key=./local.yaml`): the local copy of a
///   file the definition names by S3 URI (`BodyS3Location`, `DefinitionUri`, `AWS::Include`).
///
/// # Examples
/// ```
/// use apigw_vtl::definition::{Api, DefinitionOptions};
/// let template = r#"
/// Parameters:
///   Table: {Type: String}
/// Resources:
///   Api:
///     Type: AWS::ApiGateway::RestApi
///     Properties: {Name: orders}
///   Get:
///     Type: AWS::ApiGateway::Method
///     Properties:
///       RestApiId: !Ref Api
///       ResourceId: !GetAtt Api.RootResourceId
///       HttpMethod: GET
///       Integration:
///         Type: MOCK
///         RequestTemplates:
///           application/json: !Sub '{"statusCode": 200, "table": "${Table}"}'
/// "#;
/// // The parameter has no default: without a value, the template cannot be known.
/// let error = Api::parse("template.yaml", template).unwrap_err();
/// assert!(error.to_string().contains("give `--parameter-overrides Table=VALUE`"), "{error}");
///
/// let options = DefinitionOptions::new().parameter("Table", "orders-dev");
/// let api = Api::parse_with("template.yaml", template, &options)?;
/// assert_eq!(api.methods().len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct DefinitionOptions {
    parameters: Vec<(String, String)>,
    imports: Vec<(String, String)>,
    includes: Vec<(String, PathBuf)>,
}

impl DefinitionOptions {
    /// No values: parameters take their defaults, everything else its stand-in.
    ///
    /// # Examples
    /// ```
    /// let options = apigw_vtl::definition::DefinitionOptions::new();
    /// assert!(options.parameters().is_empty());
    /// ```
    pub fn new() -> Self {
        DefinitionOptions::default()
    }

    /// A value for a template parameter, a pseudo parameter (`AWS::Region`), a resource's `Ref`
    /// (its logical id) or a resource's attribute (`Logical.Attribute`); a later value for the
    /// same name replaces an earlier one.
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::definition::DefinitionOptions;
    /// let options = DefinitionOptions::new()
    ///     .parameter("Stage", "dev")
    ///     .parameter("AWS::Region", "eu-west-1")
    ///     .parameter("Stage", "test");
    /// assert_eq!(options.parameters(), [("Stage".into(), "test".into()), ("AWS::Region".into(), "eu-west-1".into())]);
    /// ```
    #[must_use]
    pub fn parameter(mut self, name: &str, value: &str) -> Self {
        set(&mut self.parameters, name, value.to_string());
        self
    }

    /// What `Fn::ImportValue` of the export `name` gives.
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::definition::DefinitionOptions;
    /// let options = DefinitionOptions::new().import("shared-orders-table", "orders");
    /// assert_eq!(options.imports(), [("shared-orders-table".into(), "orders".into())]);
    /// ```
    #[must_use]
    pub fn import(mut self, name: &str, value: &str) -> Self {
        set(&mut self.imports, name, value.to_string());
        self
    }

    /// The local file to read where the definition names `s3_uri` (`s3://bucket/key`). A
    /// relative `path` is relative to the working directory (it is the caller's path, not the
    /// template's).
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::definition::DefinitionOptions;
    /// let options = DefinitionOptions::new().include("s3://artifacts/api.yaml", "build/api.yaml".as_ref());
    /// assert_eq!(options.includes()[0].0, "s3://artifacts/api.yaml");
    /// ```
    #[must_use]
    pub fn include(mut self, s3_uri: &str, path: &Path) -> Self {
        set(&mut self.includes, s3_uri, path.to_path_buf());
        self
    }

    /// Parameter values from a file's text, in either form CloudFormation tools write: a list of
    /// `{"ParameterKey": NAME, "ParameterValue": VALUE}` objects (`aws cloudformation
    /// create-stack --parameters file://...`), or an object of `NAME: VALUE`. JSON or YAML (a
    /// `.json` name reads JSON's rules); a value may be a number or a boolean, read as its text.
    /// Values given here replace earlier ones of the same name.
    ///
    /// # Errors
    /// The text is neither form; the error has the line and column (`file` names it).
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::definition::DefinitionOptions;
    /// let options = DefinitionOptions::new().parameter_file(
    ///     "params.json",
    ///     r#"[{"ParameterKey": "Stage", "ParameterValue": "dev"}]"#,
    /// )?;
    /// assert_eq!(options.parameters(), [("Stage".into(), "dev".into())]);
    /// let options = options.parameter_file("params.json", r#"{"Stage": "test", "Count": 3}"#)?;
    /// assert_eq!(options.parameters(), [("Stage".into(), "test".into()), ("Count".into(), "3".into())]);
    /// assert!(DefinitionOptions::new().parameter_file("p.json", "[1]").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parameter_file(mut self, file: &str, text: &str) -> Result<Self, DefinitionError> {
        let root = document::load(file, text, 0)?.root;
        let expected = |node: &document::Node, path: &str, what: &str| {
            DefinitionError::new(
                file,
                Location {
                    line: node.line,
                    column: node.column,
                    path: path.to_string(),
                },
                ErrorKind::Expected {
                    expected: what.to_string(),
                    found: node.describe(),
                },
            )
        };
        let text_of = |node: &document::Node, path: &str| match &node.kind {
            Kind::Scalar { text, .. } if node.tag.is_none() => Ok(text.clone()),
            _ => Err(expected(node, path, "a parameter value (a string)")),
        };
        match &root.kind {
            Kind::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    let path = format!("[{i}]");
                    let field = |key: &str| {
                        item.get(key).ok_or_else(|| {
                            expected(
                                item,
                                &path,
                                "an object with `ParameterKey` and `ParameterValue`",
                            )
                        })
                    };
                    let name = text_of(field("ParameterKey")?, &format!("{path}.ParameterKey"))?;
                    let value =
                        text_of(field("ParameterValue")?, &format!("{path}.ParameterValue"))?;
                    set(&mut self.parameters, &name, value);
                }
            }
            Kind::Map(entries) if !root.is_intrinsic() => {
                for (key, value) in entries {
                    let name = key.scalar().unwrap_or_default().to_string();
                    let value = text_of(value, &name)?;
                    set(&mut self.parameters, &name, value);
                }
            }
            _ => {
                return Err(expected(
                    &root,
                    "",
                    "a list of {\"ParameterKey\", \"ParameterValue\"} objects or an object of NAME: VALUE",
                ));
            }
        }
        Ok(self)
    }

    /// The values for parameters, pseudo parameters and resources, in the order first given.
    pub fn parameters(&self) -> &[(String, String)] {
        &self.parameters
    }

    /// The values for `Fn::ImportValue`.
    pub fn imports(&self) -> &[(String, String)] {
        &self.imports
    }

    /// The local copies of S3 objects.
    pub fn includes(&self) -> &[(String, PathBuf)] {
        &self.includes
    }

    pub(crate) fn parameter_value(&self, name: &str) -> Option<&str> {
        self.parameters
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn import_value(&self, name: &str) -> Option<&str> {
        self.imports
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn include_path(&self, uri: &str) -> Option<&Path> {
        self.includes
            .iter()
            .find(|(n, _)| n == uri)
            .map(|(_, v)| v.as_path())
    }
}

fn set<T>(list: &mut Vec<(String, T)>, name: &str, value: T) {
    match list.iter_mut().find(|(n, _)| n == name) {
        Some(entry) => entry.1 = value,
        None => list.push((name.to_string(), value)),
    }
}

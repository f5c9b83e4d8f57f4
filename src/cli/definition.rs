//! The flags of every command that reads an API definition, for what a CloudFormation template
//! leaves to the deployment (`--parameter-overrides`, `--parameter-overrides-file`, `--import`,
//! `--include`), turned into the library's [`DefinitionOptions`]; the evaluation itself is the
//! library's.

use std::path::PathBuf;

use clap::Args;

use crate::definition::{DefinitionError, DefinitionOptions};

/// The definition flags, shared by `check` and `invoke`.
#[derive(Debug, Args)]
pub(crate) struct DefinitionArgs {
    /// A CloudFormation parameter's value, NAME=VALUE (SAM CLI's flag and forms: several
    /// separated by spaces, `ParameterKey=NAME,ParameterValue=VALUE`, a value with spaces in
    /// double quotes). NAME may also be a pseudo parameter (`AWS::Region`), a resource's logical
    /// id (what `Ref` to it gives) or `Logical.Attribute` (what `Fn::GetAtt` gives), over the
    /// stand-ins. Repeat for more.
    #[arg(long = "parameter-overrides", value_name = "NAME=VALUE")]
    parameter_overrides: Vec<String>,
    /// Parameter values from a file: CloudFormation's
    /// `[{"ParameterKey": NAME, "ParameterValue": VALUE}]` or a `{"NAME": "VALUE"}` object (JSON
    /// or YAML). `--parameter-overrides` win over it.
    #[arg(long = "parameter-overrides-file", value_name = "FILE")]
    parameter_overrides_file: Option<PathBuf>,
    /// What `Fn::ImportValue` of another stack's export gives, EXPORT=VALUE. Repeat for more.
    #[arg(long = "import", value_name = "EXPORT=VALUE")]
    imports: Vec<String>,
    /// The local copy of a file the definition names in S3 (`BodyS3Location`, a SAM
    /// `DefinitionUri`, an `AWS::Include` `Location`), s3://bucket/key=./local.yaml (the path
    /// relative to the working directory). Repeat for more.
    #[arg(long = "include", value_name = "S3_URI=FILE")]
    includes: Vec<String>,
}

/// Why the flags do not make options.
pub(crate) enum OptionsError {
    /// A flag's value is malformed, or the parameters file cannot be read (exit 2).
    Usage(String),
    /// The parameters file is not one of its two forms (exit 1).
    File(Box<DefinitionError>),
}

impl DefinitionArgs {
    /// The options the flags give.
    pub(crate) fn options(&self) -> Result<DefinitionOptions, OptionsError> {
        let mut options = DefinitionOptions::new();
        if let Some(path) = &self.parameter_overrides_file {
            let text = super::render::read_text(path).map_err(OptionsError::Usage)?;
            options = options
                .parameter_file(&path.display().to_string(), &text)
                .map_err(|error| OptionsError::File(Box::new(error)))?;
        }
        for text in &self.parameter_overrides {
            for (name, value) in overrides(text).map_err(OptionsError::Usage)? {
                options = options.parameter(&name, &value);
            }
        }
        for text in &self.imports {
            let (name, value) = pair(text, "--import", "EXPORT=VALUE")?;
            options = options.import(name, value);
        }
        for text in &self.includes {
            let (uri, path) = pair(text, "--include", "s3://bucket/key=./local.yaml")?;
            if !uri.starts_with("s3://") {
                return Err(OptionsError::Usage(format!(
                    "--include {text:?}: expected s3://bucket/key=./local.yaml"
                )));
            }
            options = options.include(uri, path.as_ref());
        }
        Ok(options)
    }
}

fn pair<'t>(text: &'t str, flag: &str, form: &str) -> Result<(&'t str, &'t str), OptionsError> {
    match text.split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok((name, value)),
        _ => Err(OptionsError::Usage(format!(
            "{flag} {text:?}: expected {form}"
        ))),
    }
}

/// `--parameter-overrides`' value as SAM CLI reads it: entries separated by blanks, each
/// `NAME=VALUE` or `ParameterKey=NAME,ParameterValue=VALUE`; double quotes keep blanks in a
/// value (a backslash escapes the next character inside them).
fn overrides(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none() {
            break;
        }
        let mut entry = String::new();
        let mut quoted = false;
        while let Some(c) = chars.next() {
            match c {
                '"' => quoted = !quoted,
                '\\' if quoted => entry.extend(chars.next()),
                c if c.is_whitespace() && !quoted => break,
                c => entry.push(c),
            }
        }
        if quoted {
            return Err(format!(
                "--parameter-overrides {text:?}: a double quote is never closed"
            ));
        }
        let parsed = match entry.strip_prefix("ParameterKey=") {
            Some(rest) => rest
                .split_once(",ParameterValue=")
                .map(|(name, value)| (name.to_string(), value.to_string())),
            None => entry
                .split_once('=')
                .map(|(name, value)| (name.to_string(), value.to_string())),
        };
        match parsed {
            Some((name, value)) if !name.is_empty() => out.push((name, value)),
            _ => {
                return Err(format!(
                    "--parameter-overrides {entry:?}: expected NAME=VALUE or ParameterKey=NAME,ParameterValue=VALUE"
                ));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::overrides;

    fn pairs(text: &str) -> Vec<(String, String)> {
        overrides(text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn parameter_overrides_read_as_sam_cli_reads_them() {
        let p = |n: &str, v: &str| (n.to_string(), v.to_string());
        assert_eq!(pairs("Stage=dev"), [p("Stage", "dev")]);
        assert_eq!(
            pairs("Stage=dev  Table=orders=1"),
            [p("Stage", "dev"), p("Table", "orders=1")]
        );
        assert_eq!(
            pairs("ParameterKey=Stage,ParameterValue=dev"),
            [p("Stage", "dev")]
        );
        assert_eq!(
            pairs(r#"Greeting="hello world" Quote="a \"b\"""#),
            [p("Greeting", "hello world"), p("Quote", "a \"b\"")]
        );
        assert_eq!(
            pairs("AWS::Region=eu-west-1"),
            [p("AWS::Region", "eu-west-1")]
        );
        assert_eq!(pairs("Empty="), [p("Empty", "")]);
        assert!(overrides("=x").is_err());
        assert!(overrides("novalue").is_err());
        assert!(overrides("A=\"open").is_err());
    }
}

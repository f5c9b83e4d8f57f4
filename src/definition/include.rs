//! Files a template points at, read in its place: `Fn::Transform` with `AWS::Include` (run before
//! intrinsic functions are evaluated, as CloudFormation runs macros first), and the OpenAPI files
//! of SAM's `DefinitionUri` and of `BodyS3Location`.
//!
//! A local path is read relative to the template's folder; an `s3://bucket/key` location is read
//! from the local copy [`DefinitionOptions::include`](super::DefinitionOptions::include) names.
//! As CloudFormation does, an included file may not use YAML short forms (`!Sub`) and may not
//! include another (AWS CloudFormation User Guide, "AWS::Include transform": "We do not currently
//! support using shorthand notations for YAML snippets"; "You can't use AWS::Include to reference
//! a template snippet that also uses AWS::Include").

use std::path::{Component, Path, PathBuf};

use super::document::{self, FileId, Kind, Node};
use super::error::DefinitionError;
use super::intrinsics::{Problem, ProblemKind};
use super::read::{FileKind, Reader, SourceFile};

/// How deep the walk over a template goes looking for `Fn::Transform`.
const MAX_DEPTH: usize = 256;

/// Replaces every `AWS::Include` of `node` (a template read from a file of `reader`) by the file
/// it names. One that cannot be read becomes an unresolved node: an error where a reader needs it.
pub(crate) fn expand(node: &mut Node, reader: &mut Reader<'_>) {
    walk(node, reader, false, 0);
}

fn walk(node: &mut Node, reader: &mut Reader<'_>, nested: bool, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    if let Some(argument) = include_argument(node) {
        let result = if nested {
            Err(refused(
                node,
                "an `AWS::Include` inside an included file: CloudFormation refuses it",
            ))
        } else {
            let argument = argument.clone();
            include(&argument, node, reader)
        };
        *node = match result {
            Ok(included) => included,
            Err(problem) => problem.into_node(),
        };
        return;
    }
    match &mut node.kind {
        Kind::Seq(items) => {
            for item in items {
                walk(item, reader, nested, depth + 1);
            }
        }
        Kind::Map(entries) => {
            // `Fn::Transform` as one key among others: the included mapping's entries join them.
            let merge = entries.len() > 1
                && entries
                    .iter()
                    .any(|(k, v)| k.scalar() == Some("Fn::Transform") && is_include(v));
            if merge {
                let at = entries
                    .iter()
                    .position(|(k, _)| k.scalar() == Some("Fn::Transform"))
                    .unwrap_or_default();
                let (key, argument) = entries.remove(at);
                let result = if nested {
                    Err(refused(
                        &key,
                        "an `AWS::Include` inside an included file: CloudFormation refuses it",
                    ))
                } else {
                    include(&argument, &key, reader)
                };
                match result {
                    Ok(Node {
                        kind: Kind::Map(more),
                        ..
                    }) => entries.extend(more),
                    Ok(other) => {
                        let problem = refused(
                            &key,
                            &format!(
                                "the included file holds {}, not a mapping to merge into this one",
                                other.describe()
                            ),
                        );
                        *node = problem.into_node();
                        return;
                    }
                    Err(problem) => {
                        *node = problem.into_node();
                        return;
                    }
                }
            }
            if let Kind::Map(entries) = &mut node.kind {
                for (_, value) in entries {
                    walk(value, reader, nested, depth + 1);
                }
            }
        }
        _ => {}
    }
}

/// `Fn::Transform: {Name: AWS::Include, ...}` / `!Transform {...}`: the transform's argument.
fn include_argument(node: &Node) -> Option<&Node> {
    if node.tag.as_deref() == Some("Transform") {
        return is_include(node).then_some(node);
    }
    match node.entries()? {
        [(key, value)] if key.scalar() == Some("Fn::Transform") && is_include(value) => Some(value),
        _ => None,
    }
}

fn is_include(argument: &Node) -> bool {
    argument.get("Name").and_then(Node::scalar) == Some("AWS::Include")
}

fn refused(at: &Node, message: &str) -> Problem {
    Problem::at(
        at,
        ProblemKind::Bad {
            function: "AWS::Include".into(),
            message: message.to_string(),
        },
    )
}

/// The file an `AWS::Include` (its argument, at `at`) names, read and checked.
fn include(argument: &Node, at: &Node, reader: &mut Reader<'_>) -> Result<Node, Problem> {
    let location = argument
        .get("Parameters")
        .and_then(|p| p.get("Location"))
        .filter(|l| l.tag.is_none() && !l.is_intrinsic())
        .and_then(Node::scalar)
        .ok_or_else(|| {
            refused(
                at,
                "expected `Parameters: {Location: s3://bucket/key or a local path}`, written out",
            )
        })?
        .to_string();
    let (_, root) =
        read(reader, &location, FileKind::Include).map_err(|failure| match failure {
            Failure::Missing { message, flag } => Problem::at(
                at,
                ProblemKind::Include {
                    location: location.clone(),
                    message,
                    flag,
                },
            ),
            Failure::Syntax(error) => Problem {
                file: reader_file(reader, error.file()),
                line: error.location().line,
                column: error.location().column,
                kind: ProblemKind::Include {
                    location: location.clone(),
                    message: error.kind().to_string(),
                    flag: None,
                },
            },
        })?;
    if let Some(tagged) = first_tagged(&root, 0) {
        let tag = tagged.tag.as_deref().unwrap_or_default();
        let long = match tag {
            "Ref" | "Condition" => tag.to_string(),
            _ => format!("Fn::{tag}"),
        };
        return Err(refused(
            tagged,
            &format!(
                "`!{tag}` in an included file: CloudFormation takes no YAML short forms there (write `{long}:`)"
            ),
        ));
    }
    let mut root = root;
    walk(&mut root, reader, true, 0);
    Ok(root)
}

fn reader_file(reader: &Reader<'_>, name: &str) -> FileId {
    reader
        .files
        .iter()
        .position(|f| f.name == name)
        .unwrap_or_default() as FileId
}

fn first_tagged(node: &Node, depth: usize) -> Option<&Node> {
    if node.tag.is_some() {
        return Some(node);
    }
    if depth > MAX_DEPTH {
        return None;
    }
    match &node.kind {
        Kind::Seq(items) => items.iter().find_map(|i| first_tagged(i, depth + 1)),
        Kind::Map(entries) => entries.iter().find_map(|(_, v)| first_tagged(v, depth + 1)),
        _ => None,
    }
}

/// Why a file the definition names could not be read.
pub(crate) enum Failure {
    /// Not given (an S3 object without `--include`) or not readable: the message, and the flag
    /// that gives it.
    Missing {
        message: String,
        flag: Option<String>,
    },
    /// Read, but not YAML or JSON.
    Syntax(DefinitionError),
}

/// Reads the file at `location` (a path relative to the template's folder, or an S3 URI given
/// by an option) into the definition's files, as a file of `kind`.
pub(crate) fn read(
    reader: &mut Reader<'_>,
    location: &str,
    kind: FileKind,
) -> Result<(FileId, Node), Failure> {
    let path = if location.starts_with("s3://") {
        match reader.options.include_path(location) {
            Some(path) => path.to_path_buf(),
            None => {
                return Err(Failure::Missing {
                    message: format!(
                        "`{location}` is an S3 object: apigw-vtl reads a local copy of it"
                    ),
                    flag: Some(format!("--include {location}=./local.yaml")),
                });
            }
        }
    } else if location.contains("://") {
        return Err(Failure::Missing {
            message: format!("`{location}` is neither a local path nor an `s3://` URI"),
            flag: None,
        });
    } else {
        clean(&reader.base.join(location))
    };
    let name = path.display().to_string();
    let text = std::fs::read_to_string(&path).map_err(|error| Failure::Missing {
        message: format!("`{location}` ({name}) cannot be read: {error}"),
        flag: None,
    })?;
    let id = reader.files.len() as FileId;
    reader.files.push(SourceFile {
        name: name.clone(),
        text,
        kind,
    });
    let text = &reader.files[id as usize].text;
    let loaded = document::load(&name, text, id).map_err(Failure::Syntax)?;
    reader.warnings.extend(loaded.warnings);
    Ok((id, loaded.root))
}

/// `path` without `.` components (`dir/./api.yaml` → `dir/api.yaml`), for messages.
fn clean(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect()
}

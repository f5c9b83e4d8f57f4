//! Where a definition's integrations, integration responses and templates stand, recorded while
//! it is read, for the linter (`crate::lint`): the model keeps what AWS does, not where the file
//! says it. Recorded only when the linter asks ([`super::Api`] is read the same either way).

use super::document::{FileId, Node};
use crate::gateway::IntegrationType;

/// Everything recorded while one definition was read.
#[derive(Debug, Default)]
pub(crate) struct Sites {
    pub(crate) integrations: Vec<IntegrationSite>,
    pub(crate) responses: Vec<ResponseSite>,
    pub(crate) templates: Vec<TemplateText>,
}

/// A place in one of the definition's files: file, line, column (1-based).
pub(crate) type Place = (FileId, usize, usize);

/// An integration: its key path, where it stands, its type and URI.
#[derive(Debug)]
pub(crate) struct IntegrationSite {
    pub(crate) path: String,
    pub(crate) place: Place,
    pub(crate) kind: IntegrationType,
    pub(crate) uri: Option<String>,
}

/// An integration response: its key path, its status, its selection pattern (`None`: the
/// default) and where that stands (the pattern, else the status).
#[derive(Debug)]
pub(crate) struct ResponseSite {
    pub(crate) path: String,
    pub(crate) place: Place,
    pub(crate) status: u16,
    pub(crate) pattern: Option<String>,
}

/// A mapping template: its key path, its text and the node it was read from (to place its
/// characters in the file).
#[derive(Debug)]
pub(crate) struct TemplateText {
    pub(crate) path: String,
    pub(crate) text: String,
    pub(crate) node: Node,
}

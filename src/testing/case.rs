//! Case files: discovery, reading (YAML or JSON, with the line and column of every value), and the
//! inputs they name, each file read and each template and definition parsed once per suite.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use base64::Engine as _;

use super::CaseError;
use crate::apigw::TemplateInput;
use crate::definition::Api;
use crate::definition::document::{self, Kind, Node};
use crate::definition::models::to_json;
use crate::gateway::{HttpRequest, Outcome};
use crate::invocation::InvokeOptions;
use crate::syntax::Template;

/// The suffixes that make a file a case file. Nothing else is read as one when a directory is
/// searched, so definitions, templates and payloads can live beside the cases.
pub const CASE_SUFFIXES: [&str; 3] = [".case.yaml", ".case.yml", ".case.json"];

/// The suffix of a snapshot file; a pending one adds [`PENDING_SUFFIX`].
pub const SNAPSHOT_SUFFIX: &str = ".snap";

/// The suffix a new or changed snapshot waits under until it is reviewed (`guid.error.snap.new`).
pub const PENDING_SUFFIX: &str = ".new";

/// One case: a name, where it is written, what it runs and where its snapshot lives.
#[derive(Debug, Clone)]
pub struct Case {
    pub(crate) file: PathBuf,
    pub(crate) name: String,
    pub(crate) line: usize,
    pub(crate) snapshot: PathBuf,
    pub(crate) pretty_json: bool,
    pub(crate) what: Result<What, CaseError>,
    /// The input files it names (`{file: PATH}` bodies and outcomes).
    pub(crate) files: Vec<PathBuf>,
}

/// What a case runs.
#[derive(Debug, Clone)]
pub(crate) enum What {
    /// A template rendered with API Gateway's variables (and plain ones).
    Template {
        path: String,
        template: Arc<Template>,
        input: TemplateInput,
        variables: serde_json::Map<String, serde_json::Value>,
    },
    /// A request through an API definition.
    Invoke {
        path: String,
        api: Arc<Api>,
        request: Box<HttpRequest>,
        shown: String,
        outcome: Option<Outcome>,
        options: InvokeOptions,
    },
}

impl Case {
    /// The case's full name: its file, `::`, its name (`cases/guid.case.yaml::error`). A file
    /// holding one case without a `cases:` list is named by its file alone.
    pub fn full_name(&self) -> String {
        let file = display(&self.file);
        if self.name.is_empty() {
            file
        } else {
            format!("{file}::{}", self.name)
        }
    }

    /// The case's own name (empty for a file that is one case).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The case file.
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// The line of the case file where the case starts.
    pub fn line(&self) -> usize {
        self.line
    }

    /// Where its snapshot is kept.
    pub fn snapshot_path(&self) -> &Path {
        &self.snapshot
    }

    /// Where a new or changed snapshot waits for review.
    pub fn pending_path(&self) -> PathBuf {
        pending_of(&self.snapshot)
    }

    /// Why the case cannot run (a malformed case, a missing file, a template that does not
    /// parse), if it cannot.
    pub fn error(&self) -> Option<&CaseError> {
        self.what.as_ref().err()
    }

    /// A template case's template file (as the case names it) and inputs, for the linter, which
    /// renders the template with them (`None` for an inline template or a request case).
    #[cfg(feature = "lint")]
    pub(crate) fn template_input(&self) -> Option<(&str, &TemplateInput)> {
        match &self.what {
            Ok(What::Template { path, input, .. }) if !path.is_empty() => Some((path, input)),
            _ => None,
        }
    }

    /// The files the case reads (its case file, its template or definition, the input files it
    /// names): what `--watch` watches.
    pub fn inputs(&self) -> Vec<PathBuf> {
        let mut inputs = vec![self.file.clone()];
        inputs.extend(self.files.iter().cloned());
        match &self.what {
            Ok(What::Template { path, .. }) | Ok(What::Invoke { path, .. }) => {
                if !path.is_empty() {
                    inputs.push(PathBuf::from(path));
                }
            }
            Err(_) => {}
        }
        inputs
    }
}

pub(crate) fn pending_of(snapshot: &Path) -> PathBuf {
    let mut name = snapshot.as_os_str().to_owned();
    name.push(PENDING_SUFFIX);
    PathBuf::from(name)
}

/// A path as shown in names and messages: as given, with `/` separators.
pub(crate) fn display(path: &Path) -> String {
    let text = path.display().to_string();
    let text = text.strip_prefix("./").unwrap_or(&text);
    text.replace('\\', "/")
}

/// `path` with `.` segments and `dir/..` pairs taken out, lexically (names stay as the user
/// wrote them, and one file named two ways is read once).
pub(crate) fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component<'_>> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(component),
            },
            other => out.push(other),
        }
    }
    if out.is_empty() {
        return PathBuf::from(".");
    }
    out.iter().collect()
}

/// Whether a file's name makes it a case file.
///
/// # Examples
/// ```
/// use apigw_vtl::testing::is_case_file;
/// assert!(is_case_file("tests/api/guid.case.yaml".as_ref()));
/// assert!(is_case_file("guid.case.json".as_ref()));
/// assert!(!is_case_file("api.yaml".as_ref()));
/// assert!(!is_case_file("guid.error.snap".as_ref()));
/// ```
pub fn is_case_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|name| CASE_SUFFIXES.iter().any(|s| name.ends_with(s)))
}

/// Every case file under `paths` (a file is taken as it is; a directory is searched, hidden
/// directories, `target` and `node_modules` left out), sorted, without duplicates.
///
/// # Errors
/// A path that does not exist or cannot be listed.
///
/// # Examples
/// ```
/// let files = apigw_vtl::testing::discover(&["corpus/cases".into()])?;
/// assert!(files.iter().any(|f| f.ends_with("danielhttp/guid.case.yaml")));
/// # Ok::<(), String>(())
/// ```
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", display(path)))?;
        if meta.is_dir() {
            walk(path, &mut found).map_err(|e| format!("{}: {e}", display(path)))?;
        } else {
            found.push(path.clone());
        }
    }
    found.sort();
    found.dedup();
    Ok(found)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if path.is_dir() {
            if !name.starts_with('.') && name != "target" && name != "node_modules" {
                walk(&path, found)?;
            }
        } else if is_case_file(&path) {
            found.push(path);
        }
    }
    Ok(())
}

/// Reads files and parses templates and definitions once for a whole suite.
#[derive(Default)]
pub(crate) struct Loader {
    texts: HashMap<PathBuf, Result<Arc<Vec<u8>>, String>>,
    templates: HashMap<PathBuf, Result<Arc<Template>, CaseError>>,
    apis: HashMap<PathBuf, Result<Arc<Api>, CaseError>>,
}

/// Keys a case may have; a file's defaults may have all but `name`, plus `cases`.
const CASE_KEYS: [&str; 13] = [
    "name",
    "description",
    "api",
    "template",
    "request",
    "outcome",
    "stage",
    "stage_variables",
    "context",
    "body",
    "params",
    "variables",
    "pretty_json",
];

impl Loader {
    fn bytes(&mut self, path: &Path) -> Result<Arc<Vec<u8>>, String> {
        self.texts
            .entry(path.to_path_buf())
            .or_insert_with(|| {
                std::fs::read(path)
                    .map(Arc::new)
                    .map_err(|e| format!("cannot read {}: {e}", display(path)))
            })
            .clone()
    }

    fn template(&mut self, path: &Path) -> Result<Arc<Template>, CaseError> {
        if let Some(done) = self.templates.get(path) {
            return done.clone();
        }
        let loaded = match self.bytes(path) {
            Err(message) => Err(CaseError::new(&display(path), message)),
            Ok(bytes) => Template::parse_bytes(&bytes)
                .map(Arc::new)
                .map_err(|error| {
                    let text = String::from_utf8_lossy(&bytes).into_owned();
                    CaseError::parse(&display(path), text, &error)
                }),
        };
        self.templates.insert(path.to_path_buf(), loaded.clone());
        loaded
    }

    fn api(&mut self, path: &Path) -> Result<Arc<Api>, CaseError> {
        if let Some(done) = self.apis.get(path) {
            return done.clone();
        }
        let loaded = Api::load(path)
            .map(Arc::new)
            .map_err(|error| CaseError::definition(&error));
        self.apis.insert(path.to_path_buf(), loaded.clone());
        loaded
    }

    /// Reads one case file into its cases (a file that cannot be read, or is not a case file, is
    /// one broken case named after the file).
    pub(crate) fn read_file(&mut self, file: &Path) -> Vec<Case> {
        let shown = display(file);
        let broken = |error: CaseError| {
            vec![Case {
                file: file.to_path_buf(),
                name: String::new(),
                line: error.line,
                snapshot: snapshot_path(file, ""),
                pretty_json: false,
                what: Err(error),
                files: Vec::new(),
            }]
        };
        let text = match self.bytes(file) {
            Ok(bytes) => match String::from_utf8(bytes.to_vec()) {
                Ok(text) => Arc::new(text),
                Err(_) => return broken(CaseError::new(&shown, "not UTF-8 text".into())),
            },
            Err(message) => return broken(CaseError::new(&shown, message)),
        };
        // A case file is one file (id 0); the leniencies definitions have are not a case's concern.
        let root = match document::load(&shown, &text, 0) {
            Ok(loaded) => loaded.root,
            Err(error) => {
                let location = error.location();
                return broken(CaseError::at(
                    &shown,
                    &text,
                    location.line.max(1),
                    location.column.max(1),
                    error.kind().to_string(),
                ));
            }
        };
        let file_case = FileCase {
            file,
            shown: &shown,
            text: &text,
            read: std::cell::RefCell::default(),
        };
        if root.entries().is_none() {
            return broken(file_case.error(
                &root,
                format!("expected a case (a mapping), found {}", root.describe()),
            ));
        }
        let Some(list) = root.get("cases") else {
            if let Err(error) = file_case.check_keys(&root, &CASE_KEYS[1..], "a case") {
                return broken(error);
            }
            return vec![file_case.case(self, String::new(), &root, None)];
        };
        let mut defaults_keys: Vec<&str> = CASE_KEYS[1..].to_vec();
        defaults_keys.push("cases");
        if let Err(error) = file_case.check_keys(&root, &defaults_keys, "a case file") {
            return broken(error);
        }
        let Kind::Seq(items) = &list.kind else {
            return broken(file_case.error(
                list,
                format!(
                    "expected `cases` to be a list of cases, found {}",
                    list.describe()
                ),
            ));
        };
        let mut cases: Vec<Case> = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let name = match item.get("name").and_then(Node::scalar) {
                Some(name) if !name.trim().is_empty() => name.to_string(),
                _ => format!("#{}", index + 1),
            };
            let mut case = file_case.case(self, name.clone(), item, Some(&root));
            if case.what.is_ok() {
                let problem = if item.entries().is_none() {
                    Some(file_case.error(
                        item,
                        format!("expected a case (a mapping), found {}", item.describe()),
                    ))
                } else if item.get("name").and_then(Node::scalar).is_none() {
                    Some(file_case.error(item, "a case in a `cases` list needs a `name`".into()))
                } else if cases.iter().any(|c| c.snapshot == case.snapshot) {
                    Some(file_case.error(
                        item.get("name").unwrap_or(item),
                        format!(
                            "two cases of this file are named `{name}` (or names that give the same snapshot file)"
                        ),
                    ))
                } else {
                    None
                };
                if let Some(problem) = problem {
                    case.what = Err(problem);
                }
            }
            cases.push(case);
        }
        cases
    }
}

/// The snapshot beside a case: `guid.case.yaml` and case `error` → `guid.error.snap`; a file that
/// is one case → `guid.snap`.
fn snapshot_path(file: &Path, name: &str) -> PathBuf {
    let file_name = file.file_name().and_then(|n| n.to_str()).unwrap_or("case");
    let stem = CASE_SUFFIXES
        .iter()
        .find_map(|s| file_name.strip_suffix(s))
        .unwrap_or(file_name);
    let mut snap = stem.to_string();
    if !name.is_empty() {
        snap.push('.');
        snap.extend(name.chars().map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        }));
    }
    snap.push_str(SNAPSHOT_SUFFIX);
    file.with_file_name(snap)
}

struct FileCase<'a> {
    file: &'a Path,
    shown: &'a str,
    text: &'a Arc<String>,
    /// The input files (`{file: PATH}`) the case being read names.
    read: std::cell::RefCell<Vec<PathBuf>>,
}

impl FileCase<'_> {
    fn error(&self, node: &Node, message: String) -> CaseError {
        CaseError::at(self.shown, self.text, node.line, node.column, message)
    }

    fn check_keys(&self, node: &Node, allowed: &[&str], what: &str) -> Result<(), CaseError> {
        for (key, _) in node.entries().unwrap_or_default() {
            let name = key.scalar().unwrap_or_default();
            if !allowed.contains(&name) {
                return Err(self.error(
                    key,
                    format!(
                        "unknown key `{name}` in {what}; expected one of {}",
                        allowed.join(", ")
                    ),
                ));
            }
        }
        Ok(())
    }

    fn case(
        &self,
        loader: &mut Loader,
        name: String,
        node: &Node,
        defaults: Option<&Node>,
    ) -> Case {
        self.read.borrow_mut().clear();
        let what = self.what(loader, node, defaults);
        Case {
            files: self.read.borrow().clone(),
            file: self.file.to_path_buf(),
            snapshot: snapshot_path(self.file, &name),
            line: node.line,
            pretty_json: self
                .get(node, defaults, "pretty_json")
                .and_then(Node::scalar)
                .is_some_and(|v| v == "true"),
            name,
            what,
        }
    }

    /// A key of the case, else of the file's defaults.
    fn get<'n>(&self, node: &'n Node, defaults: Option<&'n Node>, key: &str) -> Option<&'n Node> {
        node.get(key).or_else(|| defaults.and_then(|d| d.get(key)))
    }

    fn path(&self, relative: &str) -> PathBuf {
        let base = self.file.parent().unwrap_or(Path::new(""));
        normalize(&base.join(relative))
    }

    fn what(
        &self,
        loader: &mut Loader,
        node: &Node,
        defaults: Option<&Node>,
    ) -> Result<What, CaseError> {
        if node.entries().is_none() {
            return Err(self.error(
                node,
                format!("expected a case (a mapping), found {}", node.describe()),
            ));
        }
        self.check_keys(node, &CASE_KEYS, "a case")?;
        let get = |key: &str| self.get(node, defaults, key);
        match (get("api"), get("template")) {
            (Some(api), None) => self.invoke(loader, node, defaults, api),
            (None, Some(template)) => self.template(loader, node, defaults, template),
            (Some(api), Some(_)) => Err(self.error(
                api,
                "a case names either `api` (a definition) or `template`, not both".into(),
            )),
            (None, None) => Err(self.error(
                node,
                "a case names `api` (a definition, with `request` and `outcome`) or `template` (with `body`, `params`, `context`...)".into(),
            )),
        }
    }

    fn scalar<'n>(&self, node: &'n Node, what: &str) -> Result<&'n str, CaseError> {
        node.scalar().ok_or_else(|| {
            self.error(
                node,
                format!("expected {what} (a string), found {}", node.describe()),
            )
        })
    }

    /// A text input: a string (inline), `{file: PATH}` (relative to the case file), `{base64:
    /// ...}`, or any other mapping or list (written as compact JSON).
    fn input(&self, loader: &mut Loader, node: &Node) -> Result<Vec<u8>, CaseError> {
        if let Some(text) = node.scalar() {
            return Ok(text.as_bytes().to_vec());
        }
        if let Some([(key, value)]) = node.entries() {
            match key.scalar() {
                Some("file") => {
                    let path = self.path(self.scalar(value, "a file path")?);
                    self.read.borrow_mut().push(path.clone());
                    return loader
                        .bytes(&path)
                        .map(|b| b.to_vec())
                        .map_err(|message| self.error(value, message));
                }
                Some("base64") => {
                    let text = self.scalar(value, "base64")?;
                    return base64::engine::general_purpose::STANDARD
                        .decode(text.trim())
                        .map_err(|e| self.error(value, format!("not base64: {e}")));
                }
                _ => {}
            }
        }
        Ok(to_json(node).to_string().into_bytes())
    }

    fn text_input(&self, loader: &mut Loader, node: &Node) -> Result<String, CaseError> {
        String::from_utf8(self.input(loader, node)?)
            .map_err(|_| self.error(node, "not UTF-8 text".into()))
    }

    fn object(
        &self,
        node: &Node,
        what: &str,
    ) -> Result<serde_json::Map<String, serde_json::Value>, CaseError> {
        match to_json(node) {
            serde_json::Value::Object(object) => Ok(object),
            _ => Err(self.error(
                node,
                format!("expected {what} (a mapping), found {}", node.describe()),
            )),
        }
    }

    fn pairs(&self, node: &Node, what: &str) -> Result<Vec<(String, String)>, CaseError> {
        if let Kind::Seq(items) = &node.kind {
            // `- "Name: value"`, as `--header` takes them (a name may repeat).
            let mut pairs = Vec::new();
            for item in items {
                let text = self.scalar(item, "`Name: value`")?;
                match text.split_once(':') {
                    Some((name, value)) if !name.trim().is_empty() => {
                        pairs.push((name.trim().to_string(), value.trim().to_string()));
                    }
                    _ => {
                        return Err(
                            self.error(item, format!("expected `Name: value`, found {text:?}"))
                        );
                    }
                }
            }
            return Ok(pairs);
        }
        Ok(self
            .object(node, what)?
            .into_iter()
            .map(|(k, v)| {
                let text = v.as_str().map_or_else(|| v.to_string(), str::to_string);
                (k, text)
            })
            .collect())
    }

    fn template(
        &self,
        loader: &mut Loader,
        node: &Node,
        defaults: Option<&Node>,
        template: &Node,
    ) -> Result<What, CaseError> {
        let get = |key: &str| self.get(node, defaults, key);
        for key in ["request", "outcome", "stage"] {
            if let Some(found) = get(key) {
                return Err(self.error(
                    found,
                    format!("`{key}` belongs to a case with an `api`; a `template` case takes body, params, context, stage_variables, variables"),
                ));
            }
        }
        let (path, parsed) = match template.get("file") {
            Some(file) => {
                let path = self.path(self.scalar(file, "a file path")?);
                let parsed = loader
                    .template(&path)
                    .map_err(|e| e.or_at(self.error(file, String::new())))?;
                (display(&path), parsed)
            }
            None => {
                let source = self.scalar(template, "a template (its text, or `{file: PATH}`)")?;
                let parsed = Template::parse(source).map_err(|error| {
                    CaseError::parse(
                        &format!(
                            "{} (the inline template at line {})",
                            self.shown, template.line
                        ),
                        source.to_string(),
                        &error,
                    )
                })?;
                (String::new(), Arc::new(parsed))
            }
        };
        let mut input = TemplateInput::default();
        if let Some(body) = get("body") {
            input.body = self.text_input(loader, body)?.into();
        }
        if let Some(params) = get("params") {
            self.check_keys(params, &["path", "querystring", "header"], "`params`")?;
            if let Some(path) = params.get("path") {
                input.params.path = self.pairs(path, "path parameters")?;
            }
            if let Some(query) = params.get("querystring") {
                input.params.querystring = self.pairs(query, "query string parameters")?;
            }
            if let Some(header) = params.get("header") {
                input.params.header = self.pairs(header, "headers")?;
            }
        }
        if let Some(context) = get("context") {
            input.context = self.object(context, "`$context` values")?;
        }
        if let Some(stage) = get("stage_variables") {
            input.stage_variables = self.pairs(stage, "stage variables")?;
        }
        let variables = match get("variables") {
            Some(variables) => self.object(variables, "variables")?,
            None => serde_json::Map::new(),
        };
        Ok(What::Template {
            path,
            template: parsed,
            input,
            variables,
        })
    }

    fn invoke(
        &self,
        loader: &mut Loader,
        node: &Node,
        defaults: Option<&Node>,
        api: &Node,
    ) -> Result<What, CaseError> {
        let get = |key: &str| self.get(node, defaults, key);
        for key in ["body", "params", "variables"] {
            if let Some(found) = get(key) {
                return Err(self.error(
                    found,
                    format!("`{key}` belongs to a `template` case; a case with an `api` takes request, outcome, stage, stage_variables, context"),
                ));
            }
        }
        let api_path = self.path(self.scalar(api, "a definition's path")?);
        let loaded = loader
            .api(&api_path)
            .map_err(|e| e.or_at(self.error(api, String::new())))?;
        // The request: the case's fields over the file's.
        let own = node.get("request");
        let shared = defaults.and_then(|d| d.get("request"));
        for request in [own, shared].into_iter().flatten() {
            if request.entries().is_none() {
                return Err(self.error(
                    request,
                    format!(
                        "expected a request (method, path, headers, body), found {}",
                        request.describe()
                    ),
                ));
            }
            self.check_keys(request, &["method", "path", "headers", "body"], "`request`")?;
        }
        let field = |key: &str| {
            own.and_then(|r| r.get(key))
                .or_else(|| shared.and_then(|r| r.get(key)))
        };
        let anchor = own.or(shared).unwrap_or(node);
        let method = match field("method") {
            Some(method) => self.scalar(method, "an HTTP method")?.to_string(),
            None => return Err(self.error(anchor, "the request needs a `method`".into())),
        };
        let path = match field("path") {
            Some(path) => {
                let text = self.scalar(path, "a path")?;
                if !text.starts_with('/') {
                    return Err(self.error(
                        path,
                        format!("expected a path starting with `/`, found {text:?}"),
                    ));
                }
                text.to_string()
            }
            None => return Err(self.error(anchor, "the request needs a `path`".into())),
        };
        let mut request = HttpRequest::new(&method, &path);
        if let Some(headers) = field("headers") {
            request = request.headers(self.pairs(headers, "headers")?);
        }
        if let Some(body) = field("body") {
            request = request.body(self.input(loader, body)?);
        }
        let outcome = match get("outcome") {
            Some(outcome) => Some(self.outcome(loader, outcome)?),
            None => None,
        };
        let mut options = InvokeOptions::new();
        if let Some(stage) = get("stage") {
            options = options.stage(self.scalar(stage, "a stage name")?);
        }
        if let Some(stage) = get("stage_variables") {
            for (name, value) in self.pairs(stage, "stage variables")? {
                options = options.stage_variable(&name, &value);
            }
        }
        if let Some(context) = get("context") {
            for (name, value) in self.object(context, "`$context` values")? {
                options = options.context_value(&name, value);
            }
        }
        Ok(What::Invoke {
            path: display(&api_path),
            api: loaded,
            shown: format!("{} {path}", method.to_ascii_uppercase()),
            request: Box::new(request),
            outcome,
            options,
        })
    }

    fn outcome(&self, loader: &mut Loader, node: &Node) -> Result<Outcome, CaseError> {
        let kinds = ["lambda_result", "lambda_error", "http", "mock"];
        let entries = node.entries().unwrap_or_default();
        let [(key, value)] = entries else {
            return Err(self.error(
                node,
                format!(
                    "expected an outcome with one of {}, found {}",
                    kinds.join(", "),
                    node.describe()
                ),
            ));
        };
        match key.scalar().unwrap_or_default() {
            "lambda_result" => Ok(Outcome::LambdaResult(self.input(loader, value)?)),
            "lambda_error" => {
                let text = self.input(loader, value)?;
                // Lambda always sends an error as a JSON object; anything else is a mistake in
                // the case, not something AWS could answer.
                match serde_json::from_slice::<serde_json::Value>(&text) {
                    Ok(serde_json::Value::Object(_)) => Ok(Outcome::LambdaError(text)),
                    _ => Err(self.error(
                        value,
                        "a Lambda error payload is a JSON object (`errorMessage`, `errorType`, `stackTrace`)".into(),
                    )),
                }
            }
            "http" => {
                self.check_keys(value, &["status", "headers", "body"], "`http`")?;
                let status = value
                    .get("status")
                    .and_then(Node::scalar)
                    .and_then(|s| s.parse::<u16>().ok())
                    .ok_or_else(|| {
                        self.error(value, "an HTTP outcome needs a `status` (a number)".into())
                    })?;
                let headers = match value.get("headers") {
                    Some(headers) => self.pairs(headers, "headers")?,
                    None => Vec::new(),
                };
                let body = match value.get("body") {
                    Some(body) => self.input(loader, body)?,
                    None => Vec::new(),
                };
                Ok(Outcome::Http {
                    status,
                    headers,
                    body,
                })
            }
            "mock" => Ok(Outcome::Mock),
            other => Err(self.error(
                key,
                format!(
                    "unknown outcome `{other}`; expected one of {}",
                    kinds.join(", ")
                ),
            )),
        }
    }
}

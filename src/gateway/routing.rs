//! Which resource and method of a REST API a request reaches: the resource tree (`/`, `/pets`,
//! `/pets/{id}`, `/{proxy+}`), its methods (`GET`, …, `ANY`), and the search that matches a request
//! method and path against them as API Gateway does (../shared/reference/aws-semantics.md §7,
//! "Routing fallbacks" and "Unknown route or method").
//!
//! Owns: resource-path validation (what CreateResource and PutMethod refuse), request-path
//! normalisation (slashes), match precedence and backtracking, path-parameter capture, and the
//! reason a request matched nothing. It knows nothing else about the API: the value stored per
//! method is the caller's, and turning a [`RouteMiss`] into AWS's 403 "Missing Authentication
//! Token" is the caller's too (`GatewayResponses::answer`).
//!
//! # Sources
//! Each rule below cites one of these, with a confidence tag as in aws-semantics.md:
//! - LS-common: localstack/localstack tests/aws/services/apigateway/test_apigateway_common.py,
//!   class `TestApigatewayRouting` (assertions validated against AWS) — recorded-on-AWS.
//! - LS-lambda: same folder, test_apigateway_lambda.py `test_lambda_aws_proxy_integration` and its
//!   snapshot (recorded on AWS 2024-08-02): the Lambda event's `resource`, `path` and
//!   `pathParameters` for odd request paths — recorded-on-AWS.
//! - LS-api: same folder, test_apigateway_api.py + snapshot, AWS's CreateResource / PutMethod
//!   error messages (recorded 2024-04-15) — recorded-on-AWS.
//! - LS-impl: localstack/localstack localstack-core/localstack/services/apigateway/next_gen/
//!   execute_api/handlers/resource_router.py and handlers/parse.py (the router is Werkzeug's,
//!   which tries static parts before variables and backtracks) — peer-implementation.
//! - D-MR: AWS docs, api-gateway-method-settings-method-request.html ("Use a proxy resource",
//!   "Set up an HTTP method") — documented.
//! - CDK: aws/aws-cdk packages/aws-cdk-lib/aws-apigateway/lib/resource.ts
//!   (`validateResourcePathPart`, `ProxyResource.addMethod`) — peer-implementation.
//!
//! # Examples
//! ```
//! use apigw_vtl::gateway::Router;
//! let mut router = Router::new();
//! router.add("/pets/{id}", "GET", "get-pet")?;
//! router.add("/{proxy+}", "ANY", "catch-all")?;
//!
//! let route = router.route("GET", "/pets/42").unwrap();
//! assert_eq!(*route.value, "get-pet");
//! assert_eq!(route.path_parameters, [("id".to_string(), "42".to_string())]);
//!
//! let route = router.route("DELETE", "/pets/42").unwrap();
//! assert_eq!((route.resource_path, route.http_method), ("/{proxy+}", "ANY"));
//!
//! let miss = router.route("GET", "/").unwrap_err();
//! assert_eq!(miss.to_string(), "resource / has no methods");
//! # Ok::<(), apigw_vtl::gateway::RoutePathError>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;

/// The methods a request can be routed on: what `ANY` stands for. D-MR: "`ANY` … for all of the
/// supported HTTP methods of DELETE, GET, HEAD, OPTIONS, PATCH, POST, and PUT" (documented); LS-impl
/// `ApiGatewayMethodRule` expands `ANY` to exactly these seven (peer-implementation).
const ROUTED_METHODS: [&str; 7] = ["GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "HEAD"];

/// The method key that takes every routed method.
const ANY: &str = "ANY";

/// The OpenAPI extension key that stands for `ANY`; accepted by [`Router::add`] so an importer can
/// pass the operation key as it found it.
const ANY_EXTENSION: &str = "x-amazon-apigateway-any-method";

/// A REST API's resources and their methods, each method holding a `T`, matched against requests
/// with [`Router::route`].
#[derive(Debug, Clone)]
pub struct Router<T> {
    root: Node<T>,
}

/// One resource: its full path, its children and its methods.
#[derive(Debug, Clone)]
struct Node<T> {
    /// The full resource path (`/`, `/pets/{id}`), lent out as [`Route::resource_path`].
    path: Box<str>,
    /// Literal children by path part. A map, not a list: lookup per request segment is the hot
    /// part of routing, and AWS forbids two siblings with the same name anyway (LS-api
    /// `test_update_resource_behaviour`: "Another resource with the same parent already has this
    /// name").
    literals: BTreeMap<Box<str>, Node<T>>,
    /// The one variable child, if any. One, not a list: AWS refuses a second variable sibling
    /// (LS-api `test_create_proxy_resource_validation`: "A sibling ({proxy+}) of this resource
    /// already has a variable path part -- only one is allowed"), so "`{param}` before
    /// `{param+}`" never has to be decided between siblings.
    variable: Option<Box<Variable<T>>>,
    /// Methods in the order they were added (that order is what a miss reason lists).
    methods: Vec<(&'static str, T)>,
}

/// A `{name}` or `{name+}` child.
#[derive(Debug, Clone)]
struct Variable<T> {
    /// The path part as written, `{id}` or `{proxy+}` (for conflict messages).
    part: Box<str>,
    /// The parameter name, without braces and `+`.
    name: Box<str>,
    /// `{name+}`: takes the rest of the path.
    greedy: bool,
    node: Node<T>,
}

/// A request that reached a method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route<'a, T> {
    /// What was stored for this resource and method.
    pub value: &'a T,
    /// The resource's path as defined (`/pets/{id}`), i.e. `$context.resourcePath`.
    pub resource_path: &'a str,
    /// The method key that matched: the request's method in upper case, or `ANY`.
    pub http_method: &'a str,
    /// Path parameters in the order they appear in the resource path, values exactly as they
    /// appeared in the request path (still percent-encoded; see [`Router::route`]).
    pub path_parameters: Vec<(String, String)>,
}

/// Why a request reached no method. API Gateway answers all of these alike, 403
/// `{"message":"Missing Authentication Token"}` (aws-semantics.md §7); the reason is for traces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteMiss {
    reason: MissReason,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum MissReason {
    /// The request method is none that a resource can have.
    Method { method: String },
    /// No resource's path matches the request path.
    Path { path: String },
    /// A resource's path matches but neither it (nor any fallback) has the method. The first such
    /// resource in search order is named: the most specific one, which is the one the user meant.
    NoMethod {
        resource: String,
        method: &'static str,
        has: Vec<&'static str>,
    },
}

impl fmt::Display for RouteMiss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.reason {
            MissReason::Method { method } => write!(
                f,
                "API Gateway routes no {method:?} requests (methods: {})",
                ROUTED_METHODS.join(", ")
            ),
            MissReason::Path { path } => write!(f, "no resource matches {path}"),
            MissReason::NoMethod { resource, has, .. } if has.is_empty() => {
                write!(f, "resource {resource} has no methods")
            }
            MissReason::NoMethod {
                resource,
                method,
                has,
            } => write!(
                f,
                "resource {resource} has no {method} method (has: {})",
                has.join(", ")
            ),
        }
    }
}

impl std::error::Error for RouteMiss {}

/// A resource path or method that [`Router::add`] refuses. Where AWS refuses the same thing, the
/// message follows AWS's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RoutePathError {
    /// The path does not start with `/` (every resource path is absolute, D-MR).
    #[error("resource path `{path}` does not start with '/'")]
    NoLeadingSlash {
        /// The resource path.
        path: String,
    },
    /// `//`, or a trailing `/` after a path part: AWS resource paths have neither, since every
    /// path part is non-empty (CreateResource: "Resource's path part must be specified").
    #[error("resource path `{path}` has an empty segment")]
    EmptySegment {
        /// The resource path.
        path: String,
    },
    /// A brace anywhere but around a whole segment (`{a`, `a}`, `a{b}`, `{{a}}`).
    #[error(
        "resource path `{path}`: segment `{segment}` has unbalanced or misplaced braces \
         (a parameter is a whole segment, `{{name}}` or `{{name+}}`)"
    )]
    Braces {
        /// The resource path.
        path: String,
        /// The offending segment.
        segment: String,
    },
    /// `{}` or `{+}`.
    #[error("resource path `{path}`: parameter `{segment}` has no name")]
    EmptyParameterName {
        /// The resource path.
        path: String,
        /// The offending segment.
        segment: String,
    },
    /// A character outside `a-zA-Z0-9:._-$` in a path part or parameter name (CDK
    /// `validateResourcePathPart`, mirroring CreateResource's "Resource's path part only allow
    /// a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign
    /// before the closing brace").
    #[error("resource path `{path}`: segment `{segment}` has a character outside a-zA-Z0-9:._-$")]
    Character {
        /// The resource path.
        path: String,
        /// The offending segment.
        segment: String,
    },
    /// Something after a greedy `{name+}` (AWS: "Cannot create a child of a resource with a
    /// greedy path variable").
    #[error(
        "resource path `{path}`: nothing may follow the greedy `{segment}` \
         (cannot create a child of a resource with a greedy path variable)"
    )]
    GreedyNotLast {
        /// The resource path.
        path: String,
        /// The greedy segment.
        segment: String,
    },
    /// The same parameter name twice in one path: one of the two values would be lost.
    #[error("resource path `{path}` names the parameter `{name}` twice")]
    DuplicateParameter {
        /// The resource path.
        path: String,
        /// The repeated name.
        name: String,
    },
    /// A second, different variable path part under the same parent (AWS: "A sibling ({proxy+})
    /// of this resource already has a variable path part -- only one is allowed").
    #[error(
        "resource path `{path}`: a sibling ({existing}) of `{segment}` already has a variable \
         path part -- only one is allowed"
    )]
    VariableSibling {
        /// The resource path being added.
        path: String,
        /// Its variable segment.
        segment: String,
        /// The variable path part already there.
        existing: String,
    },
    /// A method PutMethod refuses (AWS: "Invalid HttpMethod specified. Valid options are
    /// GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY").
    #[error(
        "resource path `{path}`: invalid HttpMethod `{method}` specified. Valid options are \
         GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY"
    )]
    Method {
        /// The resource path.
        path: String,
        /// The method as given.
        method: String,
    },
    /// The same resource and method added twice.
    #[error("resource path `{path}` already has a {method} method")]
    DuplicateMethod {
        /// The resource path.
        path: String,
        /// The method (upper case).
        method: String,
    },
}

/// One validated segment of a resource path.
#[derive(Clone, Copy)]
enum Part<'p> {
    Literal(&'p str),
    Variable {
        part: &'p str,
        name: &'p str,
        greedy: bool,
    },
}

impl<T> Default for Router<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Router<T> {
    /// A router with only the root resource `/`, which has no methods (AWS creates it with every
    /// REST API).
    pub fn new() -> Self {
        Router {
            root: Node::new("/".into()),
        }
    }

    /// Adds `http_method` on `resource_path`, creating the resource and its parents as needed.
    ///
    /// `resource_path` is the resource's full path: `/`, `/guid`, `/pets/{id}`, `/{proxy+}`,
    /// `/a/{b}/c`. `http_method` is one of GET, PUT, POST, DELETE, PATCH, OPTIONS, HEAD or ANY,
    /// in any case (stored in upper case; whether PutMethod itself folds case is open), or
    /// `x-amazon-apigateway-any-method` for ANY.
    ///
    /// On error nothing is added.
    pub fn add(
        &mut self,
        resource_path: &str,
        http_method: &str,
        value: T,
    ) -> Result<(), RoutePathError> {
        let parts = parse_resource_path(resource_path)?;
        let method = canonical_method(http_method, true).ok_or_else(|| RoutePathError::Method {
            path: resource_path.to_string(),
            method: http_method.to_string(),
        })?;
        // Check every conflict before creating anything, so a refused path leaves no empty
        // intermediate resources behind (they would change later miss reasons and conflicts).
        self.check_conflicts(resource_path, &parts, method)?;
        let mut node = &mut self.root;
        for part in &parts {
            node = node.child_or_insert(part);
        }
        node.methods.push((method, value));
        Ok(())
    }

    /// Conflicts with what is already in the tree: a different variable sibling on the way down,
    /// or the method already on the resource.
    fn check_conflicts(
        &self,
        resource_path: &str,
        parts: &[Part<'_>],
        method: &'static str,
    ) -> Result<(), RoutePathError> {
        let mut node = &self.root;
        for part in parts {
            let next = match *part {
                Part::Literal(literal) => node.literals.get(literal),
                Part::Variable { part, name, greedy } => match &node.variable {
                    Some(existing) if *existing.name == *name && existing.greedy == greedy => {
                        Some(&existing.node)
                    }
                    Some(existing) => {
                        return Err(RoutePathError::VariableSibling {
                            path: resource_path.to_string(),
                            segment: part.to_string(),
                            existing: existing.part.to_string(),
                        });
                    }
                    None => None,
                },
            };
            match next {
                Some(next) => node = next,
                // A resource that does not exist yet has no children and no methods: nothing
                // further down can conflict.
                None => return Ok(()),
            }
        }
        if node.methods.iter().any(|(m, _)| *m == method) {
            return Err(RoutePathError::DuplicateMethod {
                path: resource_path.to_string(),
                method: method.to_string(),
            });
        }
        Ok(())
    }

    /// The resource and method a request reaches, as API Gateway picks them, or why none.
    ///
    /// `path` is the request path after the stage, without the query string (`/pets/42`). The
    /// rules, each with its source (see the module docs):
    ///
    /// - **Method.** Compared case-insensitively (LS-impl: Werkzeug upper-cases the request
    ///   method; AWS open). Only the seven methods `ANY` stands for are routed; any other
    ///   (`TRACE`, `CONNECT`, made-up ones) misses, since no resource can have it (D-MR; LS-api
    ///   `test_put_method_validation`). `HEAD` does not fall back to `GET` (LS-impl
    ///   `ApiGatewayMethodRule` removes Werkzeug's HEAD-for-GET; peer-implementation). On one
    ///   resource the exact method wins over `ANY` (LS-impl `route_and_enrich`:
    ///   `resourceMethods.get(method) or resourceMethods["ANY"]`; peer-implementation).
    /// - **Slashes.** Leading slashes are collapsed: `//hardcoded` reaches `/hardcoded` and
    ///   `//proxy-value` gives `{proxy+}` = `proxy-value` (LS-lambda, recorded). Trailing slashes
    ///   are ignored: `/proxy-value/` gives `proxy-value` (LS-lambda, recorded for one slash;
    ///   several, and literal resources, from LS-impl `path.rstrip("/")`, peer-implementation). A
    ///   path without a leading slash is read as if it had one (an HTTP request path always has one,
    ///   so this is leniency, not AWS behaviour).
    ///   `""` and `"////"` are the root.
    /// - **Segments.** A literal path part matches one segment exactly, case-sensitively and
    ///   without percent-decoding (LS-impl matches the raw path, parse.py "Base path is not
    ///   URL-decoded"; AWS open for encoded literals). `{name}` matches one non-empty segment, so
    ///   an empty segment (`/a//b`) matches no literal and no `{name}` (LS-impl: Werkzeug's
    ///   `[^/]+`; AWS open). `{name+}` matches the whole rest of the path, one or more segments,
    ///   inner empty segments included: `/proxy-value//double-slash` gives
    ///   `proxy-value//double-slash` (LS-lambda, recorded). It never matches nothing: `/{proxy+}`
    ///   does not take `/` (CDK `ProxyResource` adds the proxy's methods to `/` "so that empty
    ///   paths are proxied as well"; peer-implementation).
    /// - **Values.** Path parameters are not percent-decoded: `test%2Balias@gmail.com` stays so
    ///   in `{proxy+}` (LS-lambda, recorded); `%40` stays so in a plain `{id}` (community,
    ///   serverless/serverless#5037, 2018; hotsock/voker#8 captures via middleapi/standard-server
    ///   #93). Whether mapping templates see them decoded is the caller's question.
    /// - **Precedence and fallbacks.** At each level a literal child is tried before the
    ///   variable child, and a branch that fails deeper down — no child for the next segment,
    ///   or the resource reached lacks the method — gives way to the next candidate: the search
    ///   backtracks (LS-impl: Werkzeug's matcher; D-MR: "a method request against a specific
    ///   resource takes precedence over a method request against a generic resource at the same
    ///   level"). AWS was recorded doing both fallbacks: `/part1/random-value` reaches root
    ///   `/{param+}` although `/part1` exists (LS-common
    ///   `test_routing_with_hardcoded_resource_sibling_order`; D-MR's "`/{proxy+}` refers to any
    ///   resources … except for the `/parent[/*]` resources" is contradicted by this recording),
    ///   and OPTIONS `/test` reaches `/{proxy+}` (OPTIONS) because `/test` has only POST, while
    ///   OPTIONS `/test/any` stays on `/test/any` (ANY) (LS-common
    ///   `test_proxy_routing_with_hardcoded_resource_sibling`). Backtracking into a plain `{name}`
    ///   sibling, and across several levels, is the same rule applied further (peer-implementation).
    ///
    /// A miss names the most specific resource whose path matched but which lacks the method,
    /// else the path. AWS answers every miss with 403 "Missing Authentication Token" (LS-common
    /// `test_routing_not_found`, recorded).
    pub fn route(&self, http_method: &str, path: &str) -> Result<Route<'_, T>, RouteMiss> {
        let Some(method) = canonical_method(http_method, false) else {
            return Err(RouteMiss {
                reason: MissReason::Method {
                    method: http_method.to_string(),
                },
            });
        };
        let trimmed = path.trim_matches('/');
        let rest = (!trimmed.is_empty()).then_some(trimmed);
        let mut search = Search {
            method,
            params: Vec::new(),
            nearest: None,
        };
        match search.walk(&self.root, rest) {
            Some((node, (key, value))) => Ok(Route {
                value,
                resource_path: &node.path,
                http_method: key,
                path_parameters: search
                    .params
                    .iter()
                    .map(|(name, value)| (name.to_string(), value.to_string()))
                    .collect(),
            }),
            None => Err(RouteMiss {
                reason: match search.nearest {
                    Some(node) => MissReason::NoMethod {
                        resource: node.path.to_string(),
                        method,
                        has: node.methods.iter().map(|(m, _)| *m).collect(),
                    },
                    None => MissReason::Path {
                        path: format!("/{trimmed}"),
                    },
                },
            }),
        }
    }
}

impl<T> Node<T> {
    fn new(path: Box<str>) -> Self {
        Node {
            path,
            literals: BTreeMap::new(),
            variable: None,
            methods: Vec::new(),
        }
    }

    /// The child for `part`, created if missing. Conflicts were checked beforehand, so an
    /// existing variable child is the same one.
    fn child_or_insert(&mut self, part: &Part<'_>) -> &mut Node<T> {
        let parent = &self.path;
        match *part {
            Part::Literal(literal) => self
                .literals
                .entry(literal.into())
                .or_insert_with(|| Node::new(child_path(parent, literal))),
            Part::Variable { part, name, greedy } => {
                &mut self
                    .variable
                    .get_or_insert_with(|| {
                        Box::new(Variable {
                            part: part.into(),
                            name: name.into(),
                            greedy,
                            node: Node::new(child_path(parent, part)),
                        })
                    })
                    .node
            }
        }
    }

    /// The method entry for a routed request method: exact first, then ANY.
    fn method(&self, method: &str) -> Option<&(&'static str, T)> {
        self.methods
            .iter()
            .find(|(m, _)| *m == method)
            .or_else(|| self.methods.iter().find(|(m, _)| *m == ANY))
    }
}

/// One request's depth-first search through the tree.
struct Search<'a, 'p, T> {
    /// The request method, canonical.
    method: &'static str,
    /// Parameters captured on the current branch (pushed going down, popped on backtracking);
    /// borrowed until the end so backtracking allocates nothing.
    params: Vec<(&'a str, &'p str)>,
    /// The first resource whose path matched but which lacked the method, for the miss reason.
    nearest: Option<&'a Node<T>>,
}

impl<'a, 'p, T> Search<'a, 'p, T> {
    /// Matches `rest` (the path still to consume, `None` once all of it is) below `node`.
    ///
    /// Recursion goes one level per resource, so its depth is bounded by the deepest resource
    /// path added, whatever the request; each resource is visited at most once (the tree has one
    /// path to it), so a search is linear in the number of resources.
    fn walk(
        &mut self,
        node: &'a Node<T>,
        rest: Option<&'p str>,
    ) -> Option<(&'a Node<T>, &'a (&'static str, T))> {
        let Some(rest) = rest else {
            if let Some(entry) = node.method(self.method) {
                return Some((node, entry));
            }
            if self.nearest.is_none() {
                self.nearest = Some(node);
            }
            return None;
        };
        let (segment, tail) = match rest.split_once('/') {
            Some((segment, tail)) => (segment, Some(tail)),
            None => (rest, None),
        };
        if let Some(child) = node.literals.get(segment)
            && let Some(found) = self.walk(child, tail)
        {
            return Some(found);
        }
        let variable = node.variable.as_deref()?;
        let (value, tail) = if variable.greedy {
            // All that is left, inner empty segments included. `rest` is never empty here:
            // the request path was trimmed of trailing slashes.
            (rest, None)
        } else {
            (segment, tail)
        };
        if value.is_empty() {
            return None;
        }
        self.params.push((&variable.name, value));
        let found = self.walk(&variable.node, tail);
        if found.is_none() {
            self.params.pop();
        }
        found
    }
}

/// The full path of a child of `parent` with this path part.
fn child_path(parent: &str, part: &str) -> Box<str> {
    if parent == "/" {
        format!("/{part}").into()
    } else {
        format!("{parent}/{part}").into()
    }
}

/// The canonical (upper-case, `'static`) spelling of a method; `ANY` and its OpenAPI key only when
/// defining.
fn canonical_method(method: &str, defining: bool) -> Option<&'static str> {
    if let Some(routed) = ROUTED_METHODS
        .iter()
        .find(|m| m.eq_ignore_ascii_case(method))
    {
        return Some(routed);
    }
    (defining && (method.eq_ignore_ascii_case(ANY) || method.eq_ignore_ascii_case(ANY_EXTENSION)))
        .then_some(ANY)
}

/// Validates a resource path and splits it into parts (empty for `/`).
fn parse_resource_path(path: &str) -> Result<Vec<Part<'_>>, RoutePathError> {
    let Some(body) = path.strip_prefix('/') else {
        return Err(RoutePathError::NoLeadingSlash {
            path: path.to_string(),
        });
    };
    let mut parts: Vec<Part<'_>> = Vec::new();
    if body.is_empty() {
        return Ok(parts);
    }
    for segment in body.split('/') {
        let err_segment = || segment.to_string();
        if segment.is_empty() {
            return Err(RoutePathError::EmptySegment {
                path: path.to_string(),
            });
        }
        if let Some(Part::Variable {
            part, greedy: true, ..
        }) = parts.last()
        {
            return Err(RoutePathError::GreedyNotLast {
                path: path.to_string(),
                segment: part.to_string(),
            });
        }
        let part = match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(inner) => {
                let (name, greedy) = match inner.strip_suffix('+') {
                    Some(name) => (name, true),
                    None => (inner, false),
                };
                if name.contains(['{', '}']) {
                    return Err(RoutePathError::Braces {
                        path: path.to_string(),
                        segment: err_segment(),
                    });
                }
                if name.is_empty() {
                    return Err(RoutePathError::EmptyParameterName {
                        path: path.to_string(),
                        segment: err_segment(),
                    });
                }
                if !name.chars().all(is_path_part_char) {
                    return Err(RoutePathError::Character {
                        path: path.to_string(),
                        segment: err_segment(),
                    });
                }
                let repeated = parts
                    .iter()
                    .any(|p| matches!(p, Part::Variable { name: n, .. } if *n == name));
                if repeated {
                    return Err(RoutePathError::DuplicateParameter {
                        path: path.to_string(),
                        name: name.to_string(),
                    });
                }
                Part::Variable {
                    part: segment,
                    name,
                    greedy,
                }
            }
            None if segment.contains(['{', '}']) => {
                return Err(RoutePathError::Braces {
                    path: path.to_string(),
                    segment: err_segment(),
                });
            }
            None if !segment.chars().all(is_path_part_char) => {
                return Err(RoutePathError::Character {
                    path: path.to_string(),
                    segment: err_segment(),
                });
            }
            None => Part::Literal(segment),
        };
        parts.push(part);
    }
    Ok(parts)
}

/// The characters of a path part or parameter name (CDK `validateResourcePathPart`:
/// `[a-zA-Z0-9:._\-$]`; AWS's own message lists `a-zA-Z0-9._-`, CDK's newer set adds `:` and `$`).
fn is_path_part_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, ':' | '.' | '_' | '-' | '$')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A router whose values name the resource and method, so a test reads which one won.
    fn router(routes: &[(&str, &str)]) -> Router<String> {
        let mut router = Router::new();
        for (path, method) in routes {
            router
                .add(path, method, format!("{method} {path}"))
                .unwrap_or_else(|e| panic!("{e}"));
        }
        router
    }

    /// The winner's value, or the miss reason.
    fn hit(router: &Router<String>, method: &str, path: &str) -> String {
        match router.route(method, path) {
            Ok(route) => route.value.clone(),
            Err(miss) => format!("miss: {miss}"),
        }
    }

    fn params(router: &Router<String>, method: &str, path: &str) -> Vec<(String, String)> {
        router.route(method, path).unwrap().path_parameters
    }

    fn pairs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn add_err(path: &str, method: &str) -> RoutePathError {
        Router::new().add(path, method, ()).unwrap_err()
    }

    #[test]
    fn literal_wins_over_parameter() {
        let r = router(&[("/pets/{id}", "GET"), ("/pets/mine", "GET")]);
        assert_eq!(hit(&r, "GET", "/pets/mine"), "GET /pets/mine");
        assert_eq!(hit(&r, "GET", "/pets/7"), "GET /pets/{id}");
        assert_eq!(params(&r, "GET", "/pets/7"), pairs(&[("id", "7")]));
        assert!(params(&r, "GET", "/pets/mine").is_empty());
    }

    #[test]
    fn literal_is_case_sensitive() {
        let r = router(&[("/pets", "GET")]);
        assert_eq!(hit(&r, "GET", "/Pets"), "miss: no resource matches /Pets");
    }

    #[test]
    fn backtracks_from_a_literal_branch_into_the_parameter() {
        let r = router(&[("/a/b/c", "GET"), ("/a/{x}/d", "GET")]);
        assert_eq!(hit(&r, "GET", "/a/b/c"), "GET /a/b/c");
        // `b` matches the literal, which has no `d` child: the `{x}` branch takes it.
        assert_eq!(hit(&r, "GET", "/a/b/d"), "GET /a/{x}/d");
        assert_eq!(params(&r, "GET", "/a/b/d"), pairs(&[("x", "b")]));
    }

    #[test]
    fn parameter_before_a_greedy_higher_up_and_back() {
        let r = router(&[("/a/{b}", "GET"), ("/{proxy+}", "GET")]);
        assert_eq!(hit(&r, "GET", "/a/x"), "GET /a/{b}");
        // One segment too many for `/a/{b}`: back up to the root's greedy.
        assert_eq!(hit(&r, "GET", "/a/x/y"), "GET /{proxy+}");
        assert_eq!(params(&r, "GET", "/a/x/y"), pairs(&[("proxy", "a/x/y")]));
        // A failed branch leaves no parameters behind.
        assert_eq!(params(&r, "GET", "/a/x/y").len(), 1);
    }

    #[test]
    fn greedy_takes_the_rest_of_the_path() {
        let r = router(&[("/files/{path+}", "GET")]);
        let route = r.route("GET", "/files/a/b/c.txt").unwrap();
        assert_eq!(route.resource_path, "/files/{path+}");
        assert_eq!(route.path_parameters, pairs(&[("path", "a/b/c.txt")]));
        assert_eq!(params(&r, "GET", "/files/x"), pairs(&[("path", "x")]));
    }

    #[test]
    fn greedy_needs_at_least_one_segment() {
        let r = router(&[("/files/{path+}", "GET"), ("/{proxy+}", "ANY")]);
        // `/files` itself is not under `/files/{path+}`; the root greedy takes it.
        assert_eq!(hit(&r, "GET", "/files"), "ANY /{proxy+}");
        assert_eq!(hit(&r, "GET", "/files/"), "ANY /{proxy+}");
        // And the root greedy does not take the root (CDK ProxyResource).
        assert_eq!(hit(&r, "GET", "/"), "miss: resource / has no methods");
    }

    #[test]
    fn any_takes_the_seven_methods_and_nothing_else() {
        let r = router(&[("/x", "ANY")]);
        for method in ["GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "HEAD"] {
            let route = r.route(method, "/x").unwrap();
            assert_eq!(route.http_method, "ANY", "{method}");
        }
        for method in ["TRACE", "CONNECT", "FOO", "", "ANY"] {
            let miss = r.route(method, "/x").unwrap_err().to_string();
            assert_eq!(
                miss,
                format!(
                    "API Gateway routes no {method:?} requests \
                     (methods: GET, PUT, POST, DELETE, PATCH, OPTIONS, HEAD)"
                )
            );
        }
    }

    #[test]
    fn exact_method_wins_over_any_on_the_same_resource() {
        let r = router(&[("/x", "ANY"), ("/x", "GET")]);
        let route = r.route("GET", "/x").unwrap();
        assert_eq!((route.value.as_str(), route.http_method), ("GET /x", "GET"));
        let route = r.route("POST", "/x").unwrap();
        assert_eq!((route.value.as_str(), route.http_method), ("ANY /x", "ANY"));
    }

    #[test]
    fn request_method_case_is_folded_and_head_is_not_get() {
        let r = router(&[("/x", "GET")]);
        let route = r.route("get", "/x").unwrap();
        assert_eq!(route.http_method, "GET");
        assert_eq!(
            hit(&r, "HEAD", "/x"),
            "miss: resource /x has no HEAD method (has: GET)"
        );
    }

    #[test]
    fn definition_method_case_and_openapi_any_key() {
        let r = router(&[("/x", "post"), ("/y", "x-amazon-apigateway-any-method")]);
        assert_eq!(r.route("POST", "/x").unwrap().http_method, "POST");
        assert_eq!(r.route("PATCH", "/y").unwrap().http_method, "ANY");
    }

    /// LS-common TestApigatewayRouting::test_routing_with_hardcoded_resource_sibling_order
    /// (validated on AWS): the literal `/part1` matches, has no `random-value` child, and the root
    /// `{param+}` takes the request.
    #[test]
    fn recorded_literal_without_child_falls_back_to_sibling_greedy() {
        let r = router(&[
            ("/part1", "GET"),
            ("/{param+}", "GET"),
            ("/part1/hardcoded-value", "GET"),
        ]);
        assert_eq!(hit(&r, "GET", "/part1"), "GET /part1");
        assert_eq!(
            hit(&r, "GET", "/part1/hardcoded-value"),
            "GET /part1/hardcoded-value"
        );
        assert_eq!(hit(&r, "GET", "/part1/random-value"), "GET /{param+}");
        assert_eq!(
            params(&r, "GET", "/part1/random-value"),
            pairs(&[("param", "part1/random-value")])
        );
    }

    /// LS-common TestApigatewayRouting::test_proxy_routing_with_hardcoded_resource_sibling
    /// (validated on AWS): `/test` has only POST, so OPTIONS `/test` goes to the sibling
    /// `/{proxy+}` (OPTIONS); `/test/any` has ANY and keeps every method.
    #[test]
    fn recorded_resource_without_method_falls_back_to_sibling_proxy() {
        let r = router(&[
            ("/test", "POST"),
            ("/test/any", "ANY"),
            ("/{proxy+}", "OPTIONS"),
        ]);
        assert_eq!(hit(&r, "OPTIONS", "/test"), "OPTIONS /{proxy+}");
        assert_eq!(params(&r, "OPTIONS", "/test"), pairs(&[("proxy", "test")]));
        assert_eq!(hit(&r, "POST", "/test"), "POST /test");
        assert_eq!(hit(&r, "OPTIONS", "/test/any"), "ANY /test/any");
        assert_eq!(hit(&r, "GET", "/test/any"), "ANY /test/any");
        // Neither `/test` nor the proxy has GET: the reason names `/test`, the one meant.
        assert_eq!(
            hit(&r, "GET", "/test"),
            "miss: resource /test has no GET method (has: POST)"
        );
    }

    #[test]
    fn method_fallback_also_reaches_a_plain_parameter_sibling() {
        let r = router(&[("/test", "POST"), ("/{name}", "OPTIONS")]);
        assert_eq!(hit(&r, "OPTIONS", "/test"), "OPTIONS /{name}");
        assert_eq!(params(&r, "OPTIONS", "/test"), pairs(&[("name", "test")]));
    }

    /// LS-common TestApigatewayRouting::test_routing_not_found (recorded on AWS): both an unknown
    /// path and a known path with the wrong method answer 403 Missing Authentication Token; the
    /// reasons tell them apart.
    #[test]
    fn recorded_not_found_and_wrong_method_are_misses() {
        let r = router(&[("/existing", "GET")]);
        assert_eq!(hit(&r, "GET", "/existing"), "GET /existing");
        assert_eq!(
            hit(&r, "GET", "/random-non-existing"),
            "miss: no resource matches /random-non-existing"
        );
        assert_eq!(
            hit(&r, "POST", "/existing"),
            "miss: resource /existing has no POST method (has: GET)"
        );
    }

    #[test]
    fn miss_lists_methods_in_definition_order_and_names_intermediate_resources() {
        let r = router(&[("/a/b", "PUT"), ("/a/b", "DELETE")]);
        assert_eq!(
            hit(&r, "GET", "/a/b"),
            "miss: resource /a/b has no GET method (has: PUT, DELETE)"
        );
        // `/a` exists (as the parent of `/a/b`) but has no methods.
        assert_eq!(hit(&r, "GET", "/a"), "miss: resource /a has no methods");
        assert_eq!(hit(&r, "GET", "/x/y"), "miss: no resource matches /x/y");
        let miss = r.route("GET", "/x").unwrap_err();
        assert_eq!(miss.clone(), miss);
    }

    #[test]
    fn path_parameters_in_resource_path_order() {
        let r = router(&[("/a/{x}/b/{y}/{rest+}", "GET")]);
        let route = r.route("GET", "/a/1/b/2/3/4/5").unwrap();
        assert_eq!(route.resource_path, "/a/{x}/b/{y}/{rest+}");
        assert_eq!(
            route.path_parameters,
            pairs(&[("x", "1"), ("y", "2"), ("rest", "3/4/5")])
        );
    }

    #[test]
    fn root_resource() {
        let r = router(&[("/", "GET"), ("/{proxy+}", "GET")]);
        for path in ["/", "", "//", "////"] {
            let route = r.route("GET", path).unwrap();
            assert_eq!(route.resource_path, "/", "{path:?}");
            assert!(route.path_parameters.is_empty());
        }
        assert_eq!(hit(&r, "GET", "/x"), "GET /{proxy+}");
        let empty = router(&[]);
        assert_eq!(hit(&empty, "GET", "/"), "miss: resource / has no methods");
    }

    /// LS-lambda test_lambda_aws_proxy_integration (recorded on AWS): `/proxy-value/` gives
    /// `proxy-value`; literal resources and several slashes follow LocalStack's `rstrip("/")`.
    #[test]
    fn trailing_slashes_are_ignored() {
        let r = router(&[("/pets", "GET"), ("/{proxy+}", "ANY")]);
        assert_eq!(hit(&r, "GET", "/pets/"), "GET /pets");
        assert_eq!(hit(&r, "GET", "/pets///"), "GET /pets");
        assert_eq!(
            params(&r, "GET", "/proxy-value/"),
            pairs(&[("proxy", "proxy-value")])
        );
    }

    /// LS-lambda test_lambda_aws_proxy_integration (recorded on AWS): `//hardcoded` reaches
    /// `/hardcoded`, `//proxy-value` gives `proxy-value`, and `/proxy-value//double-slash` keeps
    /// its inner double slash.
    #[test]
    fn recorded_slash_handling() {
        let r = router(&[("/hardcoded", "ANY"), ("/{proxy+}", "ANY")]);
        assert_eq!(hit(&r, "GET", "//hardcoded"), "ANY /hardcoded");
        assert_eq!(
            params(&r, "GET", "//proxy-value"),
            pairs(&[("proxy", "proxy-value")])
        );
        assert_eq!(
            params(&r, "GET", "/proxy-value//double-slash"),
            pairs(&[("proxy", "proxy-value//double-slash")])
        );
    }

    #[test]
    fn inner_empty_segment_matches_no_literal_and_no_parameter() {
        let r = router(&[("/a/{x}/b", "GET"), ("/a/b", "GET"), ("/c/{rest+}", "GET")]);
        assert_eq!(hit(&r, "GET", "/a//b"), "miss: no resource matches /a//b");
        // A greedy value may start with the empty segment (LocalStack's Werkzeug gives `/b`).
        assert_eq!(params(&r, "GET", "/c//b"), pairs(&[("rest", "/b")]));
    }

    /// LS-lambda (recorded on AWS): `test%2Balias@gmail.com` stays encoded in `{proxy+}`; a plain
    /// parameter keeps `%40` (serverless/serverless#5037); literals compare raw.
    #[test]
    fn no_percent_decoding() {
        let r = router(&[
            ("/pets/{id}", "GET"),
            ("/pets", "GET"),
            ("/{proxy+}", "ANY"),
        ]);
        assert_eq!(
            params(
                &r,
                "GET",
                "/proxy-value/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com"
            ),
            pairs(&[(
                "proxy",
                "proxy-value/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com"
            )])
        );
        assert_eq!(params(&r, "GET", "/pets/%40"), pairs(&[("id", "%40")]));
        // An encoded slash is no separator: still one segment.
        assert_eq!(params(&r, "GET", "/pets/a%2Fb"), pairs(&[("id", "a%2Fb")]));
        assert_eq!(hit(&r, "GET", "/p%65ts"), "ANY /{proxy+}");
    }

    #[test]
    fn odd_request_paths_do_not_panic() {
        let r = router(&[
            ("/", "GET"),
            ("/no-slash", "GET"),
            ("/{id}", "POST"),
            ("/deep/{a}/{b+}", "GET"),
        ]);
        assert_eq!(hit(&r, "GET", ""), "GET /");
        assert_eq!(hit(&r, "GET", "////"), "GET /");
        // HTTP always sends the leading slash; without it the path reads as if it had one.
        assert_eq!(hit(&r, "GET", "no-slash"), "GET /no-slash");
        assert_eq!(params(&r, "POST", "/%"), pairs(&[("id", "%")]));
        assert_eq!(
            hit(&r, "GET", "/%"),
            "miss: resource /{id} has no GET method (has: POST)"
        );
        assert_eq!(params(&r, "POST", "/é?#"), pairs(&[("id", "é?#")]));
        // `/deep/{a}` exists as the parent of `/deep/{a}/{b+}`, without methods.
        assert_eq!(
            hit(&r, "GET", "/deep/x"),
            "miss: resource /deep/{a} has no methods"
        );

        let long = "/seg".repeat(50_000);
        assert_eq!(
            hit(&r, "POST", &long),
            format!("miss: no resource matches {long}")
        );
        let route = r.route("GET", &format!("/deep/a{long}")).unwrap();
        assert_eq!(route.path_parameters[1].1.len(), long.len() - 1);
        let slashes = "/".repeat(100_000);
        assert_eq!(hit(&r, "GET", &slashes), "GET /");
        assert_eq!(
            hit(&r, "POST", &format!("{slashes}x{slashes}")),
            "POST /{id}"
        );
    }

    #[test]
    fn deep_resource_tree_and_sharing() {
        let r = router(&[
            ("/a/{b}/c", "GET"),
            ("/a/{b}/d", "GET"),
            ("/a/{b}", "DELETE"),
        ]);
        assert_eq!(hit(&r, "GET", "/a/1/c"), "GET /a/{b}/c");
        assert_eq!(hit(&r, "GET", "/a/1/d"), "GET /a/{b}/d");
        assert_eq!(hit(&r, "DELETE", "/a/1"), "DELETE /a/{b}");
        assert_eq!(hit(&r, "GET", "/a/1/e"), "miss: no resource matches /a/1/e");
    }

    #[test]
    fn route_lends_the_stored_value() {
        let mut r = Router::new();
        r.add("/guid", "GET", 7_u32).unwrap();
        let route = r.route("GET", "/guid").unwrap();
        assert_eq!(
            route,
            Route {
                value: &7,
                resource_path: "/guid",
                http_method: "GET",
                path_parameters: Vec::new(),
            }
        );
        let default: Router<u32> = Router::default();
        assert!(default.route("GET", "/guid").is_err());
    }

    #[test]
    fn error_no_leading_slash() {
        for path in ["pets", "", "{id}"] {
            assert_eq!(
                add_err(path, "GET"),
                RoutePathError::NoLeadingSlash {
                    path: path.to_string()
                }
            );
        }
        assert_eq!(
            add_err("pets", "GET").to_string(),
            "resource path `pets` does not start with '/'"
        );
    }

    #[test]
    fn error_empty_segment() {
        for path in ["//", "/a//b", "/a/", "//a"] {
            assert_eq!(
                add_err(path, "GET"),
                RoutePathError::EmptySegment {
                    path: path.to_string()
                },
                "{path}"
            );
        }
        assert_eq!(
            add_err("/a//b", "GET").to_string(),
            "resource path `/a//b` has an empty segment"
        );
    }

    #[test]
    fn error_braces() {
        for (path, segment) in [
            ("/{a", "{a"),
            ("/a}", "a}"),
            ("/x/a{b}", "a{b}"),
            ("/{{a}}", "{{a}}"),
            ("/{", "{"),
            ("/{a+}+", "{a+}+"),
        ] {
            assert_eq!(
                add_err(path, "GET"),
                RoutePathError::Braces {
                    path: path.to_string(),
                    segment: segment.to_string()
                },
                "{path}"
            );
        }
        assert_eq!(
            add_err("/{a", "GET").to_string(),
            "resource path `/{a`: segment `{a` has unbalanced or misplaced braces \
             (a parameter is a whole segment, `{name}` or `{name+}`)"
        );
    }

    #[test]
    fn error_empty_parameter_name() {
        for path in ["/{}", "/{+}"] {
            assert!(
                matches!(
                    add_err(path, "GET"),
                    RoutePathError::EmptyParameterName { .. }
                ),
                "{path}"
            );
        }
        assert_eq!(
            add_err("/a/{+}", "GET").to_string(),
            "resource path `/a/{+}`: parameter `{+}` has no name"
        );
    }

    #[test]
    fn error_character() {
        // Moto's CreateResource test rejects `us+er`; CDK's set allows `:` and `$`.
        for (path, segment) in [
            ("/a b", "a b"),
            ("/us+er", "us+er"),
            ("/{a b}", "{a b}"),
            ("/{a++}", "{a++}"),
            ("/caf%C3%A9", "caf%C3%A9"),
        ] {
            assert_eq!(
                add_err(path, "GET"),
                RoutePathError::Character {
                    path: path.to_string(),
                    segment: segment.to_string()
                },
                "{path}"
            );
        }
        assert!(
            Router::new()
                .add("/v1:x/$a/good-dog/user_09/{a.b}", "GET", ())
                .is_ok()
        );
        assert_eq!(
            add_err("/a b", "GET").to_string(),
            "resource path `/a b`: segment `a b` has a character outside a-zA-Z0-9:._-$"
        );
    }

    /// LS-api test_create_proxy_resource_validation (recorded on AWS): no child under a greedy
    /// resource, static or variable.
    #[test]
    fn error_greedy_not_last() {
        for path in ["/{proxy+}/child", "/parent/{proxy+}/{child}", "/{a+}/{b+}"] {
            assert!(
                matches!(add_err(path, "GET"), RoutePathError::GreedyNotLast { .. }),
                "{path}"
            );
        }
        assert_eq!(
            add_err("/{proxy+}/child", "GET").to_string(),
            "resource path `/{proxy+}/child`: nothing may follow the greedy `{proxy+}` \
             (cannot create a child of a resource with a greedy path variable)"
        );
    }

    #[test]
    fn error_duplicate_parameter() {
        assert_eq!(
            add_err("/{id}/x/{id+}", "GET"),
            RoutePathError::DuplicateParameter {
                path: "/{id}/x/{id+}".to_string(),
                name: "id".to_string()
            }
        );
        assert_eq!(
            add_err("/{id}/{id}", "GET").to_string(),
            "resource path `/{id}/{id}` names the parameter `id` twice"
        );
    }

    /// LS-api test_create_proxy_resource_validation (recorded on AWS): `{dynamic}` beside
    /// `{proxy+}` is refused.
    #[test]
    fn error_variable_sibling() {
        let mut r = Router::new();
        r.add("/{proxy+}", "ANY", ()).unwrap();
        let err = r.add("/{dynamic}", "GET", ()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "resource path `/{dynamic}`: a sibling ({proxy+}) of `{dynamic}` already has a \
             variable path part -- only one is allowed"
        );
        let mut r = Router::new();
        r.add("/x/{id}", "GET", ()).unwrap();
        // Same name, other kind, and other name: both a second variable path part.
        assert!(matches!(
            r.add("/x/{id+}", "GET", ()),
            Err(RoutePathError::VariableSibling { .. })
        ));
        assert!(matches!(
            r.add("/x/{name}/y", "GET", ()),
            Err(RoutePathError::VariableSibling { .. })
        ));
        // The refused path left nothing behind: no `/x/{id}/y`.
        assert_eq!(
            r.route("GET", "/x/1/y").unwrap_err().to_string(),
            "no resource matches /x/1/y"
        );
        // The same variable again is the same resource.
        r.add("/x/{id}/y", "GET", ()).unwrap();
        assert_eq!(r.route("GET", "/x/1/y").unwrap().resource_path, "/x/{id}/y");
    }

    /// LS-api test_put_method_validation (recorded on AWS): `WRONG` is refused with this list.
    #[test]
    fn error_method() {
        for method in ["WRONG", "TRACE", "", "GET "] {
            assert_eq!(
                add_err("/x", method),
                RoutePathError::Method {
                    path: "/x".to_string(),
                    method: method.to_string()
                }
            );
        }
        assert_eq!(
            add_err("/x", "WRONG").to_string(),
            "resource path `/x`: invalid HttpMethod `WRONG` specified. Valid options are \
             GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY"
        );
    }

    #[test]
    fn error_duplicate_method() {
        let mut r = Router::new();
        r.add("/x", "GET", 1).unwrap();
        r.add("/", "GET", 2).unwrap();
        assert_eq!(
            r.add("/x", "get", 3).unwrap_err(),
            RoutePathError::DuplicateMethod {
                path: "/x".to_string(),
                method: "GET".to_string()
            }
        );
        assert_eq!(
            r.add("/", "GET", 4).unwrap_err().to_string(),
            "resource path `/` already has a GET method"
        );
        r.add("/x", "ANY", 5).unwrap();
        assert!(r.add("/x", "x-amazon-apigateway-any-method", 6).is_err());
        // The first value stays.
        assert_eq!(*r.route("GET", "/x").unwrap().value, 1);
    }
}

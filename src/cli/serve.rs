//! `apigw-vtl serve`: the flags, the definition loaded (and reloaded with `--watch`), the listener
//! bound and its address printed. The server itself is the library's [`crate::serve::Server`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use clap::{Args, ValueEnum};

use super::{EXIT_OK, EXIT_REJECTED, EXIT_USAGE, Errors};
use crate::InvokeOptions;
use crate::definition::{Api, DefinitionError, ErrorKind};
use crate::serve::{Backends, EndpointKind, LambdaBackend, Server};

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// The API definition: an OpenAPI 3 or Swagger 2 export, a CloudFormation or SAM template.
    #[arg(long, value_name = "FILE")]
    api: PathBuf,
    /// The port to listen on; 0 picks a free one (the address is printed on standard output).
    #[arg(long, default_value_t = 3000)]
    port: u16,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    host: String,
    /// The stage requests are sent to (`$context.stage`); default: the definition's, else `prod`.
    #[arg(long, value_name = "NAME")]
    stage: Option<String>,
    /// A JSON object of stage variables (`$stageVariables`).
    #[arg(long, value_name = "FILE")]
    stage_variables: Option<PathBuf>,
    /// A valid API key (repeat for more); without any, any non-empty `x-api-key` passes.
    #[arg(long = "api-key", value_name = "KEY")]
    api_keys: Vec<String>,
    /// Run Lambda functions with this command, once per invocation: the event on its standard
    /// input, the result on its standard output (split like a shell would, run without one). A
    /// non-zero exit is a function error: the JSON object it printed if it has `errorMessage`,
    /// else `Runtime.ExitError`.
    #[arg(long, value_name = "CMD", conflicts_with = "lambda_endpoint")]
    lambda_command: Option<String>,
    /// Invoke Lambda functions through this Lambda Invoke API (`sam local start-lambda` listens
    /// on http://127.0.0.1:3001).
    #[arg(long, value_name = "URL")]
    lambda_endpoint: Option<String>,
    /// What `--lambda-endpoint` is: `lambda` (Lambda's Invoke API: SAM, LocalStack) or `rie` (the
    /// Lambda Runtime Interface Emulator: no `X-Amz-Function-Error` header).
    #[arg(long, value_enum, default_value_t = KindArg::Lambda, value_name = "KIND")]
    lambda_endpoint_kind: KindArg,
    /// Invoke the function an integration names ARN_OR_NAME (its ARN, or its name) as NAME. Repeat
    /// for more.
    #[arg(long = "function", value_name = "ARN_OR_NAME=NAME")]
    functions: Vec<String>,
    /// The functions' timeout in seconds (Lambda's default: 3): past it, a `--lambda-command`
    /// function fails with `Sandbox.Timedout`.
    #[arg(long, value_name = "SECONDS", default_value_t = 3.0)]
    function_timeout: f64,
    /// Send HTTP and HTTP_PROXY integrations' calls to this base URL instead of their deployed
    /// host (path and query string kept).
    #[arg(long, value_name = "URL")]
    http_base: Option<String>,
    /// Send an AWS service integration's calls (`dynamodb`, `sqs`, `states`...) to a local
    /// service, SERVICE=URL. Repeat for more.
    #[arg(long = "service-endpoint", value_name = "SERVICE=URL")]
    service_endpoints: Vec<String>,
    /// Send AWS service calls unsigned (by default they are signed with Signature Version 4 and
    /// the test credentials `test` / `test`, or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY when set).
    #[arg(long)]
    unsigned: bool,
    /// Where the console is served.
    #[arg(long, default_value = "/_console/", value_name = "PATH")]
    console_path: String,
    /// Serve no console.
    #[arg(long)]
    no_console: bool,
    /// Reload the definition when its folder changes; a definition that no longer loads keeps
    /// the last good one served, and its error is printed.
    #[arg(long)]
    watch: bool,
    #[command(flatten)]
    definition: super::definition::DefinitionArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum KindArg {
    Lambda,
    Rie,
}

enum Failure {
    Usage(String),
    Definition(Box<DefinitionError>),
}

pub(crate) fn run(args: &ServeArgs, errors: Errors) -> u8 {
    match serve(args, errors) {
        Ok(()) => EXIT_OK,
        Err(Failure::Usage(message)) => {
            eprintln!("apigw-vtl serve: {message}");
            EXIT_USAGE
        }
        Err(Failure::Definition(error)) => {
            errors.definition(&error);
            EXIT_REJECTED
        }
    }
}

fn load(args: &ServeArgs) -> Result<Api, Failure> {
    let options = args.definition.options().map_err(|e| match e {
        super::definition::OptionsError::Usage(message) => Failure::Usage(message),
        super::definition::OptionsError::File(error) => Failure::Definition(error),
    })?;
    Api::load_with(&args.api, &options).map_err(|e| match e.kind() {
        ErrorKind::Unreadable(_) => Failure::Usage(format!("--api {e}")),
        _ => Failure::Definition(Box::new(e)),
    })
}

fn pair<'t>(text: &'t str, flag: &str, form: &str) -> Result<(&'t str, &'t str), Failure> {
    match text.split_once('=') {
        Some((name, value)) if !name.is_empty() && !value.is_empty() => Ok((name, value)),
        _ => Err(Failure::Usage(format!("{flag} {text:?}: expected {form}"))),
    }
}

fn backends(args: &ServeArgs) -> Result<Backends, Failure> {
    let mut backends = Backends::new();
    if let Some(command) = &args.lambda_command {
        let argv = shlex::split(command)
            .filter(|argv| !argv.is_empty())
            .ok_or_else(|| {
                Failure::Usage(format!(
                    "--lambda-command {command:?}: not a command (an unclosed quote, or empty)"
                ))
            })?;
        backends = backends.lambda(LambdaBackend::Command(argv));
    }
    if let Some(url) = &args.lambda_endpoint {
        if !url.starts_with("http://") {
            return Err(Failure::Usage(format!(
                "--lambda-endpoint {url:?}: expected an http:// URL"
            )));
        }
        let kind = match args.lambda_endpoint_kind {
            KindArg::Lambda => EndpointKind::Lambda,
            KindArg::Rie => EndpointKind::Rie,
        };
        backends = backends.lambda(LambdaBackend::Endpoint {
            url: url.clone(),
            kind,
        });
    }
    for text in &args.functions {
        let (from, to) = pair(text, "--function", "ARN_OR_NAME=NAME")?;
        backends = backends.function(from, to);
    }
    if !(args.function_timeout.is_finite() && args.function_timeout > 0.0) {
        return Err(Failure::Usage(format!(
            "--function-timeout {}: expected a positive number of seconds",
            args.function_timeout
        )));
    }
    backends = backends.function_timeout(Duration::from_secs_f64(args.function_timeout));
    if let Some(url) = &args.http_base {
        if !url.starts_with("http://") {
            return Err(Failure::Usage(format!(
                "--http-base {url:?}: expected an http:// URL"
            )));
        }
        backends = backends.http_base(url);
    }
    for text in &args.service_endpoints {
        let (service, url) = pair(text, "--service-endpoint", "SERVICE=URL")?;
        backends = backends.service_endpoint(service, url);
    }
    if args.unsigned {
        backends = backends.unsigned();
    } else if let (Ok(access), Ok(secret)) = (
        std::env::var("AWS_ACCESS_KEY_ID"),
        std::env::var("AWS_SECRET_ACCESS_KEY"),
    ) {
        backends = backends.credentials(&access, &secret);
    }
    Ok(backends)
}

fn options(args: &ServeArgs) -> Result<InvokeOptions, Failure> {
    let mut options = InvokeOptions::new();
    if let Some(stage) = &args.stage {
        options = options.stage(stage);
    }
    for key in &args.api_keys {
        options = options.api_key(key);
    }
    if let Some(path) = &args.stage_variables {
        let object = super::render::read_json_object(path).map_err(Failure::Usage)?;
        let variables = super::render::string_pairs(Some(&serde_json::Value::Object(object)));
        for (name, value) in &variables {
            options = options.stage_variable(name, value);
        }
    }
    Ok(options)
}

fn serve(args: &ServeArgs, errors: Errors) -> Result<(), Failure> {
    let api = load(args)?;
    for warning in api.warnings() {
        errors.warning(warning);
    }
    let backends = backends(args)?;
    let options = options(args)?;
    let mut server = Server::new(api, options, backends);
    if !args.no_console {
        server = server.console(&args.console_path);
        let path = server.console_path().unwrap_or_default().to_string();
        if let Ok(routed) = server.api().route("GET", &path) {
            eprintln!(
                "apigw-vtl serve: warning: the console at {path} hides the API's route {} {} (--console-path moves it, --no-console turns it off)",
                routed.method.http_method(),
                routed.method.resource_path()
            );
        }
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Usage(format!("cannot start the runtime: {e}")))?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind((args.host.as_str(), args.port))
            .await
            .map_err(|e| {
                Failure::Usage(format!("cannot listen on {}:{}: {e}", args.host, args.port))
            })?;
        let address = listener
            .local_addr()
            .map_err(|e| Failure::Usage(e.to_string()))?;
        // The first line on standard output: tests and scripts read the address from it.
        println!("listening on http://{address}");
        if let Some(path) = server.console_path() {
            println!("console on http://{address}{path}");
        }
        if args.watch {
            watch(args, server.clone(), errors);
        }
        server
            .serve(listener)
            .await
            .map_err(|e| Failure::Usage(format!("serving: {e}")))
    })
}

/// `--watch`: a thread that reloads the definition when a file in its folder changes (templates
/// are inside the definition; the files it includes usually sit beside it). The server keeps serving
/// the last good version when the new one does not load.
fn watch(args: &ServeArgs, server: Server, errors: Errors) {
    let folder = args
        .api
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let options = args.definition.options().map_err(|e| match e {
        super::definition::OptionsError::Usage(message) => message,
        super::definition::OptionsError::File(error) => error.to_string(),
    });
    let reload = Reloader(args.api.clone(), options);
    std::thread::spawn(move || {
        use notify_debouncer_mini::new_debouncer;
        use notify_debouncer_mini::notify::RecursiveMode;
        let (sender, receiver) = std::sync::mpsc::channel();
        let mut debouncer = match new_debouncer(Duration::from_millis(150), sender) {
            Ok(debouncer) => debouncer,
            Err(error) => {
                eprintln!("apigw-vtl serve --watch: {error}");
                return;
            }
        };
        if let Err(error) = debouncer.watcher().watch(&folder, RecursiveMode::Recursive) {
            eprintln!("apigw-vtl serve --watch: {}: {error}", folder.display());
            return;
        }
        eprintln!("watching {} for changes", folder.display());
        let mut last = stamps(&folder);
        while receiver.recv().is_ok() {
            std::thread::sleep(Duration::from_millis(50));
            while receiver.try_recv().is_ok() {}
            let now = stamps(&folder);
            if now == last {
                continue;
            }
            last = now;
            match reload.load() {
                Ok(api) => {
                    for warning in api.warnings() {
                        errors.warning(warning);
                    }
                    server.replace_api(api);
                    eprintln!("reloaded {}", reload.0.display());
                }
                Err(Failure::Definition(error)) => {
                    errors.definition(&error);
                    eprintln!(
                        "{}: still serving the last version that loaded",
                        reload.0.display()
                    );
                }
                Err(Failure::Usage(message)) => {
                    eprintln!(
                        "apigw-vtl serve: {message}; still serving the last version that loaded"
                    );
                }
            }
        }
    });
}

/// The definition's path and options, owned by the watching thread.
struct Reloader(
    PathBuf,
    Result<crate::definition::DefinitionOptions, String>,
);

impl Reloader {
    fn load(&self) -> Result<Api, Failure> {
        let options = self.1.as_ref().map_err(|m| Failure::Usage(m.clone()))?;
        Api::load_with(&self.0, options).map_err(|e| match e.kind() {
            ErrorKind::Unreadable(_) => Failure::Usage(format!("--api {e}")),
            _ => Failure::Definition(Box::new(e)),
        })
    }
}

/// The modification time and size of every file under `folder` (the definition and the files it
/// includes; at most [`WATCHED_FILES`]): an event reloads only when one of them changed, not
/// when the reload itself reads them.
fn stamps(folder: &Path) -> BTreeMap<PathBuf, Option<(SystemTime, u64)>> {
    let mut stamps = BTreeMap::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if stamps.len() < WATCHED_FILES {
                let stamp = std::fs::metadata(&path)
                    .ok()
                    .and_then(|meta| Some((meta.modified().ok()?, meta.len())));
                stamps.insert(path, stamp);
            }
        }
    }
    stamps
}

/// How many files `--watch` compares at most (a definition's folder, not a whole repository).
const WATCHED_FILES: usize = 2000;

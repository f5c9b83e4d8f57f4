//! `apigw-vtl test` on 1,000 cases over one definition and a handful of templates (`cargo bench
//! --bench cases`): the founding example's definition with its four recorded outcomes, and four
//! template files each rendered with its own payloads. The cases are written to a temp directory,
//! their snapshots accepted once, then timed:
//! - the whole command, as a user runs it (`apigw-vtl test DIR`: process start, finding and
//!   reading the case files, parsing the definition and templates once, running the cases in
//!   parallel, comparing, printing), best of 5;
//! - the library alone on one thread ([`Suite::load`], then [`Suite::run`] and
//!   [`Suite::compare`] for each case), best of 5.

#[path = "common/allocator.rs"]
mod allocator;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use apigw_vtl::testing::{Suite, Verdict};

const TEMPLATES: [(&str, &str); 4] = [
    (
        "items.vtl",
        "#set($root = $input.path('$'))\n{\"items\": [#foreach($i in $root.items){\"id\": \"$i.id\", \"n\": $i.n}#if($foreach.hasNext),#end#end]}\n",
    ),
    (
        "error.vtl",
        "#set($e = $util.parseJson($input.path('$.errorMessage')))\n#if($e.code == 400)\n{\"message\": \"$util.escapeJavaScript($e.message)\"}\n#set($context.responseOverride.status = 400)\n#elseif($e.code >= 500)\n{\"message\": \"internal\"}\n#set($context.responseOverride.status = 502)\n#else\n$input.json('$')\n#end\n",
    ),
    (
        "request.vtl",
        "{\"id\": \"$input.params('id')\", \"q\": \"$util.urlEncode($input.params('q'))\", \"stage\": \"$context.stage\", \"body\": $input.json('$')}\n",
    ),
    (
        "headers.vtl",
        "#foreach($h in $input.params().header.keySet())$h=$util.escapeJavaScript($input.params().header.get($h))\n#end",
    ),
];

fn write_suite(dir: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/danielhttp");
    std::fs::create_dir_all(dir.join("api/lambda")).expect("a temp dir");
    std::fs::copy(
        root.join("api.openapi.yaml"),
        dir.join("api/api.openapi.yaml"),
    )
    .expect("the definition");
    for file in [
        "error.error.json",
        "exception.error.json",
        "ok.result.json",
        "raised-exception.error.json",
    ] {
        std::fs::copy(
            root.join("lambda").join(file),
            dir.join("api/lambda").join(file),
        )
        .expect("an outcome");
    }
    for (name, text) in TEMPLATES {
        std::fs::write(dir.join(name), text).expect("a template");
    }
    let outcomes = [
        ("Exception", "lambda_error", "exception.error.json"),
        (
            "RaisedException",
            "lambda_error",
            "raised-exception.error.json",
        ),
        ("Error", "lambda_error", "error.error.json"),
        ("Other", "lambda_result", "ok.result.json"),
    ];
    // 5 files of 100 invocations, 5 files of 100 template cases: 1,000 cases.
    for file in 0..5 {
        let mut text = String::from("api: api/api.openapi.yaml\nrequest: {method: POST}\ncases:\n");
        for i in 0..100 {
            let (guid, kind, payload) = outcomes[i % 4];
            text.push_str(&format!(
                "  - name: c{i:03}\n    request: {{path: /guid?GUID={guid}{i}}}\n    outcome: {{{kind}: {{file: api/lambda/{payload}}}}}\n"
            ));
        }
        std::fs::write(dir.join(format!("invoke-{file}.case.yaml")), text).expect("cases");
    }
    for file in 0..5 {
        let mut text = String::from("cases:\n");
        for i in 0..100 {
            let (template, _) = TEMPLATES[(file + i) % 4];
            let body = format!(
                "{{\"items\": [{{\"id\": \"a{i}\", \"n\": {i}}}, {{\"id\": \"b\", \"n\": 2}}], \"errorMessage\": \"{{\\\"code\\\": {code}, \\\"message\\\": \\\"m{i}\\\"}}\"}}",
                code = [400, 502, 200][i % 3]
            );
            text.push_str(&format!(
                "  - name: t{i:03}\n    template: {{file: {template}}}\n    body: '{body}'\n    params: {{path: {{id: \"{i}\"}}, querystring: {{q: \"a b&{i}\"}}, header: {{Accept: application/json, X-N: \"{i}\"}}}}\n    context: {{stage: dev}}\n"
            ));
        }
        std::fs::write(dir.join(format!("templates-{file}.case.yaml")), text).expect("cases");
    }
}

fn best_of(times: usize, mut f: impl FnMut()) -> Duration {
    (0..times)
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let dir = std::env::temp_dir().join(format!("apigw-vtl-bench-cases-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    write_suite(&dir);
    let binary = env!("CARGO_BIN_EXE_apigw-vtl");
    let run = |args: &[&str]| {
        let output = Command::new(binary)
            .arg("test")
            .args(args)
            .current_dir(&dir)
            .env_remove("CI")
            .output()
            .expect("the binary runs");
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(output.status.success(), "{stdout}");
        stdout
    };
    let first = run(&["--update"]);
    assert!(first.contains("1000 passed, 0 failed"), "{first}");
    let command = best_of(5, || {
        let out = run(&[]);
        assert!(out.ends_with("1000 passed, 0 failed\n"), "{out}");
    });
    let with_coverage = best_of(5, || {
        run(&["--coverage"]);
    });
    let library = best_of(5, || {
        let suite = Suite::load(std::slice::from_ref(&dir)).expect("loads");
        assert_eq!(suite.cases().len(), 1000);
        for case in suite.cases() {
            let run = suite.run(case);
            assert_eq!(suite.compare(case, &run), Verdict::Passed);
        }
    });
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "1000 cases (500 invocations of one definition, 500 renders of 4 templates), {cores} cores:"
    );
    println!(
        "  apigw-vtl test DIR                 {:>8.1} ms",
        command.as_secs_f64() * 1e3
    );
    println!(
        "  apigw-vtl test DIR --coverage      {:>8.1} ms",
        with_coverage.as_secs_f64() * 1e3
    );
    println!(
        "  library, one thread (load + run + compare) {:>8.1} ms",
        library.as_secs_f64() * 1e3
    );
    let _ = std::fs::remove_dir_all(&dir);
}

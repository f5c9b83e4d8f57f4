//! Render time: a template parsed once, rendered many times (`cargo bench --bench render`).
//!
//! Until `$input` exists (issue 5) the workloads' payloads are handed to templates as variables: the
//! foreach-transform workload's 200 items become `$items`. Each case prints the mean time per render
//! and the output size, after checking the output is what it must be (a bench that measures a
//! failing render measures nothing).

use std::hint::black_box;
use std::time::{Duration, Instant};

use apigw_vtl::render::{Context, render};
use apigw_vtl::syntax::Template;

const FOREACH: &str = r#"{
  "count": $items.size(),
  "items": [
#foreach($item in $items)
    {
      "id": "$item.id",
      "name": "$item.name.replace('"', '\"')",
      "price": $item.price,
      "inStock": #if($item.stock > 0)true#{else}false#end,
      "tags": $item.tags
    }#if($foreach.hasNext),#end

#end
  ]
}
"#;

const ARITHMETIC: &str = r#"#set($total = 0)#foreach($item in $items)#set($total = $total + $item.stock * 2 - 1)#end$total #set($avg = $total / $items.size())$avg"#;

const STRINGS: &str = r#"#foreach($item in $items)$item.id.toUpperCase().substring(4) $item.name.length() $item.id.replaceAll('[0-9]', '#')|#end"#;

fn time(name: &str, template: &Template, context: &Context) {
    let output = render(template, &mut context.clone()).expect("the bench template renders");
    assert!(!output.is_empty(), "{name}: empty output");
    let budget = Duration::from_millis(700);
    let started = Instant::now();
    let mut runs = 0u32;
    while started.elapsed() < budget {
        let mut context = context.clone();
        black_box(render(black_box(template), &mut context).expect("renders"));
        runs += 1;
    }
    let per_render = started.elapsed() / runs.max(1);
    println!(
        "render/{name:<14} {:>8} bytes out {:>10.2?} per render ({runs} runs)",
        output.len(),
        per_render
    );
}

fn main() {
    let root = env!("CARGO_MANIFEST_DIR");
    let body = std::fs::read_to_string(format!(
        "{root}/../shared/workloads/foreach-transform/body.json"
    ))
    .or_else(|_| std::fs::read_to_string("../shared/workloads/foreach-transform/body.json"))
    .expect("the shared workloads are beside the project");
    let json: serde_json::Value = serde_json::from_str(&body).expect("the workload body is JSON");
    let context = Context::from_json_object(&json).expect("an object");
    for (name, text) in [
        ("foreach-200", FOREACH),
        ("arithmetic", ARITHMETIC),
        ("strings", STRINGS),
    ] {
        let started = Instant::now();
        let template = Template::parse(text).expect("the bench template parses");
        let parse_time = started.elapsed();
        println!(
            "parse/{name:<15} {:>8} bytes in  {parse_time:>10.2?}",
            text.len()
        );
        time(name, &template, &context);
    }
}

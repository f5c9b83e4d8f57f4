// The peer comparison's velocityjs side (issue 16): serverless-offline's own published code renders
// a benchmark workload, as serverless-offline renders a mapping template for a Lambda integration
// (its VelocityContext for $input/$util/$context, its renderVelocityTemplateObject on the
// template string). Nothing of theirs is copied here: the modules are imported from the installed
// package.
//
//   node bench/peers/velocityjs.mjs NODE_MODULES WORKLOAD_DIR SECONDS
//
// Prints one JSON line: {"engine", "workload", "us_per_render", "renders", "output"}. The output is
// what serverless-offline hands on (it parses the rendered text as JSON when it can), printed back
// as JSON text when it is not a string: a difference from API Gateway's bytes is a fidelity finding.
import { readFileSync, existsSync } from "node:fs"
import { join, basename, resolve } from "node:path"
import { pathToFileURL } from "node:url"

const [modules, dir, secondsText] = process.argv.slice(2)
const events = join(resolve(modules), "serverless-offline/src/events/http/lambda-events")
const { default: VelocityContext } = await import(pathToFileURL(join(events, "VelocityContext.js")))
const { default: render } = await import(pathToFileURL(join(events, "renderVelocityTemplateObject.js")))

const read = (name) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), "utf8") : null)
const template = read("template.vtl")
const body = read("body.json") ?? ""
const params = JSON.parse(read("params.json") ?? "{}")
const context = JSON.parse(read("context.json") ?? "{}")
const headers = params.header ?? {}

// The hapi request serverless-offline builds its context from, with the workload's values.
function request() {
  return {
    auth: null,
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
    info: { remoteAddress: context.identity?.sourceIp ?? "127.0.0.1" },
    method: (context.httpMethod ?? "POST").toLowerCase(),
    params: params.path ?? {},
    query: params.querystring ?? {},
    raw: { req: { rawHeaders: Object.entries(headers).flat() } },
  }
}

function renderOnce() {
  // The payload is parsed per render, as per invocation (serverless-offline's payload is the
  // parsed body).
  let payload
  try {
    payload = JSON.parse(body || "{}")
  } catch {
    payload = body
  }
  const velocityContext = new VelocityContext(request(), context.stage ?? "prod", payload, context.resourcePath ?? "/").getContext()
  return render({ root: template }, velocityContext).root
}

let output = renderOnce()
const seconds = Number(secondsText)
let until = performance.now() + 2000
while (performance.now() < until) renderOnce()
let renders = 0
const started = performance.now()
until = started + seconds * 1000
while (performance.now() < until) {
  output = renderOnce()
  renders += 1
}
const micros = ((performance.now() - started) * 1000) / Math.max(renders, 1)
const text = typeof output === "string" ? output : JSON.stringify(output)
console.log(JSON.stringify({ engine: "velocityjs (serverless-offline)", workload: basename(resolve(dir)), us_per_render: micros, renders, output: text ?? "" }))

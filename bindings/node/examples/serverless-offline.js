'use strict'
// How serverless-offline's request and response templates map onto apigw-vtl.
//
// serverless-offline builds a velocityjs context (`createVelocityContext(request, options,
// payload)`: `$input`, `$util`, `$context`, `$stageVariables` as JavaScript objects), then calls
// `renderVelocityTemplateObject(templateObject, velocityContext)`, which walks the template as a
// JSON object and renders each string leaf with velocityjs on its own. API Gateway does neither:
// it renders the whole template text once, with Java's `$input`, `$util` and `$context`, and sends
// the output text to the integration as it is.
//
// With apigw-vtl the context is not built in JavaScript at all: hand the engine what
// createVelocityContext reads from the request (the raw body, the path, query string and header
// parameters, the `$context` values, the stage variables), and it builds `$input`, `$util`,
// `$context` and `$stageVariables` as API Gateway does. The drop-in below keeps
// renderVelocityTemplateObject's name and return value (a JavaScript value for the Lambda event),
// and takes that request instead of the velocityjs context.
//
// Run it: node bindings/node/examples/serverless-offline.js

const apigw = require('..')

// Templates are parsed once and kept: a serverless.yml's templates do not change between requests.
const parsed = new Map()

/**
 * Renders `template` (a string, or a JSON object as serverless.yml's `request.template` gives it)
 * for `request`: `{body, pathParameters, queryStringParameters, headers, context,
 * stageVariables}`. Returns the output parsed as JSON when it is JSON (what serverless-offline
 * hands the Lambda handler), else the text; `overrides` holds what the template set in
 * `$context.responseOverride` / `$context.requestOverride`.
 */
function renderVelocityTemplateObject (template, request) {
  // An object template is the JSON text API Gateway would have been given.
  const text = typeof template === 'string' ? template : JSON.stringify(template)
  if (!parsed.has(text)) parsed.set(text, new apigw.Template(text, 'serverless.yml template'))
  const rendered = parsed.get(text).render({
    body: request.body ?? '',
    params: {
      path: request.pathParameters ?? {},
      querystring: request.queryStringParameters ?? {},
      header: request.headers ?? {}
    },
    context: request.context ?? {},
    stageVariables: request.stageVariables ?? {}
  })
  let event
  try {
    event = JSON.parse(rendered.output)
  } catch {
    event = rendered.output // API Gateway sends a non-JSON output as text
  }
  return { event, output: rendered.output, overrides: rendered }
}

module.exports = { renderVelocityTemplateObject }

if (require.main === module) {
  // The founding example's request template (corpus/danielhttp/api.openapi.yaml).
  const template = "{\n  \"GUID\":\"$input.params('GUID')\"\n}"
  const { event } = renderVelocityTemplateObject(template, {
    queryStringParameters: { GUID: 'Exception' },
    headers: { 'Content-Type': 'application/json' },
    context: { stage: 'dev', requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef' }
  })
  console.log(JSON.stringify(event))
  // A parse error names its line and column, as API Gateway's console would refuse it.
  try {
    renderVelocityTemplateObject('{"a": "#if($x)"}', {})
  } catch (error) {
    console.log(`${error.name} at ${error.line}:${error.column}`)
  }
}

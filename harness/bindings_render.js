#!/usr/bin/env node
// The Node binding behind the protocol of `apigw-vtl render --jsonl`, for bindings_differential.py:
// JSON-line requests on stdin (`{"name", "template", "vars", "body", "params", "context",
// "stageVariables"}`, plus `varsText`, the variables' JSON text), one result a line on stdout (`{"name", "ok", "output", "status_override",
// "header_overrides", "request_overrides"}` or `{"name", "ok": false, "kind", "message", "line",
// "column"}`). Usage: node harness/bindings_render.js PACKAGE_DIR [invoke] < requests.jsonl
'use strict'
const { readFileSync } = require('node:fs')
const apigw = require(require('node:path').resolve(process.argv[2]))

const lines = readFileSync(0, 'utf8').split('\n').filter((line) => line.trim() !== '')
const out = []
if (process.argv[3] === 'invoke') {
  // Invocations: `{"name", "api", "method", "path", "kind", "outcome"}` lines (kind: lambda-error,
  // lambda-result or null; outcome: a file), answered with `{"name", "status", "headers", "body",
  // "integration_request"}`.
  const make = { 'lambda-error': apigw.Outcome.lambdaError, 'lambda-result': apigw.Outcome.lambdaResult }
  for (const line of lines) {
    const request = JSON.parse(line)
    const options = request.kind ? { outcome: make[request.kind](readFileSync(request.outcome, 'utf8')) } : {}
    const answer = apigw.Api.load(request.api).invoke(request.method, request.path, options)
    out.push(JSON.stringify({
      name: request.name,
      status: answer.status,
      headers: Object.fromEntries(answer.headers),
      body: answer.body,
      integration_request: answer.integrationRequest ? answer.integrationRequest.body : null
    }))
  }
  process.stdout.write(out.join('\n') + '\n')
  process.exit(0)
}
for (const line of lines) {
  const request = JSON.parse(line)
  const input = {
    body: request.body ?? '',
    params: request.params ?? {},
    context: request.context ?? {},
    stageVariables: request.stageVariables ?? {},
    // As text (`varsText`, written by the caller): JavaScript numbers cannot hold every JSON
    // number as Java reads it (1.0 is a Double, 2^70 a BigInteger).
    variables: request.varsText ?? '{}'
  }
  try {
    const rendered = apigw.render(request.template, input)
    out.push(JSON.stringify({
      name: request.name,
      ok: true,
      output: rendered.output,
      status_override: rendered.statusOverride,
      header_overrides: rendered.headerOverrides,
      request_overrides: rendered.requestOverrides
    }))
  } catch (error) {
    if (!(error instanceof apigw.ApigwVtlError)) throw error
    out.push(JSON.stringify({ name: request.name, ok: false, kind: error.name, message: error.message, line: error.line, column: error.column }))
  }
}
process.stdout.write(out.join('\n') + '\n')

// What an emulator sees when things go wrong: typed Errors, never a crash of the process.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const apigw = require('..')
const { Api, Outcome, InternalError, DefinitionLoadError } = apigw
const api = Api.load(new URL('../../../corpus/danielhttp/api.openapi.yaml', import.meta.url).pathname)

test('a Rust panic is an InternalError', () => {
  assert.throws(() => apigw._panicForTests(), (error) => error instanceof InternalError && /on purpose/.test(error.message))
  assert.equal(apigw.render('ok').output, 'ok')
})

test('a definition that cannot be read', () => {
  const folder = mkdtempSync(join(tmpdir(), 'apigw-vtl-'))
  const path = join(folder, 'api.yaml')
  writeFileSync(path, 'openapi: "3.0.1"\npaths:\n  /a: [unclosed\n')
  assert.throws(() => Api.load(path), (error) => {
    assert.ok(error instanceof DefinitionLoadError)
    assert.ok(error.file.endsWith('api.yaml'))
    assert.ok(error.line >= 3)
    return true
  })
  assert.throws(() => Api.load(join(folder, 'missing.yaml')), DefinitionLoadError)
})

test('a backend that rejects', async () => {
  await assert.rejects(api.invoke('POST', '/guid?GUID=x', { backend: async () => { throw new Error('the function is down') } }), /the function is down/)
})

test('a backend that returns something else', async () => {
  await assert.rejects(api.invoke('POST', '/guid?GUID=x', { backend: () => ({ statusCode: 200 }) }), TypeError)
})

test('a request that reaches the integration needs an answer', () => {
  assert.throws(() => api.invoke('POST', '/guid?GUID=x'), /give outcome or backend/)
})

test('outcome and backend together', () => {
  assert.throws(() => api.invoke('POST', '/guid?GUID=x', { outcome: Outcome.mock(), backend: () => Outcome.mock() }), TypeError)
})

const MOCK = `
openapi: "3.0.1"
paths:
  /echo:
    post:
      responses: {"200": {description: ok}}
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates: {application/json: '{"statusCode": 200}'}
        responses:
          default:
            statusCode: "200"
            responseTemplates: {application/json: "$context.stage $stageVariables.v $context.identity.sourceIp"}
`

test('MOCK calls no backend, and options reach $context', async () => {
  const mock = Api.parse(MOCK, 'api.yaml', { stage: 'dev' })
  const answer = await mock.invoke('POST', '/echo', { backend: () => assert.fail('called'), stageVariables: { v: 'x' }, sourceIp: '198.51.100.7' })
  assert.equal(answer.status, 200)
  assert.equal(answer.body, 'dev x 198.51.100.7')
  assert.equal(mock.stage, 'dev')
})

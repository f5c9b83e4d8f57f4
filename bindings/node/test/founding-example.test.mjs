// The founding example's four answers, as AWS recorded them (corpus/danielhttp/README.md): status,
// Content-Type and Content-Length, through a known outcome and through a backend (sync and async).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { Api, Outcome } = require('..')
const DANIEL = new URL('../../../corpus/danielhttp/', import.meta.url)
const payload = (name) => readFileSync(new URL(`lambda/${name}`, DANIEL), 'utf8')
const api = Api.load(new URL('api.openapi.yaml', DANIEL).pathname)

const ANSWERS = [
  ['Exception', 'exception.error.json', Outcome.lambdaError, 500, 200],
  ['RaisedException', 'raised-exception.error.json', Outcome.lambdaError, 502, 166],
  ['Error', 'error.error.json', Outcome.lambdaError, 400, 162],
  ['AnythingElse', 'ok.result.json', Outcome.lambdaResult, 200, 125]
]

for (const [guid, file, make, status, length] of ANSWERS) {
  test(`GUID=${guid} with an outcome: ${status}, ${length} bytes`, () => {
    const answer = api.invoke('POST', `/guid?GUID=${guid}`, { outcome: make(payload(file)) })
    assert.equal(answer.status, status)
    assert.deepEqual(answer.headers, [['Content-Type', 'application/json']])
    assert.equal(Buffer.byteLength(answer.body), length)
    assert.deepEqual(answer.route, ['/guid', 'POST'])
  })

  test(`GUID=${guid} with an async backend`, async () => {
    const seen = []
    const answer = await api.invoke('POST', `/guid?GUID=${guid}`, {
      backend: async (request) => {
        seen.push(request)
        await new Promise((resolve) => setTimeout(resolve, 1))
        return make(payload(file))
      }
    })
    assert.equal(answer.status, status)
    assert.equal(Buffer.byteLength(answer.body), length)
    assert.equal(seen.length, 1)
    assert.equal(seen[0].body, `{\n  "GUID":"${guid}"\n}`)
    assert.equal(seen[0].integrationType, 'AWS')
    assert.equal(seen[0].method, 'POST')
    assert.match(seen[0].uri, /:function:DanielHTTP\/invocations$/)
  })
}

test('a backend that returns an outcome synchronously', async () => {
  const answer = await api.invoke('POST', '/guid?GUID=Error', {
    backend: () => Outcome.lambdaError(payload('error.error.json'))
  })
  assert.equal(answer.status, 400)
})

test('the Exception body is the compact payload and a newline', () => {
  const answer = api.invoke('POST', '/guid?GUID=Exception', { outcome: Outcome.lambdaError(payload('exception.error.json')) })
  assert.equal(answer.body, JSON.stringify(JSON.parse(payload('exception.error.json'))) + '\n')
})

test('a missing GUID never reaches the backend', async () => {
  const answer = await api.invoke('POST', '/guid', { backend: () => assert.fail('called'), trace: true })
  assert.equal(answer.status, 400)
  assert.equal(answer.body, '{"message": "Missing required request parameters: [GUID]"}')
  assert.equal(answer.integrationRequest, null)
  assert.match(answer.trace[0], /^routing: POST \/guid/)
})

test('no route is API Gateway\'s 403', () => {
  const answer = api.invoke('GET', '/nowhere')
  assert.equal(answer.status, 403)
  assert.equal(answer.route, null)
})

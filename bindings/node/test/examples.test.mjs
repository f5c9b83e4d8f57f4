// The package's example runs as written and prints what it says.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const example = fileURLToPath(new URL('../examples/serverless-offline.js', import.meta.url))

test('examples/serverless-offline.js', () => {
  const out = execFileSync(process.execPath, [example], { encoding: 'utf8' })
  assert.equal(out, '{"GUID":"Exception"}\nTemplateSyntaxError at 1:17\n')
  const { renderVelocityTemplateObject } = require(example)
  const { event, overrides } = renderVelocityTemplateObject(
    { name: "$input.path('$.name')", status: '#set($context.responseOverride.status = 201)ok' },
    { body: '{"name": "World"}' }
  )
  assert.deepEqual(event, { name: 'World', status: 'ok' })
  assert.equal(overrides.status, 201)
})

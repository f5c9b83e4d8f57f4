// The root README's five-line Node.js example runs as written and prints what the README says.
// `require('apigw-vtl')` resolves to this package, or to the installed copy that
// APIGW_VTL_NODE_PACKAGE names (CI installs the packed package and points here).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const packageDir = resolve(process.env.APIGW_VTL_NODE_PACKAGE ?? fileURLToPath(new URL('..', import.meta.url)))

test('the README example', () => {
  const section = readFileSync(join(root, 'README.md'), 'utf8').split('### From Python and Node.js')[1]
  const code = /```js\n([\s\S]*?)```/.exec(section)[1]
  const expected = [...section.matchAll(/```text\n([\s\S]*?)```/g)][1][1]
  assert.equal(code.trim().split('\n').length, 5)
  const folder = mkdtempSync(join(tmpdir(), 'apigw-vtl-readme-'))
  mkdirSync(join(folder, 'node_modules'))
  symlinkSync(packageDir, join(folder, 'node_modules', 'apigw-vtl'), 'dir')
  writeFileSync(join(folder, 'example.js'), code)
  const out = execFileSync(process.execPath, [join(folder, 'example.js')], { cwd: root, encoding: 'utf8' })
  assert.equal(out, expected)
})

// The package's version follows the crate's.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const read = (path) => readFileSync(new URL(path, import.meta.url), 'utf8')
const cargoVersion = (text) => /^\[package\][^[]*?^version = "([^"]+)"/ms.exec(text)[1]

test('the addon, package.json and both Cargo.toml files say the crate\'s version', () => {
  const crate = cargoVersion(read('../../../Cargo.toml'))
  assert.equal(require('..').version, crate)
  assert.equal(JSON.parse(read('../package.json')).version, crate)
  assert.equal(cargoVersion(read('../Cargo.toml')), crate)
})

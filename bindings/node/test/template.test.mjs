// One template: render(), Template, the inputs API Gateway gives it, its overrides and its errors.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { render, Template, TemplateSyntaxError, TemplateRenderError, ApigwVtlError } = require('..')

test('render reads the body as API Gateway does', () => {
  const rendered = render('{"name": "$input.path(\'$.name\')", "all": $input.json(\'$\')}', { body: '{"name": "World"}' })
  assert.equal(rendered.output, '{"name": "World", "all": {"name":"World"}}')
  assert.equal(rendered.status, null)
})

test('overrides', () => {
  const template = new Template(
    '#set($context.responseOverride.status = 201)' +
    '#set($context.responseOverride.header.Location = "/pets/$input.params(\'id\')")' +
    "#set($context.requestOverride.querystring.page = '2')"
  )
  const rendered = template.render({ params: { path: { id: '7' } } })
  assert.equal(rendered.output, '')
  assert.equal(rendered.status, 201)
  assert.equal(rendered.statusOverride, 201)
  assert.deepEqual(rendered.headerOverrides, { Location: '/pets/7' })
  assert.deepEqual(rendered.requestOverrides, { header: {}, querystring: { page: '2' }, path: {} })
})

test('params, context, stage variables and variables', () => {
  const rendered = render(
    "$input.params('q') $input.params().header $context.stage $context.identity.sourceIp " +
    '$stageVariables.table $name $list.size()',
    {
      params: { querystring: { q: 'x' }, header: [['Accept', 'a/b'], ['X-N', '1']] },
      context: { stage: 'dev', identity: { sourceIp: '198.51.100.7' } },
      stageVariables: { table: 'pets' },
      variables: { name: 'World', list: [1, 2, 3] }
    }
  )
  assert.equal(rendered.output, 'x {Accept=a/b, X-N=1} dev 198.51.100.7 pets World 3')
})

test('a template renders many times', () => {
  const template = new Template("$input.path('$.n')")
  assert.deepEqual([0, 1, 2].map((n) => template.render({ body: `{"n": ${n}}` }).output), ['0', '1', '2'])
  assert.equal(template.source, "$input.path('$.n')")
})

test('a parse error is an Error with line, column and excerpt', () => {
  assert.throws(() => new Template('line one\n#set($a = )', 'bad.vtl'), (error) => {
    assert.ok(error instanceof TemplateSyntaxError)
    assert.ok(error instanceof ApigwVtlError)
    assert.ok(error instanceof Error)
    assert.equal(error.name, 'TemplateSyntaxError')
    assert.equal(error.line, 2)
    assert.equal(error.column, 11)
    assert.match(error.message, /^bad\.vtl:2:11: unexpected `\)`/)
    assert.ok(error.excerpt.includes('2 | #set($a = )\n  |           ^ here'), error.excerpt)
    return true
  })
})

test('a render error is an Error with line, column and excerpt', () => {
  assert.throws(() => render("ok\n  $util.parseJson('{')"), (error) => {
    assert.ok(error instanceof TemplateRenderError)
    assert.equal(error.line, 2)
    assert.equal(error.column, 3)
    assert.match(error.message, /ParseException/)
    assert.ok(error.excerpt.includes('API Gateway answers 500'), error.excerpt)
    return true
  })
})

test('bad arguments are TypeErrors', () => {
  assert.throws(() => render(42), TypeError)
  assert.throws(() => render('$a', { body: 5 }), TypeError)
  assert.throws(() => render('$a', 'not an object'), TypeError)
})

test("the response template reads the request template's overrides", () => {
  const request = render("#set($context.responseOverride.custom = 'from the request')#set($context.requestOverride.header.X = 'y')")
  const response = render('$context.responseOverride.custom $context.requestOverride.header.X', { carry: request })
  assert.equal(response.output, 'from the request y')
  assert.equal(render('$context.responseOverride.custom $context.requestOverride.header.X').output, ' ')
  assert.throws(() => render('x', { carry: { output: '' } }), TypeError)
})

test('an override set twice is flagged', () => {
  assert.equal(render('#set($context.responseOverride.status = 400)#set($context.responseOverride.status = 401)').overriddenTwice, true)
  assert.equal(render('#set($context.responseOverride.status = 400)').overriddenTwice, false)
})

'use strict'
// apigw-vtl for Node.js: API Gateway's Velocity mapping templates and integration responses,
// offline and byte for byte. The engine is the Rust crate, loaded as a Node-API addon
// (`apigw-vtl.node`, built by `npm run build`); this file gives it JavaScript names, turns its errors
// into `Error` objects and awaits a `backend` between the two steps of the engine's door.

const native = require('./apigw-vtl.node')

const MARKER = 'apigw-vtl-error:'
// Where a render's result keeps the engine's own record of its overrides, for `carry`.
const NATIVE = Symbol('apigw-vtl native render')

/** The base of every error this package throws. */
class ApigwVtlError extends Error {
  constructor (fields) {
    super(fields.message)
    this.name = this.constructor.name
    for (const [key, value] of Object.entries(fields)) {
      if (key !== 'kind' && key !== 'message') this[key] = value
    }
  }
}
/** A template API Gateway rejects (it answers 500): `line`, `column`, `excerpt`. */
class TemplateSyntaxError extends ApigwVtlError {}
/** A render that fails on API Gateway too (it answers 500): `line`, `column`, `excerpt`. */
class TemplateRenderError extends ApigwVtlError {}
/** An API definition that cannot be read: `file`, `line`, `column`, `excerpt`. */
class DefinitionLoadError extends ApigwVtlError {}
/** A bug in apigw-vtl (a Rust panic), caught before it reached Node. */
class InternalError extends ApigwVtlError {}

const ERRORS = { TemplateSyntaxError, TemplateRenderError, DefinitionLoadError, InternalError }

/** Runs a native call, turning the engine's structured errors into typed `Error`s. */
function call (work) {
  try {
    return work()
  } catch (error) {
    const text = error && typeof error.message === 'string' ? error.message : ''
    if (!text.startsWith(MARKER)) throw error
    const fields = JSON.parse(text.slice(MARKER.length))
    if (fields.kind === 'TypeError') throw new TypeError(fields.message)
    throw new ERRORS[fields.kind](fields)
  }
}

/** A string or Buffer as the addon takes bytes. */
function bytes (value, what) {
  if (value === undefined || value === null) return null
  if (typeof value === 'string') return { text: value }
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
    return { base64: Buffer.from(value).toString('base64') }
  }
  throw new TypeError(`${what} must be a string or a Buffer`)
}

/** A body from the addon: a string, or a Buffer when binary. */
function body (value) {
  return value.base64 !== undefined ? Buffer.from(value.base64, 'base64') : value.text
}

/** A parsed mapping template: parse once, render many times. */
class Template {
  /** Parses `source` as API Gateway's engine (Velocity 1.7) does; throws `TemplateSyntaxError`. */
  constructor (source, name = 'template.vtl') {
    if (typeof source !== 'string') throw new TypeError('a template is a string')
    this._native = call(() => native.NativeTemplate.parse(source, name))
  }

  /** The template's text. */
  get source () { return this._native.source }
  /** The name errors label the template with. */
  get name () { return this._native.name }

  /**
   * Renders as API Gateway would. `input`: `{body, params: {path, querystring, header}, context,
   * stageVariables, variables, carry}` (`carry`: the request template's result, when this is the
   * response template). Returns `{output, status, statusOverride, headerOverrides,
   * requestOverrides, overriddenTwice}`; throws `TemplateRenderError`.
   */
  render (input = {}) {
    if (input === null || typeof input !== 'object') throw new TypeError("render's input must be an object")
    const { carry, ...rest } = input
    if (carry !== undefined && !(carry && carry[NATIVE])) {
      throw new TypeError('carry is the result of an earlier render')
    }
    const rendered = call(() => this._native.render(rest, carry ? carry[NATIVE] : undefined))
    const result = rendered.result
    Object.defineProperty(result, NATIVE, { value: rendered, enumerable: false })
    return result
  }
}

/** Parses `template` (a string, or takes a `Template`) and renders it with `input`. */
function render (template, input = {}) {
  const parsed = template instanceof Template ? template : new Template(template)
  return parsed.render(input)
}

/** What an integration answered: plain objects the `Api` reads. */
const Outcome = {
  /** A Lambda function that returned `payload` (a proxy integration: its proxy response). */
  lambdaResult: (payload) => ({ kind: 'lambdaResult', payload: bytes(payload, 'payload') }),
  /** A Lambda function error with `payload` (`errorMessage`, `errorType`, ...). */
  lambdaError: (payload) => ({ kind: 'lambdaError', payload: bytes(payload, 'payload') }),
  /** An HTTP backend's or AWS service's answer. */
  http: (status, payload = '', headers = {}) =>
    ({ kind: 'http', status, payload: bytes(payload, 'payload'), headers }),
  /** No backend (a MOCK integration). */
  mock: () => ({ kind: 'mock' })
}

function invocation (raw) {
  const out = { ...raw, body: body(raw.body) }
  if (raw.integrationRequest) out.integrationRequest = integrationRequest(raw.integrationRequest)
  return out
}

function integrationRequest (raw) {
  return { ...raw, body: body(raw.body) }
}

/** An API definition (OpenAPI 3, Swagger 2, CloudFormation, SAM), loaded once. */
class Api {
  constructor (nativeApi) { this._native = nativeApi }

  /** Reads the definition at `path`; `options`: `{parameterOverrides, stage}`. */
  static load (path, options = {}) {
    return new Api(call(() => native.NativeApi.load(path, options)))
  }

  /** The same from the definition's text; `file` names it in errors. */
  static parse (text, file = 'api.yaml', options = {}) {
    return new Api(call(() => native.NativeApi.parse(text, file, options)))
  }

  /** The stage requests go to unless `invoke` names one. */
  get stage () { return this._native.stage }

  /**
   * Runs one request, from routing to the response the client receives. `options`: `headers`,
   * `body` (string or Buffer), `stage`, `stageVariables`, `context`, `apiKeys`, `sourceIp`,
   * `trace`, and the integration's answer: `outcome` (returns the invocation) or `backend`, a
   * function of the integration request returning an outcome or a Promise of one (returns a
   * Promise). The answer is used only when the request reaches an integration that calls
   * something.
   */
  invoke (method, path, options = {}) {
    const { outcome, backend, body: requestBody, ...rest } = options
    const request = { ...rest, method, path, body: bytes(requestBody, 'body') }
    if (backend === undefined && outcome === undefined) {
      // Without an answer: fine where API Gateway answers on its own or the integration is a MOCK.
      const prepared = call(() => this._native.prepare(request))
      if (prepared.answered) return invocation(prepared.answered)
      throw new TypeError('the request reaches the integration: give outcome or backend')
    }
    if (backend === undefined) {
      return invocation(call(() => this._native.invoke(request, outcome)))
    }
    if (outcome !== undefined) throw new TypeError('give outcome or backend, not both')
    if (typeof backend !== 'function') throw new TypeError('backend is a function')
    return this._invokeWith(request, backend)
  }

  async _invokeWith (request, backend) {
    const prepared = call(() => this._native.prepare(request))
    if (prepared.answered) return invocation(prepared.answered)
    const answer = await backend(integrationRequest(prepared.integrationRequest))
    return invocation(call(() => this._native.finish(prepared, answer)))
  }
}

module.exports = {
  version: native.version(),
  Template,
  render,
  Api,
  Outcome,
  ApigwVtlError,
  TemplateSyntaxError,
  TemplateRenderError,
  DefinitionLoadError,
  InternalError,
  _panicForTests: () => call(() => native._panicForTests())
}

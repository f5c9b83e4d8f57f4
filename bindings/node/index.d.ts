/// <reference types="node" />
// Types of apigw-vtl for Node.js (index.js). The engine is the Rust crate apigw-vtl.

/** The package's version, which is the engine crate's. */
export declare const version: string

/** Pairs given as an object (`{name: value}`) or as `[name, value]` pairs (order and repeats kept). */
export type Pairs = Record<string, string> | Array<[string, string]>

/** Everything API Gateway hands a mapping template. */
export interface TemplateInput {
  /** The payload (`$input.body`): the request body, or the integration's answer. Empty means `{}`. */
  body?: string
  /** `$input.params()`. */
  params?: { path?: Pairs; querystring?: Pairs; header?: Pairs }
  /** Merged over the default `$context` (objects merge, other values replace). */
  context?: Record<string, unknown>
  /** `$stageVariables`. */
  stageVariables?: Pairs
  /**
   * Template variables: `{name: 'World'}` makes `$name` (objects become maps, arrays lists), or a
   * JSON object's text, which keeps `1.0` a Java Double and integers beyond 2^53 exact.
   */
  variables?: Record<string, unknown> | string
  /** The request template's result, when this is the response template: its overrides are readable. */
  carry?: Rendered
}

/** A render's result. */
export interface Rendered {
  /** The output, exactly as API Gateway renders it. */
  output: string
  /** The status API Gateway reads from `$context.responseOverride.status` (100-599), else null. */
  status: number | null
  /** `$context.responseOverride.status` as set: a number, its Java text otherwise, or null. */
  statusOverride: number | string | null
  /** `$context.responseOverride.header.*`. */
  headerOverrides: Record<string, string>
  /** `$context.requestOverride.*`. */
  requestOverrides: {
    header: Record<string, string>
    querystring: Record<string, string>
    path: Record<string, string>
  }
  /** Whether the template set some override key a second time: AWS answers 5XX then. */
  overriddenTwice: boolean
}

/** A parsed mapping template: parse once, render many times. */
export declare class Template {
  /** Parses `source` as API Gateway's engine does; throws `TemplateSyntaxError`. */
  constructor(source: string, name?: string)
  readonly source: string
  readonly name: string
  /** Renders as API Gateway would; throws `TemplateRenderError`. */
  render(input?: TemplateInput): Rendered
}

/** Parses `template` (or takes a `Template`) and renders it. */
export declare function render(template: string | Template, input?: TemplateInput): Rendered

/** What an integration answered (made with the `Outcome` helpers). */
export type OutcomeValue =
  | { kind: 'lambdaResult'; payload: unknown }
  | { kind: 'lambdaError'; payload: unknown }
  | { kind: 'http'; status: number; payload: unknown; headers: Pairs }
  | { kind: 'mock' }

export declare const Outcome: {
  /** A Lambda function that returned `payload` (a proxy integration: its proxy response). */
  lambdaResult(payload: string | Buffer): OutcomeValue
  /** A Lambda function error with `payload`. */
  lambdaError(payload: string | Buffer): OutcomeValue
  /** An HTTP backend's or AWS service's answer. */
  http(status: number, payload?: string | Buffer, headers?: Pairs): OutcomeValue
  /** No backend (MOCK). */
  mock(): OutcomeValue
}

/** What API Gateway sends to the integration. */
export interface IntegrationRequest {
  /** The rendered template, the body passed through or a Lambda proxy event (a Buffer if binary). */
  body: string | Buffer
  path: Array<[string, string]>
  querystring: Array<[string, string]>
  headers: Array<[string, string]>
  /** `AWS`, `AWS_PROXY`, `HTTP` or `HTTP_PROXY`; null for MOCK. */
  integrationType: string | null
  /** The call's HTTP method and URL (null for MOCK). */
  method: string | null
  uri: string | null
  callHeaders: Array<[string, string]>
  callQuery: Array<[string, string]>
}

/** What one request came to. */
export interface Invocation {
  status: number
  /** Response headers in order (a name may repeat). */
  headers: Array<[string, string]>
  /** The response body (a Buffer when API Gateway answers with binary). */
  body: string | Buffer
  /** What was sent to the integration; null when API Gateway answered before calling it. */
  integrationRequest: IntegrationRequest | null
  /** [resource path, method key] of the method that took the request, or null. */
  route: [string, string] | null
  /** Every decision, routing first (empty unless `trace: true`). */
  trace: string[]
  /** The index of the selected integration response, if one was. */
  selectedResponse: number | null
}

export interface InvokeOptions {
  headers?: Pairs
  body?: string | Buffer
  stage?: string
  stageVariables?: Pairs
  context?: Record<string, unknown>
  apiKeys?: string[]
  sourceIp?: string
  trace?: boolean
}

export declare class Api {
  private constructor()
  /** Reads an OpenAPI 3 / Swagger 2 / CloudFormation / SAM definition; throws `DefinitionLoadError`. */
  static load(path: string, options?: { parameterOverrides?: Pairs; stage?: string }): Api
  static parse(text: string, file?: string, options?: { parameterOverrides?: Pairs; stage?: string }): Api
  readonly stage: string | null
  /** With a known outcome (ignored where no backend is called). */
  invoke(method: string, path: string, options?: InvokeOptions & { outcome?: OutcomeValue }): Invocation
  /** With a backend called with the integration request (awaited when it returns a Promise). */
  invoke(
    method: string,
    path: string,
    options: InvokeOptions & { backend: (request: IntegrationRequest) => OutcomeValue | Promise<OutcomeValue> }
  ): Promise<Invocation>
}

export declare class ApigwVtlError extends Error {
  line?: number
  column?: number
  excerpt?: string | null
}
export declare class TemplateSyntaxError extends ApigwVtlError {
  line: number
  column: number
  excerpt: string
}
export declare class TemplateRenderError extends ApigwVtlError {
  line: number
  column: number
  excerpt: string
}
export declare class DefinitionLoadError extends ApigwVtlError {
  file: string
  line: number
  column: number
  excerpt: string | null
}
export declare class InternalError extends ApigwVtlError {}

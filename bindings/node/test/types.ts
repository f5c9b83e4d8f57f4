// Type-checked, not run (npm run check-types): the declarations in index.d.ts describe the calls as
// the README and the tests make them.
import { Api, Outcome, Template, render, TemplateSyntaxError, Invocation, Rendered } from '..'

const t: Template = new Template("$input.json('$')")
const r: Rendered = t.render({ body: '{}', variables: '{"a": 1.0}', carry: render('x') })
const s: number | null = r.status
const api = Api.load('api.yaml', { parameterOverrides: { Stage: 'dev' } })
const now: Invocation = api.invoke('GET', '/', { outcome: Outcome.mock() })
const later: Promise<Invocation> = api.invoke('GET', '/', { backend: async (request) => Outcome.lambdaResult(String(request.body)) })
try { new Template('#if(') } catch (e) { if (e instanceof TemplateSyntaxError) { const n: number = e.line + e.column } }
export { s, now, later }

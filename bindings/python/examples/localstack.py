"""How LocalStack's `ApiGatewayVtlTemplate.render_request` / `render_response` map onto apigw-vtl.

LocalStack (services/apigateway/next_gen/execute_api/template_mapping.py) renders with airspeed:
`render_request(template, variables, context_overrides)` returns the output and the
`ContextVariableOverrides` (`requestOverride`, `responseOverride`) the template left, and
`render_response(template, variables, context_overrides)` the output and the `responseOverride`.
`variables` is a `MappingTemplateVariables`: `{"context": {...}, "input": {"body": ...,
"params": {"path", "querystring", "header"}}, "stageVariables": {...}}`.

The class below keeps those two signatures and renders with apigw-vtl. Differences worth knowing:
- LocalStack strips the template (`template.strip()`); API Gateway renders it as written, and so
  does this, so leading and trailing blank lines stay in the output as they do on AWS.
- `$context`'s `requestOverride` / `responseOverride` belong to the engine: the request template's
  overrides reach the response template through the `Rendered` kept under `_apigw_vtl` in the
  overrides this returns (a dict cannot carry a Java value's type, a `Rendered` can).
- An override set twice makes AWS answer 5XX; `Rendered.overridden_twice` says so, and this raises.

Run it: python bindings/python/examples/localstack.py (with the wheel installed).
"""
import apigw_vtl

ENGINE_KEYS = ("requestOverride", "responseOverride")


class ApiGatewayVtlTemplate:
    """LocalStack's renderer's two calls, on apigw-vtl. Templates are parsed once and kept."""

    def __init__(self):
        self._parsed = {}

    def _template(self, text):
        if text not in self._parsed:
            self._parsed[text] = apigw_vtl.Template(text, name="mapping template")
        return self._parsed[text]

    def _render(self, template, variables, context_overrides):
        given = variables.get("input") or {}
        rendered = self._template(template).render(
            body=given.get("body") or "",
            params=given.get("params"),
            context={k: v for k, v in (variables.get("context") or {}).items() if k not in ENGINE_KEYS},
            stage_variables=variables.get("stageVariables"),
            carry=(context_overrides or {}).get("_apigw_vtl"),
        )
        if rendered.overridden_twice:
            raise apigw_vtl.ApigwVtlError("the template set an override twice: API Gateway answers 5XX")
        return rendered

    def render_request(self, template, variables, context_overrides=None):
        rendered = self._render(template, variables, context_overrides)
        overrides = {
            "requestOverride": rendered.request_overrides,
            "responseOverride": {"header": rendered.header_overrides, "status": rendered.status},
            "_apigw_vtl": rendered,
        }
        return rendered.output, overrides

    def render_response(self, template, variables, context_overrides=None):
        rendered = self._render(template, variables, context_overrides)
        return rendered.output, {"header": rendered.header_overrides, "status": rendered.status}


def main():
    renderer = ApiGatewayVtlTemplate()
    variables = {
        "context": {"stage": "dev", "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"},
        "input": {"body": "", "params": {"path": {}, "querystring": {"GUID": "Exception"}, "header": {}}},
        "stageVariables": {},
    }
    # The founding example's request template, then its default response template over the
    # Lambda function's error payload (corpus/danielhttp/api.openapi.yaml).
    request, overrides = renderer.render_request("{\n  \"GUID\":\"$input.params('GUID')\"\n}", variables)
    print(request)
    error = '{"errorMessage": "unsupported operand", "errorType": "TypeError", "stackTrace": []}'
    response_template = (
        "#set($inputRoot = $input.path('$'))\n$input.json(\"$\")\n"
        "#if($inputRoot.toString().contains(\"stackTrace\"))\n#set($context.responseOverride.status = 500)\n#end"
    )
    variables["input"] = {"body": error, "params": variables["input"]["params"]}
    response, response_override = renderer.render_response(response_template, variables, overrides)
    print(response, end="")
    print(response_override)


if __name__ == "__main__":
    main()

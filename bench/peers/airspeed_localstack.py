"""The peer comparison's airspeed side (issue 16): LocalStack's own published code renders a
benchmark workload, as LocalStack's API Gateway renders a request or response template
(`ApiGatewayVtlTemplate.render_request` over airspeed-ext, with the variables LocalStack builds).
Nothing of theirs is copied here: the classes are imported from the installed localstack-core.

    python bench/peers/airspeed_localstack.py WORKLOAD_DIR SECONDS

Prints one JSON line: {"engine", "workload", "us_per_render", "renders", "output"}.
"""

import json
import os
import sys
import time

from localstack.services.apigateway.next_gen.execute_api.template_mapping import (
    ApiGatewayVtlTemplate,
)


def read(directory, name):
    path = os.path.join(directory, name)
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def main():
    directory, seconds = sys.argv[1], float(sys.argv[2])
    template = read(directory, "template.vtl")
    body = read(directory, "body.json") or ""
    params = json.loads(read(directory, "params.json") or "{}")
    context = json.loads(read(directory, "context.json") or "{}")
    context.setdefault("requestOverride", {"header": {}, "path": {}, "querystring": {}})
    context.setdefault("responseOverride", {"header": {}, "status": 0})
    variables = {
        "context": context,
        "input": {
            "body": body,
            "params": {
                "path": params.get("path", {}),
                "querystring": params.get("querystring", {}),
                "header": params.get("header", {}),
            },
        },
        "stageVariables": {},
    }
    overrides = {
        "requestOverride": {"header": {}, "path": {}, "querystring": {}},
        "responseOverride": {"header": {}, "status": 0},
    }
    engine = ApiGatewayVtlTemplate()

    def render_once():
        # LocalStack parses the template and the payload on every call: that is its published path.
        output, _ = engine.render_request(template, variables, overrides)
        return output

    output = render_once()
    warm_until = time.perf_counter() + 2.0
    while time.perf_counter() < warm_until:
        render_once()
    renders = 0
    started = time.perf_counter()
    until = started + seconds
    while time.perf_counter() < until:
        output = render_once()
        renders += 1
    micros = (time.perf_counter() - started) * 1e6 / max(renders, 1)
    print(
        json.dumps(
            {
                "engine": "airspeed-ext (LocalStack)",
                "workload": os.path.basename(os.path.normpath(directory)),
                "us_per_render": micros,
                "renders": renders,
                "output": output if isinstance(output, str) else json.dumps(output),
            }
        )
    )


if __name__ == "__main__":
    main()

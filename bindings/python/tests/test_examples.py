"""The package's example runs as written, and its adapter keeps LocalStack's two calls' shapes."""
import pathlib
import subprocess
import sys

EXAMPLES = pathlib.Path(__file__).resolve().parents[1] / "examples"
sys.path.insert(0, str(EXAMPLES))

import localstack  # noqa: E402


def test_the_example_prints_what_it_says():
    out = subprocess.run([sys.executable, str(EXAMPLES / "localstack.py")], check=True, capture_output=True,
                         text=True).stdout
    assert out == (
        '{\n  "GUID":"Exception"\n}\n'
        '{"errorMessage":"unsupported operand","errorType":"TypeError","stackTrace":[]}\n'
        "{'header': {}, 'status': 500}\n"
    )


def test_request_overrides_reach_the_response_template():
    renderer = localstack.ApiGatewayVtlTemplate()
    variables = {"context": {"requestOverride": {"ignored": 1}}, "input": {"body": '{"a": 1}'}}
    output, overrides = renderer.render_request(
        "#set($context.requestOverride.header.X = 'y')#set($context.responseOverride.status = 202)$input.json('$.a')",
        variables,
    )
    assert output == "1"
    assert overrides["requestOverride"] == {"header": {"X": "y"}, "querystring": {}, "path": {}}
    assert overrides["responseOverride"] == {"header": {}, "status": 202}
    output, response_override = renderer.render_response(
        "$context.requestOverride.header.X $context.responseOverride.status", variables, overrides
    )
    assert output == "y 202"
    assert response_override == {"header": {}, "status": 202}

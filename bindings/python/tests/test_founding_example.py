"""The founding example's four answers, as AWS recorded them (corpus/danielhttp/README.md): status,
Content-Type and Content-Length, through a known outcome and through a backend callable."""
import json

import pytest

import apigw_vtl
from apigw_vtl import Outcome
from conftest import DANIEL

# GUID, outcome file, Outcome constructor, AWS's status and Content-Length.
ANSWERS = [
    ("Exception", "exception.error.json", Outcome.lambda_error, 500, 200),
    ("RaisedException", "raised-exception.error.json", Outcome.lambda_error, 502, 166),
    ("Error", "error.error.json", Outcome.lambda_error, 400, 162),
    ("AnythingElse", "ok.result.json", Outcome.lambda_result, 200, 125),
]


def payload(name):
    return (DANIEL / "lambda" / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("guid,file,make,status,length", ANSWERS)
def test_with_outcome(api, guid, file, make, status, length):
    answer = api.invoke("POST", f"/guid?GUID={guid}", outcome=make(payload(file)))
    assert answer.status == status
    assert answer.headers == [("Content-Type", "application/json")]
    assert len(answer.body.encode("utf-8")) == length
    assert answer.route == ("/guid", "POST")


@pytest.mark.parametrize("guid,file,make,status,length", ANSWERS)
def test_with_backend(api, guid, file, make, status, length):
    seen = []

    def backend(request):
        seen.append(request)
        return make(payload(file))

    answer = api.invoke("POST", f"/guid?GUID={guid}", backend=backend)
    assert (answer.status, len(answer.body.encode("utf-8"))) == (status, length)
    # The backend got what the request template built, and the call API Gateway makes.
    [request] = seen
    assert request.body == '{\n  "GUID":"%s"\n}' % guid
    assert request.integration_type == "AWS"
    assert request.method == "POST"
    assert request.uri.endswith(":function:DanielHTTP/invocations")
    assert answer.integration_request.body == request.body


def test_exception_body_is_the_compact_payload_and_a_newline(api):
    answer = api.invoke("POST", "/guid?GUID=Exception", outcome=Outcome.lambda_error(payload("exception.error.json")))
    assert answer.body == json.dumps(json.loads(payload("exception.error.json")), separators=(",", ":")) + "\n"


def test_missing_guid_never_reaches_the_backend(api):
    def backend(request):
        raise AssertionError("called")

    answer = api.invoke("POST", "/guid", backend=backend, trace=True)
    assert answer.status == 400
    assert answer.body == '{"message": "Missing required request parameters: [GUID]"}'
    assert answer.integration_request is None
    assert answer.header("x-amzn-errortype") == "BadRequestException"
    assert answer.trace[0].startswith("routing: POST /guid")


def test_no_route_is_api_gateways_403(api):
    answer = api.invoke("GET", "/nowhere")
    assert answer.status == 403
    assert answer.route is None


def test_the_other_definition_formats_answer_the_same(api):
    parameter = {"AWS::Region": "eu-west-1"}
    for name in ("api.swagger.json", "api.cloudformation.yaml", "api.sam.yaml"):
        other = apigw_vtl.Api.load(DANIEL / name, parameter_overrides=parameter)
        answer = other.invoke("POST", "/guid?GUID=Error", outcome=Outcome.lambda_error(payload("error.error.json")))
        assert (answer.status, len(answer.body)) == (400, 162), name

"""What an emulator sees when things go wrong: typed exceptions, never a crash of the interpreter."""
import pytest

import apigw_vtl
from apigw_vtl import Api, Outcome


def test_a_rust_panic_is_an_exception():
    with pytest.raises(apigw_vtl.InternalError, match="a panic raised on purpose"):
        apigw_vtl._panic_for_tests()
    # The module still works afterwards.
    assert apigw_vtl.render("ok").output == "ok"


def test_a_definition_that_cannot_be_read(tmp_path):
    path = tmp_path / "api.yaml"
    path.write_text('openapi: "3.0.1"\npaths:\n  /a: [unclosed\n')
    with pytest.raises(apigw_vtl.DefinitionLoadError) as caught:
        Api.load(path)
    error = caught.value
    assert error.file.endswith("api.yaml")
    assert error.line >= 3
    assert error.excerpt is None or "api.yaml" in error.excerpt
    with pytest.raises(apigw_vtl.DefinitionLoadError):
        Api.load(tmp_path / "missing.yaml")


def test_a_backend_that_raises(api):
    def backend(request):
        raise RuntimeError("the function is down")

    with pytest.raises(RuntimeError, match="the function is down"):
        api.invoke("POST", "/guid?GUID=x", backend=backend)


def test_a_backend_that_returns_something_else(api):
    with pytest.raises(TypeError, match="not an Outcome"):
        api.invoke("POST", "/guid?GUID=x", backend=lambda request: {"statusCode": 200})


def test_a_request_that_reaches_the_integration_needs_an_answer(api):
    with pytest.raises(ValueError, match="give outcome= or backend="):
        api.invoke("POST", "/guid?GUID=x")
    with pytest.raises(ValueError, match="not both"):
        api.invoke("POST", "/guid?GUID=x", outcome=Outcome.mock(), backend=lambda r: Outcome.mock())


MOCK = """
openapi: "3.0.1"
paths:
  /echo:
    post:
      responses: {"200": {description: ok}}
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates: {application/json: '{"statusCode": 200}'}
        responses:
          default:
            statusCode: "200"
            responseTemplates: {application/json: "$context.stage $stageVariables.v $context.identity.sourceIp"}
"""


def test_mock_calls_no_backend_and_options_reach_context():
    api = Api.parse(MOCK, stage="dev")
    answer = api.invoke(
        "POST", "/echo", backend=lambda r: pytest.fail("called"), stage_variables={"v": "x"}, source_ip="198.51.100.7"
    )
    assert (answer.status, answer.body) == (200, "dev x 198.51.100.7")
    assert api.stage == "dev"

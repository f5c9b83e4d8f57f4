"""apigw-vtl: AWS API Gateway's Velocity (VTL) mapping templates and integration responses,
offline and byte for byte. The engine is the Rust crate apigw-vtl; every call releases the GIL
while it runs."""

from os import PathLike
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence, Tuple, Union

__version__: str

Pairs = Union[Mapping[str, Any], Iterable[Tuple[str, Any]]]
"""Name-value pairs: a dict, or (name, value) tuples (order and repeats kept). Values that are not
str are passed as their JSON text."""

class ApigwVtlError(Exception):
    """The base of every error this module raises."""
    message: str

class TemplateSyntaxError(ApigwVtlError):
    """A template API Gateway would reject (it answers 500)."""
    line: int
    column: int
    excerpt: str
    """The caret excerpt the CLI prints."""

class TemplateRenderError(ApigwVtlError):
    """A render that fails on API Gateway too (it answers 500)."""
    line: int
    column: int
    excerpt: str

class DefinitionLoadError(ApigwVtlError):
    """An API definition that cannot be read."""
    file: str
    line: int
    column: int
    excerpt: Optional[str]

class InternalError(ApigwVtlError):
    """A bug in apigw-vtl (a Rust panic), caught before it reached the interpreter."""

class Rendered:
    """A render's output, exactly, and the overrides the template set."""
    output: str
    status: Optional[int]
    """The status API Gateway reads from $context.responseOverride.status (100-599), else None."""
    status_override: Union[int, str, None]
    """$context.responseOverride.status as set: an int, its Java text otherwise, or None."""
    header_overrides: dict[str, str]
    request_overrides: dict[str, dict[str, str]]
    """{"header": {...}, "querystring": {...}, "path": {...}} from $context.requestOverride."""
    overridden_twice: bool
    """Whether the template set some override key a second time: AWS answers 5XX then."""

class Template:
    """A parsed mapping template: parse once, render many times, from any thread."""
    source: str
    name: str
    def __init__(self, source: str, name: str = "template.vtl") -> None:
        """Parses `source` as API Gateway's engine (Velocity 1.7) does; raises TemplateSyntaxError."""
    def render(
        self,
        body: str = "",
        params: Optional[Mapping[str, Pairs]] = None,
        context: Optional[Mapping[str, Any]] = None,
        stage_variables: Optional[Pairs] = None,
        variables: Union[Mapping[str, Any], str, None] = None,
        carry: Optional[Rendered] = None,
    ) -> Rendered:
        """Renders as API Gateway would. `params` is {"path", "querystring", "header"}; `context` is
        merged over the default $context; `variables` adds template variables (a dict, or a JSON
        object's text); `carry` is the request template's Rendered when this is the response
        template (its overrides are readable, as on AWS). Raises TemplateRenderError."""

def render(
    template: Union[str, Template],
    body: str = "",
    params: Optional[Mapping[str, Pairs]] = None,
    context: Optional[Mapping[str, Any]] = None,
    stage_variables: Optional[Pairs] = None,
    variables: Union[Mapping[str, Any], str, None] = None,
    carry: Optional[Rendered] = None,
) -> Rendered:
    """Parses `template` (or takes a Template) and renders it."""

class Outcome:
    """What the integration answered."""
    @staticmethod
    def lambda_result(payload: Union[str, bytes]) -> Outcome:
        """A Lambda function that returned `payload` (a proxy integration: its proxy response)."""
    @staticmethod
    def lambda_error(payload: Union[str, bytes]) -> Outcome:
        """A Lambda function error with `payload` (errorMessage, errorType, stackTrace...)."""
    @staticmethod
    def http(status: int, body: Union[str, bytes, None] = None, headers: Optional[Pairs] = None) -> Outcome:
        """An HTTP backend's or AWS service's answer."""
    @staticmethod
    def mock() -> Outcome:
        """No backend (MOCK)."""

class IntegrationRequest:
    """What API Gateway sends to the integration."""
    body: Union[str, bytes]
    path: list[Tuple[str, str]]
    querystring: list[Tuple[str, str]]
    headers: list[Tuple[str, str]]
    integration_type: Optional[str]
    """AWS, AWS_PROXY, HTTP or HTTP_PROXY; None for MOCK."""
    method: Optional[str]
    uri: Optional[str]
    call_headers: list[Tuple[str, str]]
    call_query: list[Tuple[str, str]]

class Invocation:
    """What one request came to."""
    status: int
    headers: list[Tuple[str, str]]
    body: Union[str, bytes]
    integration_request: Optional[IntegrationRequest]
    route: Optional[Tuple[str, str]]
    trace: list[str]
    selected_response: Optional[int]
    def header(self, name: str) -> Optional[str]:
        """The first value of the response header `name` (case-insensitive)."""

class Api:
    """An API definition, loaded once; shareable across threads."""
    stage: Optional[str]
    @staticmethod
    def load(
        path: Union[str, PathLike[str]],
        parameter_overrides: Optional[Pairs] = None,
        stage: Optional[str] = None,
    ) -> Api:
        """Reads an OpenAPI 3 / Swagger 2 / CloudFormation / SAM definition; raises DefinitionLoadError."""
    @staticmethod
    def parse(
        text: str,
        file: str = "api.yaml",
        parameter_overrides: Optional[Pairs] = None,
        stage: Optional[str] = None,
    ) -> Api: ...
    def invoke(
        self,
        method: str,
        path: str,
        headers: Optional[Pairs] = None,
        body: Union[str, bytes, None] = None,
        outcome: Optional[Outcome] = None,
        *,
        backend: Optional[Callable[[IntegrationRequest], Outcome]] = None,
        stage: Optional[str] = None,
        stage_variables: Optional[Pairs] = None,
        context: Optional[Mapping[str, Any]] = None,
        api_keys: Optional[Sequence[str]] = None,
        source_ip: Optional[str] = None,
        trace: bool = False,
    ) -> Invocation:
        """Runs one request from routing to the response the client receives. The integration's
        answer is `outcome`, or what `backend(integration_request)` returns; it is asked for only when
        the request reaches an integration that calls something."""

def _panic_for_tests() -> None: ...

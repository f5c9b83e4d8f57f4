"""One template: render(), Template, the inputs API Gateway gives it, and its overrides."""
import threading
import time

import pytest

import apigw_vtl
from apigw_vtl import Template, TemplateRenderError, TemplateSyntaxError, render


def test_render_reads_the_body_as_api_gateway_does():
    rendered = render("{\"name\": \"$input.path('$.name')\", \"all\": $input.json('$')}", body='{"name": "World"}')
    assert rendered.output == '{"name": "World", "all": {"name":"World"}}'
    assert rendered.status is None


def test_overrides():
    template = Template(
        "#set($context.responseOverride.status = 201)"
        "#set($context.responseOverride.header.Location = \"/pets/$input.params('id')\")"
        "#set($context.requestOverride.querystring.page = '2')"
    )
    rendered = template.render(params={"path": {"id": "7"}})
    assert rendered.output == ""
    assert (rendered.status, rendered.status_override) == (201, 201)
    assert rendered.header_overrides == {"Location": "/pets/7"}
    assert rendered.request_overrides == {"header": {}, "querystring": {"page": "2"}, "path": {}}


def test_a_status_that_is_a_string_is_kept_but_not_read():
    rendered = render("#set($context.responseOverride.status = '418')")
    assert (rendered.status, rendered.status_override) == (None, "418")


def test_params_context_stage_variables_and_variables():
    rendered = render(
        "$input.params('q') $input.params().header $context.stage $context.identity.sourceIp "
        "$stageVariables.table $name $list.size() $big",
        params={"querystring": {"q": "x"}, "header": [("Accept", "a/b"), ("X-N", 1)]},
        context={"stage": "dev", "identity": {"sourceIp": "198.51.100.7"}},
        stage_variables={"table": "pets"},
        variables={"name": "World", "list": [1, 2, 3], "big": 2**70},
    )
    assert rendered.output == "x {Accept=a/b, X-N=1} dev 198.51.100.7 pets World 3 1180591620717411303424"


def test_a_template_renders_many_times():
    template = Template("$input.path('$.n')")
    assert [template.render(body=f'{{"n": {n}}}').output for n in range(3)] == ["0", "1", "2"]
    assert template.source == "$input.path('$.n')"


def test_parse_error_carries_line_column_and_excerpt():
    with pytest.raises(TemplateSyntaxError) as caught:
        Template("line one\n#set($a = )", name="bad.vtl")
    error = caught.value
    assert (error.line, error.column) == (2, 11)
    assert str(error).startswith("bad.vtl:2:11: unexpected `)`")
    assert " --> bad.vtl:2:11\n" in error.excerpt
    assert "2 | #set($a = )\n  |           ^ here" in error.excerpt
    assert isinstance(error, apigw_vtl.ApigwVtlError)


def test_render_error_carries_line_column_and_excerpt():
    with pytest.raises(TemplateRenderError) as caught:
        render("ok\n  $util.parseJson('{')")
    error = caught.value
    assert (error.line, error.column) == (2, 3)
    assert "ParseException" in error.message
    assert "2 |   $util.parseJson('{')\n  |   ^^^^^^^^^^^^^^^^^^^^ here" in error.excerpt
    assert "API Gateway answers 500" in error.excerpt


def test_bad_arguments_are_type_errors():
    with pytest.raises(TypeError):
        render(42)
    with pytest.raises(TypeError):
        render("$a", variables={"a": object()})
    with pytest.raises(TypeError):
        render("$a", variables={1: "x"})
    with pytest.raises(ValueError):
        render("$a", variables={"a": float("nan")})


def test_shared_templates_render_in_parallel_threads():
    template = Template("#foreach($i in [1..200])$input.path('$.who')#end")
    results = {}
    errors = []

    def work(who):
        try:
            outputs = {template.render(body='{"who": "%s"}' % who).output for _ in range(50)}
            results[who] = outputs
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(f"t{n}",)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert results == {f"t{n}": {f"t{n}" * 200} for n in range(8)}


def test_the_gil_is_released_while_rendering():
    # A long render on another thread. Once it has started, the main thread keeps running Python:
    # with the GIL held for the whole render, it could run again only after the render ended, and
    # would count nothing.
    template = Template("#foreach($i in [1..1000])#foreach($j in [1..300])x#end#end")
    started = time.perf_counter()
    template.render()
    alone = time.perf_counter() - started  # about a second in a debug build
    done = threading.Event()

    def work():
        template.render()
        done.set()

    thread = threading.Thread(target=work)
    thread.start()
    # Counting stops halfway through the render: a main thread kept out until the render ended
    # would find the deadline passed and count nothing.
    deadline = time.perf_counter() + alone / 2
    time.sleep(alone / 10)  # releases the GIL: the worker enters the render
    ticks = 0
    while time.perf_counter() < deadline and not done.is_set():
        ticks += 1
    thread.join()
    assert ticks > 1_000


def test_the_response_template_reads_the_request_templates_overrides():
    request = render("#set($context.responseOverride.custom = 'from the request')#set($context.requestOverride.header.X = 'y')")
    response = render("$context.responseOverride.custom $context.requestOverride.header.X", carry=request)
    assert response.output == "from the request y"
    # Without carry the response template starts with none.
    assert render("$context.responseOverride.custom $context.requestOverride.header.X").output == " "


def test_an_override_set_twice_is_flagged():
    assert render("#set($context.responseOverride.status = 400)#set($context.responseOverride.status = 401)").overridden_twice
    assert not render("#set($context.responseOverride.status = 400)").overridden_twice

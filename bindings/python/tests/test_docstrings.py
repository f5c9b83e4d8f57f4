"""The examples in the module's docstrings (`>>>`) run and print what they say."""
import doctest
import os

import apigw_vtl


def test_docstring_examples(root, monkeypatch):
    monkeypatch.chdir(root)  # the examples name corpus files from the repository's root
    finder = doctest.DocTestFinder()
    tests = [test for test in finder.find(apigw_vtl) if test.examples]
    # `render` is a builtin function, which the finder does not look into.
    tests += finder.find(apigw_vtl.render, "apigw_vtl.render", module=False, globs={})
    assert {test.name for test in tests} >= {"apigw_vtl.Template", "apigw_vtl.Api", "apigw_vtl.render"}
    runner = doctest.DocTestRunner()
    for test in tests:
        runner.run(test)
    results = runner.summarize(verbose=False)
    assert results.failed == 0
    assert results.attempted >= 10
    assert os.getcwd() == str(root)

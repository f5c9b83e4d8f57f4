"""Shared paths: the tests read the founding example from the repository's corpus."""
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
DANIEL = ROOT / "corpus" / "danielhttp"


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def api():
    import apigw_vtl

    return apigw_vtl.Api.load(DANIEL / "api.openapi.yaml")

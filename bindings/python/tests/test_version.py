"""The package's version follows the crate's: the wheel, both binding manifests and the npm package
say the same as the root Cargo.toml."""
import json
import re

import apigw_vtl


def cargo_version(path):
    text = path.read_text(encoding="utf-8")
    return re.search(r'^\[package\][^\[]*?^version = "([^"]+)"', text, re.M | re.S).group(1)


def test_versions_agree(root):
    crate = cargo_version(root / "Cargo.toml")
    assert apigw_vtl.__version__ == crate
    assert cargo_version(root / "bindings" / "python" / "Cargo.toml") == crate
    assert cargo_version(root / "bindings" / "node" / "Cargo.toml") == crate
    package = json.loads((root / "bindings" / "node" / "package.json").read_text(encoding="utf-8"))
    assert package["version"] == crate

"""Validates SARIF logs against the SARIF 2.1.0 JSON Schema (draft 4), as a registry package
ships it: usage `validate_sarif.py SCHEMA LOG...`. Exits 1 on the first invalid log."""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1], encoding="utf-8"))
validator = jsonschema.Draft4Validator(schema)
for path in sys.argv[2:]:
    log = json.load(open(path, encoding="utf-8"))
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    for error in errors[:10]:
        print(f"{path}: at {'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message}")
    if errors:
        sys.exit(1)
    print(f"{path}: valid SARIF 2.1.0 ({len(log['runs'][0]['results'])} results)")

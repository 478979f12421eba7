#!/usr/bin/env python3
"""Validates inbound JSON documents (one per file argument) against OpenAPI/inbound-message.schema.yaml
(JSON Schema draft 2020-12). Needs the PyPI packages jsonschema and PyYAML. Exit 0 when all are valid."""
import json
import sys

import jsonschema
import yaml

schema_path, documents = sys.argv[1], sys.argv[2:]
with open(schema_path) as handle:
    schema = yaml.safe_load(handle)
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
failures = 0
for path in documents:
    with open(path) as handle:
        document = json.load(handle)
    for error in validator.iter_errors(document):
        failures += 1
        print("%s: %s at %s" % (path, error.message, "/".join(map(str, error.absolute_path))))
print("%d documents, %d errors" % (len(documents), failures))
sys.exit(1 if failures else 0)

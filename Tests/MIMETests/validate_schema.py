#!/usr/bin/env python3
"""Validates inbound JSON documents (one per file argument) against the InboundMessage schema in
OpenAPI/openapi.yaml (components.schemas.InboundMessage, JSON Schema draft 2020-12), the one copy of the
contract. Needs the PyPI packages jsonschema and PyYAML. Exit 0 when all are valid."""
import json
import sys

import jsonschema
import yaml

spec_path, documents = sys.argv[1], sys.argv[2:]
with open(spec_path) as handle:
    spec = yaml.safe_load(handle)
# The spec document is the root resource, so `#/components/schemas/...` references resolve inside it.
root = dict(spec)
root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
root["$ref"] = "#/components/schemas/InboundMessage"
jsonschema.Draft202012Validator.check_schema(spec["components"]["schemas"]["InboundMessage"])
validator = jsonschema.Draft202012Validator(root, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
failures = 0
for path in documents:
    with open(path) as handle:
        document = json.load(handle)
    for error in validator.iter_errors(document):
        failures += 1
        print("%s: %s at %s" % (path, error.message, "/".join(map(str, error.absolute_path))))
print("%d documents, %d errors" % (len(documents), failures))
sys.exit(1 if failures else 0)

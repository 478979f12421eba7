#!/usr/bin/env python3
"""Validates JSON documents (one per file argument) against a schema in OpenAPI/openapi.yaml
(components.schemas.NAME, JSON Schema draft 2020-12; InboundMessage unless `--schema NAME` comes first), the one
copy of the contract. `--webhook KEY` instead validates against the application/json request body of
webhooks.KEY.post. Needs the PyPI packages jsonschema and PyYAML. Exit 0 when all are valid."""
import json
import sys

import jsonschema
import yaml

arguments = sys.argv[1:]
pointer = "#/components/schemas/InboundMessage"
if arguments[0] == "--schema":
    pointer = "#/components/schemas/" + arguments[1]
    arguments = arguments[2:]
elif arguments[0] == "--webhook":
    pointer = "#/webhooks/%s/post/requestBody/content/application~1json/schema" % arguments[1]
    arguments = arguments[2:]
spec_path, documents = arguments[0], arguments[1:]
with open(spec_path) as handle:
    spec = yaml.safe_load(handle)
# The spec document is the root resource, so `#/components/schemas/...` references resolve inside it.
root = dict(spec)
root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
root["$ref"] = pointer
jsonschema.Draft202012Validator.check_schema(root)
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

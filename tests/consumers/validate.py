"""Real consumers of claimcheck's outputs, driven by tests/consumers.rs.

    validate.py schema SCHEMA.json DOCUMENT.json   validate with jsonschema (Draft 7)
    validate.py junit REPORT.xml                   parse with junitparser, print counts

Prints one line of facts for the Rust test to assert; exits non-zero on any error.
"""
import json
import sys


def schema(schema_path, document_path):
    import jsonschema

    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    with open(document_path, encoding="utf-8") as f:
        document = json.load(f)
    jsonschema.Draft7Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(document), key=str)
    for error in errors:
        print(f"invalid: {error.message} at {list(error.absolute_path)}")
    if errors:
        sys.exit(1)
    print("valid")


def junit(report_path):
    from junitparser import Failure, JUnitXml

    xml = JUnitXml.fromfile(report_path)
    suites = cases = failures = 0
    names = []
    for suite in xml:
        suites += 1
        for case in suite:
            cases += 1
            names.append(case.name)
            if any(isinstance(result, Failure) for result in case.result):
                failures += 1
    print(f"suites={suites} cases={cases} failures={failures} first={names[0] if names else ''}")


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"schema": schema, "junit": junit}[command](*args)

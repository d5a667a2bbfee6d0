"""``GET /openapi.json`` is a valid OpenAPI 3.0 document, and the server's real answers match
its schemas (so a client generated from it reads them)."""

from __future__ import annotations

import jsonschema
import pytest
from openapi_spec_validator import validate
from server_support import example

A, B = "2021-county-blank-cells.html", "2021-county-bureau.md"


@pytest.fixture(scope="module")
def document(client):
    r = client.get("/openapi.json")
    assert r.status_code == 200
    return r.json()


def schema_of(document: dict, name: str) -> dict:
    """A component schema with its references resolvable (OpenAPI 3.0 schemas are JSON Schema
    plus ``nullable``, which is turned into a null type here)."""

    def convert(node):
        if isinstance(node, dict):
            out = {k: convert(v) for k, v in node.items() if k not in ("nullable", "example", "format")}
            if node.get("nullable"):
                if "type" in out:
                    out["type"] = [out["type"], "null"]
                if "enum" in out:
                    out["enum"] = [*out["enum"], None]
            return out
        if isinstance(node, list):
            return [convert(v) for v in node]
        return node

    return {**convert(document["components"]["schemas"][name]), "components": convert(document["components"])}


def check(document: dict, name: str, value) -> None:
    jsonschema.validate(value, schema_of(document, name))


def test_the_document_is_valid_openapi_3(document):
    validate(document)
    assert document["openapi"] == "3.0.3"
    assert sorted(document["paths"]) == ["/healthz", "/v1/check", "/v1/rules", "/v1/rules/{rule_id}", "/v1/rulesets"]
    ids = [op["operationId"] for path in document["paths"].values() for op in path.values()]
    assert sorted(ids) == ["check", "getRule", "health", "listRules", "listRulesets"]


def test_check_answers_match_the_schema(client, document):
    r = client.post("/v1/check", files=[("files", (A, example(A))), ("files", ("x.pdf", b"%PDF-1.4 broken"))])
    check(document, "CheckResult", r.json())
    # and a wrong answer would not (the schema is not vacuous)
    broken = r.json()
    broken["reports"][0]["findings"][0]["severity"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        check(document, "CheckResult", broken)


def test_problems_match_the_schema(client, document):
    for response in (
        client.post("/v1/check"),
        client.post("/v1/check?published_on=x", content=b"x"),
        client.get("/v1/rules/NOPE"),
        client.get("/v1/rules?ruleset=nope"),
        client.post("/v1/check", data={"a": "b"}),
    ):
        check(document, "Problem", response.json())
        status = str(response.status_code)
        path = "/v1/check" if response.request.url.path == "/v1/check" else "/v1/rules"
        ops = document["paths"][path if path == "/v1/check" else "/v1/rules"]
        assert status in next(iter(ops.values()))["responses"]


def test_catalogue_answers_match_the_schema(client, document):
    check(document, "RuleList", client.get("/v1/rules").json())
    check(document, "RuleList", client.get("/v1/rules?ruleset=cn-national-2019").json())
    check(document, "RuleInfo", client.get("/v1/rules/T3-001").json())
    check(document, "RuleInfo", client.get("/v1/rules/PRS-001").json())
    check(document, "RulesetList", client.get("/v1/rulesets").json())
    check(document, "Health", client.get("/healthz").json())


def test_every_problem_code_the_api_sends_is_listed(document):
    from pathlib import Path
    import re

    source = "\n".join(p.read_text(encoding="utf-8") for p in (Path(__file__).resolve().parents[2] / "compliance" / "server").glob("*.py"))
    sent = set(re.findall(r'Problem\(\s*\d{3},\s*"([a-z-]+)"', source)) | {"not-found", "http-error"}
    listed = set(document["components"]["schemas"]["Problem"]["properties"]["code"]["enum"])
    # result-expired is only answered by the pages (an HTML page), not by /v1
    assert sent - {"result-expired"} == listed

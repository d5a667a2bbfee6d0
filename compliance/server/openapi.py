"""The OpenAPI 3.0 document of ``compliance serve`` (``GET /openapi.json``).

Written by hand, as data, so that it says exactly what the contract says (spec/contract.md's
JSON of ``compliance check --format json``) and nothing the framework would guess.  OpenAPI
3.0.3 rather than 3.1: the generators Java teams use (openapi-generator, swagger-codegen) read
3.0 best.  ``tests/server/test_openapi.py`` validates the document and checks real answers
against its schemas.
"""

from __future__ import annotations

from typing import Any

from .app import CHECK_FORMATS, ISSUER_KINDS, MEDIA_TYPES

_REF = "#/components/schemas/"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": _REF + name}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "nullable": True}


_INT = {"type": "integer"}
_STR = {"type": "string"}
_SEVERITY = {"type": "string", "enum": ["error", "warning", "info"]}
_YEARS = {
    "type": "object",
    "required": ["from", "to"],
    "properties": {"from": _nullable(_INT), "to": _nullable(_INT)},
}

SCHEMAS: dict[str, Any] = {
    "Problem": {
        "type": "object",
        "description": "An HTTP error (RFC 9457). `code` is stable; `detail` is Chinese, for people.",
        "required": ["type", "title", "status", "code", "detail"],
        "properties": {
            "type": {"type": "string", "example": "about:blank"},
            "title": _STR,
            "status": _INT,
            "code": {
                "type": "string",
                "enum": [
                    "invalid-parameter", "no-report", "upload-too-large", "too-many-files", "bad-multipart",
                    "unsupported-media-type", "unknown-ruleset", "unknown-rule", "not-found",
                    "http-error", "internal-error",
                ],
            },
            "detail": _STR,
            "errors": {
                "type": "array",
                "description": "One entry per bad parameter (invalid-parameter).",
                "items": {
                    "type": "object",
                    "required": ["parameter", "message"],
                    "properties": {"parameter": _STR, "message": _STR},
                },
            },
        },
    },
    "Place": {
        "type": "object",
        "description": "Where a PDF or Word position stands in the original document.",
        "properties": {
            "page": _INT, "line": _INT, "paragraph": _INT, "table": _INT, "row": _INT, "cell": _INT,
            "box": {"type": "array", "items": {"type": "number"}, "minItems": 4, "maxItems": 4},
        },
    },
    "Location": {
        "type": "object",
        "description": "1-based lines and columns into the original file (for PDF/Word: its extracted text).",
        "required": ["line", "column", "end_line", "end_column", "section", "cell"],
        "properties": {
            "line": _nullable(_INT),
            "column": _nullable(_INT),
            "end_line": _nullable(_INT),
            "end_column": _nullable(_INT),
            "section": _nullable({"type": "string", "description": "一 … 六"}),
            "cell": _nullable({"type": "string", "description": "table/row/column, e.g. applications/carried_out/total"}),
            "page": {"type": "integer", "description": "PDF/Word page (only for such documents)"},
            "place": _ref("Place"),
        },
    },
    "Finding": {
        "type": "object",
        "required": ["rule", "name", "severity", "message", "location", "evidence", "basis"],
        "properties": {
            "rule": {"type": "string", "example": "T3-001"},
            "name": {"type": "string", "example": "application-balance-mismatch"},
            "severity": _SEVERITY,
            "message": {"type": "string", "description": "Chinese, for auditors"},
            "location": _ref("Location"),
            "evidence": {"type": "object", "additionalProperties": True, "description": "Rule-specific values"},
            "basis": {"type": "array", "items": _STR},
        },
    },
    "SuppressedFinding": {
        "allOf": [_ref("Finding"), {"type": "object", "required": ["waiver_reason"], "properties": {"waiver_reason": _STR}}],
    },
    "Summary": {
        "type": "object",
        "required": ["error", "warning", "info"],
        "properties": {"error": _INT, "warning": _INT, "info": _INT},
    },
    "Report": {
        "type": "object",
        "required": ["path", "ruleset", "template", "year", "agency", "findings", "summary"],
        "properties": {
            "path": {"type": "string", "description": "The uploaded file's name (no folder part)"},
            "ruleset": _nullable(_STR),
            "template": {"type": "string", "enum": ["2019", "2021", "legacy", "unknown"]},
            "year": _nullable(_INT),
            "agency": _nullable(_STR),
            "findings": {"type": "array", "items": _ref("Finding")},
            "summary": _ref("Summary"),
            "suppressed": {"type": "array", "items": _ref("SuppressedFinding")},
        },
    },
    "CheckResult": {
        "type": "object",
        "description": "Exactly the JSON of `compliance check --format json` (spec/contract.md).",
        "required": ["schema_version", "tool", "reports"],
        "properties": {
            "schema_version": {"type": "integer", "enum": [1]},
            "tool": {
                "type": "object",
                "required": ["name", "version"],
                "properties": {"name": {"type": "string", "enum": ["compliance"]}, "version": _STR},
            },
            "reports": {"type": "array", "items": _ref("Report")},
            "notes": {"type": "array", "items": _ref("Finding")},
        },
    },
    "RuleInfo": {
        "type": "object",
        "description": "A rule of a rule set (type rule) or a catalogue code such as PRS-001 (type code).",
        "required": ["id", "name", "kind", "severity", "summary", "basis", "type"],
        "properties": {
            "id": _STR,
            "name": _STR,
            "kind": _STR,
            "severity": _SEVERITY,
            "summary": _STR,
            "basis": {"type": "array", "items": _STR},
            "rationale": _STR,
            "limitations": _STR,
            "evidence_tag": _nullable(_STR),
            "type": {"type": "string", "enum": ["rule", "code"]},
            "ruleset": _nullable(_STR),
            "defined_in": _nullable(_STR),
            "overridden_in": {"type": "array", "items": _STR},
            "message": _nullable(_STR),
            "requires": {"type": "array", "items": _STR},
            "years": _YEARS,
        },
    },
    "RuleList": {
        "type": "object",
        "required": ["ruleset", "rules", "codes"],
        "properties": {
            "ruleset": _STR,
            "rules": {"type": "array", "items": _ref("RuleInfo")},
            "codes": {"type": "array", "items": _ref("RuleInfo")},
        },
    },
    "RulesetInfo": {
        "type": "object",
        "required": ["id", "title", "extends", "templates", "years", "abstract", "rules", "origin"],
        "properties": {
            "id": _STR,
            "title": _STR,
            "extends": {"type": "array", "items": _STR},
            "templates": {"type": "array", "items": _STR},
            "years": _YEARS,
            "abstract": {"type": "boolean", "description": "Only extended by other sets; not for checking"},
            "rules": {"type": "integer", "description": "Number of rules"},
            "origin": {"type": "string", "enum": ["builtin", "rules-dir"]},
        },
    },
    "RulesetList": {
        "type": "object",
        "required": ["default", "rulesets"],
        "properties": {"default": _STR, "rulesets": {"type": "array", "items": _ref("RulesetInfo")}},
    },
    "Health": {
        "type": "object",
        "required": ["status", "version", "workers"],
        "properties": {"status": {"type": "string", "enum": ["ok"]}, "version": _STR, "workers": _INT},
    },
    "CheckUpload": {
        "type": "object",
        "required": ["files"],
        "properties": {
            "files": {"type": "array", "items": {"type": "string", "format": "binary"},
                      "description": "One or more reports (HTML, text, Markdown, TSV, PDF, Word .docx)"},
        },
        "description": (
            "The files. The query parameters of /v1/check (ruleset, published_on, issuer_kind, format, "
            "fail_on) may also be sent as form fields here (a query parameter wins); they are described "
            "once, as query parameters, so that generated clients have each once."
        ),
    },
}


def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/problem+json": {"schema": _ref("Problem")}}}


def _json(description: str, schema: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


_CHECK_PARAMS = [
    _query("ruleset", "Rule-set name (GET /v1/rulesets); `auto` or absent: chosen per report from its template and year",
           {"type": "string", "default": "auto"}),
    _query("published_on", "公布日期 (YYYY-MM-DD): the publication date, for the deadline rules",
           {"type": "string", "format": "date"}),
    _query("issuer_kind", "机关类型: department | government | township | other", {"type": "string", "enum": list(ISSUER_KINDS)}),
    _query("format", "Output format (the CLI's --format)", {"type": "string", "enum": list(CHECK_FORMATS), "default": "json"}),
    _query("fail_on", "Threshold of the X-Compliance-Exit-Code header (the CLI's --fail-on)",
           {"type": "string", "enum": ["error", "warning", "info", "never"], "default": "error"}),
    _query("filename", "The report's file name, for a raw body (its extension chooses the reader)", {"type": "string"}),
]

_CHECK_CONTENT: dict[str, Any] = {
    "application/json": {"schema": _ref("CheckResult")},
    MEDIA_TYPES["sarif"]: {"schema": {"type": "object", "description": "SARIF 2.1.0"}},
    MEDIA_TYPES["csv"].split(";")[0]: {"schema": {"type": "string", "description": "UTF-8 with BOM, CRLF"}},
    MEDIA_TYPES["html"].split(";")[0]: {"schema": {"type": "string"}},
    MEDIA_TYPES["text"].split(";")[0]: {"schema": {"type": "string"}},
}

_RULESET_Q = _query("ruleset", "Rule-set name (default cn-national-2021)", {"type": "string", "default": "cn-national-2021"})


def openapi_document(version: str) -> dict[str, Any]:
    """The OpenAPI 3.0.3 document of this server's API."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "compliance — 政府信息公开工作年度报告检查",
            "version": version,
            "description": (
                "Checks Chinese government information-disclosure annual reports against the law and the "
                "national templates. `POST /v1/check` answers exactly what `compliance check` prints for the "
                "same files. A report that cannot be read is a finding in the result, never an HTTP error; "
                "HTTP errors are application/problem+json."
            ),
            "license": {"name": "Apache-2.0"},
        },
        "paths": {
            "/v1/check": {
                "post": {
                    "operationId": "check",
                    "summary": "Check one or more reports",
                    "description": (
                        "Send the reports as multipart/form-data (field `files`, repeatable; the other "
                        "parameters may also be form fields) or one report as the raw request body with "
                        "`?filename=`. The `X-Compliance-Exit-Code` header is the CLI's exit code (0 or 1)."
                    ),
                    "parameters": _CHECK_PARAMS,
                    "requestBody": {
                        "required": True,
                        "content": {
                            "multipart/form-data": {"schema": _ref("CheckUpload")},
                            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "The result, in the requested format",
                            "headers": {
                                "X-Compliance-Exit-Code": {
                                    "description": "1: a finding at or above fail_on; 0: none",
                                    "schema": {"type": "integer", "enum": [0, 1]},
                                }
                            },
                            "content": _CHECK_CONTENT,
                        },
                        "400": _problem("The multipart body could not be read"),
                        "413": _problem("The upload is larger than the server's limit, or has too many files"),
                        "415": _problem("A urlencoded form (files need multipart/form-data)"),
                        "422": _problem("No report sent, or a bad parameter (unknown rule set, bad date …)"),
                        "500": _problem("A bug of the server (no traceback is ever sent)"),
                    },
                }
            },
            "/v1/rules": {
                "get": {
                    "operationId": "listRules",
                    "summary": "The rules of a rule set, and the catalogue codes",
                    "parameters": [_RULESET_Q],
                    "responses": {"200": _json("The rules", "RuleList"), "404": _problem("No such rule set")},
                }
            },
            "/v1/rules/{rule_id}": {
                "get": {
                    "operationId": "getRule",
                    "summary": "One rule (T3-001) or catalogue code (PRS-001)",
                    "parameters": [
                        {"name": "rule_id", "in": "path", "required": True, "schema": {"type": "string"}},
                        _RULESET_Q,
                    ],
                    "responses": {"200": _json("The rule", "RuleInfo"), "404": _problem("No such rule or rule set")},
                }
            },
            "/v1/rulesets": {
                "get": {
                    "operationId": "listRulesets",
                    "summary": "The rule sets this server offers",
                    "responses": {"200": _json("The rule sets", "RulesetList")},
                }
            },
            "/healthz": {
                "get": {
                    "operationId": "health",
                    "summary": "Liveness and version",
                    "responses": {"200": _json("Up", "Health")},
                }
            },
        },
        "components": {"schemas": SCHEMAS},
    }

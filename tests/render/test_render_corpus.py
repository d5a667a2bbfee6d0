"""Every format on every real report of ../shared/corpus (skips when absent): no crash, SARIF
valid, JSON equal to to_dict, HTML escaped and linked, baseline round trip."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from compliance import baseline
from compliance.findings import RunResult
from compliance.render import FORMATS, render
from compliance.render._common import normalised_run

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
SCHEMA = Path(__file__).resolve().parents[1] / "fixtures" / "sarif-schema-2.1.0.json"
FILES = sorted(p for p in CORPUS.glob("*") if p.suffix in (".txt", ".md", ".html")) if CORPUS.is_dir() else []


@pytest.fixture(scope="module")
def corpus_run() -> RunResult:
    if not FILES:
        pytest.skip("../shared/corpus is not available")
    try:
        from compliance.engine import check_path
    except ImportError:
        pytest.skip("compliance.engine is not available yet")
    reports = []
    for p in FILES:
        try:
            reports.append(check_path(str(p), display_path=f"corpus/{p.name}"))
        except Exception as exc:
            if type(exc).__name__ == "RulesetError":
                pytest.skip(f"no usable rule set yet: {exc}")
            raise
    return normalised_run(RunResult(reports=tuple(reports)))


@pytest.fixture(scope="module")
def sources():
    from compliance.read import read_path

    return {f"corpus/{p.name}": read_path(str(p)).text for p in FILES}


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders(fmt, corpus_run, sources):
    out = render(corpus_run, fmt, sources=sources, explain=True)
    assert out == render(corpus_run, fmt, sources=sources, explain=True)


def test_sarif_valid_on_corpus(corpus_run, sources):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    log = json.loads(render(corpus_run, "sarif", sources=sources))
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    assert log["runs"][0]["columnKind"] == "utf16CodeUnits"


def test_json_equals_to_dict(corpus_run):
    assert json.loads(render(corpus_run, "json")) == json.loads(json.dumps(corpus_run.to_dict(), default=str))


def test_html_links_land(corpus_run):
    page = render(corpus_run, "html")
    ids, hrefs = set(), []

    class P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if "id" in a:
                ids.add(a["id"])
            if tag == "a":
                hrefs.append(a["href"])

    P().feed(page)
    assert hrefs and all(h.startswith("#") and h[1:] in ids for h in hrefs)


def test_baseline_round_trip(corpus_run):
    data = baseline.create(corpus_run, "存量")
    after = baseline.apply(corpus_run, data)
    assert all(not r.findings for r in after.reports) and after.notes == ()
    assert sum(len(r.suppressed) for r in after.reports) == sum(len(r.findings) for r in corpus_run.reports)

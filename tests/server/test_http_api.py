"""``POST /v1/check`` and the catalogue endpoints, in-process (Starlette's TestClient, the real
worker pool): exact status codes and bodies, and the CLI's output for the same files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compliance import __version__, codes
from compliance.ruleset import load_ruleset
from compliance.server.rulesets import rule_view

from server_support import EXAMPLES, example, make_client

A, B = "2021-county-blank-cells.html", "2021-county-bureau.md"
ALL_EXAMPLES = sorted(p.name for p in EXAMPLES.iterdir() if p.suffix != ".md" or p.name != "README.md")


def problem(status: int, code: str, detail: str, errors=None) -> dict:
    title = {400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed", 413: "Content Too Large",
             415: "Unsupported Media Type", 422: "Unprocessable Content", 500: "Internal Server Error"}[status]
    out = {"type": "about:blank", "title": title, "status": status, "code": code, "detail": detail}
    if errors is not None:
        out["errors"] = errors
    return out


def assert_problem(response, status: int, code: str, detail: str, errors=None) -> None:
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json() == problem(status, code, detail, errors)
    assert "Traceback" not in response.text


# ------------------------------------------------------------------ the CLI's output


def test_json_equals_the_cli_for_every_example(client, cli):
    files = [("files", (name, example(name))) for name in ALL_EXAMPLES]
    r = client.post("/v1/check", files=files)
    code, out = cli("check", *ALL_EXAMPLES, "--format", "json")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    assert r.headers["x-compliance-exit-code"] == str(code)
    assert r.json() == json.loads(out)
    assert r.content.strip() == out.strip()
    assert [rep["path"] for rep in r.json()["reports"]] == ALL_EXAMPLES


@pytest.mark.parametrize("fmt", ["json", "sarif", "csv", "html", "text"])
def test_every_format_equals_the_cli(client, cli, fmt):
    r = client.post(f"/v1/check?format={fmt}", files=[("files", (A, example(A))), ("files", (B, example(B)))])
    code, out = cli("check", A, B, "--format", fmt)
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == {
        "json": "application/json", "sarif": "application/sarif+json", "csv": "text/csv", "html": "text/html", "text": "text/plain",
    }[fmt]
    assert r.headers["x-compliance-exit-code"] == str(code)
    assert r.content.strip() == out.strip()


def test_raw_body_with_filename_equals_multipart(client):
    raw = client.post(f"/v1/check?filename={A}", content=example(A))
    multi = client.post("/v1/check", files=[("files", (A, example(A)))])
    assert raw.status_code == multi.status_code == 200
    assert raw.json() == multi.json()
    assert raw.json()["reports"][0]["path"] == A


def test_facts_ruleset_and_fail_on_as_the_cli(client, cli):
    params = {"ruleset": "cn-hunan-huaihua-2021", "published_on": "2022-03-01", "issuer_kind": "department", "fail_on": "warning"}
    r = client.post("/v1/check", params=params, files=[("files", (B, example(B)))])
    code, out = cli("check", B, "--format", "json", "--rules", "cn-hunan-huaihua-2021", "--published-on", "2022-03-01",
                    "--issuer-kind", "department", "--fail-on", "warning")
    assert r.status_code == 200
    assert r.json() == json.loads(out)
    assert r.json()["reports"][0]["ruleset"] == "cn-hunan-huaihua-2021"
    assert r.headers["x-compliance-exit-code"] == str(code)


def test_parameters_as_form_fields(client, cli):
    r = client.post("/v1/check", data={"published_on": "2024-01-20", "issuer_kind": "department"}, files=[("files", (B, example(B)))])
    _, out = cli("check", B, "--format", "json", "--published-on", "2024-01-20", "--issuer-kind", "department")
    assert r.json() == json.loads(out)


def test_the_query_wins_over_a_form_field(client, cli):
    r = client.post("/v1/check?format=csv", data={"format": "json"}, files=[("files", (B, example(B)))])
    assert r.headers["content-type"] == "text/csv; charset=utf-8"


def test_fail_on_never(client):
    r = client.post("/v1/check?fail_on=never", files=[("files", (A, example(A)))])
    assert r.headers["x-compliance-exit-code"] == "0"


# ------------------------------------------------------------------ bad input


def test_no_body(client):
    assert_problem(client.post("/v1/check"), 422, "no-report",
                   "没有收到报告文件：请以 multipart/form-data 上传一个或多个文件（字段 files），或以请求体发送一份报告")


def test_empty_file_field_is_no_report(client):
    # what a browser sends for a file input left empty
    r = client.post("/v1/check", files=[("files", ("", b"", "application/octet-stream"))])
    assert_problem(r, 422, "no-report",
                   "没有收到报告文件：请以 multipart/form-data 上传一个或多个文件（字段 files），或以请求体发送一份报告")


def test_a_named_empty_file_is_a_finding_like_the_cli(client, cli, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    r = client.post("/v1/check", files=[("files", ("empty.txt", b""))])
    code, out = cli("check", "empty.txt", "--format", "json", cwd=tmp_path)
    assert r.status_code == 200
    assert r.json() == json.loads(out)
    assert [f["rule"] for f in r.json()["reports"][0]["findings"]][:1] == [json.loads(out)["reports"][0]["findings"][0]["rule"]]


@pytest.mark.parametrize("name, data", [
    ("table.xlsx", b"PK\x03\x04 not really a workbook"),
    ("scan.pdf", b"%PDF-1.4 broken"),
    ("report.docx", b"PK\x03\x04 a broken zip"),
    ("binary.bin", bytes(range(256)) * 4),
])
def test_unsupported_or_broken_files_are_findings_like_the_cli(client, cli, tmp_path, name, data):
    (tmp_path / name).write_bytes(data)
    r = client.post("/v1/check", files=[("files", (name, data)), ("files", (B, example(B)))])
    (tmp_path / B).write_bytes(example(B))
    code, out = cli("check", name, B, "--format", "json", cwd=tmp_path)
    assert r.status_code == 200
    assert r.json() == json.loads(out)
    first = r.json()["reports"][0]
    assert first["path"] == name and first["summary"]["error"] >= 1
    assert any(f["rule"].startswith(("PRS-", "DOC-")) and f["severity"] == "error" for f in first["findings"])
    assert r.json()["reports"][1]["path"] == B  # the batch goes on


def test_unknown_ruleset(client):
    r = client.post("/v1/check?ruleset=cn-nowhere-2021", content=b"x", headers={"content-type": "text/plain"})
    message = "没有规则集 'cn-nowhere-2021'（可用：cn-hunan-huaihua-2021、cn-legacy、cn-national-2019、cn-national-2021；或 auto 自动选择）"
    assert_problem(r, 422, "invalid-parameter", message, [{"parameter": "ruleset", "message": message}])


def test_a_path_is_never_a_ruleset(client):
    for name in ("../rules/cn-national-2021", "/etc", str(Path("rules/cn-national-2021").resolve())):
        r = client.post("/v1/check", params={"ruleset": name}, content=b"x")
        assert r.status_code == 422 and r.json()["errors"][0]["parameter"] == "ruleset"


def test_an_abstract_ruleset_cannot_check(client):
    message = "规则集 cn-national-common 是抽象规则集（仅供继承），不能直接用于检查"
    assert_problem(client.post("/v1/check?ruleset=cn-national-common", content=b"x"), 422, "invalid-parameter",
                   message, [{"parameter": "ruleset", "message": message}])


def test_bad_date(client):
    message = "日期 '2022-02-30' 无效，应为 YYYY-MM-DD，例如 2022-01-30"
    assert_problem(client.post("/v1/check?published_on=2022-02-30", content=b"x"), 422, "invalid-parameter",
                   message, [{"parameter": "published_on", "message": message}])


def test_every_bad_parameter_at_once(client):
    r = client.post("/v1/check", params={"published_on": "30/01/2022", "issuer_kind": "ministry", "format": "pdf", "fail_on": "all"},
                    content=b"x")
    errors = [
        {"parameter": "published_on", "message": "日期 '30/01/2022' 无效，应为 YYYY-MM-DD，例如 2022-01-30"},
        {"parameter": "issuer_kind", "message": "机关类型 'ministry' 无效，应为 department / government / township / other 之一"},
        {"parameter": "format", "message": "输出格式 'pdf' 无效，应为 json / sarif / csv / html / text 之一"},
        {"parameter": "fail_on", "message": "fail_on 'all' 无效，应为 error / warning / info / never 之一"},
    ]
    assert_problem(r, 422, "invalid-parameter", "；".join(e["message"] for e in errors), errors)


def test_urlencoded_form(client):
    r = client.post("/v1/check", data={"ruleset": "auto"})
    assert_problem(r, 415, "unsupported-media-type",
                   "表单须以 multipart/form-data 上传文件；或直接以请求体发送一份报告（?filename=）")


def test_broken_multipart(client):
    r = client.post("/v1/check", content=b"--xyz\r\nnot a part", headers={"content-type": "multipart/form-data"})
    assert r.status_code == 400
    assert r.json()["code"] == "bad-multipart"
    assert r.json()["detail"].startswith("无法读取 multipart 表单：")


def test_method_and_path_errors_are_problems(client):
    assert_problem(client.get("/v1/check"), 405, "http-error", "不支持这种请求方法")
    assert client.get("/v1/check").headers["allow"] == "POST"
    assert_problem(client.get("/v1/nothing"), 404, "not-found", "没有这个地址")


def test_oversized_and_too_many_files():
    with make_client(workers=1, max_upload_bytes=4096, max_files=2) as small:
        big = b"x" * 5000
        detail = "上传内容超过上限 4096 字节（服务管理员可用 --max-upload 调整）"
        assert_problem(small.post("/v1/check?filename=a.txt", content=big), 413, "upload-too-large", detail)
        assert_problem(small.post("/v1/check", files=[("files", ("a.txt", big))]), 413, "upload-too-large", detail)

        # streamed without a content-length: counted as it arrives
        def chunks():
            for _ in range(10):
                yield b"y" * 1000

        assert_problem(small.post("/v1/check?filename=a.txt", content=chunks()), 413, "upload-too-large", detail)
        three = [("files", (f"{n}.txt", b"a")) for n in range(3)]
        assert_problem(small.post("/v1/check", files=three), 413, "too-many-files",
                       "一次最多上传 2 个文件，收到 3 个（服务管理员可用 --max-files 调整）")
        # within the limits it answers
        assert small.post("/v1/check", files=three[:2]).status_code == 200


# ------------------------------------------------------------------ nothing names a server path


def test_uploads_are_never_written_to_disk(client, monkeypatch):
    import tempfile

    def refuse(*args, **kwargs):
        raise AssertionError("an upload was about to be written to a temporary file")

    for name in ("TemporaryFile", "NamedTemporaryFile", "mkstemp"):
        monkeypatch.setattr(tempfile, name, refuse)
    big = example(B) + b"\n" + "（一）主动公开情况。".encode("utf-8") * 100_000  # 3 MB: Starlette spools from 1 MiB
    r = client.post("/v1/check", files=[("files", ("big.md", big))])
    assert r.status_code == 200 and r.json()["reports"][0]["path"] == "big.md"


def test_file_names_are_shown_never_opened(client):
    secret = Path(__file__).resolve().parents[2] / "README.md"
    for name in (str(secret), "../../README.md", "..\\..\\README.md", "C:\\Windows\\win.ini"):
        r = client.post("/v1/check", files=[("files", (name, b"not a report"))])
        report = r.json()["reports"][0]
        assert report["path"] == name.replace("\\", "/").rsplit("/", 1)[-1]
        assert report["template"] == "unknown"  # the upload's bytes were read, not the named file
    assert client.post("/v1/check", params={"filename": "../.."}, content=b"x").json()["reports"][0]["path"] == "upload-1"


def test_uploads_of_one_name_are_told_apart(client):
    other = example(B).replace("| 一、本年新收政府信息公开申请数量 | 42 |".encode(), "| 一、本年新收政府信息公开申请数量 | 43 |".encode())
    files = [("files", ("report.md", example(B))), ("files", ("report.md", other)), ("files", ("report (2).md", b"x")),
             ("files", ("report.md", b"y"))]
    r = client.post("/v1/check", files=files)
    assert [rep["path"] for rep in r.json()["reports"]] == ["report.md", "report (3).md", "report (2).md", "report (4).md"]
    # each upload's excerpts come from its own text
    page = client.post("/v1/check?format=html", files=files[:2]).text
    assert page.count("| 一、本年新收政府信息公开申请数量 | 43 |") == 1
    assert page.index("report (2).md") < page.index("| 一、本年新收政府信息公开申请数量 | 43 |")


def test_operator_rules_dir(tmp_path):
    folder = tmp_path / "rules" / "cn-office-2021"
    folder.mkdir(parents=True)
    (folder / "ruleset.toml").write_text(
        'id = "cn-office-2021"\ntitle = "某市办公室规则集"\nextends = "cn-national-2021"\ndisable = ["TIME-001"]\n', encoding="utf-8")
    with make_client(workers=1, rules_dir=tmp_path / "rules") as c:
        sets = {s["id"]: s for s in c.get("/v1/rulesets").json()["rulesets"]}
        assert sets["cn-office-2021"]["origin"] == "rules-dir" and sets["cn-national-2021"]["origin"] == "builtin"
        assert sets["cn-office-2021"]["extends"] == ["cn-national-2021", "cn-national-common"]
        r = c.post("/v1/check?ruleset=cn-office-2021", files=[("files", (B, example(B)))])
        report = r.json()["reports"][0]
        assert report["ruleset"] == "cn-office-2021"
        assert "TIME-001" not in {f["rule"] for f in report["findings"]}
        assert c.get("/v1/rules/TIME-001?ruleset=cn-office-2021").status_code == 404


# ------------------------------------------------------------------ time limit, crashes, bugs


def test_a_report_past_its_time_limit_is_one_finding_and_the_rest_is_answered():
    # a report big enough to take well over the limit; the small one is still checked
    big = example(B) + (("\n" + "（一）主动公开情况。" * 200 + "\n") * 3000).encode("utf-8")
    with make_client(workers=2, report_timeout=0.5) as c:
        r = c.post("/v1/check", files=[("files", ("big.md", big)), ("files", (B, example(B)))])
        assert r.status_code == 200
        big_report, small_report = r.json()["reports"]
        assert big_report == {
            "path": "big.md", "ruleset": None, "template": "unknown", "year": None, "agency": None,
            "findings": [{
                "rule": "ENG-004", "name": "check-timed-out", "severity": "error",
                "message": "检查这份报告超过了时间上限（0.5 秒），检查已停止，本报告没有检查结果",
                "location": {"line": None, "column": None, "end_line": None, "end_column": None, "section": None, "cell": None},
                "evidence": {"limit_seconds": 0.5},
                "basis": [],
            }],
            "summary": {"error": 1, "warning": 0, "info": 0},
        }
        assert small_report["path"] == B and small_report["ruleset"] == "cn-national-2021"
        assert r.headers["x-compliance-exit-code"] == "1"
        # the stopped worker was replaced: the server still checks
        assert c.post("/v1/check", files=[("files", (B, example(B)))]).json()["reports"][0]["ruleset"] == "cn-national-2021"


def test_a_pool_whose_workers_cannot_start_is_replaced():
    import asyncio

    from compliance.ruleset import Facts
    from compliance.server.work import Job, Pool, Upload

    async def run() -> list[list[str | None]]:
        pool = Pool(1, 60, warm=["/nonexistent/rules"])  # every worker dies in its initialiser
        pool.start()
        job = Job(ruleset=None, facts=Facts(), limits=None, keep_report=False)
        upload = Upload(B, example(B))
        seen = []
        try:
            checked = await pool.check([upload, upload], job)
            seen.append([c.result.findings[0].rule for c in checked])
            pool._warm = ()  # the operator's fault is gone: the next replacement starts
            checked = await pool.check([upload], job)  # still on the pool replaced above
            seen.append([c.result.findings[0].rule for c in checked])
            checked = await pool.check([upload], job)
            seen.append([c.result.ruleset for c in checked])
        finally:
            pool.stop()
        return seen

    assert asyncio.run(run()) == [["ENG-003", "ENG-003"], ["ENG-003"], ["cn-national-2021"]]


def test_a_bug_is_a_problem_without_traceback(monkeypatch):
    with make_client(workers=1, raise_server_exceptions=False) as c:
        service = c.app.state.service  # type: ignore[attr-defined]

        def broken(*args, **kwargs):
            raise KeyError("secret internals")

        monkeypatch.setattr(service, "render", broken)
        r = c.post("/v1/check", files=[("files", (B, example(B)))])
        assert_problem(r, 500, "internal-error", "服务内部错误（KeyError），请把请求报告给维护者")
        assert "secret" not in r.text


# ------------------------------------------------------------------ rules, rule sets, health


def test_healthz(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "version": __version__, "workers": 2}


def test_rulesets(client):
    body = client.get("/v1/rulesets").json()
    assert body["default"] == "cn-national-2021"
    assert [s["id"] for s in body["rulesets"]] == ["cn-hunan-huaihua-2021", "cn-legacy", "cn-national-2019", "cn-national-2021", "cn-national-common"]
    national = next(s for s in body["rulesets"] if s["id"] == "cn-national-2021")
    rs = load_ruleset("cn-national-2021")
    assert national == {
        "id": "cn-national-2021", "title": rs.title, "extends": ["cn-national-common"], "templates": list(rs.templates),
        "years": {"from": rs.years[0], "to": rs.years[1]}, "abstract": False, "rules": len(rs.rules), "origin": "builtin",
    }


def test_rules_of_the_default_set(client):
    body = client.get("/v1/rules").json()
    rs = load_ruleset("cn-national-2021")
    assert body["ruleset"] == "cn-national-2021"
    assert [r["id"] for r in body["rules"]] == [r.id for r in rs.rules]
    assert [c["id"] for c in body["codes"]] == [c.id for c in codes.CODES]
    assert "ENG-004" in {c["id"] for c in body["codes"]}


def test_one_rule_and_one_code(client):
    rs = load_ruleset("cn-hunan-huaihua-2021")
    r = client.get("/v1/rules/time-001?ruleset=cn-hunan-huaihua-2021")
    assert r.status_code == 200
    assert r.json() == json.loads(json.dumps(rule_view(rs.rule("TIME-001"), rs)))
    assert r.json()["overridden_in"] == ["cn-hunan-huaihua-2021"]
    code = client.get("/v1/rules/ENG-004").json()
    assert code["type"] == "code" and code["name"] == "check-timed-out" and code["severity"] == "error"


def test_unknown_rule_and_set(client):
    assert_problem(client.get("/v1/rules/T9-999"), 404, "unknown-rule",
                   "规则集 cn-national-2021 中没有规则 'T9-999'（GET /v1/rules 列出全部规则）")
    assert_problem(client.get("/v1/rules?ruleset=../rules"), 404, "unknown-ruleset",
                   "没有规则集 '../rules'（可用：cn-hunan-huaihua-2021、cn-legacy、cn-national-2019、cn-national-2021、cn-national-common）")

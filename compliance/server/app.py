"""The ASGI application of ``compliance serve`` (Starlette).

    GET  /                      upload page (Chinese; works without JavaScript)
    POST /check                 the page's form → 303 to the results page
    GET  /results/{id}          the HTML report of that run, with downloads of the same run
    GET  /results/{id}/compliance-report.{json,sarif,csv,html,txt}
    POST /v1/check              multipart files or a raw body (?filename=) → the CLI's output
    GET  /v1/rules[?ruleset=]   the rules of a set;  GET /v1/rules/{id}[?ruleset=]
    GET  /v1/rulesets           the sets this server offers
    GET  /healthz               liveness and version
    GET  /openapi.json          OpenAPI 3.0 description of /v1 and /healthz

Errors are ``application/problem+json`` (RFC 9457) with a Chinese ``detail`` and a stable
``code``; a bad report is never an HTTP error but a finding in the result, exactly as on the
command line.  Nothing a client sends names a server path.
"""

from __future__ import annotations

import asyncio
import datetime
import math
import secrets
import time
from collections import OrderedDict
from pathlib import Path, PurePosixPath
from typing import Any, AsyncGenerator, AsyncIterator, Mapping, Sequence

from attrs import frozen
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .. import __version__, codes
from ..documents import Limits
from ..findings import SEVERITIES, RunResult
from ..ruleset import Facts
from .rulesets import DEFAULT_SET, Catalogue, code_view, rule_view
from .work import Job, Pool, Upload

ISSUER_KINDS = ("department", "government", "township", "other")
CHECK_FORMATS = ("json", "sarif", "csv", "html", "text")
MEDIA_TYPES = {
    "json": "application/json",
    "sarif": "application/sarif+json",
    "csv": "text/csv; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "text": "text/plain; charset=utf-8",
}
EXTENSIONS = {"json": "json", "sarif": "sarif", "csv": "csv", "html": "html", "text": "txt"}
STATIC = Path(__file__).parent / "static"
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; frame-ancestors 'none'"


@frozen
class ServerConfig:
    """What the operator sets on ``compliance serve``."""

    workers: int = 2
    rules_dir: Path | None = None
    max_upload_bytes: int = 64 * 1024 * 1024  # one request, all files together
    max_files: int = 200  # files in one request
    report_timeout: float = 120.0  # seconds per report
    limits: Limits | None = None  # PDF/Word reading limits
    keep_results: int = 50  # runs of the upload page kept for their downloads
    result_ttl: float = 3600.0  # seconds a run of the upload page is kept


# ------------------------------------------------------------------------------------------
# problems (RFC 9457)


class Problem(Exception):
    """An HTTP error answered as ``application/problem+json``."""

    TITLES = {400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed", 413: "Content Too Large",
              415: "Unsupported Media Type", 422: "Unprocessable Content", 500: "Internal Server Error"}

    def __init__(self, status: int, code: str, detail: str, errors: Sequence[Mapping[str, str]] = (),
                 headers: Mapping[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail, self.errors = status, code, detail, list(errors)
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": "about:blank",
            "title": self.TITLES.get(self.status, "Error"),
            "status": self.status,
            "code": self.code,
            "detail": self.detail,
        }
        if self.errors:
            out["errors"] = self.errors
        return out

    def response(self) -> JSONResponse:
        return JSONResponse(self.body(), status_code=self.status, media_type="application/problem+json", headers=self.headers)


# ------------------------------------------------------------------------------------------
# options


@frozen
class Options:
    ruleset: str | None  # a set NAME (validated), None: chosen per report
    facts: Facts
    fmt: str
    fail_on: str


def read_options(params: Mapping[str, str], catalogue: Catalogue) -> Options:
    """Query/form parameters → Options; every bad value is named at once (422)."""
    errors: list[dict[str, str]] = []

    def get(name: str) -> str:
        value = params.get(name)
        return value.strip() if isinstance(value, str) else ""

    ruleset = get("ruleset") or None
    if ruleset is not None and ruleset != "auto":
        if catalogue.get(ruleset) is None:
            known = "、".join(catalogue.checkable())
            errors.append({"parameter": "ruleset", "message": f"没有规则集 {ruleset!r}（可用：{known}；或 auto 自动选择）"})
        elif catalogue.sets[ruleset].abstract:
            errors.append({"parameter": "ruleset", "message": f"规则集 {ruleset} 是抽象规则集（仅供继承），不能直接用于检查"})
    if ruleset == "auto":
        ruleset = None
    published: datetime.date | None = None
    if get("published_on"):
        try:
            published = datetime.date.fromisoformat(get("published_on"))
        except ValueError:
            errors.append({"parameter": "published_on", "message": f"日期 {get('published_on')!r} 无效，应为 YYYY-MM-DD，例如 2022-01-30"})
    issuer = get("issuer_kind") or None
    if issuer is not None and issuer not in ISSUER_KINDS:
        errors.append({"parameter": "issuer_kind", "message": f"机关类型 {issuer!r} 无效，应为 {' / '.join(ISSUER_KINDS)} 之一"})
    fmt = get("format") or "json"
    if fmt not in CHECK_FORMATS:
        errors.append({"parameter": "format", "message": f"输出格式 {fmt!r} 无效，应为 {' / '.join(CHECK_FORMATS)} 之一"})
    fail_on = get("fail_on") or "error"
    if fail_on not in (*SEVERITIES, "never"):
        errors.append({"parameter": "fail_on", "message": f"fail_on {fail_on!r} 无效，应为 error / warning / info / never 之一"})
    if errors:
        raise Problem(422, "invalid-parameter", "；".join(e["message"] for e in errors), errors)
    return Options(ruleset, Facts(published_on=published, issuer_kind=issuer), fmt, fail_on)


def shown_name(raw: str | None, n: int) -> str:
    """The name an upload is shown under: the client's file name without any folder part
    (never used to open anything); ``upload-N`` when there is none."""
    name = PurePosixPath((raw or "").replace("\\", "/")).name
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    if name in ("", ".", ".."):
        return f"upload-{n}"
    return name[:255]


def distinct_names(uploads: list[Upload]) -> list[Upload]:
    """Uploads under names no two share: a repeated name gets `` (2)``, `` (3)`` … before its
    extension (kept: it tells the reader the format), so every finding, excerpt and row of the
    output points at one upload."""
    taken = {u.name for u in uploads}
    seen: set[str] = set()
    out: list[Upload] = []
    for upload in uploads:
        name = upload.name
        if name in seen:
            path = PurePosixPath(name)
            stem, suffix = (path.stem, path.suffix) if path.stem else (name, "")
            n = 2
            while (candidate := f"{stem} ({n}){suffix}") in taken:
                n += 1
            name = candidate
            taken.add(name)
            upload = Upload(name, upload.data)
        seen.add(name)
        out.append(upload)
    return out


# ------------------------------------------------------------------------------------------
# reading a request


async def read_body(request: Request, limit: int) -> bytes:
    """The whole request body, refused (413) as soon as it passes ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(limit: int) -> Problem:
    return Problem(413, "upload-too-large", f"上传内容超过上限 {_size(limit)}（服务管理员可用 --max-upload 调整）")


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:g} MiB" if n >= 1024 * 1024 else f"{n} 字节"


async def read_uploads(request: Request, config: ServerConfig) -> tuple[list[Upload], dict[str, str]]:
    """The uploads and the parameters (query, then form fields) of a check request."""
    body = await read_body(request, config.max_upload_bytes)
    params: dict[str, str] = dict(request.query_params)
    uploads: list[Upload] = []
    ctype = request.headers.get("content-type", "")
    if ctype.startswith("multipart/form-data"):

        from starlette.formparsers import MultiPartException, MultiPartParser

        async def replay() -> AsyncGenerator[bytes, None]:
            yield body

        # files are counted below (exactly); the body is already within max_upload_bytes
        parser = MultiPartParser(request.headers, replay(), max_files=math.inf, max_fields=100, max_part_size=64 * 1024)
        # everything stays in memory (the body already is): Starlette would spool a part over
        # 1 MiB to a temporary file on disk
        parser.spool_max_size = len(body) + 1
        try:
            form = await parser.parse()
        except MultiPartException as exc:
            raise Problem(400, "bad-multipart", f"无法读取 multipart 表单：{exc.message}") from None
        try:
            for key, value in form.multi_items():
                if isinstance(value, UploadFile):
                    if value.filename is None and not value.size:
                        continue
                    data = await value.read()
                    if value.filename == "" and not data:
                        continue  # a file input left empty by a browser
                    uploads.append(Upload(shown_name(value.filename, len(uploads) + 1), data))
                elif key not in params:
                    params[key] = value
        finally:
            await form.close()
    elif ctype.startswith("application/x-www-form-urlencoded"):
        raise Problem(415, "unsupported-media-type", "表单须以 multipart/form-data 上传文件；或直接以请求体发送一份报告（?filename=）")
    elif body:
        uploads.append(Upload(shown_name(params.get("filename"), 1), body))
    if not uploads:
        raise Problem(422, "no-report", "没有收到报告文件：请以 multipart/form-data 上传一个或多个文件（字段 files），或以请求体发送一份报告")
    if len(uploads) > config.max_files:
        raise Problem(413, "too-many-files", f"一次最多上传 {config.max_files} 个文件，收到 {len(uploads)} 个（服务管理员可用 --max-files 调整）")
    return distinct_names(uploads), params


# ------------------------------------------------------------------------------------------
# the service


class Service:
    """The state a running server keeps: its rule sets, its worker pool, the upload page's runs."""

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self.catalogue = Catalogue(config.rules_dir)
        self.pool = Pool(config.workers, config.report_timeout, [str(f) for f in self.catalogue.folders.values()])
        self.runs: OrderedDict[str, tuple[float, RunResult, dict[str, str]]] = OrderedDict()

    async def run(self, uploads: Sequence[Upload], options: Options, keep_reports: bool) -> tuple[RunResult, dict[str, str]]:
        job = Job(
            ruleset=self.catalogue.folder(options.ruleset) if options.ruleset else None,
            facts=options.facts,
            limits=self.config.limits,
            keep_report=keep_reports,
            overrides=tuple(sorted(self.catalogue.overrides().items())),
        )
        checked = await self.pool.check(uploads, job)
        sources: dict[str, str] = {}
        for c in checked:
            if c.source is not None:
                sources[c.result.path] = c.source  # the names are distinct (distinct_names)
        from ..series import run_series

        # the rules over several reports, over the request's files, as `compliance check` runs them
        reports = await asyncio.to_thread(run_series, [c.result for c in checked], rules=job.ruleset)
        return RunResult(reports=tuple(reports), tool_version=__version__), sources

    def render(self, run: RunResult, fmt: str, sources: Mapping[str, str], links: Sequence[tuple[str, str, bool]] = ()) -> bytes:
        from ..render import render
        from ..render.html import render_html

        catalog = self.catalogue.catalog({r.ruleset for r in run.reports if r.ruleset})
        if fmt == "html":
            return render_html(run, rules_catalog=catalog, sources=sources, links=links).encode("utf-8")
        data = render(run, fmt, rules_catalog=catalog, sources=sources)
        return data if isinstance(data, bytes) else data.encode("utf-8")

    # the upload page's runs: kept in memory for their downloads, the oldest dropped first
    def keep(self, run: RunResult, sources: dict[str, str]) -> str:
        now = time.monotonic()
        while self.runs and (len(self.runs) >= self.config.keep_results or next(iter(self.runs.values()))[0] < now - self.config.result_ttl):
            self.runs.popitem(last=False)
        key = secrets.token_urlsafe(18)
        self.runs[key] = (now, run, sources)
        return key

    def kept(self, key: str) -> tuple[RunResult, dict[str, str]]:
        entry = self.runs.get(key)
        if entry is None or entry[0] < time.monotonic() - self.config.result_ttl:
            raise Problem(404, "result-expired", "没有这次检查的结果（结果只在服务中保留一段时间，或服务已重启）：请重新上传")
        return entry[1], entry[2]


def create_app(config: ServerConfig | None = None) -> Starlette:
    """The application.  The worker pool starts and stops with the app's lifespan, so run it
    with a server that runs lifespans (uvicorn does; so does ``TestClient`` used as a context
    manager)."""
    from contextlib import asynccontextmanager

    from . import pages
    from .openapi import openapi_document

    service = Service(config or ServerConfig())

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        service.pool.start()
        try:
            yield
        finally:
            service.pool.stop()

    async def v1_check(request: Request) -> Response:
        uploads, params = await read_uploads(request, service.config)
        options = read_options(params, service.catalogue)
        run, sources = await service.run(uploads, options, keep_reports=options.fmt == "html")
        data = service.render(run, options.fmt, sources)
        headers = {"X-Compliance-Exit-Code": str(run.exit_code(options.fail_on))}
        if options.fmt == "html":
            headers["Content-Security-Policy"] = REPORT_CSP
        return Response(data, media_type=MEDIA_TYPES[options.fmt], headers=headers)

    def ruleset_param(request: Request) -> str:
        name = request.query_params.get("ruleset") or DEFAULT_SET
        if service.catalogue.get(name) is None:
            raise Problem(404, "unknown-ruleset", f"没有规则集 {name!r}（可用：{'、'.join(service.catalogue.names())}）")
        return name

    async def v1_rules(request: Request) -> Response:
        name = ruleset_param(request)
        rs = service.catalogue.sets[name]
        return JSONResponse({"ruleset": rs.id, "rules": [rule_view(r, rs) for r in rs.rules],
                             "codes": [code_view(c) for c in codes.CODES]})

    async def v1_rule(request: Request) -> Response:
        name = ruleset_param(request)
        rs = service.catalogue.sets[name]
        wanted = request.path_params["rule_id"].strip().upper()
        rule = rs.rule(wanted)
        if rule is not None:
            return JSONResponse(rule_view(rule, rs))
        code = codes.get(wanted)
        if code is not None:
            return JSONResponse(code_view(code))
        raise Problem(404, "unknown-rule", f"规则集 {name} 中没有规则 {request.path_params['rule_id']!r}（GET /v1/rules 列出全部规则）")

    async def v1_rulesets(request: Request) -> Response:
        return JSONResponse({"default": DEFAULT_SET, "rulesets": [service.catalogue.set_view(n) for n in service.catalogue.names()]})

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok", "version": __version__, "workers": service.config.workers})

    async def openapi(request: Request) -> Response:
        return JSONResponse(openapi_document(__version__))

    async def on_problem(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Problem)
        if request.url.path.startswith(("/v1/", "/healthz", "/openapi")):
            return exc.response()
        return pages.problem_page(exc, service)

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        detail = {404: "没有这个地址", 405: "不支持这种请求方法"}.get(exc.status_code, str(exc.detail))
        code = "not-found" if exc.status_code == 404 else "http-error"
        return await on_problem(request, Problem(exc.status_code, code, detail, headers=exc.headers))

    async def on_error(request: Request, exc: Exception) -> Response:
        # a bug of ours: a problem body naming the exception class, never a traceback
        return Problem(500, "internal-error", f"服务内部错误（{type(exc).__name__}），请把请求报告给维护者").response()

    routes = [
        Route("/", pages.upload_page(service), methods=["GET"]),
        Route("/check", pages.check_form(service), methods=["POST"]),
        Route("/results/{key}", pages.results_page(service), methods=["GET"]),
        Route("/results/{key}/compliance-report.{ext}", pages.download(service), methods=["GET"]),
        Route("/static/{name}", pages.static, methods=["GET"]),
        Route("/v1/check", v1_check, methods=["POST"]),
        Route("/v1/rules", v1_rules, methods=["GET"]),
        Route("/v1/rules/{rule_id}", v1_rule, methods=["GET"]),
        Route("/v1/rulesets", v1_rulesets, methods=["GET"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/openapi.json", openapi, methods=["GET"]),
    ]
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={Problem: on_problem, HTTPException: on_http, Exception: on_error},
    )
    app.state.service = service  # for an embedding application (and the tests)
    return app

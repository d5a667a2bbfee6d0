"""The auditor's pages of ``compliance serve``: upload, results, downloads.

The upload page is a plain HTML form (multipart POST to ``/check``) and works without
JavaScript; ``/static/upload.js`` only adds drag and drop.  After a check the browser is sent
(303) to ``/results/{key}``: the run's HTML report with links to download the same run as
JSON, SARIF, CSV and HTML.  The run is kept in memory (``--keep-results``, ``--result-ttl``)
under an unguessable key; nothing is written to disk.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Awaitable, Callable

import jinja2
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from .. import __version__

if TYPE_CHECKING:
    from .app import Problem, Service

Endpoint = Callable[[Request], Awaitable[Response]]
TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
ISSUER_ZH = {
    "department": "部门（县级以上人民政府部门）",
    "government": "县级以上地方人民政府",
    "township": "乡镇人民政府、街道办事处",
    "other": "其他",
}
DOWNLOADS = (("json", "下载 JSON"), ("sarif", "下载 SARIF"), ("csv", "下载 CSV（Excel / WPS）"), ("html", "下载本页 HTML"))


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _page(service: "Service", *, status: int = 200, error: str | None = None, values: dict[str, str] | None = None) -> Response:
    from .app import PAGE_CSP

    cat = service.catalogue
    html = _env().get_template("upload.html.j2").render(
        version=__version__,
        rulesets=[{"id": n, "title": cat.sets[n].title} for n in cat.checkable()],
        issuer_kinds=list(ISSUER_ZH.items()),
        error=error,
        values=values or {},
        max_upload=f"{service.config.max_upload_bytes / 1024 / 1024:g} MiB",
        max_files=service.config.max_files,
    )
    return Response(html, status_code=status, media_type="text/html; charset=utf-8", headers={"Content-Security-Policy": PAGE_CSP})


def upload_page(service: "Service") -> Endpoint:
    async def endpoint(request: Request) -> Response:
        return _page(service)

    return endpoint


def problem_page(problem: "Problem", service: "Service") -> Response:
    """A problem met by the pages: the upload page again, with the reason at the top."""
    page = _page(service, status=problem.status, error=problem.detail)
    page.headers.update(problem.headers)
    return page


def check_form(service: "Service") -> Endpoint:
    async def endpoint(request: Request) -> Response:
        from .app import Problem, read_options, read_uploads

        uploads, params = await read_uploads(request, service.config)
        try:
            options = read_options({**params, "format": "html"}, service.catalogue)
        except Problem as problem:
            # the form again, with the reason and what the auditor chose
            kept = {k: params[k] for k in ("ruleset", "published_on", "issuer_kind") if isinstance(params.get(k), str)}
            return _page(service, status=problem.status, error=problem.detail, values=kept)
        run, sources = await service.run(uploads, options, keep_reports=True)
        key = service.keep(run, sources)
        return RedirectResponse(f"/results/{key}", status_code=303)

    return endpoint


def results_page(service: "Service") -> Endpoint:
    async def endpoint(request: Request) -> Response:
        from .app import REPORT_CSP

        key = request.path_params["key"]
        run, sources = service.kept(key)
        links = [("← 再检查一批", "/", False)] + [(label, f"/results/{key}/compliance-report.{ext}", True) for ext, label in DOWNLOADS]
        data = service.render(run, "html", sources, links=links)
        return Response(data, media_type="text/html; charset=utf-8", headers={"Content-Security-Policy": REPORT_CSP})

    return endpoint


def download(service: "Service") -> Endpoint:
    async def endpoint(request: Request) -> Response:
        from .app import EXTENSIONS, MEDIA_TYPES, REPORT_CSP, Problem

        key, ext = request.path_params["key"], request.path_params["ext"]
        fmt = {v: k for k, v in EXTENSIONS.items()}.get(ext)
        if fmt is None:
            raise Problem(404, "not-found", f"没有这种下载格式：{ext}")
        run, sources = service.kept(key)
        headers = {"Content-Disposition": f'attachment; filename="compliance-report.{ext}"'}
        if fmt == "html":
            headers["Content-Security-Policy"] = REPORT_CSP
        return Response(service.render(run, fmt, sources), media_type=MEDIA_TYPES[fmt], headers=headers)

    return endpoint


async def static(request: Request) -> Response:
    from .app import Problem

    name = request.path_params["name"]
    path = STATIC / name
    if "/" in name or name.startswith(".") or path.suffix not in STATIC_TYPES or not path.is_file():
        raise Problem(404, "not-found", "没有这个地址")
    return Response(path.read_bytes(), media_type=STATIC_TYPES[path.suffix], headers={"Cache-Control": "max-age=3600"})


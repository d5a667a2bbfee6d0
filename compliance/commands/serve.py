"""``compliance serve``: the auditor's web page and the review systems' HTTP API.

    compliance serve                         # http://127.0.0.1:8000/ for one auditor
    compliance serve --workers 4 --port 8080 --rules-dir /srv/compliance/rules

Binds 127.0.0.1 unless ``--host`` says otherwise (docs/server.md: behind a reverse proxy for an
office).  Every rule set is loaded when the server starts: a broken ``--rules-dir`` is exit 2
with the file and the reason, before anything listens.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path
from typing import Callable

from ..documents import LIMIT_HELP
from .check import read_limits


def _positive(kind: Callable[[str], float], what: str, most: float = math.inf) -> Callable[[str], float]:
    """An argparse type: a finite number above 0 and at most ``most``."""

    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            value = math.nan
        if not (0 < value <= most and math.isfinite(value)):
            bound = f"，不超过 {most:g}" if math.isfinite(most) else ""
            raise argparse.ArgumentTypeError(f"{what} {text!r} 无效，应为正数{bound}")
        return value

    return parse


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "serve",
        help="启动网页与 HTTP 接口：在浏览器中上传报告查看检查结果；供其他系统调用的 /v1/check",
        description="Serve the upload page and the HTTP API (docs/server.md); 启动检查服务。",
    )
    p.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1，仅本机可访问）")
    p.add_argument("--port", type=_positive(int, "端口", 65535), default=8000, help="端口（默认 8000）")
    p.add_argument("--workers", type=_positive(int, "进程数"), default=min(4, os.cpu_count() or 1),
                   metavar="N", help="检查进程数（默认 CPU 数，最多 4）")
    p.add_argument("--rules-dir", default=None, metavar="DIR", help="另外提供的规则集目录（其中每个子目录是一个规则集，同名时替换内置规则集）")
    p.add_argument("--max-upload", type=_positive(float, "上传上限"), default=64, metavar="MiB", help="一次请求的上传上限（默认 64 MiB）")
    p.add_argument("--max-files", type=_positive(int, "文件数上限"), default=200, metavar="N", help="一次请求最多文件数（默认 200）")
    p.add_argument("--report-timeout", type=_positive(float, "时间上限"), default=120, metavar="SECONDS", help="每份报告的检查时间上限（默认 120 秒）")
    p.add_argument("--keep-results", type=_positive(int, "保留数"), default=50, metavar="N", help="网页检查结果在内存中保留的次数（默认 50）")
    p.add_argument("--result-ttl", type=_positive(float, "保留时间"), default=3600, metavar="SECONDS", help="网页检查结果保留时间（默认 3600 秒）")
    p.add_argument("--limit", action="append", default=[], metavar="NAME=VALUE", help=f"PDF/Word 读取上限（可重复）：{LIMIT_HELP}")
    p.add_argument("--log-level", default="info", choices=("critical", "error", "warning", "info", "debug"), help="日志级别（默认 info）")
    p.set_defaults(handler=run, func=run)
    return p


def run(args: argparse.Namespace) -> int:
    from ..ruleset import RulesetError
    from ..server import ServerConfig, create_app

    limits = read_limits(args.limit, "serve")
    if limits is None:
        return 2
    config = ServerConfig(
        workers=args.workers,
        rules_dir=Path(args.rules_dir) if args.rules_dir else None,
        max_upload_bytes=int(args.max_upload * 1024 * 1024),
        max_files=args.max_files,
        report_timeout=args.report_timeout,
        limits=limits,
        keep_results=args.keep_results,
        result_ttl=args.result_ttl,
    )
    try:
        app = create_app(config)
    except RulesetError as exc:
        print(f"compliance serve: 规则集无效：{exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"compliance serve: {exc}", file=sys.stderr)
        return 2
    import socket

    import uvicorn

    # bind here, before the worker pool starts: a taken port is exit 2 with a message
    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((args.host, args.port))
    except OSError as exc:  # the port is taken, the address is not this machine's …
        sock.close()
        print(f"compliance serve: 无法监听 {args.host}:{args.port}：{exc.strerror or exc}", file=sys.stderr)
        return 2
    shown = f"[{args.host}]" if family == socket.AF_INET6 else args.host
    print(f"compliance serve: http://{shown}:{args.port}/ （{args.workers} 个检查进程；Ctrl+C 停止）", file=sys.stderr, flush=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level=args.log_level, lifespan="on"))
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # a second Ctrl+C during the shutdown: stop at once, no traceback
        pass
    finally:
        sock.close()
    print("compliance serve: 已停止", file=sys.stderr, flush=True)
    return 0

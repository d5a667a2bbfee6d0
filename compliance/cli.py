"""Command line: ``compliance parse | check | rules | rulesets | baseline``."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from . import __version__
from .commands import baseline, check, export, history, parse_cmd, rules, serve


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # usage errors exit 2 with a one-line message
        self.print_usage(sys.stderr)
        print(f"{self.prog}: 参数错误：{message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="compliance",
        description="政府信息公开工作年度报告合规检查 — audit annual reports against the law and the national templates.",
    )
    parser.add_argument("--version", action="version", version=f"compliance {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for command in (parse_cmd, check, rules, baseline, serve, export, history):
        command.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(handler(args) or 0)
    except KeyboardInterrupt:
        print("compliance: 已中断", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

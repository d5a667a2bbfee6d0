"""Reading speed of Word and PDF reports beside HTML (not a test).

    python benchmarks/documents.py [--repeat N]

Every example is written as HTML, .docx and PDF from the same content by the test generators
(tests/support/docx_gen.py, tests/support/pdf_gen.py); each version is then parsed and checked
N times in this process, and the figures are reports per second per format, with each
format's cost as a ratio to HTML in the same run.  Run with ``--faults`` to also print the
fault-injection detection rate of the .docx and PDF versions (tests/support/doc_faults.py).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from compliance.engine import check_report  # noqa: E402
from compliance.parse import parse_bytes, parse_path  # noqa: E402
from support import doc_faults  # noqa: E402
from support.docx_gen import report_to_docx  # noqa: E402
from support.docx_gen import report_to_html  # noqa: E402


def report_to_pdf(report):  # noqa: ANN001 - imported when needed
    from support.pdf_gen import report_to_pdf as generate

    return generate(report)


def versions() -> list[tuple[str, dict[str, bytes]]]:
    out = []
    for path in sorted((ROOT / "examples").iterdir()):
        if path.name == "README.md":
            continue
        report = parse_path(path)
        out.append((path.name, {"html": report_to_html(report).encode("utf-8"), "docx": report_to_docx(report), "pdf": report_to_pdf(report)}))
    return out


def speed(repeat: int) -> None:
    made = versions()
    rates: dict[str, float] = {}
    for fmt in ("html", "docx", "pdf"):
        t0 = time.perf_counter()
        n = 0
        for _ in range(repeat):
            for name, data in made:
                check_report(parse_bytes(data[fmt], path=f"{name}.{fmt}"))
                n += 1
        dt = time.perf_counter() - t0
        rates[fmt] = n / dt
    for fmt, rate in rates.items():
        print(f"{fmt:5} {rate:8.1f} reports/s  {1000 / rate:7.2f} ms/report  cost × {rates['html'] / rate:5.2f} of HTML")


def faults(stride: int, only: str | None = None) -> None:
    for suffix, gen in ((".docx", doc_faults.DocxStamp(report_to_docx)), (".pdf", report_to_pdf)):
        if only and suffix != only:
            continue
        total = hits = 0
        for path in sorted((ROOT / "examples").iterdir()):
            if path.name == "README.md" or parse_path(path).template not in ("2019", "2021"):
                continue
            t, h, missed = doc_faults.run(path, gen, suffix, stride=stride)
            total += t
            hits += h
            print(f"{suffix:6} {path.name:42} {h}/{t}", missed[:4])
        print(f"{suffix:6} overall {hits}/{total} = {100 * hits / max(total, 1):.2f}%")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--faults", action="store_true")
    ap.add_argument("--stride", type=int, default=1)
    ap.add_argument("--only", choices=(".docx", ".pdf"), default=None)
    ap.add_argument("--no-speed", action="store_true")
    args = ap.parse_args()
    if not args.no_speed:
        speed(args.repeat)
    if args.faults:
        faults(args.stride, args.only)

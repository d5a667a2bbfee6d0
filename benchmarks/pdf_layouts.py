"""Generated reports printed as PDF-to-markdown output (tests/properties/pdf_render.py):
python benchmarks/pdf_layouts.py [N]  (default 1000; deterministic).

Prints the exact-reading rate (tables 三 and 四 read cell for cell, no error finding) over N
damaged valid reports, and the detection rate (an error finding in the changed table) over N
damaged reports with one cell of table 三/四 raised by 1..3.  With -v, the first failures."""
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from hypothesis import HealthCheck, Phase, given, settings, strategies as st  # noqa: E402

from compliance.engine import check_report  # noqa: E402
from compliance.parse import parse_text  # noqa: E402
from tests.properties.pdf_render import expected_cells, one_cell_changed, pdf_reports, read_cells, render_pdf  # noqa: E402

N = int(next((a for a in sys.argv[1:] if a.isdigit()), 1000))
VERBOSE = "-v" in sys.argv
stats: Counter = Counter()
failures: list[str] = []
run = settings(max_examples=N, derandomize=True, database=None, deadline=None, phases=[Phase.generate],
               suppress_health_check=list(HealthCheck))


def errors(findings):
    return [f for f in findings if f.severity.value == "error"]


@run
@given(pdf_reports())
def exact(gd):
    g, d = gd
    text = render_pdf(g, d)
    report = parse_text(text, path="x.md")
    found = errors(check_report(report).findings)
    ok = read_cells(report) == expected_cells(g) and not found
    stats["valid"] += 1
    stats["exact"] += ok
    stats["error"] += bool(found)
    if not ok and len(failures) < 5:
        failures.append(text)


@run
@given(pdf_reports(), st.data())
def detect(gd, data):
    g, d = gd
    g2, cell = data.draw(one_cell_changed(g))
    text = render_pdf(g2, d)
    found = errors(check_report(parse_text(text, path="x.md")).findings)
    hit = any(f.location.cell and f.location.cell.startswith(cell.split("/")[0] + "/") for f in found)
    stats["changed"] += 1
    stats["detected"] += hit
    if not hit and len(failures) < 10:
        failures.append(f"(changed {cell})\n{text}")


exact()
detect()
print(f"exact reading: {stats['exact']}/{stats['valid']} = {100 * stats['exact'] / stats['valid']:.1f}%"
      f"  (reports with an error finding: {stats['error']})")
print(f"detection:     {stats['detected']}/{stats['changed']} = {100 * stats['detected'] / stats['changed']:.1f}%")
if VERBOSE:
    for text in failures:
        print("=" * 80)
        print(text)
if "--save" in sys.argv:
    for i, text in enumerate(failures):
        Path(f"/tmp/pdf_layouts_failure_{i}.md").write_text(text)

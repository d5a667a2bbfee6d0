"""Batches that stream (issue 12): results kept on disk (``compliance.spool``), outputs written
report by report with the bytes the whole-run renderers give, the same output for every
``--jobs``, a valid partial JSONL after Ctrl-C, HTML pages for a large batch."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from attrs import evolve

from compliance import engine
from compliance.findings import RunResult
from compliance.render import render, write_run
from compliance.render.html import write_html_pages
from compliance.spool import Spool

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
sys.path.insert(0, str(ROOT / "tests"))
from support.batches import agency_series, make_region, plant_carry_over, write  # noqa: E402
from support.browser import chromium, screenshot  # noqa: E402

STREAMED = ("text", "json", "jsonl", "sarif", "csv")


# --------------------------------------------------------------------------------------------
# the spool


def test_spool_is_a_sequence_on_disk():
    with Spool(cache=2) as s:
        for i in range(10):
            s.append({"n": i, "text": "报告" * i})
        assert len(s) == 10 and s[3] == {"n": 3, "text": "报告报告报告"} and s[-1]["n"] == 9
        assert [x["n"] for x in s] == list(range(10)) and [x["n"] for x in s[2:5]] == [2, 3, 4]
        s[3] = {"n": 33}
        assert s[3] == {"n": 33} and [x["n"] for x in s][:5] == [0, 1, 2, 33, 4]
        written = s.disk_bytes
        assert written > 0
        with pytest.raises(IndexError):
            s[10]
        with pytest.raises(TypeError):
            del s[0]
        with pytest.raises(TypeError):
            s.insert(0, {})
    assert len(s) == 0  # closed: the file is gone


def test_spool_takes_what_a_worker_pickled():
    import pickle

    with Spool() as s:
        s.append({"n": 0})
        s.append_pickled(pickle.dumps({"n": 1}, protocol=5))
        s.append({"n": 2})
        assert [x["n"] for x in s] == [0, 1, 2] and s[1] == {"n": 1}


def test_packed_results_carry_what_pairing_needs(run):
    import pickle

    from compliance.engine import pack, report_info

    files = [(EXAMPLES / "2021-county-bureau.md", "2021-county-bureau.md")]
    (r,) = engine.iter_check(files, snapshots=True, signatures=True)
    (p,) = engine.iter_check(files, snapshots=True, signatures=True, packed=True)
    assert pickle.loads(p.data) == r and p == pack(r)
    assert p.info == report_info(r) == ("cn-national-2021", True, 2023, "临川县生态环境局", "2021-county-bureau.md", r.snapshot.signature)
    assert p.errors == 0 and len(r.snapshot.signature) == 4 * 128


def test_spool_reads_back_copies():
    s: Spool[list[int]] = Spool(cache=0)
    s.append([1])
    got = s[0]
    got.append(2)
    assert s[0] == [1]  # changing what was read changes nothing: assign to change
    s.close()


# --------------------------------------------------------------------------------------------
# the writers: report by report, the same bytes as the whole-run renderers


@pytest.fixture(scope="module")
def run() -> RunResult:
    files = [(p, p.name) for p in sorted(EXAMPLES.iterdir()) if p.suffix in (".md", ".html", ".tsv", ".txt") and p.name != "README.md"]
    assert len(files) >= 6
    return engine.check_paths([], files=files)


@pytest.mark.parametrize("fmt", STREAMED)
def test_each_streamed_format_writes_what_render_gives(run, fmt):
    whole = render(run, fmt)
    text = whole.decode("utf-8") if isinstance(whole, bytes) else whole
    with Spool(run.reports) as on_disk:
        out = io.StringIO(newline="")
        write_run(evolve(run, reports=on_disk), fmt, out)
    assert out.getvalue() == text


def test_json_written_in_pieces_is_the_json_of_the_whole(run):
    assert render(run, "json") == json.dumps(json.loads(render(run, "json")), ensure_ascii=False, indent=2) + "\n"
    empty = RunResult(reports=(), tool_version="9")
    assert json.loads(render(empty, "json")) == {"schema_version": 1, "tool": {"name": "compliance", "version": "9"}, "reports": []}
    assert render(empty, "json") == json.dumps(empty.to_dict(), ensure_ascii=False, indent=2) + "\n"


def test_jsonl_is_one_report_per_line(run):
    lines = render(run, "jsonl").splitlines()
    assert [json.loads(line) for line in lines] == json.loads(render(run, "json"))["reports"]
    assert all("\n" not in line for line in lines) and len(lines) == len(run.reports)


def test_the_sarif_head_counts_what_the_results_hold(run):
    sarif = json.loads(render(run, "sarif"))
    r = sarif["runs"][0]
    assert r["properties"]["reports"] == len(run.reports) == len(r["artifacts"])
    assert len(r["results"]) == sum(len(x.findings) for x in run.reports)
    assert {res["ruleId"] for res in r["results"]} <= {d["id"] for d in r["tool"]["driver"]["rules"]}


# --------------------------------------------------------------------------------------------
# the CLI: the same output for every --jobs, a partial JSONL after Ctrl-C


def _batch(folder: Path) -> Path:
    series = plant_carry_over(agency_series("青松县交通运输局", (2020, 2021, 2022), seed=3), 2022, "commercial", +1)
    region = make_region("青松县人民政府", departments=3, townships=2, year=2022, seed=4)
    write(folder, [*series, *agency_series("青松县水利局", (2021, 2022), seed=5), *region.reports()])
    (folder / "broken.md").write_bytes(b"\xff\xfe\x00garbage\x00" * 50)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    return folder


def _cli(*args: str, cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "compliance", "check", *args, "--no-history"], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout)
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.mark.parametrize("fmt", ("jsonl", "json", "sarif", "csv", "text"))
def test_output_is_byte_identical_for_every_jobs(tmp_path, fmt):
    folder = _batch(tmp_path / "batch")
    outs = []
    for jobs in (1, 2, 3):
        out = tmp_path / f"out-{jobs}.{fmt}"
        done = _cli(str(folder), "--format", fmt, "--jobs", str(jobs), "-o", str(out), cwd=tmp_path)
        assert done.returncode == 1  # the broken and the empty file are errors
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] == outs[2]
    if fmt == "jsonl":
        reports = [json.loads(line) for line in outs[0].decode("utf-8").splitlines()]
        assert len(reports) == 13
        assert [r["path"].rsplit("/", 1)[-1] for r in reports][:2] == ["broken.md", "empty.txt"]
        # the planted carry-over mismatch: one warning, from the rules over several reports
        carried = [(Path(r["path"]).name, f["severity"], f["location"]["cell"]) for r in reports for f in r["findings"] if f["rule"] == "T3-005"]
        assert carried == [("青松县交通运输局-2022.md", "warning", "applications/carried_in/commercial")]


def test_default_jobs_is_the_number_of_cores():
    assert engine.default_jobs() == len(os.sched_getaffinity(0))


def _many(folder: Path, n: int) -> Path:
    folder.mkdir()
    sources = [EXAMPLES / "2021-county-bureau.md", EXAMPLES / "2021-township.tsv", EXAMPLES / "2021-pdf-extracted.md"]
    for i in range(n):
        src = sources[i % len(sources)]
        (folder / f"{i:05d}-{src.name}").write_bytes(src.read_bytes())
    return folder


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs process groups")
def test_ctrl_c_leaves_a_valid_partial_jsonl(tmp_path):
    folder = _many(tmp_path / "many", 1500)
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "compliance", "check", str(folder), "--format", "jsonl", "-o", str(out), "--jobs", "2", "--no-history"]
    proc = subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    # interrupt while files are being checked: once the workers exist (they are forked after the
    # rule sets and libraries are loaded) and have had a moment
    deadline = time.monotonic() + 120
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    while time.monotonic() < deadline and proc.poll() is None:
        if not children.exists():  # a kernel without /proc/…/children: just give it time
            time.sleep(4)
            break
        if children.read_text().split():
            break
        time.sleep(0.1)
    time.sleep(1.5)
    if proc.poll() is not None:
        pytest.skip("the batch finished before it could be interrupted")
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole group
    _stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "已中断：写出已检查完的" in stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert 0 < len(lines) < 1500
    reports = [json.loads(line) for line in lines]  # every line is a whole report
    # in input order, from the first file on, none missing
    assert [Path(r["path"]).name for r in reports] == sorted(p.name for p in folder.iterdir())[: len(reports)]
    # each as an uninterrupted run gives it
    full = _cli(str(folder / Path(reports[-1]["path"]).name), "--format", "jsonl", cwd=tmp_path)
    assert json.loads(full.stdout)["findings"] == reports[-1]["findings"]


# --------------------------------------------------------------------------------------------
# HTML of a large batch: linked pages


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _hrefs(path: Path) -> list[str]:
    p = Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p.hrefs


def test_html_pages_link_the_overview_and_every_report(run, tmp_path):
    with Spool(run.reports) as on_disk:
        index = write_html_pages(evolve(run, reports=on_disk), tmp_path / "pages", page_size=3)
    n = len(run.reports)
    pages = -(-n // 3)
    root = tmp_path / "pages"
    assert index == root / "index.html"
    assert sorted(p.name for p in root.glob("index*.html")) == sorted(["index.html", *(f"index-{k}.html" for k in range(2, pages + 1))])
    assert sorted(p.name for p in (root / "reports").iterdir()) == sorted(f"report-{k}.html" for k in range(1, n + 1))
    first = _hrefs(index)
    assert [h for h in first if h.startswith("reports/")][:3] == ["reports/report-1.html", "reports/report-2.html", "reports/report-3.html"]
    assert "index-2.html" in first
    second = _hrefs(root / "index-2.html")
    assert "reports/report-4.html" in second and "index.html" in second
    page = (root / "reports" / "report-4.html").read_text(encoding="utf-8")
    assert "../index.html" in _hrefs(root / "reports" / "report-4.html")
    assert f"第 4 份报告（本批共 {n} 份）" in page and run.reports[3].path in page
    # every link points at a page that exists
    for html in [*root.glob("index*.html"), *(root / "reports").iterdir()]:
        for h in _hrefs(html):
            if not h.startswith("#"):
                assert (html.parent / h).is_file(), (html, h)


def test_cli_html_of_a_large_batch_needs_a_folder(tmp_path):
    folder = _many(tmp_path / "many", 201)
    done = _cli(str(folder), "--format", "html", "--jobs", "2", cwd=tmp_path)
    assert done.returncode == 2 and "超过 200 份报告的 HTML 结果分页写出" in done.stderr and done.stdout == ""
    done = _cli(str(folder), "--format", "html", "--jobs", "2", "-o", str(tmp_path / "out.html"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "201 份报告的 HTML 结果分页写入文件夹" in done.stderr
    assert (tmp_path / "out" / "index.html").is_file() and len(list((tmp_path / "out" / "reports").iterdir())) == 201


@pytest.mark.skipif(chromium() is None, reason="chromium is not installed")
def test_html_pages_in_a_real_browser(run, tmp_path):
    """The overview page and a report page of a paged batch, drawn by headless Chromium (kept
    to look at under $COMPLIANCE_SCREENSHOT_DIR)."""
    with Spool(run.reports) as on_disk:
        index = write_html_pages(evolve(run, reports=on_disk), tmp_path / "pages", page_size=3)
    for name, page in (("pages-index", index), ("pages-report", tmp_path / "pages" / "reports" / "report-2.html")):
        screenshot(page.as_uri(), tmp_path / f"{name}.png", tmp_path / f"profile-{name}", size="1280,1400")


def test_run_series_on_the_spool_is_run_series_in_memory(tmp_path):
    """The rules over several reports give the same results, cross_ran included, whether the
    batch is in memory or on disk (where a result with nothing found is not written back)."""
    from compliance.series import run_series

    folder = _batch(tmp_path / "batch")
    files, _skipped = engine.collect([folder])
    run = engine.check_paths([], files=files, snapshots=True)
    in_memory = run_series(list(run.reports))
    with Spool(run.reports) as on_disk:
        written_before = on_disk.disk_bytes
        spooled = run_series(on_disk)
        assert [(r, r.cross_ran) for r in spooled] == [(r, r.cross_ran) for r in in_memory]
        assert any(r.cross_ran for r in in_memory)
        # only the results with a cross-report finding were written again
        assert on_disk.disk_bytes - written_before < written_before

"""Issue 12: throughput, CLI scaling, memory and size scaling of ``compliance check`` (a script, not a test).

    python benchmarks/throughput.py                       # sections 1-4, default sizes
    python benchmarks/throughput.py --quick               # a smoke run: small sizes, one round
    python benchmarks/throughput.py --sections 1,4 --json figures.json
    python benchmarks/throughput.py --sections 3 --sizes 1000,10000,100000 --workdir /var/tmp/tp

Every figure is printed as a Markdown table and, with ``--json FILE``, written as JSON.

1. **Per input format, in process** (``--rounds`` rounds, the best one): reports/s of
   parse only (``compliance.parse(path)``) and of parse + check (``compliance.engine.check_path``)
   over generated reports of every format the project reads — Markdown, pipes (simplified
   and traditional), glued page text, GBK plain text, saved and Word-exported HTML, TSV
   (plain and spreadsheet export), .docx, PDF (tests/support generators; both templates, 3
   number sets each) — and the corpus (``../shared/corpus``) and ``examples/`` when present.
   In the same run, the *regex floor*: read the file, decode it (UTF-8, else GB18030) and
   ``re.findall(r"\\d+|[^\\W\\d_]+|\\S", text)`` — every run of digits, every run of
   letters/ideographs, every other non-space character: one pass of a C regex engine over
   the text, the least any reader does.  For .docx and PDF the floor tokenises the text the
   reader extracts (what ``compliance parse --format text`` shows; the extraction itself is
   not in the floor, marked †).  ``check ÷ regex``: parse+check time over floor time.
2. **CLI scaling**: N generated report files (``--files``, default 400; Markdown, HTML, TSV and
   pipes, both templates), ``compliance check DIR --format jsonl --quiet -o OUT --jobs 1`` and
   ``--jobs 2`` (``--scale-jobs``), wall time best of 3 (``--repeat``), the ratio, and whether
   the two outputs are byte-identical.  Wall time includes interpreter start and imports.
3. **Memory**: the CLI over batches of ``--sizes`` (default 1000,10000) generated reports for
   ``--format jsonl``, ``json`` and ``sarif`` (``--jobs`` ``--mem-jobs``, default 2).  The
   process tree (the CLI and its worker processes) is polled every 50 ms from
   ``/proc/PID/status`` (descendants found through ``/proc/*/stat``): *parent* = the CLI's
   VmHWM (peak resident set), *worker* = the largest worker VmHWM, *tree* = the largest sum of
   VmRSS over the tree seen in one poll (what the batch held at once); ``maxrss`` = ``ru_maxrss``
   from ``os.wait4`` (the largest single process of the tree, measured by the kernel: a check
   on the polling).  Each figure also as a ratio to the first batch size.
4. **Size scaling**: one report (generated, 2021 template, Markdown) made 1×, 10×, 100× larger
   (``--factors``) two ways — *narrative*: section 一 padded with generated paragraphs; *whole*:
   the whole report repeated (every section and table N times) — parse and parse + check time
   (best of ``--rounds``), and the time ratio against the size ratio.

Generated batches (sections 2 and 3) are written once into ``--workdir`` (default: a folder in
the temporary directory) and reused: files ``NNNNNN.md|html|tsv|txt`` made from 24 base reports
(4 formats × 2 templates × 3 number sets) with a different agency name, 2,000–3,000 characters
of generated text of its own in section 一 (so that the batch is not one big 雷同 cluster, DUP-002) and
different numbers in it.  ``--format jsonl`` and ``--quiet`` are used only when
``compliance check --help`` lists them; otherwise ``--format json`` with a printed note.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from random import Random
from typing import Any, Callable, Iterable, Sequence

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import compliance  # noqa: E402
from compliance.engine import check_path  # noqa: E402
from support.batches import _model  # noqa: E402
from support.render import ReportText, default_text, render  # noqa: E402

TOKEN = re.compile(r"\d+|[^\W\d_]+|\S")
GENERATOR_VERSION = "2"  # bump when the generated files change (the cache is rebuilt)
BASE_AGENCY = "青松县教育局"
CORPUS = ROOT.parent / "shared" / "corpus"
TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm", ".tsv")

# ---------------------------------------------------------------------------------------------
# output


class Figures:
    def __init__(self) -> None:
        self.data: dict[str, Any] = {"meta": meta()}

    def table(self, key: str, title: str, headers: Sequence[str], rows: list[Sequence[Any]], notes: Sequence[str] = ()) -> None:
        print(f"\n### {title}\n")
        print("| " + " | ".join(headers) + " |")
        print("|" + "|".join("---" if i == 0 else "---:" for i in range(len(headers))) + "|")
        for r in rows:
            print("| " + " | ".join(_cell(v) for v in r) + " |")
        for n in notes:
            print(f"\n{n}")
        sys.stdout.flush()
        self.data.setdefault(key, {})["table"] = {"title": title, "headers": list(headers), "rows": [list(r) for r in rows],
                                                  "notes": list(notes)}

    def put(self, key: str, name: str, value: Any) -> None:
        self.data.setdefault(key, {})[name] = value


def _cell(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:,.3g}" if abs(v) < 10 else f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.1f}"
    return str(v)


def meta() -> dict[str, Any]:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10).stdout.strip()
        dirty = bool(subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True,
                                    text=True, timeout=10).stdout.strip())
    except (OSError, subprocess.SubprocessError):
        head, dirty = "", False
    return {"date": datetime.datetime.now().isoformat(timespec="seconds"), "python": platform.python_version(),
            "cpus": os.cpu_count(), "machine": platform.machine(), "commit": head + ("+dirty" if dirty else ""),
            "compliance": compliance.__version__}


# ---------------------------------------------------------------------------------------------
# generated reports

PLACE_CHARS = "青松白石清河东阳山平安宁华兴德新丰永富春秋云林江湖海川桃李杏梅竹兰岚峰溪泉湾坪岗塘源"
DEPARTMENTS = ("教育局", "财政局", "民政局", "卫生健康局", "交通运输局", "自然资源局", "住房和城乡建设局", "农业农村局",
               "文化旅游局", "市场监督管理局", "生态环境局", "水利局", "人力资源和社会保障局", "司法局", "统计局", "审计局")
# characters for the generated text: no digits or Chinese numerals (they could read as counts)
_TEXT_CHARS = "".join(sorted(set(
    "坚持以人民为中心的发展思想全面贯彻落实条例围绕中心工作扎实推进政府信息公开不断提升政务标准化规范化水平主动通过门户网站新媒体"
    "服务大厅栏渠道重点做好财政预决算重大建设项目公共资源配置社会公益事业领域严格执行保密审查合法性制度及时对现行有效规范性文件"
    "进行清理标注效力状态持续优化专栏完善法定内容目录强化发布解读功能监督保障落实责任明确分管负责人专职人员组织业务培训加强队伍"
    "健全机制创新方式拓展平台深化改革回应社会关切营造良好环境群众满意度获得感")))
_NUMERALS = set("一二三四五六七八九十百千万零两")
_TEXT_CHARS = "".join(c for c in _TEXT_CHARS if c not in _NUMERALS)
VAR = "〔本段由基准测试替换〕"


def agency_name(i: int) -> str:
    """Distinct for every i < 44³ × 16 (the first two characters vary fastest: few similar names share a prefix)."""
    n = len(PLACE_CHARS)
    d, k = divmod(i, len(DEPARTMENTS))
    a, b, c = d % n, (d // n) % n, (d // n // n) % n
    return f"{PLACE_CHARS[a]}{PLACE_CHARS[b]}{PLACE_CHARS[c]}县{DEPARTMENTS[k]}"


def generated_paragraph(rnd: Random, chars: int) -> str:
    """Sentences of random characters (about ``chars``), with a training count in them."""
    out: list[str] = []
    size = 0
    while size < chars:
        n = rnd.randint(10, 28)
        s = "".join(rnd.choice(_TEXT_CHARS) for _ in range(n))
        if rnd.random() < 0.3:
            s += f"，组织专题培训{rnd.randint(1, 40)}次，参训{rnd.randint(10, 900)}人次"
        out.append(s + "。")
        size += len(s) + 1
    return "".join(out)


SUFFIX = {"markdown": ".md", "html": ".html", "html_word": ".html", "pipe": ".txt", "pipe_traditional": ".txt",
          "glued": ".txt", "plain_gbk": ".txt", "tsv": ".tsv", "tsv_spreadsheet": ".tsv", "docx": ".docx", "pdf": ".pdf"}
FORMAT_LABEL = {"markdown": "Markdown (md)", "pipe": "pipes (txt)", "pipe_traditional": "pipes, traditional (txt)",
                "glued": "glued page text (txt)", "plain_gbk": "plain text, GBK (txt)", "html": "saved page (html)",
                "html_word": "Word-exported page (html)", "tsv": "TSV", "tsv_spreadsheet": "spreadsheet TSV",
                "docx": ".docx", "pdf": "PDF (text)", "corpus": "corpus (../shared/corpus)", "examples": "examples/"}


def base_models(seeds: int = 3) -> list[tuple[Any, ReportText]]:
    out = []
    for year in (2020, 2022):  # the 2019 and the 2021 template
        for seed in range(seeds):
            model = _model(BASE_AGENCY, year, Random(f"throughput/{year}/{seed}"), None, None)
            out.append((model, default_text(model)))
    return out


def render_bytes(model: Any, text: ReportText, fmt: str) -> bytes:
    if fmt == "docx":
        from support.docx_gen import report_to_docx

        from compliance.parse import parse_text

        return report_to_docx(parse_text(render_bytes(model, text, "markdown").decode("utf-8"), path="x.md"))
    if fmt == "pdf":
        from support.pdf_gen import model_to_pdf

        return model_to_pdf(model, text)
    out = render(model, fmt, text)
    return out if isinstance(out, bytes) else out.encode("utf-8")


def _write_stamp(folder: Path, stamp: str) -> None:
    (folder / ".stamp").write_text(stamp, encoding="utf-8")


def _fresh(folder: Path, stamp: str) -> bool:
    try:
        return (folder / ".stamp").read_text(encoding="utf-8") == stamp
    except OSError:
        return False


def format_inputs(workdir: Path, formats: Sequence[str]) -> dict[str, list[Path]]:
    """Section 1's generated files, one folder per format (cached)."""
    out: dict[str, list[Path]] = {}
    bases = None
    for fmt in formats:
        folder = workdir / "formats" / fmt
        stamp = f"{GENERATOR_VERSION}/{fmt}"
        if not _fresh(folder, stamp):
            bases = bases or base_models()
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            for k, (model, text) in enumerate(bases):
                (folder / f"{model.template}-{k}{SUFFIX[fmt]}").write_bytes(render_bytes(model, text, fmt))
            _write_stamp(folder, stamp)
        out[fmt] = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    return out


BATCH_FORMATS = ("markdown", "html", "tsv", "pipe")


def batch_bases() -> list[tuple[str, str, str]]:
    """(suffix, text with the agency and the variable paragraph as placeholders, template) × 24."""
    out = []
    for model, text in base_models():
        text.sections["一"] = [text.sections["一"][0], VAR, *text.sections["一"][1:]]
        for fmt in BATCH_FORMATS:
            body = render_bytes(model, text, fmt).decode("utf-8")
            assert VAR in body and BASE_AGENCY in body, fmt
            out.append((SUFFIX[fmt], body, model.template))
    return out


def batch(workdir: Path, n: int, *, quiet: bool = False) -> Path:
    """A folder of ``n`` generated report files (cached in ``workdir``)."""
    folder = workdir / f"batch-{n}"
    stamp = f"{GENERATOR_VERSION}/{n}"
    if _fresh(folder, stamp):
        return folder
    t0 = time.perf_counter()
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    bases = batch_bases()
    width = max(6, len(str(n - 1)))
    for i in range(n):
        rnd = Random(i)
        suffix, body, _template = bases[i % len(bases)]
        # each report's own narrative (2,000–3,000 characters in section 一), as real reports of
        # different agencies have: the batch is not 24 clusters of near-duplicates (DUP-002)
        text = body.replace(VAR, generated_paragraph(rnd, rnd.randint(2000, 3000))).replace(BASE_AGENCY, agency_name(i))
        sub = folder / f"{i // 1000:03d}"  # at most 1,000 files a folder
        if i % 1000 == 0:
            sub.mkdir(exist_ok=True)
        (sub / f"{i:0{width}d}{suffix}").write_text(text, encoding="utf-8")
    _write_stamp(folder, stamp)
    if not quiet:
        print(f"(generated {n} reports in {folder} in {time.perf_counter() - t0:.1f} s)", file=sys.stderr)
    return folder


def _size_kb(paths: Iterable[Path]) -> tuple[float, float]:
    sizes = [p.stat().st_size / 1024 for p in paths]
    return (min(sizes), max(sizes)) if sizes else (0.0, 0.0)


# ---------------------------------------------------------------------------------------------
# 1. per input format


def decode_text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", "replace")


def regex_floor(path: Path) -> int:
    return len(TOKEN.findall(decode_text(path.read_bytes())))


def extracted_text(path: Path) -> str:
    from compliance.documents import read_document, sniff
    from compliance.documents.base import assemble

    data = path.read_bytes()
    kind = sniff(data)
    if kind is None:
        return decode_text(data)
    source, _canon = assemble(str(path), read_document(data, str(path), kind, None))
    return source.text


def best_time(fn: Callable[[Path], Any], files: Sequence[Path], rounds: int) -> float:
    """Seconds per file, best of ``rounds`` passes over ``files``."""
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for p in files:
            fn(p)
        best = min(best, time.perf_counter() - t0)
    return best / len(files)


def section_formats(args: argparse.Namespace, out: Figures) -> None:
    formats = ["markdown", "pipe", "pipe_traditional", "glued", "plain_gbk", "html", "html_word", "tsv", "tsv_spreadsheet",
               "docx", "pdf"]
    inputs = format_inputs(Path(args.workdir), formats)
    if CORPUS.is_dir():
        inputs["corpus"] = sorted(p for p in CORPUS.iterdir() if p.suffix in (*TEXT_SUFFIXES, ".pdf", ".docx"))
    inputs["examples"] = sorted(p for p in (ROOT / "examples").iterdir() if p.name != "README.md")
    rows = []
    for name, files in inputs.items():
        if not files:
            continue
        for p in files:  # warm-up: grammars, rule sets, caches
            check_path(p)
        documents = name in ("docx", "pdf") or any(p.suffix in (".pdf", ".docx") for p in files)
        if documents:
            texts = {p: extracted_text(p) for p in files}

            def floor(p: Path) -> None:
                p.read_bytes()
                TOKEN.findall(texts[p])
        else:
            floor = regex_floor
        # the three measures alternate round by round, so that they see the same machine load
        parse_s = check_s = floor_s = float("inf")
        for _ in range(args.rounds):
            parse_s = min(parse_s, best_time(compliance.parse, files, 1))
            check_s = min(check_s, best_time(check_path, files, 1))
            floor_s = min(floor_s, best_time(floor, files, 5))
        lo, hi = _size_kb(files)
        size = f"{lo:.1f}–{hi:.1f}" if hi - lo >= 0.05 else f"{lo:.1f}"
        rows.append([FORMAT_LABEL.get(name, name), len(files), size, round(1 / parse_s, 1), round(parse_s * 1000, 2),
                     round(1 / check_s, 1), round(check_s * 1000, 2), round(floor_s * 1000, 4),
                     f"{check_s / floor_s:.0f}×" + ("†" if documents else "")])
    out.table("formats", "1. Per input format, one process (best of %d rounds)" % args.rounds,
              ["input", "files", "size KB", "parse reports/s", "parse ms", "check reports/s", "check ms", "regex ms",
               "check ÷ regex"], rows,
              [f"regex = read + decode + `re.findall(r\"{TOKEN.pattern}\", text)`; † .docx/PDF: over the extracted text "
               "(extraction not in the floor). check = `compliance.engine.check_path` (parse + every rule of the set)."])


# ---------------------------------------------------------------------------------------------
# the CLI


class Cli:
    def __init__(self) -> None:
        help_text = subprocess.run([sys.executable, "-m", "compliance", "check", "--help"], capture_output=True, text=True,
                                   env=self.env(), cwd=ROOT, timeout=120).stdout
        self.jsonl = "jsonl" in help_text
        self.quiet = "--quiet" in help_text
        self.notes: list[str] = []
        if not self.jsonl:
            self.notes.append("`compliance check` has no `--format jsonl` yet: measured with `--format json` instead.")
        if not self.quiet:
            self.notes.append("`compliance check` has no `--quiet` yet: run without it (standard error is piped, no progress).")
        for n in self.notes:
            print(f"note: {n}", file=sys.stderr)

    @staticmethod
    def env() -> dict[str, str]:
        env = dict(os.environ)
        env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        return env

    def fmt(self, fmt: str) -> str:
        return "json" if fmt == "jsonl" and not self.jsonl else fmt

    def argv(self, folder: Path, fmt: str, output: Path, jobs: int) -> list[str]:
        argv = [sys.executable, "-m", "compliance", "check", str(folder), "--format", self.fmt(fmt), "-o", str(output),
                "--jobs", str(jobs), "--no-history", "--fail-on", "never"]
        return argv + (["--quiet"] if self.quiet else [])

    def run(self, argv: list[str], cwd: Path, *, measure: bool = False) -> dict[str, Any]:
        """Run; wall time, exit code, and with ``measure`` the memory of the process tree."""
        sampler = None
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=self.env(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        if measure:
            sampler = TreeSampler(proc.pid)
            sampler.start()
        assert proc.stderr is not None
        err_chunks: list[bytes] = []
        drain = threading.Thread(target=lambda: err_chunks.append(proc.stderr.read() if proc.stderr else b""), daemon=True)
        drain.start()
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        drain.join(timeout=30)
        result: dict[str, Any] = {"wall_s": wall, "code": proc.returncode, "stderr": b"".join(err_chunks).decode("utf-8", "replace")}
        if sampler is not None:
            sampler.stop()
            result.update(sampler.figures())
            result["maxrss_kb"] = usage.ru_maxrss
        if proc.returncode not in (0, 1):
            raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}:\n{result['stderr'][-2000:]}")
        return result


def _children_of() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(entry.name))
    return kids


def _status_kb(pid: int) -> tuple[int, int] | None:
    """(VmHWM, VmRSS) in kB."""
    try:
        with open(f"/proc/{pid}/status", "rb") as fh:
            text = fh.read()
    except OSError:
        return None
    hwm = re.search(rb"VmHWM:\s+(\d+)", text)
    rss = re.search(rb"VmRSS:\s+(\d+)", text)
    if hwm is None or rss is None:  # a zombie
        return None
    return int(hwm.group(1)), int(rss.group(1))


class TreeSampler(threading.Thread):
    """Polls the process tree under ``pid``: VmHWM of each process, the largest VmRSS sum."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.hwm: dict[int, int] = {}
        self.tree_peak = 0
        self.max_workers = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            kids = _children_of()
            tree, todo = [], [self.pid]
            while todo:
                p = todo.pop()
                tree.append(p)
                todo.extend(kids.get(p, ()))
            total = 0
            for p in tree:
                st = _status_kb(p)
                if st is None:
                    continue
                self.hwm[p] = max(self.hwm.get(p, 0), st[0])
                total += st[1]
            self.tree_peak = max(self.tree_peak, total)
            self.max_workers = max(self.max_workers, len(tree) - 1)
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=5)

    def figures(self) -> dict[str, Any]:
        workers = [v for p, v in self.hwm.items() if p != self.pid]
        return {"parent_kb": self.hwm.get(self.pid, 0), "worker_kb": max(workers, default=0), "tree_kb": self.tree_peak,
                "processes": self.max_workers}


# ---------------------------------------------------------------------------------------------
# 2. CLI scaling


def section_scaling(args: argparse.Namespace, out: Figures, cli: Cli) -> None:
    workdir = Path(args.workdir)
    folder = batch(workdir, args.files)
    runs = workdir / "runs"
    runs.mkdir(exist_ok=True)
    jobs_list = [int(j) for j in args.scale_jobs.split(",")]
    times: dict[int, float] = {}
    outputs: dict[int, bytes] = {}
    fmt = cli.fmt("jsonl")
    for jobs in jobs_list:
        best = float("inf")
        for k in range(args.repeat):
            target = runs / f"scaling-j{jobs}-{k}.{fmt}"
            best = min(best, cli.run(cli.argv(folder, "jsonl", target, jobs), workdir)["wall_s"])
            outputs[jobs] = target.read_bytes()
            if k:
                target.unlink()
        times[jobs] = best
    first = jobs_list[0]
    rows = []
    for jobs in jobs_list:
        same = outputs[jobs] == outputs[first]
        rows.append([f"--jobs {jobs}", args.files, round(times[jobs], 2), round(args.files / times[jobs], 1),
                     f"{times[first] / times[jobs]:.2f}×", "yes" if same else "NO", len(outputs[jobs])])
    out.put("scaling", "identical", all(outputs[j] == outputs[first] for j in jobs_list))
    out.table("scaling", f"2. CLI scaling, {args.files} files, `--format {fmt}` (wall time, best of {args.repeat})",
              ["run", "files", "wall s", "reports/s", "speed-up", f"output identical to --jobs {first}", "output bytes"], rows,
              [f"{os.cpu_count()} CPUs; wall time includes interpreter start-up and the cross-report rules.", *cli.notes])


# ---------------------------------------------------------------------------------------------
# 3. memory


def section_memory(args: argparse.Namespace, out: Figures, cli: Cli) -> None:
    workdir = Path(args.workdir)
    sizes = [int(s) for s in args.sizes.split(",")]
    runs = workdir / "runs"
    runs.mkdir(exist_ok=True)
    rows = []
    first: dict[str, dict[str, Any]] = {}
    raw = []
    for n in sizes:
        folder = batch(workdir, n)
        for fmt in args.mem_formats.split(","):
            target = runs / f"memory-{n}.{fmt}"
            r = cli.run(cli.argv(folder, fmt, target, args.mem_jobs), workdir, measure=True)
            r.update(files=n, format=cli.fmt(fmt), output_bytes=target.stat().st_size)
            r.pop("stderr")
            target.unlink()
            raw.append(r)
            base = first.setdefault(fmt, r)

            def ratio(key: str, r: dict[str, Any] = r, base: dict[str, Any] = base) -> str:
                return f"{r[key] / base[key]:.2f}×" if base[key] else "–"

            rows.append([n, f"{cli.fmt(fmt)}" + ("" if cli.fmt(fmt) == fmt else " (for jsonl)"), round(r["wall_s"], 1),
                         round(r["parent_kb"] / 1024, 1), ratio("parent_kb"), round(r["worker_kb"] / 1024, 1), ratio("worker_kb"),
                         round(r["tree_kb"] / 1024, 1), ratio("tree_kb"), round(r["maxrss_kb"] / 1024, 1),
                         round(r["output_bytes"] / 1024 / 1024, 1)])
            print(f"(memory: {n} files, {fmt}: {r['wall_s']:.1f} s, parent {r['parent_kb'] / 1024:.0f} MB)", file=sys.stderr)
    out.put("memory", "runs", raw)
    out.table("memory", f"3. Memory, `--jobs {args.mem_jobs}` (MB; ratio to the {sizes[0]:,}-file batch of the same format)",
              ["files", "format", "wall s", "parent MB", "×", "worker MB", "×", "tree MB", "×", "maxrss MB", "output MB"], rows,
              ["parent / worker: VmHWM (peak RSS) of the CLI process and of its largest worker, polled every 50 ms from "
               "/proc/PID/status; tree: the largest sum of VmRSS over the CLI and its workers in one poll; maxrss: "
               "ru_maxrss of os.wait4 (the largest single process, by the kernel).", *cli.notes])


# ---------------------------------------------------------------------------------------------
# 4. size scaling


def scaled_reports(factors: Sequence[int]) -> dict[str, dict[int, str]]:
    model, text = base_models(1)[1]  # the 2021 template
    base = render(model, "markdown", text)
    assert isinstance(base, str)
    out: dict[str, dict[int, str]] = {"narrative": {}, "whole": {}}
    rnd = Random("throughput/size")
    for k in factors:
        out["whole"][k] = "\n".join([base] * k)
        padded = ReportText(text.title, list(text.preamble), {n: list(v) for n, v in text.sections.items()}, list(text.closing))
        extra = []
        body = render(model, "markdown", padded)
        assert isinstance(body, str)
        need = len(body.encode("utf-8")) * (k - 1)
        while need > 0:
            p = generated_paragraph(rnd, 400)
            extra.append(p)
            need -= len(p.encode("utf-8")) + 2
        padded.sections["一"] = [padded.sections["一"][0], *extra, *padded.sections["一"][1:]]
        grown = render(model, "markdown", padded)
        assert isinstance(grown, str)
        out["narrative"][k] = grown
    return out


def section_size(args: argparse.Namespace, out: Figures) -> None:
    factors = [int(f) for f in args.factors.split(",")]
    folder = Path(args.workdir) / "size"
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for how, texts in scaled_reports(factors).items():
        base_t = base_c = base_size = 0.0
        for k, text in texts.items():
            p = folder / f"{how}-{k}.md"
            p.write_text(text, encoding="utf-8")
            size = p.stat().st_size
            check_path(p)  # warm-up
            rounds = max(1, min(args.rounds * 3, int(args.rounds * 10 / k)))
            t = c = float("inf")
            for _ in range(rounds):  # alternating, as in section 1
                t = min(t, best_time(compliance.parse, [p], 1))
                c = min(c, best_time(check_path, [p], 1))
            if k == factors[0]:
                base_t, base_c, base_size = t, c, size
            rows.append([how, f"{k}×", round(size / 1024, 1), f"{size / base_size:.1f}", round(t * 1000, 1),
                         f"{t / base_t:.1f}", round(c * 1000, 1), f"{c / base_c:.1f}", f"{(c / base_c) / (size / base_size):.2f}"])
    out.table("size", "4. Size scaling, one 2021 report (Markdown), parse and parse + check",
              ["growth", "factor", "KB", "size ×", "parse ms", "parse ×", "check ms", "check ×", "check × ÷ size ×"], rows,
              ["narrative: section 一 padded with generated paragraphs; whole: the whole report repeated (every section and "
               "table N times). The last column is 1.00 for linear cost."])


# ---------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sections", default="1,2,3,4", help="which sections, e.g. 1,4")
    ap.add_argument("--quick", action="store_true", help="small sizes, one round: a smoke run")
    ap.add_argument("--json", default=None, metavar="FILE", help="write every figure as JSON")
    ap.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "compliance-throughput"),
                    help="cache of generated files (reused between runs)")
    ap.add_argument("--rounds", type=int, default=None, help="in-process passes, best taken (default 7; --quick 1)")
    ap.add_argument("--files", type=int, default=None, help="section 2: files in the batch (default 400; --quick 40)")
    ap.add_argument("--repeat", type=int, default=None, help="section 2: CLI runs per --jobs, best taken (default 3; --quick 1)")
    ap.add_argument("--scale-jobs", default="1,2", help="section 2: --jobs values to compare")
    ap.add_argument("--sizes", default=None, help="section 3: batch sizes (default 1000,10000; --quick 50,200)")
    ap.add_argument("--mem-jobs", type=int, default=2, help="section 3: --jobs of the CLI")
    ap.add_argument("--mem-formats", default="jsonl,json,sarif", help="section 3: output formats measured")
    ap.add_argument("--factors", default=None, help="section 4: size factors (default 1,10,100; --quick 1,3,10)")
    args = ap.parse_args(argv)
    q = args.quick
    args.rounds = args.rounds or (1 if q else 7)
    args.files = args.files or (40 if q else 400)
    args.repeat = args.repeat or (1 if q else 3)
    args.sizes = args.sizes or ("50,200" if q else "1000,10000")
    args.factors = args.factors or ("1,3,10" if q else "1,10,100")
    sections = {int(s) for s in args.sections.split(",") if s.strip()}
    Path(args.workdir).mkdir(parents=True, exist_ok=True)
    out = Figures()
    out.put("meta", "args", vars(args))
    m = out.data["meta"]
    print(f"# compliance throughput — {m['date']}, commit {m['commit']}, Python {m['python']}, {m['cpus']} CPUs")
    cli = Cli() if sections & {2, 3} else None
    if 1 in sections:
        section_formats(args, out)
    if 2 in sections and cli is not None:
        section_scaling(args, out, cli)
    if 3 in sections and cli is not None:
        section_memory(args, out, cli)
    if 4 in sections:
        section_size(args, out)
    if args.json:
        Path(args.json).write_text(json.dumps(out.data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Older Word, WPS and RTF files through LibreOffice; detection by content; reading limits."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest

from compliance.documents import Limits, sniff
from compliance.parse import parse_bytes, parse_path

ROOT = Path(__file__).resolve().parents[2]
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")

# a small RTF report fragment written by hand: \uN escapes for the Chinese
_LINES = ["某某县统计局2021年政府信息公开工作年度报告", "一、总体情况", "本机关认真贯彻落实《条例》。"]


def _rtf() -> bytes:
    def esc(text: str) -> str:
        return "".join(c if ord(c) < 128 else f"\\u{ord(c) if ord(c) < 32768 else ord(c) - 65536}?" for c in text)

    body = "".join(f"{{\\pard {esc(line)}\\par}}\n" for line in _LINES)
    return ("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 SimSun;}}\n" + body + "}\n").encode("ascii")


def _codes(report) -> list[str]:
    return [p.rule for p in report.problems]


def test_sniff_by_content():
    assert sniff(b"%PDF-1.7\n...") == "pdf"
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100) == "ole"
    assert sniff(b"{\\rtf1\\ansi hello}") == "rtf"
    assert sniff(b"PK\x03\x04 not really a zip") == "zip"
    assert sniff("<html><body><p>一、总体情况</p></body></html>".encode()) is None
    assert sniff("一、总体情况\n本机关……".encode()) is None


def test_missing_converter_is_one_clear_finding(tmp_path, monkeypatch):
    monkeypatch.setenv("COMPLIANCE_SOFFICE", str(tmp_path / "no-such-soffice"))
    f = tmp_path / "report.rtf"
    f.write_bytes(_rtf())
    report = parse_path(f)
    assert _codes(report) == ["PRS-010"]
    assert "LibreOffice" in report.problems[0].message and "apt-get install libreoffice-writer" in report.problems[0].message
    env = dict(os.environ, COMPLIANCE_SOFFICE=str(tmp_path / "no-such-soffice"))
    done = subprocess.run([sys.executable, "-m", "compliance", "check", str(f), "--format", "json"],
                          capture_output=True, text=True, env=env, cwd=ROOT)
    assert done.returncode == 1, done.stderr
    assert '"rule": "PRS-010"' in done.stdout and "Traceback" not in done.stderr


def test_failing_converter_is_a_finding_not_a_crash(tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("COMPLIANCE_SOFFICE", str(fake))
    report = parse_bytes(_rtf(), "x.rtf")
    assert _codes(report) == ["PRS-010"]
    assert "退出码 1" in report.problems[0].message and "could not be loaded" in report.problems[0].message


def test_converter_timeout(tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 5\n")
    fake.chmod(0o755)
    monkeypatch.setenv("COMPLIANCE_SOFFICE", str(fake))
    from compliance.documents import read_document
    from compliance.documents import DocumentError

    with pytest.raises(DocumentError) as err:
        read_document(_rtf(), "x.rtf", "rtf", Limits(convert_timeout=0.5))
    assert err.value.code.id == "PRS-010" and "0.5 秒" in err.value.message


def test_encrypted_office_file_is_protected():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 64
    report = parse_bytes(data, "secret.docx")
    assert _codes(report) == ["PRS-008"]


def test_file_size_limit():
    report = parse_bytes(b"%PDF-1.4\n" + b"0" * 2048, "big.pdf", limits=Limits(max_file_mb=0.001))
    assert _codes(report) == ["PRS-009"]
    assert "超过上限 0.001 MB" in report.problems[0].message


def test_limit_option_parsing():
    assert Limits.parse(["max_pages=3", "max_file_mb=1.5"]) == Limits(max_pages=3, max_file_mb=1.5)
    for bad in (["pages=3"], ["max_pages"], ["max_pages=x"], ["max_pages=0"]):
        with pytest.raises(ValueError):
            Limits.parse(bad)
    done = subprocess.run([sys.executable, "-m", "compliance", "check", "examples/2021-township.tsv", "--limit", "max_pages=x"],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2 and "max_pages" in done.stderr


@needs_soffice
def test_rtf_converted_and_read(tmp_path):
    # a hostile name: quotes, spaces, a semicolon and a dollar sign never reach a shell
    f = tmp_path / "a'; touch pwned; $(echo x) 报告.rtf"
    f.write_bytes(_rtf())
    report = parse_path(f)
    assert report.format == "docx-from-rtf"
    assert report.title == _LINES[0]
    assert [s.canonical for s in report.sections] == ["一"]
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()


@needs_soffice
def test_doc_converted_and_read(tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    for line in _LINES:
        d.add_paragraph(line)
    buf = BytesIO()
    d.save(buf)
    src = tmp_path / "in.docx"
    src.write_bytes(buf.getvalue())
    subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless", "--convert-to", "doc",
                    "--outdir", str(tmp_path / "o"), str(src)], check=True, capture_output=True, timeout=120)
    legacy = (tmp_path / "o" / "in.doc").read_bytes()
    assert sniff(legacy) == "ole"
    # named .docx although it is an old .doc: read by what it is
    report = parse_bytes(legacy, "renamed.docx")
    assert report.format == "docx-from-ole"
    assert report.title == _LINES[0]

"""``compliance serve`` as a real process on a real socket: the answer of /v1/check over HTTP
is the CLI's own output for the same files, the default bind is loopback only, Ctrl+C stops
it; and a broken ``--rules-dir`` is exit 2 with a Chinese message before anything listens."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import uuid

import pytest

from _server import EXAMPLES, ROOT, free_port, running_server

FILES = ("2021-county-blank-cells.html", "2021-county-bureau.md")


def multipart(files: dict[str, bytes]) -> tuple[bytes, str]:
    """A multipart/form-data body with each file under the field ``files``."""
    boundary = f"----compliance-{uuid.uuid4().hex}"
    parts: list[bytes] = []
    for name, data in files.items():
        parts.append(
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n".encode("utf-8") + data + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode("ascii"))
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def refused(host: str, port: int) -> bool:
    """True when nothing accepts a TCP connection at host:port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(2)
        try:
            s.connect((host, port))
        except OSError:
            return True
        return False


def test_check_over_http_is_the_cli_output(tmp_path):
    import urllib.request

    cli = subprocess.run(
        [sys.executable, "-m", "compliance", "check", *FILES, "--format", "json"],
        cwd=EXAMPLES, capture_output=True, timeout=120,
    )
    assert cli.returncode in (0, 1), cli.stderr.decode("utf-8", "replace")
    expected = json.loads(cli.stdout)

    with running_server(tmp_path / "server") as server:
        # the startup line names the address, and the default address is loopback only
        startup = server.stderr()
        assert f"http://127.0.0.1:{server.port}/" in startup, startup
        if sys.platform.startswith("linux"):
            # all of 127/8 is this machine on Linux: a server bound to 0.0.0.0 would answer here
            assert refused("127.0.0.2", server.port), "the server answers on 127.0.0.2: it did not bind 127.0.0.1 only"

        body, ctype = multipart({name: (EXAMPLES / name).read_bytes() for name in FILES})
        request = urllib.request.Request(f"{server.url}/v1/check", data=body, method="POST",
                                         headers={"Content-Type": ctype})
        with urllib.request.urlopen(request, timeout=120) as resp:
            assert resp.status == 200
            exit_header = resp.headers.get("X-Compliance-Exit-Code")
            assert resp.headers.get_content_type() == "application/json"
            got = json.loads(resp.read())

        assert exit_header == str(cli.returncode)
        assert [r["path"] for r in got["reports"]] == list(FILES)
        assert got == expected

        code = server.stop()
        # Ctrl+C is the normal way to stop a server: exit 0, after the workers have stopped
        assert code == 0, server.stderr()
        assert server.stderr().rstrip().endswith("compliance serve: 已停止"), server.stderr()
        assert "Traceback" not in server.stderr(), server.stderr()


def serve(*args: str) -> subprocess.CompletedProcess[str]:
    """``compliance serve *args`` on a free port, expected to exit on its own."""
    return subprocess.run(
        [sys.executable, "-m", "compliance", "serve", "--port", str(free_port()), "--workers", "1", *args],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=60,
    )


def test_broken_rules_dir_is_exit_2(tmp_path):
    missing = "/nonexistent"
    done = serve("--rules-dir", missing)
    assert done.returncode == 2, done.stderr
    assert missing in done.stderr
    assert "规则目录不存在" in done.stderr
    assert "Traceback" not in done.stderr

    rules = tmp_path / "rules"
    broken = rules / "cn-broken-2021"
    broken.mkdir(parents=True)
    (broken / "ruleset.toml").write_text('id = "cn-broken-2021"\ntitle = [unclosed\n', encoding="utf-8")
    done = serve("--rules-dir", str(rules))
    assert done.returncode == 2, done.stderr
    assert "ruleset.toml" in done.stderr, done.stderr
    assert "cn-broken-2021" in done.stderr, done.stderr
    assert "规则集无效" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr, done.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (("--port", "70000"), "端口 '70000' 无效，应为正数，不超过 65535"),
        (("--port", "0"), "端口 '0' 无效，应为正数，不超过 65535"),
        (("--report-timeout", "inf"), "时间上限 'inf' 无效，应为正数"),
        (("--max-upload", "nan"), "上传上限 'nan' 无效，应为正数"),
        (("--workers", "two"), "进程数 'two' 无效，应为正数"),
    ],
)
def test_bad_option_values_are_exit_2(args, message):
    done = subprocess.run([sys.executable, "-m", "compliance", "serve", *args], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", errors="replace", timeout=60)
    assert done.returncode == 2, done.stderr
    assert message in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))

"""The auditor's pages in-process: the upload page, the form's redirect to the results page, the
results page's tables and finding links, the downloads (the same run as /v1/check answers), the
form's errors (the page again, with the reason and the auditor's choices), and a hostile report
whose text and file name try to put live markup on the page."""

from __future__ import annotations

import re

import pytest
from lxml import html as lxml_html
from server_support import example

B = "2021-county-bureau.md"
HTML_EXAMPLE = "2021-county-blank-cells.html"


def results(client, files, **fields):
    """POST the form; (results page URL, the page)."""
    r = client.post("/check", files=files, data=fields, follow_redirects=False)
    assert r.status_code == 303, r.text
    url = r.headers["location"]
    assert re.fullmatch(r"/results/[A-Za-z0-9_-]{16,}", url), url
    page = client.get(url)
    assert page.status_code == 200
    return url, page


def test_upload_page(client):
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert r.headers["content-security-policy"].startswith("default-src 'none'; script-src 'self'")
    doc = lxml_html.fromstring(r.text)
    assert doc.xpath("//title/text()") == ["政府信息公开工作年度报告检查 · compliance"]
    form = doc.xpath("//form")[0]
    assert (form.get("method"), form.get("action"), form.get("enctype")) == ("post", "/check", "multipart/form-data")
    assert doc.xpath("//input[@type='file']/@name") == ["files"]
    options = doc.xpath("//select[@name='ruleset']/option/@value")
    assert options[0] == "auto" and "cn-national-2021" in options and "cn-national-2019" in options
    assert "cn-national-common" not in options  # an abstract set cannot check
    assert doc.xpath("//select[@name='issuer_kind']/option/@value") == ["", "department", "government", "township", "other"]
    assert "合计不超过 <span class=\"nowrap\">64 MiB</span>" in r.text
    # the page works without JavaScript: the script only adds drag and drop
    assert doc.xpath("//script/@src") == ["/static/upload.js"]
    assert client.get("/static/upload.js").status_code == 200
    assert client.get("/static/style.css").headers["content-type"] == "text/css; charset=utf-8"
    assert client.get("/static/..%2Fapp.py").status_code == 404


def test_results_page_tables_links_and_downloads(client):
    bad = example(B).replace("| 一、本年新收政府信息公开申请数量 | 42 |".encode(), "| 一、本年新收政府信息公开申请数量 | 43 |".encode())
    files = [("files", ("bad.md", bad)), ("files", (HTML_EXAMPLE, example(HTML_EXAMPLE)))]
    url, page = results(client, files, ruleset="auto", published_on="2022-01-20", issuer_kind="department")
    assert page.headers["content-security-policy"] == "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; frame-ancestors 'none'"
    text = page.text
    # both reports, each with its three tables
    for n in (1, 2):
        assert len(re.findall(rf'<h3 id="r{n}-t\d+"', text)) == 3
    # the failing cell links to its finding, the finding back to the cell
    cell = re.search(r'<td class="num kind-number fail fail-error" id="(r1-c\d+)" title="applications/new_received/total">51'
                     r'<span class="links"><a href="#(r1-f\d+)"', text)
    assert cell is not None
    block = text[text.index(f'id="{cell.group(2)}"'):]
    assert f'<a href="#{cell.group(1)}">' in block[: block.index("</dl>")]
    # the navigation: back to the form and the same run's downloads
    doc = lxml_html.fromstring(text)
    assert doc.xpath("//nav[@class='links']/a/@href") == [
        "/", f"{url}/compliance-report.json", f"{url}/compliance-report.sarif", f"{url}/compliance-report.csv",
        f"{url}/compliance-report.html",
    ]
    # the downloads are the run /v1/check answers for the same files and facts
    api = client.post("/v1/check", files=files, params={"published_on": "2022-01-20", "issuer_kind": "department"})
    for ext, media in (("json", "application/json"), ("sarif", "application/sarif+json"), ("csv", "text/csv; charset=utf-8")):
        d = client.get(f"{url}/compliance-report.{ext}")
        assert d.status_code == 200
        assert d.headers["content-disposition"] == f'attachment; filename="compliance-report.{ext}"'
        assert d.headers["content-type"].startswith(media)
        fmt = {"json": "json", "sarif": "sarif", "csv": "csv"}[ext]
        same = client.post("/v1/check", files=files, params={"published_on": "2022-01-20", "issuer_kind": "department", "format": fmt})
        assert d.content == same.content
    assert client.get(f"{url}/compliance-report.json").json() == api.json()
    html_download = client.get(f"{url}/compliance-report.html")
    assert html_download.headers["content-disposition"] == 'attachment; filename="compliance-report.html"'
    assert 'id="r1-t1"' in html_download.text and "<nav" not in html_download.text  # the page without its navigation
    assert client.get(f"{url}/compliance-report.exe").status_code == 404


def test_an_unknown_result_is_a_page(client):
    r = client.get("/results/nosuchresult0000000")
    assert r.status_code == 404
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert "没有这次检查的结果（结果只在服务中保留一段时间，或服务已重启）：请重新上传" in r.text
    assert lxml_html.fromstring(r.text).xpath("//form/@action") == ["/check"]  # the form again


def test_a_bad_form_field_is_the_form_again_with_the_reason_and_the_choices(client):
    r = client.post("/check", files=[("files", (B, example(B)))],
                    data={"ruleset": "cn-national-2019", "published_on": "2022-02-30<b>", "issuer_kind": "township"})
    assert r.status_code == 422
    doc = lxml_html.fromstring(r.text)
    alert = doc.xpath("//div[@role='alert']")[0].text_content()
    assert alert == "无法检查：日期 '2022-02-30<b>' 无效，应为 YYYY-MM-DD，例如 2022-01-30"
    assert "&lt;b&gt;" in r.text and "<b>'" not in r.text
    assert doc.xpath("//select[@name='ruleset']/option[@selected]/@value") == ["cn-national-2019"]
    assert doc.xpath("//select[@name='issuer_kind']/option[@selected]/@value") == ["township"]
    assert doc.xpath("//input[@name='published_on']/@value") == ["2022-02-30<b>"]


def test_no_file_is_the_form_again(client):
    r = client.post("/check", files=[("files", ("", b""))], data={"ruleset": "auto"})
    assert r.status_code == 422
    assert "没有收到报告文件" in lxml_html.fromstring(r.text).xpath("//div[@role='alert']")[0].text_content()


# ------------------------------------------------------------------ a hostile report

PAYLOADS = ("<script>alert(1)</script>", "<img src=x onerror=alert(3)>", "</table><script>alert(2)</script>",
            '"><svg onload=alert(4)>', "javascript:alert(5)")


def hostile() -> bytes:
    """The county example with markup in its title, its narrative and its table cells."""
    text = example(B).decode("utf-8")
    lines = text.splitlines()
    lines[0] = lines[0] + PAYLOADS[0]
    text = "\n".join(lines) + "\n"
    text = text.replace("| 一、本年新收政府信息公开申请数量 | 42 |", f"| 一、本年新收政府信息公开申请数量 | 42{PAYLOADS[1]} |")
    text = text.replace("| 二、上年结转政府信息公开申请数量 | 3 |", f"| 二、上年结转政府信息公开申请数量 | {PAYLOADS[2]} |")
    text = text.replace("| 行政许可 | 312 |", f"| 行政许可 | {PAYLOADS[3]} |")
    text = text.replace("| 1.属于国家秘密 | 0 |", f"| 1.属于国家秘密 | {PAYLOADS[4]} |")
    return text.encode("utf-8")


def live(doc) -> list[str]:
    """Everything on a page that could run: script elements, on* attributes, javascript: links."""
    found = [f"<script> {s.text!r}" for s in doc.iter("script")]
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        for name, value in el.attrib.items():
            if name.lower().startswith("on"):
                found.append(f"{el.tag} {name}={value!r}")
            if name.lower() in ("href", "src", "action", "formaction") and value.strip().lower().startswith("javascript:"):
                found.append(f"{el.tag} {name}={value!r}")
    found += [f"<{tag}>" for tag in ("iframe", "object", "embed", "svg", "img") if doc.find(f".//{tag}") is not None]
    return found


@pytest.mark.parametrize("name", ["<script>x</script>.md", '"><img src=x onerror=alert(6)>.md'])
def test_a_hostile_report_and_file_name_put_nothing_live_on_the_page(client, name):
    url, page = results(client, [("files", (name, hostile())), ("files", (B, example(B)))])
    for text in (page.text, client.get(f"{url}/compliance-report.html").text):
        doc = lxml_html.fromstring(text)
        assert live(doc) == []
        # two reports, three tables each: no cell closed a table early
        assert len(doc.xpath("//section[starts-with(@id, 'report-')]")) == 2
        for n in (1, 2):
            assert len(doc.xpath(f"//h3[starts-with(@id, 'r{n}-t')]")) == 3
            assert len(doc.xpath(f"//section[@id='report-{n}']//table[@class='grid']")) == 3
        # the hostile text is there, as text
        shown = doc.text_content()
        # the name without any folder part ("</script>" has a slash), as the client sent it
        # (browsers and httpx send a double quote as %22)
        assert name.rsplit("/", 1)[-1].replace('"', "%22") in shown
        for payload in PAYLOADS:
            assert payload in shown, payload
        # the cells that hold markup are shown as unreadable, not as numbers
        assert doc.xpath("//td[@title='applications/carried_in/natural_person']")[0].text_content().startswith(PAYLOADS[2])

"""Report identity: title, report year, agency, a printed publication date, and the template."""

from __future__ import annotations

import re
from collections import Counter

from ..template import Template

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ο": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_YEAR = r"((?:19|20)\d{2}|[〇○零Ο一二三四五六七八九]{4})"
_TITLE = re.compile(rf"^(?:标题\s*[:：]\s*)?(.{{0,40}}?){_YEAR}\s*年\s*度?\s*(.{{0,30}}?(?:年度报告|年报))")
_PERIOD = re.compile(rf"{_YEAR}\s*年\s*1\s*月\s*1\s*日")
_YEAR_DU = re.compile(rf"{_YEAR}\s*年度")
_ANY_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_AGENCY = re.compile(
    r"((?:(?![政府网站和的在与及或等为是了对向从由将把于我本全该各其之这那])[\u4e00-\u9fff]){2,8}?(?:省|市|县|区|州|盟|旗|自治区))"
    r"([\u4e00-\u9fff]{0,14}?(?:人民政府办公厅|人民政府办公室|人民政府|管理委员会|管委会|委员会|局|厅|办公室|中心|街道办事处|"
    r"综合实验区|新区|开发区))"
)
_AGENCY_SUFFIX = re.compile(
    r"(?:人民政府办公厅|人民政府办公室|人民政府|管理委员会|管委会|委员会|局|厅|办公室|中心|街道办事处|综合实验区|新区|开发区)"
)
_NOT_PLACE = ("全市", "本市", "我市", "全县", "本县", "我县", "全区", "本区", "我区", "该市", "各市", "各县", "各区")
_DATE_ISO = re.compile(r"(?:发布时间|发布日期|成文日期)\s*[:：]\s*((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})")
_DATE_CN = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def cn_year(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    try:
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    except KeyError:
        return None


# breadcrumb words of site chrome that may precede a title on the same line
_CRUMBS = ("当前位置", "首页", ">", "»", "|", ":", "：", "政务公开", "信息公开年报", "政府信息公开年报", "年度报告栏目", "年报")


def find_title(lines: list[str]) -> tuple[str | None, int | None, str | None]:
    """(title, year, agency) from the first lines that look like a report title."""
    for text in lines[:40]:
        t = text.strip().lstrip("#").strip()
        m = _TITLE.match(t)
        if not m:
            continue
        prefix = re.sub(r"\s+", "", m.group(1))
        cut = max((prefix.rfind(w) + len(w) for w in _CRUMBS if w in prefix), default=0)
        agency = prefix[cut:].strip("《》“”\"' :：>»|/")
        start = (m.start(1) + len(m.group(1)) - len(m.group(1).lstrip())) if m.group(1) else m.start(2)
        title = re.sub(r"\s+", "", t[start:m.end(3)])
        title = title[title.find(agency):] if agency and agency in title else title[cut:] if cut else title
        return title, cn_year(m.group(2)), agency or None
    return None, None, None


def find_year(text: str) -> int | None:
    m = _PERIOD.search(text)
    if m:
        return cn_year(m.group(1))
    head = text[:3000]
    m = _YEAR_DU.search(head)
    if m:
        return cn_year(m.group(1))
    years = Counter(int(y) for y in _ANY_YEAR.findall(head))
    if years:
        return years.most_common(1)[0][0]
    return None


def find_agency(text: str) -> str | None:
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    head = text[:8000]
    found = []
    for sm in _AGENCY_SUFFIX.finditer(head):  # cheap pre-scan; the full pattern runs on windows
        a = max(0, sm.start() - 24)
        m = _AGENCY.search(head, a, sm.end())
        if m and m.end() == sm.end():
            found.append(m)
    for m in found:
        place = m.group(1)
        if place in _NOT_PLACE or any(place.endswith(x) for x in _NOT_PLACE):
            continue
        name = m.group(0)
        counts[name] += 1
        first.setdefault(name, m.start())
    if not counts:
        return None
    return sorted(counts, key=lambda n: (-counts[n], first[n]))[0]


def find_published(text: str) -> str | None:
    m = _DATE_ISO.search(text[:2000])
    if m:
        y, mo, d = m.groups()
        return f"{int(y):04d}-{int(mo):02d}-{int(d):02d}"
    tail = text[-300:]
    found = list(_DATE_CN.finditer(tail))
    if found:
        y, mo, d = found[-1].groups()
        return f"{int(y):04d}-{int(mo):02d}-{int(d):02d}"
    return None


def detect_template(template: Template, table_text: str, headings: str, year: int | None, national: bool) -> str:
    """The national version from the fingerprints in the tables (by year on a tie); legacy from
    the old headings."""
    versions = template.national()
    hits = {v.name: sum(1 for w in v.fingerprint if w in table_text) for v in versions}
    if national or any(hits.values()):
        best = max(hits.values())
        top = [name for name, n in hits.items() if n == best]
        if len(top) == 1 and best:
            return top[0]
        if year is not None:
            found = template.version_for_year(year)
            if found is not None and (found.kind != "national" or found.name in top or not best):
                return found.name
            by_year = [name for name in top if (v := template.version(name)) is not None and v.covers(year)]
            if by_year:
                return by_year[-1]
        return template.default_version().name if national else "unknown"
    for v in template.versions:
        if v.kind == "legacy" and (
            any(w in headings for w in v.fingerprint) or (year is not None and v.covers(year))
        ):
            return v.name
    return "unknown"

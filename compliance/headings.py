"""The shapes of section headings, once.

A section heading is a Chinese ordinal (``三、`` ``第三部分``) followed by a title that carries a
keyword of a template section (the keywords are data: ``rules/templates/national.toml``).  The
line grammar (``grammars/report.lark``) marks heading *candidates* by the same ordinals; which of
them are section headings is decided with the patterns here, in the places that need them:

* :func:`heading_patterns` — a heading inside a flattened line of page text (adapters/flat.py
  cuts the line before it);
* :func:`page_heading` — a heading of a web page, however it is marked up (adapters/html.py);
* :data:`SECTION_HEADING` — a heading candidate's number and title (layout/sections.py);
* :data:`NUMBERED` — a line that starts with a section number (the table zone of flat text).

Captions (``第二十条第（X）项``) are the grammar's own terminals: see
:func:`compliance.build.caption_pattern`.
"""

from __future__ import annotations

import re
from functools import lru_cache

ORDINALS = "一二三四五六七八九十"

SECTION_HEADING = re.compile(rf"^\s*(?:第\s*)?([{ORDINALS}]{{1,2}})\s*(?:[、.]|部分)\s*(.*)$", re.S)
NUMBERED = re.compile(rf"\s*([{ORDINALS}]{{1,2}})\s*[、.]")


def _alternatives(keywords: tuple[str, ...]) -> str:
    return "|".join(re.escape(k) for k in sorted(keywords, key=len, reverse=True))


@lru_cache(maxsize=8)
def heading_patterns(keywords: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(strict, relaxed): a number, ``、``/``.`` and, within 24 characters of the same clause, a
    section keyword.  ``strict`` also wants no Chinese character just before the number."""
    body = rf"([{ORDINALS}]{{1,2}})\s*[、.]\s*(?=[^。\n,;:!?\d]{{0,24}}?(?:{_alternatives(keywords)}))"
    return re.compile(rf"(?<![\u4e00-\u9fff]){body}"), re.compile(body)


@lru_cache(maxsize=8)
def page_heading(keywords: tuple[str, ...]) -> re.Pattern[str]:
    """A web page's section heading: ``（三）``/``第三``/``三、`` …, then a keyword within 8
    characters; group ``n`` is the number."""
    return re.compile(rf"^\(?第?(?P<n>[一二三四五六七八])\s*[、.,:;)]?\s*.{{0,8}}?({_alternatives(keywords)})")


# What a section says when its heading is lost (a flattened page, a heading printed as a plain
# line or numbered otherwise): words of its content, beyond the heading keywords of the
# template data.  Two different words of a section in the text between its neighbours show
# that the section is there (layout/sections.py ``section_content``); the sections with a
# table are shown by their table.  From the format's content requirements
# (spec/regulation.md: 总体情况's five aspects, 五 problems and their correction, 六 fees etc.).
CONTENT_WORDS: dict[str, tuple[str, ...]] = {
    "一": ("总体情况", "主动公开", "依申请公开", "政府信息管理", "平台建设", "监督保障"),
    "五": ("不足", "短板", "薄弱", "存在问题", "主要问题", "整改", "改进", "下一步", "下一年度", "今后"),
    "六": ("信息处理费", "人大代表建议", "政协提案", "工作要点", "其他需要报告", "创新"),
}

"""The catalogue of codes that are not rules: parse problems, engine and baseline notes.

Every finding the program can report that no rule set defines is declared here ONCE, with the
same kind of metadata a rule has (id, kebab-case name, severity, Chinese summary and rationale,
basis where one applies), and is built through its named constructor:

    UNREADABLE_ROW.finding(message, span=span, row="applications/carried_out")
    RULE_CRASHED.finding(message, span=span, evidence={"rule": "T3-001", "traceback": "…"})

Ids follow the one pattern of rule ids (:data:`ID_RE`, ``AAA-NNN``), and the families
``PRS`` (parse), ``ENG`` (engine) and ``BSL`` (baseline) are reserved: a rule set may not use
them (the loader refuses).  ``compliance rules explain PRS-003`` and ``docs/rules/codes/``
show the catalogue; SARIF lists the codes of a run in ``tool.driver.rules``.

A leaf module: it imports only :mod:`compliance.findings`, :mod:`compliance.text` and
:mod:`compliance.template` (for the section of a table).
"""

from __future__ import annotations

import re
from types import EllipsisType
from typing import Any, Iterable, Literal, Mapping

from attrs import frozen

from .findings import Finding, Location, Severity
from .template import current as current_template
from .text import Span

#: The one id pattern of rules and catalogue codes: upper-case family, dash, three digits.
ID_RE = re.compile(r"^[A-Z][A-Z0-9]*-[0-9]{3}$")
#: Names of rules and codes: kebab-case.
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")

Group = Literal["parse", "engine", "baseline", "series"]
GROUP_ZH: dict[str, str] = {"parse": "解析问题", "engine": "引擎问题", "baseline": "基线提示", "series": "跨报告配对提示"}
#: Id families reserved for catalogue codes (rule sets may not use them).
FAMILIES: dict[str, Group] = {"PRS": "parse", "ENG": "engine", "BSL": "baseline", "SER": "series"}

#: The template section a national table belongs to (a problem about a row of that table is
#: located in that section; other tables, e.g. ``legacy_stats``, have none).
def section_of(address: str | None) -> str | None:
    """The section of the table an address (``table/row[/column]``) names, if any."""
    if not address:
        return None
    t = current_template().get(address.split("/")[0])
    return (t.section or None) if t is not None else None


@frozen
class Code:
    """One catalogue entry: what the finding means and how to build it."""

    id: str  # PRS-003
    name: str  # unreadable-row
    severity: Severity
    group: Group
    summary: str  # Chinese, one line
    rationale: str  # Chinese: what it means for the auditor, what to do
    basis: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # earlier ids (BSL01)

    def finding(
        self,
        message: str,
        *,
        span: Span | None = None,
        cell: str | None = None,
        row: str | None = None,
        section: str | None | EllipsisType = ...,
        evidence: Mapping[str, Any] | Iterable[tuple[str, Any]] = (),
    ) -> Finding:
        """A finding of this code.

        ``cell``: the one cell it is about (``table/row/column``, ``location.cell``).  ``row``:
        the whole row it is about (``table/row``): ``location.cell`` stays null and the row is
        named first in the evidence (``evidence.row``).  ``section``: by default the section of
        the table ``cell`` or ``row`` names (None for other tables); pass a value (or None) to
        set it.  ``evidence``: further (key, value) pairs, in order.

        The finding's ``basis`` is empty (its JSON is what it was before the catalogue): the
        code's :attr:`basis` is documentation, shown by ``rules explain``, the docs, SARIF's
        rule descriptor and the text/HTML explanations, which look it up by id.
        """
        if cell is not None and row is not None:
            raise ValueError(f"{self.id}: a finding is about a cell or a row, not both")
        if section is ...:
            section = section_of(cell or row)
        pairs = tuple(evidence.items()) if isinstance(evidence, Mapping) else tuple(evidence)
        if row is not None:
            pairs = (("row", row),) + pairs
        return Finding(
            rule=self.id,
            name=self.name,
            severity=self.severity,
            message=message,
            location=Location(span=span, section=section, cell=cell),
            evidence=pairs,
        )

    def to_catalog(self) -> dict[str, Any]:
        """Metadata in the shape of a rule's catalogue entry (SARIF, text, HTML)."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": "code",
            "group": self.group,
            "severity": self.severity.value,
            "summary": self.summary,
            "basis": list(self.basis),
            "rationale": self.rationale,
            "limitations": "",
        }


_TEMPLATES = ("国办公开办函〔2021〕30号《中华人民共和国政府信息公开工作年度报告格式》", "国办公开办函〔2019〕60号《中华人民共和国政府信息公开工作年度报告格式（试行）》")

UNREADABLE_INPUT = Code(
    "PRS-001",
    "unreadable-input",
    Severity.ERROR,
    "parse",
    "文件无法读取，或报告结构无法解析：这份文件没有做任何检查",
    "文件为空、不是文本（二进制、加密或损坏的文件）、编码无法识别，或报告的结构无法解析。程序对这份文件"
    "没有运行任何规则，所以除这一条外没有其他问题并不说明报告合规。请确认文件能正常打开、确实是年度报告正文"
    "（而不是附件列表或跳转页面），必要时另存为 UTF-8 文本或 HTML 后重新检查。",
)
NO_TABLES_FOUND = Code(
    "PRS-002",
    "no-tables-found",
    Severity.ERROR,
    "parse",
    "报告识别为 2019 或 2021 年模板，但未找到表二、表三、表四中的任何一张",
    "年度报告格式要求用统计表报告第二至第四部分的情况。一张统计表也没有找到，"
    "可能是报告漏了统计表，也可能是表格以图片、附件或程序无法识别的版式发布；依赖表格的规则都没有数据可核对。"
    "请查看原文：确实缺表的，属于法定内容不全；表格是图片或附件的，应要求以文字表格公开后重新检查。",
    ("《中华人民共和国政府信息公开条例》第五十条", *_TEMPLATES),
)
UNREADABLE_ROW = Code(
    "PRS-003",
    "unreadable-row",
    Severity.WARNING,
    "parse",
    "表格一行的数字粘连在一起，无法唯一拆分，该行按“无法读取”处理",
    "单元格之间的分隔在排版或转换时丢失（如一行的数字粘成“8855698”），按模板的列数和勾稽关系有不止一种"
    "（或没有）拆法。程序不猜测：该行各单元格标为“无法读取”，涉及这些单元格的核对不会进行（以免因拆错而误报）。"
    "请对照原件（网页、PDF 或纸质件）人工核对该行数字；发布机关应修正版式，使每个数字单独成格。",
)
UNKNOWN_TEMPLATE = Code(
    "PRS-004",
    "unknown-template",
    Severity.WARNING,
    "parse",
    "无法判断报告使用的模板（2021 年格式、2019 年试行格式或 2019 年以前的旧格式）",
    "既找不到模板规定的统计表，也确定不了报告年度，因此无法按模板选择规则集，表格规则不会按模板核对。"
    "可能是文件不是年度报告、标题和正文都没有写明年度，或报告没有按规定格式编写。请确认文件内容；"
    "已知年度和格式时，可用 --rules 指定规则集重新检查。",
    _TEMPLATES,
)
ROW_MISFIT = Code(
    "PRS-005",
    "row-misfit",
    Severity.WARNING,
    "parse",
    "表格中的一行与模板对不上：不是模板的任何一行、单元格个数与模板不符，或同一行出现两次",
    "该行的数据没有计入表格（同一行出现两次时只采用第一次的数据），涉及该行的核对可能不完整。常见原因是报告"
    "增删或改写了模板的行、合并或拆分了单元格，或重复填报了同一行。请对照原文核实：擅自改动模板格式的，"
    "应按规定格式更正；若是程序未认出的正常写法，请反馈给维护者。",
    _TEMPLATES,
)
GLUED_DIGITS_INCONSISTENT = Code(
    "PRS-006",
    "glued-digits-inconsistent",
    Severity.ERROR,
    "parse",
    "表格一行粘连在一起的数字无论如何拆分都不满足模板的勾稽关系：公布的数字有误",
    "单元格之间的分隔丢失后（如一行的数字粘成“52100009”），程序按模板的列数尝试了每一种格式正确的拆法，"
    "没有一种能使模板规定的勾稽关系（每行合计等于各列之和、表三各列的收结平衡、表四每组合计等于前四项之和）成立。"
    "也就是说，不论原表怎样分格，公布的数字本身都不一致，至少有一个数字有误。程序不猜测哪个数字错了：该行各单元格"
    "仍按“无法读取”处理，证据中给出原样的数字、不成立的勾稽关系和最接近的一种读法（仅供核对，不作为数值使用）。"
    "请对照原件核对该行数字，发布机关应更正错误的数字并修正版式。",
    ("《中华人民共和国政府信息公开条例》第五十条", *_TEMPLATES),
)
SCANNED_DOCUMENT = Code(
    "PRS-007",
    "scanned-document",
    Severity.ERROR,
    "parse",
    "PDF 是扫描件，没有文字层，无法读取",
    "这份 PDF 的页面只有图片，没有可提取的文字（扫描件或由图片生成的 PDF）。程序不做文字识别（OCR），所以对"
    "这份文件没有运行任何规则；除这一条外没有其他问题并不说明报告合规。请向机关索取文字版 PDF、Word 文档或网页"
    "版本后重新检查；年度报告以扫描图片公开，本身也不便于公众检索和利用。",
    ("《中华人民共和国政府信息公开条例》第四十九条", "《中华人民共和国政府信息公开条例》第二十三条"),
)
PROTECTED_DOCUMENT = Code(
    "PRS-008",
    "protected-document",
    Severity.ERROR,
    "parse",
    "文件已加密或设有打开密码，无法读取",
    "这份 PDF 或 Word 文件设置了打开密码（或以程序不支持的方式加密），程序无法读取其内容，对它没有运行任何规则。"
    "请向机关索取未加密的版本，或由持有密码的人员另存为未加密的文件后重新检查。",
)
INPUT_LIMIT_EXCEEDED = Code(
    "PRS-009",
    "input-limit-exceeded",
    Severity.ERROR,
    "parse",
    "文件超出读取限制（大小、页数、压缩包成员数或解压后大小），未读取",
    "为防止异常文件（例如解压后体积暴增的压缩包、成千上万页的 PDF）拖垮检查，程序对文件大小、PDF 页数、Word "
    "文件的成员数和解压后大小设有上限。这份文件超出了其中一项，未读取，对它没有运行任何规则。一般的年度报告远在"
    "上限之内：请确认文件确实是年度报告；确有需要时，可用 --limit 调高对应上限后重新检查。",
)
CONVERTER_MISSING = Code(
    "PRS-010",
    "converter-missing",
    Severity.ERROR,
    "parse",
    "旧版 Word（.doc）、WPS 或 RTF 文件需要 LibreOffice 转换，转换不可用或失败",
    "旧版 Word（.doc）、WPS（.wps）和 RTF 文件由 LibreOffice 转换为 .docx 后读取。本机没有安装 LibreOffice，或转换"
    "失败、超时，所以这份文件未读取，对它没有运行任何规则。请安装 LibreOffice（命令 soffice 可用），或把文件另存为"
    " .docx、文字版 PDF 或网页后重新检查。",
)
RULESET_TEMPLATE_MISMATCH = Code(
    "ENG-001",
    "ruleset-template-mismatch",
    Severity.INFO,
    "engine",
    "报告的格式与所选规则集不符，规则集的表格规则没有运行",
    "规则集是为某一种模板编写的（如 2021 年格式），而这份报告识别为另一种格式，表格勾稽、单元格等依赖表格的"
    "规则因此没有运行，只运行了不依赖表格的规则。常见于用 --rules 指定了不适用的规则集，或报告混用了新旧格式。"
    "请确认报告的年度与格式：去掉 --rules 由程序自动选择，或指定与报告格式对应的规则集。",
)
RULE_CRASHED = Code(
    "ENG-002",
    "rule-crashed",
    Severity.ERROR,
    "engine",
    "一条规则运行出错，它本应给出的检查结果缺失",
    "这是程序的缺陷，不是报告的问题：一条规则在这份报告上运行时出错，其结果缺失，其他规则照常运行。"
    "请把报告文件和这条问题的内容（规则编号、出错信息）报告给维护者；修复之前，该规则涉及的内容需要人工核对。",
)
ENGINE_CRASHED = Code(
    "ENG-003",
    "engine-crashed",
    Severity.ERROR,
    "engine",
    "检查过程本身运行出错，本报告的检查结果缺失",
    "这是程序的缺陷，不是报告的问题：检查这份报告时（不在某一条规则之内）程序出错，本报告没有检查结果，"
    "批量中的其他报告照常检查。请把报告文件和这条问题的内容（出错信息）报告给维护者；修复之前，本报告需要人工核对。",
)
CHECK_TIMED_OUT = Code(
    "ENG-004",
    "check-timed-out",
    Severity.ERROR,
    "engine",
    "检查这份报告超过了时间上限，没有结果",
    "服务（compliance serve）为每份报告设有检查时间上限，防止一份异常文件占住检查进程、拖慢其他人的检查。"
    "这份报告在上限内没有检查完，检查被停止，本报告没有检查结果，同一批的其他报告照常检查。一般的年度报告"
    "在一秒内检查完：请确认文件确实是年度报告；确有需要时，由服务的管理员调高 --report-timeout 后重新检查，"
    "并把文件报告给维护者（这通常是程序需要改进之处）。",
)
STALE_WAIVER = Code(
    "BSL-001",
    "stale-waiver",
    Severity.INFO,
    "baseline",
    "基线中的一条豁免已不再匹配任何问题",
    "基线为这份报告记下的一个已知问题在本次检查中没有再出现，多半是报告已经改正（也可能是机关名称、年度的"
    "识别结果变了）。失效的豁免留在基线里，会在以后同一位置再出现同样问题时把它悄悄豁免掉。请确认问题已经"
    "修正后，从基线文件中删除这条豁免（或重新生成基线）。",
    aliases=("BSL01",),
)

PREVIOUS_REPORT_AMBIGUOUS = Code(
    "SER-001",
    "previous-report-ambiguous",
    Severity.INFO,
    "series",
    "找到不止一份可能是上一年度的报告，未作配对，跨年度核对未运行",
    "跨年度规则（结转、存量连续、雷同）需要同一机关上一年度的报告。本批次、批次清单或历史库中有几份"
    "报告都可能是它（同一机关名称、同一年度，内容不同），无法确定哪一份是正式发布的版本，因此没有配对，"
    "这些规则对本报告未运行。请在批次清单的 previous 列指定上一年度报告，或从历史库中删除多余的一份"
    "（compliance history forget）。",
)
AGENCY_NAME_UNMATCHED = Code(
    "SER-002",
    "agency-name-unmatched",
    Severity.INFO,
    "series",
    "上一年度有名称相近但不相同的机关报告，未作配对",
    "没有找到名称相同的上一年度报告，但有名称相近的（如全称与简称、机构改革前后的名称）。名称不同也可能是"
    "不同的机关，本工具不擅自配对，跨年度规则对本报告未运行。如确为同一机关，请在别名文件（--aliases）中"
    "登记，或在批次清单中填写相同的 agency，或用 previous 列指定上一年度报告。",
)

#: Every catalogue code, in id order.
CODES: tuple[Code, ...] = (
    UNREADABLE_INPUT,
    NO_TABLES_FOUND,
    UNREADABLE_ROW,
    UNKNOWN_TEMPLATE,
    ROW_MISFIT,
    GLUED_DIGITS_INCONSISTENT,
    SCANNED_DOCUMENT,
    PROTECTED_DOCUMENT,
    INPUT_LIMIT_EXCEEDED,
    CONVERTER_MISSING,
    RULESET_TEMPLATE_MISMATCH,
    RULE_CRASHED,
    ENGINE_CRASHED,
    CHECK_TIMED_OUT,
    STALE_WAIVER,
    PREVIOUS_REPORT_AMBIGUOUS,
    AGENCY_NAME_UNMATCHED,
)
_BY_ID: dict[str, Code] = {k: c for c in CODES for k in (c.id, *c.aliases)}

#: Parse problems meaning nothing of the file was read: no rule runs on such a report.
NOT_READ: frozenset[str] = frozenset(
    c.id for c in (UNREADABLE_INPUT, SCANNED_DOCUMENT, PROTECTED_DOCUMENT, INPUT_LIMIT_EXCEEDED, CONVERTER_MISSING)
)


def get(code_id: str) -> Code | None:
    """The code with this id (or an earlier id, e.g. ``BSL01``); None if there is none."""
    return _BY_ID.get(code_id.strip().upper())


def is_reserved(rule_id: str) -> bool:
    """Whether an id belongs to the catalogue's families (``PRS``, ``ENG``, ``BSL``) or is a code."""
    return rule_id.split("-")[0] in FAMILIES or rule_id in _BY_ID


def catalog() -> list[dict[str, Any]]:
    """Every code's :meth:`Code.to_catalog` entry, in id order."""
    return [c.to_catalog() for c in CODES]

"""A table model of one annual report: the numbers of tables 二, 三 and 四, nothing else.

The model is what the round-trip tests start from: a :class:`TableModel` is rendered as a full
report in some input format (:mod:`support.render`), parsed back with ``compliance``, and the
parsed cells are compared with the model's.

The layout constants below spell out the two national templates (spec/regulation.md §3) with
the labels as a report prints them, independently of ``rules/templates/national.toml``, so
that a mistake in the parser's layout data shows up as a round-trip failure instead of being
copied into the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

Number = int | Decimal

TEMPLATES = ("2019", "2021")

# ---------------------------------------------------------------------------------------------
# 表二 主动公开政府信息情况: blocks of 第二十条第（X）项, each (item, columns, rows) with
# (id, printed label) pairs in printed order.

DISCLOSURE_BLOCKS: dict[str, tuple[tuple[str, tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]], ...]] = {
    "2021": (
        (
            "一",
            (("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("in_force", "现行有效件数")),
            (("regulations", "规章"), ("normative_documents", "行政规范性文件")),
        ),
        ("五", (("decisions", "本年处理决定数量"),), (("licensing", "行政许可"),)),
        ("六", (("decisions", "本年处理决定数量"),), (("penalty", "行政处罚"), ("coercion", "行政强制"))),
        ("八", (("amount", "本年收费金额（单位：万元）"),), (("fees", "行政事业性收费"),)),
    ),
    "2019": (
        (
            "一",
            (("new_made", "本年新制作数量"), ("new_published", "本年新公开数量"), ("published_total", "对外公开总数量")),
            (("regulations", "规章"), ("normative_documents", "规范性文件")),
        ),
        (
            "五",
            (("previous_items", "上一年项目数量"), ("change", "本年增/减"), ("decisions", "处理决定数量")),
            (("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")),
        ),
        (
            "六",
            (("previous_items", "上一年项目数量"), ("change", "本年增/减"), ("decisions", "处理决定数量")),
            (("penalty", "行政处罚"), ("coercion", "行政强制")),
        ),
        ("八", (("previous_items", "上一年项目数量"), ("change", "本年增/减")), (("fees", "行政事业性收费"),)),
        ("九", (("items", "采购项目数量"), ("amount", "采购总金额")), (("procurement", "政府集中采购"),)),
    ),
}

SIGNED_COLUMNS = frozenset({"change"})
DECIMAL_COLUMNS = frozenset({"amount"})

# ---------------------------------------------------------------------------------------------
# 表三 收到和处理政府信息公开申请情况

APP_COLUMNS: tuple[tuple[str, str], ...] = (
    ("natural_person", "自然人"),
    ("commercial", "商业企业"),
    ("research", "科研机构"),
    ("social_welfare", "社会公益组织"),
    ("legal_service", "法律服务机构"),
    ("other_org", "其他"),
    ("total", "总计"),
)
APP_COLUMN_IDS = tuple(c for c, _ in APP_COLUMNS)
APPLICANT_COLUMN_IDS = APP_COLUMN_IDS[:6]

APP_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
RESULTS_GROUP = "三、本年度办理结果"

# (group label or None, row id, printed label).  Group labels are printed once, spanning
# their rows; rows with group None under 三、 sit directly under 本年度办理结果.
_APP_HEAD = (
    (None, "new_received", "一、本年新收政府信息公开申请数量"),
    (None, "carried_in", "二、上年结转政府信息公开申请数量"),
)
_APP_RESULTS_COMMON = (
    (None, "granted", "（一）予以公开"),
    (None, "partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("（三）不予公开", "denied.state_secret", "1.属于国家秘密"),
    ("（三）不予公开", "denied.prohibited_by_law", "2.其他法律行政法规禁止公开"),
    ("（三）不予公开", "denied.three_securities", "3.危及“三安全一稳定”"),
    ("（三）不予公开", "denied.third_party", "4.保护第三方合法权益"),
    ("（三）不予公开", "denied.internal_affairs", "5.属于三类内部事务信息"),
    ("（三）不予公开", "denied.process_information", "6.属于四类过程性信息"),
    ("（三）不予公开", "denied.enforcement_files", "7.属于行政执法案卷"),
    ("（三）不予公开", "denied.inquiry_matters", "8.属于行政查询事项"),
    ("（四）无法提供", "unable.not_held", "1.本机关不掌握相关政府信息"),
    ("（四）无法提供", "unable.needs_creation", "2.没有现成信息需要另行制作"),
    ("（四）无法提供", "unable.still_unclear", "3.补正后申请内容仍不明确"),
    ("（五）不予处理", "not_processed.complaints", "1.信访举报投诉类申请"),
    ("（五）不予处理", "not_processed.duplicate", "2.重复申请"),
    ("（五）不予处理", "not_processed.publications", "3.要求提供公开出版物"),
    ("（五）不予处理", "not_processed.excessive", "4.无正当理由大量反复申请"),
    ("（五）不予处理", "not_processed.confirmation", "5.要求行政机关确认或重新出具已获取信息"),
)
_APP_OTHER = {
    "2019": ((None, "other", "（六）其他处理"),),
    "2021": (
        ("（六）其他处理", "other.overdue_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        ("（六）其他处理", "other.overdue_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        ("（六）其他处理", "other.other", "3.其他"),
    ),
}
_APP_TAIL_RESULTS = ((None, "total", "（七）总计"),)
_APP_TAIL = ((None, "carried_out", "四、结转下年度继续办理"),)


def result_rows(template: str) -> tuple[tuple[str | None, str, str], ...]:
    """The rows under 三、本年度办理结果 (leaves and 总计), in printed order."""
    return _APP_RESULTS_COMMON + _APP_OTHER[template] + _APP_TAIL_RESULTS


def app_rows(template: str) -> tuple[tuple[str | None, str, str], ...]:
    """All data rows of 表三 as (group, id, label), in printed order."""
    return _APP_HEAD + result_rows(template) + _APP_TAIL


def app_row_ids(template: str) -> tuple[str, ...]:
    return tuple(rid for _, rid, _ in app_rows(template))


def leaf_ids(template: str) -> tuple[str, ...]:
    """The rows counted in （七）总计: 19 in the 2019 template, 21 in 2021."""
    return tuple(rid for _, rid, _ in _APP_RESULTS_COMMON + _APP_OTHER[template])


# ---------------------------------------------------------------------------------------------
# 表四 政府信息公开行政复议、行政诉讼情况

APPEAL_ROWS: tuple[tuple[str, str], ...] = (
    ("review", "行政复议"),
    ("litigation_direct", "未经复议直接起诉"),
    ("litigation_after_review", "复议后起诉"),
)
APPEAL_COLUMNS: tuple[tuple[str, str], ...] = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)
APPEAL_COLUMN_IDS = tuple(c for c, _ in APPEAL_COLUMNS)


# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TableModel:
    """The numbers of one report's tables 二/三/四.

    ``disclosure``: row id → column id → number (the columns of the row's 第二十条 block);
    ``applications``: row id → the 7 values (APP_COLUMNS order); ``appeals``: row id → the 5
    values (APPEAL_COLUMNS order).  ``blanks``: cell addresses (``table/row/column``) printed as
    an empty cell.  A blank cell's number stays in the model (0 for tables 三/四, so the
    identities still hold) but :meth:`value` returns ``None`` for it: the parser must give
    kind ``blank``, never 0.
    """

    template: str
    year: int
    agency: str
    disclosure: dict[str, dict[str, Number]]
    applications: dict[str, tuple[int, ...]]
    appeals: dict[str, tuple[int, ...]]
    blanks: frozenset[str] = field(default_factory=frozenset)

    # -- lookup ------------------------------------------------------------------------------
    def number(self, address: str) -> Number:
        """The model's number at ``table/row/column`` (also for blank cells)."""
        table, row, column = address.split("/")
        if table == "disclosure":
            return self.disclosure[row][column]
        if table == "applications":
            return self.applications[row][APP_COLUMN_IDS.index(column)]
        if table == "appeals":
            return self.appeals[row][APPEAL_COLUMN_IDS.index(column)]
        raise KeyError(address)

    def value(self, address: str) -> Number | None:
        """What the report prints at ``address``: the number, or None for a blank cell."""
        return None if address in self.blanks else self.number(address)

    def text(self, address: str) -> str:
        """The cell as printed (empty for a blank cell)."""
        v = self.value(address)
        return "" if v is None else str(v)

    def addresses(self, table: str | None = None) -> Iterator[str]:
        """Every cell address in printed order (optionally of one table)."""
        if table in (None, "disclosure"):
            for _, columns, rows in DISCLOSURE_BLOCKS[self.template]:
                for rid, _ in rows:
                    for cid, _ in columns:
                        yield f"disclosure/{rid}/{cid}"
        if table in (None, "applications"):
            for rid in app_row_ids(self.template):
                for cid in APP_COLUMN_IDS:
                    yield f"applications/{rid}/{cid}"
        if table in (None, "appeals"):
            for rid, _ in APPEAL_ROWS:
                for cid in APPEAL_COLUMN_IDS:
                    yield f"appeals/{rid}/{cid}"

    def cells(self, table: str | None = None) -> Iterator[tuple[str, Number | None]]:
        for address in self.addresses(table):
            yield address, self.value(address)

    def row_values(self, table: str, row: str) -> list[Number | None]:
        prefix = f"{table}/{row}/"
        return [v for a, v in self.cells(table) if a.startswith(prefix)]

    # -- consistency ---------------------------------------------------------------------------
    def identity_errors(self) -> list[str]:
        """The identities of spec/regulation.md §3.3 that do not hold (empty: consistent)."""
        errors = []
        apps = self.applications
        leaves = leaf_ids(self.template)
        for i, cid in enumerate(APP_COLUMN_IDS):
            if apps["new_received"][i] + apps["carried_in"][i] != apps["total"][i] + apps["carried_out"][i]:
                errors.append(f"ID-T3-COL {cid}")
            if sum(apps[r][i] for r in leaves) != apps["total"][i]:
                errors.append(f"ID-T3-TOTAL {cid}")
        for rid, values in apps.items():
            if len(values) != 7 or sum(values[:6]) != values[6]:
                errors.append(f"ID-T3-ROW {rid}")
            if any(v < 0 for v in values):
                errors.append(f"ID-INT {rid}")
        for rid, values in self.appeals.items():
            if len(values) != 5 or sum(values[:4]) != values[4] or any(v < 0 for v in values):
                errors.append(f"ID-T4-GRP {rid}")
        if set(apps) != set(app_row_ids(self.template)):
            errors.append("applications rows")
        if set(self.appeals) != {r for r, _ in APPEAL_ROWS}:
            errors.append("appeals rows")
        for address in self.blanks:
            if not address.startswith("disclosure/") and self.number(address) != 0:
                errors.append(f"blank cell with a non-zero number: {address}")
        return errors

    # -- narrative helpers -------------------------------------------------------------------
    def app(self, row: str, column: str = "total") -> int:
        return self.applications[row][APP_COLUMN_IDS.index(column)]

    def appeal(self, row: str, column: str = "total") -> int:
        return self.appeals[row][APPEAL_COLUMN_IDS.index(column)]


def build_model(
    template: str,
    year: int,
    agency: str,
    disclosure: dict[str, dict[str, Number]],
    leaves: dict[str, tuple[int, ...]],
    carried_in: tuple[int, ...],
    carried_out: tuple[int, ...],
    appeals: dict[str, tuple[int, int, int, int]],
    blanks: frozenset[str] = frozenset(),
) -> TableModel:
    """A consistent model from its free parts: the six applicant columns of every leaf row of
    表三, of 上年结转 and of 结转下年度, and the four result columns of each 表四 group.
    Totals and 本年新收 are derived (本年新收 = 总计 + 结转下年度 − 上年结转, which must not be
    negative)."""
    apps: dict[str, tuple[int, ...]] = {}
    ids = leaf_ids(template)
    total6 = [sum(leaves[r][i] for r in ids) for i in range(6)]
    new6 = [total6[i] + carried_out[i] - carried_in[i] for i in range(6)]
    if any(v < 0 for v in new6):
        raise ValueError("上年结转 exceeds 总计 + 结转下年度")

    def with_total(six) -> tuple[int, ...]:
        six = tuple(int(v) for v in six)
        return six + (sum(six),)

    for _, rid, _ in app_rows(template):
        if rid == "new_received":
            apps[rid] = with_total(new6)
        elif rid == "carried_in":
            apps[rid] = with_total(carried_in)
        elif rid == "total":
            apps[rid] = with_total(total6)
        elif rid == "carried_out":
            apps[rid] = with_total(carried_out)
        else:
            apps[rid] = with_total(leaves[rid])
    model = TableModel(
        template,
        year,
        agency,
        {r: dict(c) for r, c in disclosure.items()},
        apps,
        {rid: tuple(v) + (sum(v),) for rid, v in appeals.items()},
        frozenset(blanks),
    )
    errors = model.identity_errors()
    if errors:
        raise ValueError(f"inconsistent model: {errors}")
    return model


__all__ = [
    "APPEAL_COLUMNS",
    "APPEAL_COLUMN_IDS",
    "APPEAL_ROWS",
    "APPLICANT_COLUMN_IDS",
    "APP_COLUMNS",
    "APP_COLUMN_IDS",
    "APP_NOTE",
    "DECIMAL_COLUMNS",
    "DISCLOSURE_BLOCKS",
    "RESULTS_GROUP",
    "SIGNED_COLUMNS",
    "TEMPLATES",
    "TableModel",
    "app_row_ids",
    "app_rows",
    "build_model",
    "leaf_ids",
    "result_rows",
]

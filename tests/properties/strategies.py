"""Valid reports by construction (draw the leaves, derive the totals), rendered as Markdown.

``reports()`` draws a :class:`GenReport`; ``render(g)`` is its Markdown text, which the tests
send through the real parser (``parse_text``) and the rule engine.  Every identity of
spec/regulation.md §3.3 holds by construction, and the narrative states the table's numbers.
"""

from __future__ import annotations

from decimal import Decimal

from attrs import evolve, frozen
from hypothesis import strategies as st

COLUMNS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org")
LEAVES_COMMON = (
    ("granted", "（一）予以公开"),
    ("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("denied.state_secret", "1.属于国家秘密"),
    ("denied.prohibited_by_law", "2.其他法律行政法规禁止公开"),
    ("denied.three_securities", "3.危及“三安全一稳定”"),
    ("denied.third_party", "4.保护第三方合法权益"),
    ("denied.internal_affairs", "5.属于三类内部事务信息"),
    ("denied.process_information", "6.属于四类过程性信息"),
    ("denied.enforcement_files", "7.属于行政执法案卷"),
    ("denied.inquiry_matters", "8.属于行政查询事项"),
    ("unable.not_held", "1.本机关不掌握相关政府信息"),
    ("unable.needs_creation", "2.没有现成信息需要另行制作"),
    ("unable.still_unclear", "3.补正后申请内容仍不明确"),
    ("not_processed.complaints", "1.信访举报投诉类申请"),
    ("not_processed.duplicate", "2.重复申请"),
    ("not_processed.publications", "3.要求提供公开出版物"),
    ("not_processed.excessive", "4.无正当理由大量反复申请"),
    ("not_processed.confirmation", "5.要求行政机关确认或重新出具已获取信息"),
)
LEAVES_2019 = LEAVES_COMMON + (("other", "（六）其他处理"),)
LEAVES_2021 = LEAVES_COMMON + (
    ("other.overdue_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other.overdue_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other.other", "3.其他"),
)
GROUP_HEADS = {"denied.state_secret": "（三）不予公开", "unable.not_held": "（四）无法提供", "not_processed.complaints": "（五）不予处理", "other.overdue_correction": "（六）其他处理"}
APPEAL_ROWS = (("review", "行政复议"), ("litigation_direct", "行政诉讼（未经复议直接起诉）"), ("litigation_after_review", "行政诉讼（复议后起诉）"))
AGENCIES = ("青松县自然资源局", "白石市生态环境局", "云溪区教育局", "青松县人民政府", "白石市人民政府")
SECTION_TITLES = {
    "一": "总体情况",
    "二": "主动公开政府信息情况",
    "三": "收到和处理政府信息公开申请情况",
    "四": "政府信息公开行政复议、行政诉讼情况",
    "五": "存在的主要问题及改进情况",
    "六": "其他需要报告的事项",
}


@frozen
class GenReport:
    template: str
    year: int
    agency: str
    applications: dict  # row id -> {column -> int}  (incl. total column and rows)
    appeals: dict  # row id -> {column -> int}
    disclosure: dict  # row id -> {column -> str}
    fee_statement: bool = True
    sections: tuple[str, ...] = ("一", "二", "三", "四", "五", "六")
    blanks: tuple[str, ...] = ()  # addresses rendered blank
    narrative_override: dict = {}  # key -> number stated in the text instead of the table's


def leaves(template: str):
    return LEAVES_2021 if template == "2021" else LEAVES_2019


small = st.one_of(st.just(0), st.just(0), st.integers(0, 4), st.integers(0, 30))


@st.composite
def reports(draw, template: str | None = None) -> GenReport:
    template = template or draw(st.sampled_from(("2019", "2021")))
    year = draw(st.integers(2019, 2020) if template == "2019" else st.integers(2021, 2024))
    agency = draw(st.sampled_from(AGENCIES))
    rows = [r for r, _ in leaves(template)]
    apps: dict[str, dict[str, int]] = {r: {} for r in rows + ["new_received", "carried_in", "total", "carried_out"]}
    for c in COLUMNS:
        for r in rows:
            apps[r][c] = draw(small)
        total = sum(apps[r][c] for r in rows)
        carried_out = draw(st.integers(0, 3))
        carried_in = draw(st.integers(0, total + carried_out))
        apps["total"][c] = total
        apps["carried_out"][c] = carried_out
        apps["carried_in"][c] = carried_in
        apps["new_received"][c] = total + carried_out - carried_in
    for r in apps:
        apps[r]["total"] = sum(apps[r][c] for c in COLUMNS)
    appeals = {}
    for r, _ in APPEAL_ROWS:
        vals = {k: draw(st.one_of(st.just(0), st.integers(0, 5))) for k in ("upheld", "corrected", "other", "pending")}
        vals["total"] = sum(vals.values())
        appeals[r] = vals
    n = lambda: str(draw(st.integers(0, 200)))  # noqa: E731
    if template == "2021":
        disclosure = {
            "regulations": {"issued": n(), "repealed": n(), "in_force": n()},
            "normative_documents": {"issued": n(), "repealed": n(), "in_force": n()},
            "licensing": {"decisions": n()},
            "penalty": {"decisions": n()},
            "coercion": {"decisions": n()},
            "fees": {"amount": str(Decimal(draw(st.integers(0, 99999))) / 100)},
        }
    else:
        signed = lambda: str(draw(st.integers(-5, 5)))  # noqa: E731

        def made_published_total() -> dict:
            # 对外公开总数量 is cumulative: it includes this year's newly published items
            new = draw(st.integers(0, 200))
            return {"new_made": n(), "new_published": str(new), "published_total": str(new + draw(st.integers(0, 200)))}

        disclosure = {
            "regulations": made_published_total(),
            "normative_documents": made_published_total(),
            "licensing": {"previous_items": n(), "change": signed(), "decisions": n()},
            "other_services": {"previous_items": n(), "change": signed(), "decisions": n()},
            "penalty": {"previous_items": n(), "change": signed(), "decisions": n()},
            "coercion": {"previous_items": n(), "change": signed(), "decisions": n()},
            "fees": {"previous_items": n(), "change": signed()},
            "procurement": {"items": n(), "amount": str(Decimal(draw(st.integers(0, 99999))) / 10)},
        }
    return GenReport(template, year, agency, apps, appeals, disclosure)


# --------------------------------------------------------------------------------------------
# rendering


def _cell(g: GenReport, address: str, value) -> str:
    return "" if address in g.blanks else str(value)


def _t2(g: GenReport) -> list[str]:
    d = g.disclosure
    if g.template == "2021":
        blocks = [
            ("一", ["本年制发件数", "本年废止件数", "现行有效件数"], [("规章", "regulations"), ("行政规范性文件", "normative_documents")], ["issued", "repealed", "in_force"]),
            ("五", ["本年处理决定数量"], [("行政许可", "licensing")], ["decisions"]),
            ("六", ["本年处理决定数量"], [("行政处罚", "penalty"), ("行政强制", "coercion")], ["decisions"]),
            ("八", ["本年收费金额（单位：万元）"], [("行政事业性收费", "fees")], ["amount"]),
        ]
    else:
        blocks = [
            ("一", ["本年新制作数量", "本年新公开数量", "对外公开总数量"], [("规章", "regulations"), ("规范性文件", "normative_documents")], ["new_made", "new_published", "published_total"]),
            ("五", ["上一年项目数量", "本年增/减", "处理决定数量"], [("行政许可", "licensing"), ("其他对外管理服务事项", "other_services")], ["previous_items", "change", "decisions"]),
            ("六", ["上一年项目数量", "本年增/减", "处理决定数量"], [("行政处罚", "penalty"), ("行政强制", "coercion")], ["previous_items", "change", "decisions"]),
            ("八", ["上一年项目数量", "本年增/减"], [("行政事业性收费", "fees")], ["previous_items", "change"]),
            ("九", ["采购项目数量", "采购总金额"], [("政府集中采购", "procurement")], ["items", "amount"]),
        ]
    out = []
    for item, heads, rows, cols in blocks:
        out += [f"第二十条第（{item}）项", "", "| 信息内容 | " + " | ".join(heads) + " |", "|---" * (len(heads) + 1) + "|"]
        for label, rid in rows:
            out.append(f"| {label} | " + " | ".join(_cell(g, f"disclosure/{rid}/{c}", d[rid][c]) for c in cols) + " |")
        out.append("")
    return out


def _t3(g: GenReport) -> list[str]:
    a = g.applications
    cols = COLUMNS + ("total",)

    def row(label, rid):
        return f"| {label} | " + " | ".join(_cell(g, f"applications/{rid}/{c}", a[rid][c]) for c in cols) + " |"

    out = [
        "| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |",
        "|---|---|---|---|---|---|---|---|",
        row("一、本年新收政府信息公开申请数量", "new_received"),
        row("二、上年结转政府信息公开申请数量", "carried_in"),
        "| 三、本年度办理结果 | | | | | | | |",
    ]
    for rid, label in leaves(g.template):
        if rid in GROUP_HEADS:
            out.append(f"| {GROUP_HEADS[rid]} | | | | | | | |")
        out.append(row(label, rid))
    out += [row("（七）总计", "total"), row("四、结转下年度继续办理", "carried_out"), ""]
    return out


def _t4(g: GenReport) -> list[str]:
    out = []
    for rid, caption in APPEAL_ROWS:
        v = g.appeals[rid]
        out += [caption, "", "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |", "|---|---|---|---|---|"]
        out.append("| " + " | ".join(_cell(g, f"appeals/{rid}/{c}", v[c]) for c in ("upheld", "corrected", "other", "pending", "total")) + " |")
        out.append("")
    return out


def narrative_numbers(g: GenReport) -> dict[str, int]:
    a, p = g.applications, g.appeals
    nums = {
        "new_received": a["new_received"]["total"],
        "carried_in": a["carried_in"]["total"],
        "total": a["total"]["total"],
        "carried_out": a["carried_out"]["total"],
        "review": p["review"]["total"],
        "litigation": p["litigation_direct"]["total"] + p["litigation_after_review"]["total"],
    }
    nums.update(g.narrative_override)
    return nums


def render(g: GenReport) -> str:
    n = narrative_numbers(g)
    lines = [f"# {g.agency}{g.year}年政府信息公开工作年度报告", ""]
    fmt = "国办公开办函〔2021〕30号" if g.template == "2021" else "国办公开办函〔2019〕60号"
    lines += [f"本报告根据《中华人民共和国政府信息公开条例》第五十条和{fmt}的要求编制。本报告所列数据的统计期限为{g.year}年1月1日至{g.year}年12月31日。", ""]
    body = {
        "一": [
            f"{g.year}年，本机关认真贯彻落实《条例》，扎实推进政府信息公开工作。",
            "（一）主动公开。通过门户网站及时主动公开政府信息。",
            (f"（二）依申请公开。本年度新收政府信息公开申请{n['new_received']}件，上年结转{n['carried_in']}件，办结{n['total']}件，结转下年度继续办理{n['carried_out']}件。"
             if n["new_received"] + n["carried_in"] else "（二）依申请公开。本年度未收到政府信息公开申请。"),
            "（三）政府信息管理。规范公开属性审查，开展规范性文件清理。",
            "（四）平台建设。优化政府门户网站信息公开专栏。",
            "（五）监督保障。将政府信息公开工作纳入年度考核，开展社会评议，全年未发生责任追究情况。",
        ],
        "二": _t2(g),
        "三": _t3(g),
        "四": _t4(g) + [
            (f"本年度因政府信息公开被申请行政复议{n['review']}件，被提起行政诉讼{n['litigation']}件。"
             if n["review"] + n["litigation"] else "本年度未发生因政府信息公开引起的行政复议、行政诉讼。")
        ],
        "五": ["本年度工作仍存在一些不足：一是主动公开的深度还不够；二是政策解读形式较为单一。上年度报告所列问题已全部整改落实。下一步，将加强业务培训，完善审核机制。"],
        "六": ([f"本年度未收取信息处理费。"] if g.fee_statement else [])
        + ["认真办理人大代表建议和政协提案并公开办理结果；年度政务公开工作要点已全部落实；创新开展政策解读活动。"],
    }
    for number in g.sections:
        lines += [f"## {number}、{SECTION_TITLES[number]}", ""]
        for para in body[number]:
            lines.append(para)
            if not para.startswith("|"):
                lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def with_changes(g: GenReport, **kw) -> GenReport:
    return evolve(g, **kw)

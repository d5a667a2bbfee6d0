"""Generated reports rendered as flattened page text, as scraped pages give them: the whole
body on one line, table cells glued to each other and to the next row's label (``…数量
713000074二、上年结转…``), table 四 as spaced digits.  The glued-digit reading and the
verdicts on glued rows are tested on these as on the corpus's page-text files."""

from __future__ import annotations

from .strategies import APPEAL_ROWS, COLUMNS, GROUP_HEADS, SECTION_TITLES, GenReport, leaves, narrative_numbers, render


def _t3(g: GenReport) -> str:
    a = g.applications
    cols = COLUMNS + ("total",)

    def row(label: str, rid: str) -> str:
        return label + " " + "".join(str(a[rid][c]) for c in cols)

    parts = [
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） 申请人情况 自然人 法人或其他组织 总计 商业 企业 科研 机构 社会公益组织 法律服务机构 其他",
        row("一、本年新收政府信息公开申请数量", "new_received"),
        row("二、上年结转政府信息公开申请数量", "carried_in"),
        "三、本年度办理结果",
    ]
    for rid, label in leaves(g.template):
        if rid in GROUP_HEADS:
            parts.append(GROUP_HEADS[rid])
        parts.append(row(label, rid))
    parts += [row("（七）总计", "total"), row("四、结转下年度继续办理", "carried_out")]
    return "".join(p if p.startswith(("（", "三、")) else p for p in parts)


def _t4(g: GenReport) -> str:
    head = "行政复议 行政诉讼 结果维持结果纠正其他结果尚未审结总计 未经复议直接起诉 复议后起诉 结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计 "
    vals = [str(g.appeals[rid][c]) for rid, _ in APPEAL_ROWS for c in ("upheld", "corrected", "other", "pending", "total")]
    return head + " ".join(vals)


def render_flat(g: GenReport) -> str:
    """The report as one flattened page-text line under its title (tables 二 and 三 glued)."""
    md = render(g)
    n = narrative_numbers(g)
    body = []
    for number in g.sections:
        body.append(f"{number}、{SECTION_TITLES[number]}")
        if number == "三":
            body.append(_t3(g))
        elif number == "四":
            body.append(_t4(g))
            body.append(f"本年度因政府信息公开被申请行政复议{n['review']}件，被提起行政诉讼{n['litigation']}件。"
                        if n["review"] + n["litigation"] else "本年度未发生因政府信息公开引起的行政复议、行政诉讼。")
        else:
            section = md.split(f"## {number}、{SECTION_TITLES[number]}\n", 1)[1].split("\n## ", 1)[0]
            for line in section.split("\n"):
                if not line.strip() or line.startswith("|---"):
                    continue
                if line.startswith("|"):
                    cells = [c.strip() for c in line.strip("|").split("|")]
                    body.append(cells[0] + "".join(cells[1:]) if not cells[0].startswith("信息内容") else " ".join(cells))
                else:
                    body.append(line)
    title = md.split("\n", 1)[0].lstrip("# ")
    preamble = md.split("\n## ", 1)[0].split("\n", 1)[1].strip()
    return title + "\n\n" + preamble.replace("\n\n", " ") + " " + " ".join(body) + "\n"

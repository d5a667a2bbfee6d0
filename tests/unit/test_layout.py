"""Layout pass on small invented reports: sections, row mapping, typing, problems."""

from decimal import Decimal

from compliance.parse import parse_bytes, parse_text

T3_HEADER = "| 申请人情况 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n|---|---|---|---|---|---|---|---|\n"


def t3(rows: list[tuple[str, str]]) -> str:
    return T3_HEADER + "".join(f"| {label} | {' | '.join(vals.split())} |\n" for label, vals in rows)


def minimal(t3_rows, extra_sections="", t4="| 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"):
    return (
        "# 青禾市生态环境局2023年政府信息公开工作年度报告\n\n"
        "## 一、总体情况\n本局认真贯彻《条例》。\n\n"
        "## 二、主动公开政府信息情况\n第二十条第（一）项\n\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n| 规章 | 0 | 0 | 0 |\n| 行政规范性文件 | 2 | 1 | 17 |\n\n"
        "## 三、收到和处理政府信息公开申请情况\n" + t3(t3_rows) + "\n"
        "## 四、政府信息公开行政复议、行政诉讼情况\n" + t4 + "\n"
        "## 五、存在的主要问题及改进情况\n问题与措施。\n\n## 六、其他需要报告的事项\n本年度未收取信息处理费。\n" + extra_sections
    )


ROWS = [
    ("一、本年新收政府信息公开申请数量", "3 1 0 0 0 0 4"),
    ("二、上年结转政府信息公开申请数量", "0 0 0 0 0 0 0"),
    ("（一）予以公开", "2 1 0 0 0 0 3"),
    ("（七）总计", "3 1 0 0 0 0 4"),
    ("四、结转下年度继续办理", "0 0 0 0 0 0 0"),
]


def test_minimal_markdown_report():
    r = parse_text(minimal(ROWS), "m.md")
    assert (r.format, r.template, r.year, r.agency) == ("markdown", "2021", 2023, "青禾市生态环境局")
    assert r.title == "青禾市生态环境局2023年政府信息公开工作年度报告"
    assert [s.canonical for s in r.sections] == list("一二三四五六")
    assert r.cell("disclosure/normative_documents/in_force").value == 17
    assert r.cell("applications/granted/commercial").value == 1
    assert r.cell("appeals/review/total").value == 1
    assert r.problems == ()
    assert r.section("六").text == "本年度未收取信息处理费。"


def test_blank_is_not_zero_and_placeholders_are_kept():
    rows = list(ROWS)
    rows[2] = ("（一）予以公开", "2 1 - / 无 0 3")
    text = minimal(rows).replace("| （一）予以公开 | 2 | 1 | - | / | 无 | 0 | 3 |", "| （一）予以公开 | 2 | 1 | - | / | 无 |  | 3 |")
    r = parse_text(text, "m.md")
    row = r.table("applications").row("granted")
    assert [(c, cell.kind, cell.value) for c, cell in row.cells] == [
        ("natural_person", "number", 2), ("commercial", "number", 1), ("research", "placeholder", None),
        ("social_welfare", "placeholder", None), ("legal_service", "placeholder", None),
        ("other_org", "blank", None), ("total", "number", 3),
    ]


def test_fuzzy_label_is_marked():
    rows = list(ROWS)
    rows[2] = ("（一）予以公開了", "2 1 0 0 0 0 3")  # a typo: one extra character
    r = parse_text(minimal(rows), "m.md")
    row = r.table("applications").row("granted")
    assert (row.label, row.match) == ("(一)予以公开了", "fuzzy")


def test_unknown_row_with_numbers_is_a_problem():
    rows = list(ROWS) + [("（八）合计信访转办", "1 0 0 0 0 0 1")]
    r = parse_text(minimal(rows), "m.md")
    (p,) = r.problems
    assert (p.code, p.severity, p.span.line) == ("PRS-005", "warning", 22)
    assert p.message == "表三中的一行“(八)合计信访转办”（7 个数值：1 0 0 0 0 0 1）与模板的任何一行都对不上，未计入该表"


def test_wrong_number_of_cells_is_a_problem_not_a_guess():
    rows = list(ROWS)
    rows[0] = ("一、本年新收政府信息公开申请数量", "3 1 0 0 0 0 4 9")
    r = parse_text(minimal(rows), "m.md")
    (p,) = r.problems
    assert p.code == "PRS-005" and p.cell == "applications/new_received"
    assert r.cell("applications/new_received/total").kind == "unreadable"


def test_2019_template_from_headers():
    text = minimal(ROWS).replace("本年制发件数 | 本年废止件数 | 现行有效件数", "本年新制作数量 | 本年新公开数量 | 对外公开总数量").replace("2023年", "2019年")
    r = parse_text(text, "m.md")
    assert (r.template, r.year) == ("2019", 2019)
    assert r.cell("disclosure/normative_documents/published_total").value == 17


def test_table_four_as_three_small_tables():
    t4 = ""
    for name, vals in (("行政复议", "1 0 0 1 2"), ("行政诉讼（未经复议直接起诉）", "0 0 1 0 1"), ("行政诉讼（复议后起诉）", "0 0 0 0 0")):
        t4 += f"### {name}\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n|---|---|---|---|---|\n| {' | '.join(vals.split())} |\n\n"
    r = parse_text(minimal(ROWS, t4=t4), "m.md")
    assert [c.value for _, c in r.table("appeals").row("review").cells] == [1, 0, 0, 1, 2]
    assert [c.value for _, c in r.table("appeals").row("litigation_direct").cells] == [0, 0, 1, 0, 1]
    assert r.problems == ()


def test_gbk_plain_text_with_space_separated_rows():
    text = (
        "临川县农业农村局2020年政府信息公开工作年度报告\n一、总体情况\n本局2020年主动公开信息88条。\n"
        "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容 本年新制作数量 本年新公开数量 对外公开总数量\n规章 0 0 0\n规范性文件 3 3 12\n"
        "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 6 0 0 0 0 0 6\n（七）总计 6 0 0 0 0 0 6\n"
        "四、政府信息公开行政复议、行政诉讼情况\n0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n"
    )
    r = parse_bytes(text.encode("gbk"), "g.txt")
    assert (r.encoding, r.format, r.template, r.year, r.agency) == ("gb18030", "plain", "2019", 2020, "临川县农业农村局")
    assert r.cell("disclosure/normative_documents/published_total").value == 12
    assert r.cell("applications/total/total").value == 6
    assert [c.value for _, c in r.table("appeals").row("litigation_after_review").cells] == [0] * 5


def test_amounts_keep_decimals():
    text = minimal(ROWS).replace(
        "| 行政规范性文件 | 2 | 1 | 17 |\n",
        "| 行政规范性文件 | 2 | 1 | 17 |\n\n第二十条第（八）项\n\n| 信息内容 | 本年收费金额（单位：万元） |\n|---|---|\n| 行政事业性收费 | 12.035 |\n",
    )
    r = parse_text(text, "m.md")
    assert r.cell("disclosure/fees/amount").value == Decimal("12.035")
    assert r.to_parse_dict()["tables"]["disclosure"]["fees"]["amount"]["value"] == 12.035


def test_unreadable_input_is_a_problem_not_a_crash():
    r = parse_bytes(b"\x00\x01\x02binary\xff" * 20, "x.bin")
    assert (r.template, r.tables) == ("unknown", ())
    (p,) = r.problems
    assert (p.code, p.severity) == ("PRS-001", "error")


def test_text_without_any_table():
    r = parse_text("这是一段与年度报告无关的文字。\n第二段。\n", "n.txt")
    assert r.template == "unknown"
    assert [p.code for p in r.problems] == ["PRS-004"]


def test_table_four_with_a_group_missing_keeps_the_others():
    t4 = ""
    for name, vals in (("行政复议", "1 0 0 1 2"), ("行政诉讼（复议后起诉）", "0 0 1 0 1")):
        t4 += f"### {name}\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n|---|---|---|---|---|\n| {' | '.join(vals.split())} |\n\n"
    r = parse_text(minimal(ROWS, t4=t4), "m.md")
    assert [row.id for row in r.table("appeals").rows] == ["review", "litigation_after_review"]
    assert r.problems == ()


def test_group_and_row_label_in_one_cell():
    rows = list(ROWS) + [("（三）不予公开 1.属于国家秘密", "1 0 0 0 0 0 1")]
    r = parse_text(minimal(rows), "m.md")
    row = r.table("applications").row("denied.state_secret")
    assert (row.label, row.match, row.cell("total").value) == ("1.属于国家秘密", "exact", 1)


def test_text_in_a_count_cell_is_kept_as_text():
    rows = list(ROWS)
    rows[2] = ("（一）予以公开", "约2 1 0 0 0 0 3")
    r = parse_text(minimal(rows), "m.md")
    cell = r.cell("applications/granted/natural_person")
    assert (cell.kind, cell.raw, cell.value) == ("text", "约2", None)
    text = minimal(ROWS).replace("| 行政规范性文件 | 2 | 1 | 17 |", "| 行政规范性文件 | 2件 | 1 | 17 |")
    cell = parse_text(text, "m.md").cell("disclosure/normative_documents/issued")
    assert (cell.kind, cell.value, cell.unit) == ("number", 2, "件")

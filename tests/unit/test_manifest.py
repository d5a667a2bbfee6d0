"""The batch manifest (CSV, TOML, JSON), agency-name keys and aliases, and folder collection
(include/exclude globs, what is clearly not a report skipped and listed)."""

from __future__ import annotations

import datetime
import json

import pytest

from compliance.agency import AliasError, Aliases, agency_key
from compliance.engine import collect
from compliance.manifest import Manifest, ManifestError

HEADER = "file,agency,region,parent,issuer_kind,published_on,url,previous\n"


def test_csv_manifest(tmp_path):
    m = tmp_path / "manifest.csv"
    m.write_text(HEADER + "a/县.md,某县人民政府,431102,,government,2023-01-20,https://example.org/a,a/县-2021.md\n"
                 "\n"
                 "b.md,某县教育局,431102,某县人民政府,department,,,\n", encoding="utf-8")
    man = Manifest.load(m)
    first, second = man.entries
    assert first.file == tmp_path / "a" / "县.md"
    assert (first.agency, first.region, first.parent, first.issuer_kind) == ("某县人民政府", "431102", None, "government")
    assert first.published_on == datetime.date(2023, 1, 20)
    assert first.previous == tmp_path / "a" / "县-2021.md"
    assert first.where == f"{m}:2"
    assert (second.parent, second.published_on, second.url, second.previous, second.where) == ("某县人民政府", None, None, None, f"{m}:4")
    assert man.for_file(tmp_path / "b.md") == second
    assert man.for_file(tmp_path / "c.md") is None


def test_toml_and_json_manifests(tmp_path):
    t = tmp_path / "m.toml"
    t.write_text('[[report]]\nfile = "x.md"\nagency = "某局"\npublished_on = 2023-01-31\nregion = 431102\n', encoding="utf-8")
    (e,) = Manifest.load(t).entries
    assert (e.file, e.agency, e.published_on, e.region) == (tmp_path / "x.md", "某局", datetime.date(2023, 1, 31), "431102")
    j = tmp_path / "m.json"
    j.write_text(json.dumps({"reports": [{"file": "y.md", "issuer_kind": "township"}]}), encoding="utf-8")
    (e,) = Manifest.load(j).entries
    assert (e.file, e.issuer_kind) == (tmp_path / "y.md", "township")


@pytest.mark.parametrize(
    "text, message",
    [
        ("agency\n某局\n", "{m}:1: 表头缺少 file 列（可用列：file, agency, region, parent, issuer_kind, published_on, url, previous）"),
        ("file,kind\nx.md,y\n", "{m}:1: 未知的列 'kind'（可用列：file, agency, region, parent, issuer_kind, published_on, url, previous）"),
        (HEADER + "x.md,,,,,2023-02-30,,\n", "{m}:2: published_on '2023-02-30' 无效，应为 YYYY-MM-DD"),
        (HEADER + "x.md,,,,county,,,\n", "{m}:2: issuer_kind 'county' 无效，应为 department / government / township / other 之一"),
        (HEADER + ",某局,,,,,,\n", "{m}:2: 缺少 file（报告文件）"),
        (HEADER + "x.md,,,,,,,\nx.md,,,,,,,\n", "{m}:3: 文件 {d}/x.md 已在 {m}:2 列出"),
        (HEADER + "x.md,,,,,,,,,\n", "{m}:2: 本行有 10 列，表头只有 8 列"),
        ("", "{m}: 批次清单为空（第一行应为表头，至少含 file 列）"),
    ],
)
def test_bad_manifests_name_the_place(tmp_path, text, message):
    m = tmp_path / "manifest.csv"
    m.write_text(text, encoding="utf-8")
    with pytest.raises(ManifestError) as err:
        Manifest.load(m)
    assert str(err.value) == message.format(m=m, d=tmp_path)


def test_manifest_not_utf8(tmp_path):
    m = tmp_path / "manifest.csv"
    m.write_bytes(HEADER.encode() + "x.md,某局\n".encode("gbk"))
    with pytest.raises(ManifestError, match=r"manifest.csv: 批次清单须为 UTF-8 编码"):
        Manifest.load(m)


@pytest.mark.parametrize(
    "name, key",
    [
        ("湖南省人民政府办公厅", "湖南省政府办公厅"),
        ("湖南省 政府辦公廳", "湖南省政府办公厅"),
        ("怀化经济技术开发区管理委员会", "怀化经开区管委会"),
        ("2022年石门县市场监督管理局政府信息公开工作年度报告", "石门县市场监督管理局"),
        ("石门县（市场监督管理局）", "石门县市场监督管理局"),
        ("某某街道办事处", "某某街道"),
        ("", None),
        (None, None),
    ],
)
def test_agency_key(name, key):
    assert agency_key(name) == key


def test_aliases_toml_and_csv(tmp_path):
    t = tmp_path / "a.toml"
    t.write_text('[aliases]\n"石门县市场监管局" = "石门县市场监督管理局"\n"甲" = "乙"\n"乙" = "甲"\n', encoding="utf-8")
    al = Aliases.load(t)
    assert al.key("石门县市场监管局") == "石门县市场监督管理局" == al.key("石门县市场监督管理局")
    assert al.key("甲") in ("甲", "乙")  # a loop ends
    c = tmp_path / "a.csv"
    c.write_text("alias,name\n平潭县人民政府,平潭综合实验区管委会\n", encoding="utf-8")
    assert Aliases.load(c).key("平潭县政府") == "平潭综合实验区管委会"
    c.write_text("name\nx\n", encoding="utf-8")
    with pytest.raises(AliasError, match=r"a.csv:1: 别名 CSV 的第一行须为表头 alias,name"):
        Aliases.load(c)
    c.write_text("alias,name\nx\n", encoding="utf-8")
    with pytest.raises(AliasError, match=r"a.csv:2: 每行须有别名和名称两列"):
        Aliases.load(c)


def test_collect_skips_what_is_not_a_report_and_lists_it(tmp_path):
    (tmp_path / "2023").mkdir()
    for name in ("2023/甲.md", "2023/乙-草稿.md", "丙.html", "README.md", "manifest.csv", "data.csv", ".hidden.md", "x.json"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(HEADER, encoding="utf-8")
    (tmp_path / "data.csv").write_text("一、总体情况\n", encoding="utf-8")
    files, skipped = collect([tmp_path])
    assert [f.relative_to(tmp_path).as_posix() for f, _ in files] == ["2023/乙-草稿.md", "2023/甲.md", "data.csv", "丙.html"]
    assert skipped == sorted([(f"{tmp_path.as_posix()}/README.md", "不是年度报告"), (f"{tmp_path.as_posix()}/manifest.csv", "不是年度报告")])
    files, skipped = collect([tmp_path], include=["2023/*"], exclude=["*草稿*"])
    assert [f.relative_to(tmp_path).as_posix() for f, _ in files] == ["2023/甲.md"]
    assert (f"{tmp_path.as_posix()}/2023/乙-草稿.md", "--exclude") in skipped
    # a file named explicitly is always taken
    files, _ = collect([tmp_path / "README.md"])
    assert len(files) == 1

import codecs

import pytest

from compliance.read import ReadError, decode, read_path

REPORT = "二、主动公开政府信息情况\n第二十条第（一）项\n行政规范性文件 3 1 27\n本机关2023年收到政府信息公开申请12件。"


@pytest.mark.parametrize(
    "data, encoding, bom",
    [
        (REPORT.encode("utf-8"), "utf-8", False),
        (codecs.BOM_UTF8 + REPORT.encode("utf-8"), "utf-8-bom", True),
        (codecs.BOM_UTF16_LE + REPORT.encode("utf-16-le"), "utf-16-le-bom", True),
        (codecs.BOM_UTF16_BE + REPORT.encode("utf-16-be"), "utf-16-be-bom", True),
        (REPORT.encode("gbk"), "gb18030", False),
        (REPORT.encode("gb18030"), "gb18030", False),
    ],
)
def test_encodings(data, encoding, bom):
    src = decode(data, "r.txt")
    assert (src.text, src.encoding, src.had_bom) == (REPORT, encoding, bom)


def test_short_gbk_snippet_falls_back_to_gb18030():
    src = decode("总计".encode("gbk"), "s.txt")
    assert (src.text, src.encoding) == ("总计", "gb18030")


def test_binary_is_a_clear_error():
    with pytest.raises(ReadError) as e:
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "x.png")
    assert e.value.message == "文件是二进制内容（含 NUL 字节），不是文本、HTML 或 Markdown 报告"
    assert str(e.value).startswith("x.png: ")


def test_empty_file():
    with pytest.raises(ReadError) as e:
        decode(b"  \n", "empty.txt")
    assert e.value.message == "文件为空，没有可读取的内容"


def test_missing_file(tmp_path):
    with pytest.raises(ReadError) as e:
        read_path(tmp_path / "nope.txt")
    assert e.value.message == "文件不存在"


def test_folder_is_not_a_file(tmp_path):
    with pytest.raises(ReadError) as e:
        read_path(tmp_path)
    assert e.value.message == "这是一个文件夹，不是文件"

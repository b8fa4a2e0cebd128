"""Site search: which records the built site's Pagefind bundle holds, and that the leak scan reads it."""

from __future__ import annotations

import gzip
import json

import pytest

from gongkai import leaks
from gongkai.searchindex import executable

pytestmark = pytest.mark.skipif(executable() is None, reason="pagefind[extended] is not installed")


def fragments(site) -> list[dict]:
    out = []
    for path in sorted((site.root / "site" / "pagefind" / "fragment").iterdir()):
        out.append(json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")))
    return out


def bundle_text(site) -> str:
    """Every file of the bundle, decompressed, as one text."""
    texts = []
    for path in sorted((site.root / "site" / "pagefind").rglob("*")):
        if path.is_file():
            rel = path.relative_to(site.root / "site").as_posix()
            texts += [text for _, _, text in leaks.file_texts(rel, path.read_bytes())]
    return "\n".join(texts)


def test_published_records_and_nothing_else_are_indexed(site):
    site.good(title="测试县财政局关于2024年县级预算公开的说明", doc_no="测财发〔2024〕3号", keywords=["三公经费"])
    site.good("2024/b.md", index_no="czj/2024-00002", title="测试县财政局关于政府采购意向公开的通知",
              category="政府采购", published="2024-03-01", validity="废止", abolished="2024-06-01")  # fmt: skip
    site.good("2024/d.md", index_no="czj/2024-00003", title="尚未审核的征地补偿草稿", draft=True)
    (site.root / "docs" / "guide.md").write_text("# 公开指南\n\n指南里的独有词语甲乙丙。\n", encoding="utf-8")
    result = site.mkdocs("build", "--strict")
    assert result.returncode == 0, result.stderr
    found = {f["url"]: f for f in fragments(site)}
    assert sorted(found) == ["xxgk/czj/2024-00001/", "xxgk/czj/2024-00002/"]
    first = found["xxgk/czj/2024-00001/"]
    assert first["meta"] == {
        "title": "测试县财政局关于2024年县级预算公开的说明",
        "agency": "测试县财政局",
        "date": "2024-01-26",
        "index_no": "czj/2024-00001",
        "doc_no": "测财发〔2024〕3号",
    }
    assert first["filters"] == {
        "发布机构": ["测试县财政局"],
        "公开目录分类": ["财政信息"],
        "年份": ["2024"],
        "有效性": ["有效"],
    }
    assert found["xxgk/czj/2024-00002/"]["filters"]["有效性"] == ["废止"]
    text = bundle_text(site)
    # The page's text is there (segmented: Pagefind puts zero-width spaces between words) ...
    assert "三公" in text and "正文第一段" in text.replace("\u200b", "")
    # ... drafts, hand-written pages and the theme's navigation are not.
    for absent in ("尚未审核", "czj/2024-00003", "甲乙丙", "按发布机构", "信息公开目录"):
        assert absent not in text.replace("\u200b", ""), absent


def test_search_off_writes_no_bundle(site):
    site.configure(search="off")
    site.good()
    assert site.mkdocs("build", "--strict").returncode == 0
    assert not (site.root / "site" / "pagefind").exists()


def test_an_unknown_search_engine_is_named(site):
    site.configure(search="lunr")
    site.good()
    result = site.gongkai("check")
    assert result.returncode == 1 and "没有搜索方式“lunr”" in result.stderr and "可写：pagefind、off" in result.stderr


def test_the_leak_scan_reads_the_search_bundle_and_knows_its_pages(site):
    site.good(title="测试县财政局关于2024年县级预算公开的说明")
    assert site.mkdocs("build").returncode == 0
    pieces = [
        piece
        for path in sorted((site.root / "site" / "pagefind" / "fragment").iterdir())
        for piece in leaks.file_texts(path.relative_to(site.root / "site").as_posix(), path.read_bytes())
    ]
    assert [page for _, page, _ in pieces] == ["xxgk/czj/2024-00001/"]
    secret = leaks.Secret("县级预算公开的说明", "测试")
    found = leaks.scan(site.root / "site", [secret])
    assert any(leak.file.startswith("pagefind/fragment/") for leak in found)

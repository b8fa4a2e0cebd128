"""A record or a draft saved among the hand-written pages (docs/) by mistake: MkDocs would publish
it as a page as it stands, draft or not. check and the build refuse it, at the key's line."""

from __future__ import annotations

from conftest import problem_lines

MISPLACED = """---
title: 测试县财政局关于内部调整的通知（未审核）
index_no: czj/2024-00009
agency: 测试县财政局
category: 财政信息/财政预算
published: 2024-09-01
draft: true
---
内部草稿，尚未审核。
"""


def test_a_record_in_docs_is_refused_by_check_and_build_alike(site):
    site.good()
    (site.root / "docs" / "czj-2024-00009.md").write_text(MISPLACED, encoding="utf-8")
    (site.root / "docs" / "plan.md").write_text(
        "---\ntitle: 内部计划\ndraft: true\n---\n尚未定稿。\n", encoding="utf-8"
    )
    (site.root / "docs" / "about.md").write_text(
        "---\ntitle: 关于本站\ndraft: false\n---\n本站简介。\n", encoding="utf-8"
    )
    checked = site.gongkai("check")
    built = site.mkdocs("build")
    assert checked.returncode == 1 and built.returncode == 1
    for report in (checked.stderr, built.stderr):
        lines = problem_lines(report)
        assert any(
            line.startswith(
                "docs/czj-2024-00009.md:3: 错误 index_no：这个页面写了记录的字段（index_no、agency、category）"
            )
            for line in lines
        ), lines
        assert any(line.startswith("docs/plan.md:3: 错误 draft：docs/ 下的手写页面没有草稿") for line in lines), lines
        assert "about.md" not in report
    assert not (site.root / "site").exists() or "内部调整" not in "".join(
        p.read_text(encoding="utf-8") for p in (site.root / "site").rglob("*.html")
    )

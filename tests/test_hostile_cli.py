"""The clerk's commands never write outside records/ nor through a link, and never write a record
their own check refuses (issue 14, class 7)."""

from __future__ import annotations

import os

import pytest

MOBILE = "13912345678"


def test_mask_does_not_follow_a_link_to_rewrite_what_it_points_to(site, tmp_path):
    target = tmp_path / "elsewhere.md"
    target.write_text(f"---\ntitle: x\n---\n手机{MOBILE}\n", encoding="utf-8")
    (site.root / "records/link.md").symlink_to(target)
    done = site.gongkai("mask", "records/link.md")
    assert done.returncode == 1 and "records/link.md 是符号链接" in done.stderr and "没有修改" in done.stderr
    assert MOBILE in target.read_text(encoding="utf-8")


def test_mask_does_not_write_a_file_outside_the_records(site, tmp_path):
    target = tmp_path / "outside.md"
    target.write_text(f"---\ntitle: x\n---\n手机{MOBILE}\n", encoding="utf-8")
    done = site.gongkai("mask", str(target))
    assert done.returncode == 1 and "不在记录目录 records/ 中" in done.stderr
    assert MOBILE in target.read_text(encoding="utf-8")
    inside = site.good(body=f"手机{MOBILE}\n")
    assert site.gongkai("mask", "records/2024/czj-00001.md").returncode == 0
    assert MOBILE not in inside.read_text(encoding="utf-8")


def test_mask_does_not_write_through_a_linked_folder(site, tmp_path):
    (tmp_path / "away").mkdir()
    target = tmp_path / "away/x.md"
    target.write_text(f"---\ntitle: x\n---\n手机{MOBILE}\n", encoding="utf-8")
    (site.root / "records/2030").symlink_to(tmp_path / "away")
    done = site.gongkai("mask", "records/2030/x.md")
    assert done.returncode == 1 and "records/2030 是符号链接" in done.stderr
    assert MOBILE in target.read_text(encoding="utf-8")


NEW = ["new", "--yes", "--agency", "测试县财政局", "--category", "财政信息/财政预算"]


def test_new_does_not_write_into_a_linked_year_folder(site, tmp_path):
    site.good()
    (tmp_path / "away").mkdir()
    (site.root / "records/2031").symlink_to(tmp_path / "away")
    done = site.gongkai(*NEW, "--title", "测试标题", "--published", "2031-01-05")
    assert done.returncode == 1 and "records/2031 是符号链接" in done.stderr
    assert list((tmp_path / "away").iterdir()) == []


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--title", "标题一\n第二行"], "标题含有换行"),
        (["--title", "关于<b>预算</b>的说明"], "标题含有 HTML 标记“<b>”"),
        (["--title", "关于\u200b预算"], "标题含有看不见的字符 U+200B"),
        (["--title", "预算", "--doc-no", "澄财发〔2025〕1号<script>"], "发文字号含有 HTML 标记“<script>”"),
    ],
)
def test_new_writes_nothing_its_own_check_would_refuse(site, args, said):
    site.good()
    before = sorted(p.relative_to(site.root).as_posix() for p in (site.root / "records").rglob("*"))
    done = site.gongkai(*NEW, *args)
    assert done.returncode == 2 and said in done.stderr and "改法：" in done.stderr
    after = sorted(p.relative_to(site.root).as_posix() for p in (site.root / "records").rglob("*"))
    assert after == before


def test_mask_does_not_write_through_a_hard_link(site, tmp_path):
    """An outsider hard-linked a file from outside into records/: mask rewrote it there too."""
    outside = site.root / "notes.md"
    outside.write_text(f"---\ntitle: x\n---\n手机{MOBILE}\n", encoding="utf-8")
    (site.root / "records/2025").mkdir(parents=True)
    os.link(outside, site.root / "records/2025/h.md")
    done = site.gongkai("mask", "records/2025/h.md")
    assert done.returncode == 1 and "硬链接" in done.stderr and "没有修改" in done.stderr
    assert MOBILE in outside.read_text(encoding="utf-8")


@pytest.mark.parametrize("title", ["null", "true", "1.5", "~", "yes"])
def test_new_quotes_a_title_yaml_would_read_as_something_else(site, title):
    site.good()
    done = site.gongkai(*NEW, "--title", title, "--published", "2025-03-01")
    assert done.returncode == 0, done.stderr
    check = site.gongkai("check")
    assert "title" not in check.stderr, check.stderr  # a draft with a real title, not null or true
    written = next((site.root / "records/2025").glob("*.md")).read_text(encoding="utf-8")
    assert f'title: "{title}"' in written

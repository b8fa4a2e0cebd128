"""Internal links of a built site (gongkai.clerk.linkcheck, `gongkai inspect --site`), and the built sample
inspected as its shipped CI inspects it, on the day of its newest record."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

import ourcommands
from conftest import BIN, ROOT, command_env
from gongkai.clerk import linkcheck
from test_sample import PUBLISHED
from test_workflows import commands

#: The sample's newest publication date: the day it must pass its own inspection.
NEWEST = max(f["published"] for _, f, _ in PUBLISHED)


def page(root: Path, rel: str, html: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")


def test_links_resolve_to_files_folders_to_their_index(tmp_path):
    page(
        tmp_path, "index.html", '<a href="a/">A</a><a href="a/b.pdf#p2">B</a><img src="i%20m.png"><a href="#top">T</a>'
    )
    page(tmp_path, "a/index.html", '<link rel="stylesheet" href="../s.css"><a href="../">up</a><a href="/">root</a>')
    page(tmp_path, "a/b.pdf", "")
    page(tmp_path, "i m.png", "")
    page(
        tmp_path,
        "s.css",
        "body{background:url('bg.png')} .x{mask:url(#m)} .y{background:url(data:image/png;base64,AA)}",
    )
    page(tmp_path, "bg.png", "")
    report = linkcheck.check(tmp_path)
    assert report.broken == [] and report.pages == 2 and report.links == 7


def test_broken_links_are_named_with_their_page_and_line(tmp_path):
    page(tmp_path, "index.html", '<p>x</p>\n<a href="missing/">gone</a>\n<img src="../../etc/passwd">\n')
    page(tmp_path, "a/index.html", '<img srcset="ok.png 1x, big.png 2x"><a href="/nowhere.html">n</a>')
    page(tmp_path, "a/ok.png", "")
    page(tmp_path, "s.css", '\n\n.a{background:url("gone.png")}')
    report = linkcheck.check(tmp_path)
    assert [(b.page, b.line, b.attribute, b.url, b.target) for b in report.broken] == [
        ("a/index.html", 1, "href", "/nowhere.html", "nowhere.html"),
        ("a/index.html", 1, "srcset", "big.png", "a/big.png"),
        ("index.html", 2, "href", "missing/", "missing/index.html"),
        ("index.html", 3, "src", "../../etc/passwd", ""),
        ("s.css", 3, "url", "gone.png", "gone.png"),
    ]


def test_comments_and_script_text_are_not_markup_but_a_scripts_src_is(tmp_path):
    page(
        tmp_path,
        "index.html",
        '<!-- <a href="old/">x</a> -->\n<script src="app.js">var a = \'<a href="nope/">\';</script>\n'
        '<style>.x::after{content:"<img src=no.png>"}</style><a href="a&amp;b.html" title=\'x > y\'>ok</a>',
    )
    page(tmp_path, "a&b.html", "")
    report = linkcheck.check(tmp_path)
    assert report.links == 2 and [(b.line, b.url) for b in report.broken] == [(2, "app.js")]


def test_other_hosts_and_schemes_are_not_followed(tmp_path):
    page(
        tmp_path,
        "index.html",
        '<a href="https://beian.miit.gov.cn/">x</a><a href="//cdn.example/x.js">x</a>'
        '<a href="mailto:a@example.gov.cn">m</a><a href="?q=1">q</a><a href="tel:123">t</a>',
    )
    assert linkcheck.check(tmp_path).links == 0


def test_a_site_below_a_folder_reads_root_links_from_that_folder(tmp_path):
    page(tmp_path, "index.html", '<a href="/portal/a/">a</a><a href="/portal">home</a><a href="/other/">x</a>')
    page(tmp_path, "a/index.html", "")
    broken = linkcheck.check(tmp_path, "/portal/").broken
    assert [b.url for b in broken] == ["/other/"]


@pytest.fixture
def sample(sample_site) -> Path:
    """The sample built as `make site` builds it (shared: read only); its folder (mkdocs.yml, site/)."""
    return sample_site.parent


def run(folder: Path, *args: str) -> subprocess.CompletedProcess:
    env = command_env(folder, GONGKAI_AS_OF=str(NEWEST))
    return ourcommands.run([str(BIN / "gongkai"), *args], cwd=folder, env=env)


def test_every_link_of_the_built_sample_resolves(sample):
    report = linkcheck.check(sample / "site")
    # Thousands of links: a record's page carries the compact menu (issue 20), index pages the whole tree.
    assert report.broken == [] and report.pages > 100 and report.links > 4000


def test_the_sample_passes_its_own_inspection_on_its_newest_date(sample):
    out = run(sample, "inspect", "--site", "site")
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.startswith(f"网站检查：{NEWEST}（北京时间）")
    assert "否决  " not in out.stdout and "错误" not in out.stdout
    # Its only findings: the footer's values, which are the sample's examples (示例, zeros) for a
    # county to replace.
    warned = [line for line in out.stdout.splitlines() if "警告" in line]
    assert warned and all("extra.footer." in line and "还是示例值" in line for line in warned), warned
    assert "个链接，全部有效" in out.stdout and out.stdout.rstrip().endswith("结论：未触及单项否决。")


def test_every_page_of_the_sample_has_the_error_report_link(sample):
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    link = config["extra"]["footer"]["error_report"]
    pages = sorted((sample / "site").rglob("*.html"))
    said = f'<a href="{link}" rel="noopener">我为政府网站找错</a>'
    assert pages and [p for p in pages if said not in p.read_text(encoding="utf-8")] == []


def test_a_broken_link_fails_the_inspection_at_its_page(sample, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(sample / "site", site)
    guide = site / "guide" / "index.html"
    text = guide.read_text(encoding="utf-8")
    guide.write_text(text.replace("</article>", '<a href="../xxgk/nowhere/">x</a></article>', 1), encoding="utf-8")
    shutil.copy(sample / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(sample / "records", tmp_path / "records")
    shutil.copytree(sample / "docs", tmp_path / "docs")
    out = run(tmp_path, "inspect", "--site", "site")
    assert out.returncode == 1
    line = text[: text.index("</article>")].count("\n") + 1
    assert f"site/guide/index.html\n  {line}: 错误  href：链接 ../xxgk/nowhere/ 指向的文件不存在" in out.stdout
    assert "站内有 1 个失效链接。" in out.stdout


def test_a_site_folder_without_a_site_is_said(sample):
    out = run(sample, "inspect", "--site", "docs")
    assert out.returncode == 1 and "docs 中没有生成的网站（找不到 index.html）。改法：先运行 make site" in out.stderr


def test_the_inspection_the_shipped_ci_runs_passes_on_the_sample(sample):
    lines = [c for c in commands() if c.startswith(".venv/bin/gongkai inspect")]
    assert len(lines) == 2  # GitHub and GitLab
    for line in lines:
        words = shlex.split(line)
        args = words[1 : words.index(">")] if ">" in words else words[1:]
        out = run(sample, *args)
        assert out.returncode == 0, (line, out.stdout, out.stderr)

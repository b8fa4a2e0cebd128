"""gongkai.guards.leaks without building: secrets found in text as written and as a reader sees it, at
their file and line; the pieces of text a site's files give; and every file the core generates
for the sample scanned for the sample's own secrets (its draft, its ledgers)."""

from __future__ import annotations

import dataclasses
import gzip
import html
import json

import pytest

from conftest import ROOT
from gongkai.guards import sourcescan
from gongkai.guards.leaks import FILE_NAME, Leak, SecretSet, file_texts, report, scan_texts
from gongkai.portal import twocores
from gongkai.publish.outputs import site_outputs
from gongkai.publish.pages import PageBuilder
from gongkai.publish.statpages import StatPages
from gongkai.text.problems import Problems
from gongkai.text.secret import Secret

DRAFT = Secret("尚未审核的征地补偿草稿", "草稿 fgj/2025-00002 的标题")
CASE = Secret("YSQ-2024-007", "依申请公开台账的申请编号", whole=True)


def found(text: str, *secrets: Secret, rel: str = "a/index.html") -> list[str]:
    """What `text` holds, each once (as written and as seen, a secret is found twice)."""
    return list(dict.fromkeys(why for why, _ in SecretSet(secrets or [DRAFT]).find_in(text, rel)))


def test_a_short_code_is_found_only_as_a_whole_token():
    assert CASE.find("编号 YSQ-2024-007。") == 3
    assert CASE.find("编号 YSQ-2024-0071") == -1 and CASE.find("AYSQ-2024-007") == -1
    assert DRAFT.find("前缀尚未审核的征地补偿草稿后缀") == 2  # a title is found inside any text


@pytest.mark.parametrize(
    "text",
    [
        "<p>尚未审核的征地<wbr>补偿草稿</p>",
        "<p>尚未审核的<b>征地</b>补偿草稿</p>",
        "<p>尚未审核的征地\u200b补偿草稿</p>",
        "<p>尚未审核的征地\n  补偿草稿</p>",
        "<p>&#23578;未审核的征地补偿草稿</p>",
        "<p>尚未审核的征地补偿草稿</p>",
    ],
)
def test_a_secret_is_found_as_a_reader_sees_it_whatever_markup_splits_it(text):
    assert found(text) == [DRAFT.why]


def test_a_case_number_in_full_width_forms_is_found_and_a_longer_one_is_not():
    assert found("<td>ＹＳＱ－２０２４－００７</td>", CASE) == [CASE.why]
    assert found("<td>YSQ-2024-0071</td>", CASE) == []


def test_each_leak_is_named_by_file_and_line_once_and_the_report_never_repeats_it():
    pieces = [
        ("xxgk/a/index.html", "xxgk/a/", "<html>\n<p>无关</p>\n<p>尚未审核的征地补偿草稿 尚未审核的征地补偿草稿</p>\n"),
        ("search/search_index.json", None, '{"docs": []}\n尚未审核的征地补偿草稿'),
    ]
    leaks = scan_texts(pieces, [DRAFT])
    assert leaks == [Leak("xxgk/a/index.html", DRAFT.why, 3), Leak("search/search_index.json", DRAFT.why, None)]
    said = report(leaks)
    assert (
        said == (f"site/xxgk/a/index.html:3: {DRAFT.why}\nsite/search/search_index.json: {DRAFT.why}")
        and DRAFT.text not in said
    )


def test_a_secret_in_a_file_name_is_named_with_the_name_hidden():
    leaks = scan_texts([("xxgk/a/尚未审核的征地补偿草稿.pdf", FILE_NAME, "xxgk/a/尚未审核的征地补偿草稿.pdf")], [DRAFT])
    assert leaks == [Leak("xxgk/a/（文件名）.pdf", f"文件名中有{DRAFT.why}")]
    bare = scan_texts([("x/YSQ-2024-007", FILE_NAME, "x/YSQ-2024-007")], [CASE])
    assert bare == [Leak("x/（文件名）", f"文件名中有{CASE.why}")]


def test_a_long_report_is_cut_at_fifty():
    leaks = [Leak(f"p{n}.html", DRAFT.why, n) for n in range(1, 61)]
    lines = report(leaks, "out").split("\n")
    assert len(lines) == 51 and lines[0] == f"out/p1.html:1: {DRAFT.why}" and lines[-1] == "……另有 10 处。"


def test_a_search_index_gives_one_piece_a_page():
    index = {"config": {"lang": ["zh"]}, "docs": [
        {"location": "xxgk/a/", "title": "甲", "text": "&lt;b&gt;甲的正文"},
        {"location": "xxgk/a/#part", "title": "甲的一节", "text": "一节"},
        {"location": "xxgk/b/", "title": "乙", "text": "乙的正文"},
    ]}  # fmt: skip
    pieces = list(file_texts("search/search_index.json", json.dumps(index, ensure_ascii=False).encode()))
    by_page = {page: text for _, page, text in pieces}
    assert set(by_page) == {"xxgk/a/", "xxgk/b/", None}
    assert "<b>甲的正文" in by_page["xxgk/a/"] and "一节" in by_page["xxgk/a/"]  # references decoded
    assert "乙" not in by_page["xxgk/a/"] and "zh" in by_page[None]


def test_a_pagefind_fragment_is_read_as_its_pages_words():
    fragment = {"url": "/xxgk/fgj/2025-00001/", "content": "尚未 审核 的 征地 补偿 草稿", "meta": {"title": "甲"}}
    data = gzip.compress(b"pagefind_dcd" + json.dumps(fragment, ensure_ascii=False).encode())
    [(rel, page, text)] = list(file_texts("pagefind/fragment/zh_1.pf_fragment", data))
    assert (rel, page) == ("pagefind/fragment/zh_1.pf_fragment", "xxgk/fgj/2025-00001/")
    assert DRAFT.text in text  # the words Pagefind keeps apart read as the title again
    assert list(file_texts("pagefind/broken.pf_fragment", b"not gzip")) == []


def test_compressed_and_plain_files_are_read_and_others_are_not():
    [(_, page, text)] = list(file_texts("sitemap.xml.gz", gzip.compress("<url>尚未审核</url>".encode())))
    assert page is None and "尚未审核" in text
    [(_, page, _)] = list(file_texts("xxgk/a/index.html", b"<p>x</p>"))
    assert page == "xxgk/a/"
    assert list(file_texts("assets/x.woff2", b"\x00\x01")) == [] and list(file_texts("bad.gz", b"x")) == []


def test_nothing_the_core_generates_for_the_sample_holds_one_of_its_secrets(sample_catalog):
    builder = PageBuilder(sample_catalog, feeds=True)
    outputs = site_outputs(
        builder, StatPages(sample_catalog, builder.urls), "澄岭县政府信息公开", "https://x.cn/", True
    )
    pieces = [(o.uri, None, o.text) for o in outputs if o.text is not None]
    secrets = sample_catalog.secrets()
    kinds = {s.why.split(" ")[0] for s in secrets}
    assert len(secrets) > 10 and "草稿" in kinds  # the draft and the ledgers' identifying values
    assert len(pieces) > 100 and scan_texts(pieces, secrets) == []
    # The scan is not blind to these pages: the draft's title put into one of them is found there.
    draft = sample_catalog.drafts[0]
    page = next(i for i, (uri, _, _) in enumerate(pieces) if uri.startswith("xxgk/category/"))
    uri, _, text = pieces[page]
    pieces[page] = (uri, None, text + "\n相关：" + draft.title.replace(draft.title[2], draft.title[2] + "<wbr>") + "\n")
    leaks = scan_texts(pieces, secrets)
    assert leaks == [Leak(uri, f"草稿 {draft.index_no} 的标题", text.count("\n") + 2)]


def test_the_page_scan_worker_finds_what_the_build_process_would(tmp_path):
    """Pages are scanned on the second core by a started worker (not a fork of the build
    process): it must be up, find the secrets and personal data of what it is given, and say
    which pages it read (a worker that fails hands everything back to the build process, which
    would hide a broken worker)."""
    import datetime as dt

    from gongkai.guards.pagescan import PageScan
    from gongkai.guards.personal import OutputScanner
    from gongkai.model.settings import Settings

    scanner = OutputScanner(Settings(), {}, frozenset(), dt.date(2026, 12, 1))
    scan = PageScan([DRAFT, CASE], scanner)
    assert scan.process is not None and scan.process.is_alive()
    scan.submit("a/index.html", "<html><body><p>尚未审核的征地补偿草稿</p></body></html>")
    scan.submit("b/index.html", "<html><body><p>联系电话 13912345678</p></body></html>")
    scan.submit("c/index.html", "<html><body><p>无事</p></body></html>")
    (tmp_path / "d.txt").write_text("申请编号 YSQ-2024-007", encoding="utf-8")
    assert scan.share(tmp_path, ["d.txt", "e.txt"]) == ["e.txt"]
    found, done = scan.finish()
    assert done == {"a/index.html", "b/index.html", "c/index.html"}
    by_file = {}
    for leak in found:
        by_file.setdefault(leak.file, []).append(leak.why)
    assert sorted(by_file) == ["a/index.html", "b/index.html", "d.txt"]
    assert any(DRAFT.why in why for why in by_file["a/index.html"])
    assert any("手机号" in why for why in by_file["b/index.html"]), by_file["b/index.html"]
    assert any(CASE.why in why for why in by_file["d.txt"])
    assert not scan.process.is_alive()


def test_pages_wait_for_a_slow_worker_and_a_stopped_one_leaves_them_to_the_build(monkeypatch, tmp_path):
    """The worker's queue is bounded (pages from the build cache come faster than they are
    scanned, and an unbounded queue held them all in the build process): a page waits while the
    worker is `BACKLOG` behind, and a worker that stopped never leaves the build waiting for it."""
    import datetime as dt
    import threading

    from gongkai.guards import pagescan
    from gongkai.guards.personal import OutputScanner
    from gongkai.model.settings import Settings

    monkeypatch.setattr(pagescan, "BACKLOG", 3)
    scanner = OutputScanner(Settings(), {}, frozenset(), dt.date(2026, 12, 1))
    scan = pagescan.PageScan([DRAFT], scanner)
    scan.process.terminate()  # stopped, as a worker that crashed
    scan.process.join()

    def submit_many():
        for n in range(10):
            scan.submit(f"p{n}/index.html", "<p>无事</p>")

    worker = threading.Thread(target=submit_many, daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive(), "the build waited for a worker that had stopped"
    assert len(scan.sent) <= 3 and scan.process is None  # the rest was not handed over
    assert scan.finish() == ([], frozenset())  # so the build scans every page itself
    assert scan.share(tmp_path, ["a.html"]) == ["a.html"] and not scan.submit_texts([("x", None, "无事")])


def test_records_read_for_secrets_on_two_cores_say_what_one_core_says(sample_catalog, monkeypatch):
    """check_records with the records' halves read in two processes (twocores, forced): a draft's
    title planted in the first record and the last is found in both, at the same lines as in one."""
    draft = sample_catalog.drafts[0]
    records = list(sample_catalog.records)
    for i in (0, len(records) - 1):
        records[i] = dataclasses.replace(records[i], body=records[i].body + f"\n参见{draft.title}。\n")
    secrets = sourcescan.SecretSet(sample_catalog.secrets())

    def found(in_halves) -> list:
        problems = Problems(root=ROOT)
        sourcescan.check_records(records, sample_catalog.settings, secrets, problems, None, in_halves)
        return [(p.path, p.line, p.message) for p in problems.items]

    monkeypatch.setenv(twocores.ENV, "1")  # two processes however few the records
    calls = []

    def halves(items, work):
        parts = twocores.in_halves(items, work)
        calls.append(len(parts))
        return parts

    alone = found(None)
    assert [p for p, _, _ in alone] == [f"records/{r.rel_path}" for r in (records[0], records[-1])]
    assert found(halves) == alone and calls == [2]


def test_the_files_of_a_site_to_scan_are_every_file_but_the_themes_code_in_path_order(tmp_path):
    """leaks.site_files: what the scan reads of a site folder. A link to a file is read (as the web
    server would serve it), a link to a folder is not entered, a broken link is no file; the theme's
    scripts and styles and the files given to skip are left out; the order is the paths' order."""
    import os
    from pathlib import PurePosixPath

    from gongkai.guards import leaks

    site = tmp_path / "site"
    for rel in ("a/x.html", "a-c", "a.b/z", "assets/javascripts/b.js", "assets/images/logo.svg", "sitemap.xml"):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text("x", encoding="utf-8")
    os.symlink(site / "a", site / "link-dir")
    os.symlink(site / "a-c", site / "link-file")
    os.symlink(site / "nowhere", site / "broken")
    found = leaks.site_files(site, skip=frozenset({"sitemap.xml"}))
    assert found == ["a/x.html", "a-c", "a.b/z", "assets/images/logo.svg", "link-file"]
    assert found == sorted(found, key=PurePosixPath)  # as Path.rglob's paths sort
    assert leaks.site_files(tmp_path / "missing") == []


def test_lines_are_remembered_by_kind_of_file_long_ones_by_digest():
    """The scan reads each distinct line once per kind of file (the navigation is on every page); a
    long line is remembered by its digest, so one character changed is a new line; search entries,
    whose names have no suffix, are one kind (not one each, which held every entry's lines)."""
    from gongkai.guards.leaks import fresh_lines, kind_of

    assert kind_of("xxgk/czj/2024-00001/index.html") == "html" and kind_of("a/feed.xml.gz") == "gz"
    assert kind_of("pagefind/（xxgk/czj/2024-00001/ 的索引条目）") == kind_of("pagefind/（a.b/ 的索引条目）") == ""
    long = "关于尚未审核的征地补偿草稿的说明：联系人张三，电话见附件。" * 2
    seen: set = set()
    assert fresh_lines(f"短行\n{long}\n尾", seen)[0] == f"短行\n{long}\n尾"
    assert all(isinstance(k, bytes) and len(k) == 16 for k in seen if k not in ("短行", "尾"))
    assert fresh_lines(f"{long}\n短行", seen) == ("", [0])
    changed = long[:-1] + "！"
    assert fresh_lines(f"短行\n{changed}", seen) == (f"|{changed}", [1])


def test_a_data_attributes_value_is_read_as_the_script_reads_it(sample_catalog):
    # The search page's synonyms (JSON in an attribute, its quotes escaped, its words joined): the
    # page unescaped as a whole ended the value at its first quote, and the visible text holds no
    # attributes, so a mobile number and a draft's title written there went out.
    from gongkai.guards import personal

    number = Secret("fgj/2025-00002", "草稿 fgj/2025-00002 的索引号", loose=True)
    words = {"王某电话": "13912345678", "方案": "尚未审核的征地补偿草稿", "草稿号": "fgj202500002"}
    value = html.escape(json.dumps(words, ensure_ascii=False), quote=True)
    page = f'<html>\n<body>\n<div class="gk-search"\n  data-synonyms="{value}">\n<p>搜索</p></div>\n</body></html>\n'
    pieces = list(file_texts("xxgk/sousuo/index.html", page.encode()))
    assert pieces[-1][2].split("\n")[3].startswith(" | {")  # on the line where the value starts
    scanner = personal.OutputScanner(sample_catalog.settings, {}, frozenset(), sample_catalog.as_of)
    leaks = scan_texts(pieces, [DRAFT, number], scanner)
    assert {leak.why for leak in leaks} == {DRAFT.why, number.why, "未遮盖的手机号码"}
    # The theme's own data attributes, and values without a digit or a character beyond ASCII, are not read.
    plain = '<div data-md-component="search" data-x="abc"></div>\n<p data-n="2">x</p>'
    assert list(file_texts("a/index.html", plain.encode()))[-1][2] == "\n | 2"

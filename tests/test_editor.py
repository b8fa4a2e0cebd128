"""The browser editor without a browser: the form generated from the schema, the local backend's
protocol (gongkai/editor/protocol.py) on a real site folder, the check on save, the 索引号 given to
new records (two at the same moment too), drafts kept for records that fail, and the server's
guards. The browser itself: tests/test_editor_browser.py."""

from __future__ import annotations

import base64
import datetime as dt
import http.client
import json
import os
import re
import socket
import struct
import threading
from pathlib import Path

import pytest
import yaml

from conftest import make_pdf
from gongkai.clerk.newrecord import NewRecord, create
from gongkai.editor import config as editor_config
from gongkai.editor import listing
from gongkai.editor.protocol import Workspace
from gongkai.model.fields import Field
from gongkai.model.indexno import IndexNoPattern
from gongkai.model.schema import FIELD_BY_KEY, FIELDS, site_lists
from gongkai.model.settings import Settings
from gongkai.model.taxonomy import load_taxonomy
from gongkai.text.problems import Problems
from test_personal import ID


def taxonomy_of(site):
    return load_taxonomy(site.root / "records" / "taxonomy.yml", Problems())


def form(site, settings=None) -> dict:
    settings = settings or Settings()
    backend = {"name": "proxy", "proxy_url": "/api/v1"}
    return editor_config.decap_config(taxonomy_of(site), settings, backend)["collections"][0]


def raw(body: str = "正文第一段。\n", **fields) -> str:
    """A record as Decap's frontmatter format sends it (YAML it wrote itself)."""
    return "---\n" + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False) + "---\n" + body


NEW = dict(title="测试县财政局关于《2024年预算调整》的说明", agency="测试县财政局", category="财政信息/财政预算")


def save(ws: Workspace, path: str, text: str, assets=(), **extra) -> tuple[int, dict]:
    items = [{"path": p, "content": base64.b64encode(c).decode(), "encoding": "base64"} for p, c in assets]
    params = {
        "branch": "main",
        "dataFiles": [{"slug": "x", "path": path, "raw": text}],
        "assets": items,
        "options": {"commitMessage": "Create", "useWorkflow": False, "status": ""},
        **extra,
    }
    return ws.handle({"action": "persistEntry", "params": params})


# -- the form -----------------------------------------------------------------------------------


def test_every_schema_field_is_in_the_form_with_its_label_and_help(site):
    fields = {f["name"]: f for f in form(site)["fields"]}
    for f in FIELDS:
        assert f.key in fields, f"the editor lacks the schema field {f.key}"
        assert fields[f.key]["label"] == f.label
        assert f.doc in fields[f.key]["hint"] or f.key == "index_no"
        assert fields[f.key]["required"] == (f.required and f.key != "index_no")
    assert list(fields) == [f.key for f in FIELDS] + ["body"]
    assert fields["body"]["widget"] == "markdown"


def test_a_field_the_schema_gains_is_in_the_form_or_the_form_is_refused(site, monkeypatch):
    from gongkai.model import schema

    gained = (*FIELDS, Field("reviewer", "审核人", "审核人姓名。", "李四"))  # a plain text field
    monkeypatch.setattr(schema, "FIELDS", gained)
    monkeypatch.setattr(editor_config, "FIELDS", gained)
    assert "reviewer" in [f["name"] for f in form(site)["fields"]]

    class Map(Field):
        kind = "map"  # a kind the editor has no widget for

    monkeypatch.setattr(editor_config, "FIELDS", (*FIELDS, Map("place", "地点", "地图上的位置。", "")))
    with pytest.raises(editor_config.NotInEditor, match="place"):
        form(site)


def test_choices_come_from_the_taxonomy_and_the_settings(site):
    taxonomy = taxonomy_of(site)
    settings = Settings(genres=("通知", "公告"))
    fields = {f["name"]: f for f in form(site, settings)["fields"]}
    assert fields["agency"]["widget"] == "select"
    assert fields["agency"]["options"] == [a.name for a in taxonomy.agencies]
    assert fields["category"]["options"] == [c.path for c in taxonomy.all_categories()]
    assert fields["topic"]["options"] == site_lists(taxonomy, settings).lists["topic"]
    assert fields["genre"]["options"] == ["通知", "公告"]
    assert fields["validity"]["options"] == ["有效", "失效", "废止"] and fields["validity"]["default"] == "有效"
    assert fields["pii_exempt"]["fields"][0]["options"] == ["惩戒公示", "强制性信息披露"]


def test_dates_patterns_attachments_and_the_sites_own_keys(site):
    settings = Settings(private_keys=("经办人",), attachment_types=("pdf", "docx"), attachment_max_mb=5)
    fields = {f["name"]: f for f in form(site, settings)["fields"]}
    for key in ("published", "written", "abolished"):
        assert fields[key]["widget"] == editor_config.DATE_WIDGET
        assert fields[key]["pattern"][0] == r"^\d{4}-\d{2}-\d{2}$" and "格式不对" in fields[key]["pattern"][1]
        assert FIELD_BY_KEY[key].example in fields[key]["pattern"][1]
    # The 索引号 is shown, never typed; references are typed and checked against the site's pattern.
    assert fields["index_no"]["widget"] == editor_config.INDEX_NO_WIDGET and "自动分配" in fields["index_no"]["hint"]
    assert fields["superseded_by"]["widget"] == "string" and "pattern" not in fields["superseded_by"]
    file = fields["attachments"]["fields"][0]
    assert file["widget"] == "file" and file["pattern"][0] == r"\.(pdf|docx)$"
    assert "pdf、docx" in file["pattern"][1] and "不超过 5 MB" in fields["attachments"]["hint"]
    assert fields["经办人"]["hint"] == "内部记录，不会发布。"
    assert fields["keywords"]["widget"] == "list" and fields["draft"]["widget"] == "boolean"
    # The body's hint masks its example ID number as this site's pii_mask_style does (as the problems panel will).
    assert "11*************234" in fields["body"]["hint"]
    other = {f["name"]: f for f in form(site, Settings(pii_mask_style="6-4"))["fields"]}
    assert "110105********1234" in other["body"]["hint"]


def test_the_configuration_is_decaps_shape(site):
    config = editor_config.decap_config(taxonomy_of(site), Settings(), {"name": "proxy", "proxy_url": "/api/v1"})
    assert config["load_config_file"] is False and config["locale"] == "zh_Hans"
    collection = config["collections"][0]
    assert collection["folder"] == "records" and collection["format"] == "frontmatter"
    assert collection["extension"] == "md" and collection["path"] == "{{year}}/{{slug}}"
    assert json.loads(json.dumps(config)) == config  # plain JSON, for config.js


# -- the protocol -------------------------------------------------------------------------------


@pytest.fixture
def ws(site) -> Workspace:
    site.good()
    site.good("2024/czj-00002.md", index_no="czj/2024-00002", title="测试县财政局第二份说明")
    return Workspace(site.root, Settings())


def test_info_and_the_list_of_records(ws):
    assert ws.handle({"action": "info"}) == (200, {"repo": "site-src", "publish_modes": ["simple"], "type": "local_fs"})
    status, entries = ws.handle({"action": "entriesByFolder", "params": {"folder": "records/2024", "extension": "md"}})
    assert status == 200
    # Newest first, as the list's pages (same 发布日期: the higher 索引号 first); the 草稿 filter shows them so.
    assert [e["file"]["path"] for e in entries] == ["records/2024/czj-00002.md", "records/2024/czj-00001.md"]
    assert entries[1]["data"].startswith("---\ntitle: 测试县财政局关于2024年预算公开的说明\n")
    assert entries[1]["data"].endswith("---\n")  # the list needs the front matter only
    status, entry = ws.handle({"action": "getEntry", "params": {"path": "records/2024/czj-00001.md"}})
    assert entry["data"].endswith("正文第一段。\n") and len(entry["file"]["id"]) == 64


def test_each_year_folder_is_a_list_of_its_own(ws, site):
    site.good("czj-00003.md", index_no="czj/2024-00003", title="放在记录目录根下的说明")
    site.good("2023/czj-00001.md", index_no="czj/2023-00001", published="2023-05-01", title="二〇二三年的说明")
    ws = Workspace(site.root, Settings())
    assert ws.years == ["2024", "2023"]

    def listed(folder):
        answer = ws.handle({"action": "entriesByFolder", "params": {"folder": folder, "extension": "md"}})[1]
        return [e["file"]["path"] for e in answer]

    assert listed("records/2024") == ["records/2024/czj-00002.md", "records/2024/czj-00001.md"]
    assert listed("records/2023") == ["records/2023/czj-00001.md"]
    assert listed("records") == ["records/czj-00003.md"]  # the records outside the year folders
    config = editor_config.decap_config(taxonomy_of(site), Settings(), {"name": "proxy"}, years=ws.years)
    names = [(c["name"], c["label"], c["folder"]) for c in config["collections"]]
    assert names == [
        ("records-2024", "2024年", "records/2024"),
        ("records-2023", "2023年", "records/2023"),
        ("records", "其他位置的记录", "records"),
    ]
    assert all(c["fields"] == config["collections"][0]["fields"] for c in config["collections"])


def test_a_year_kept_by_month_is_a_list_a_month_and_new_records_go_to_their_month(site):
    site.good("2025/09/czj-00001.md", index_no="czj/2025-00001", published="2025-09-02", title="九月的说明")
    site.good("2025/08/czj-00002.md", index_no="czj/2025-00002", published="2025-08-02", title="八月的说明")
    site.good("2024/czj-00001.md")
    ws = Workspace(site.root, Settings())
    assert ws.years == ["2025/09", "2025/08", "2024"]

    def listed(folder):
        answer = ws.handle({"action": "entriesByFolder", "params": {"folder": folder, "extension": "md"}})[1]
        return [e["file"]["path"] for e in answer]

    assert listed("records/2025/09") == ["records/2025/09/czj-00001.md"]
    assert listed("records/2025") == listed("records") == []
    config = editor_config.decap_config(taxonomy_of(site), Settings(), {"name": "proxy"}, years=ws.years)
    assert [(c["name"], c["label"]) for c in config["collections"]][:3] == [
        ("records-2025-09", "2025年09月"),
        ("records-2025-08", "2025年08月"),
        ("records-2024", "2024年"),
    ]
    status, answer = save(ws, "records/2025/09/新.md", raw(**NEW, published="2025-10-08"))
    assert status == 200, answer
    assert answer["path"] == "records/2025/10/czj-2025-00003.md"  # its month's folder, made
    record = NewRecord("测试县财政局", "财政信息/财政预算", "gongkai new 的记录", dt.date(2025, 9, 30))
    path, _ = create(site.root / "records", record, taxonomy_of(site), IndexNoPattern("{org}/{YYYY}-{NNNNN}"))
    assert path == site.root / "records/2025/09/czj-2025-00004.md"  # gongkai new: the same rule
    assert site.gongkai("check").returncode == 0


def test_a_list_comes_a_page_at_a_time_newest_first_with_only_the_keys_its_rows_show(site):
    for serial, day in ((1, "2024-03-01"), (2, "2024-05-01"), (3, "2024-05-01"), (4, "2024-01-09"), (5, "2024-12-30")):
        site.good(
            f"2024/czj-{serial:05d}.md",
            index_no=f"czj/2024-{serial:05d}",
            published=day,
            title=f"第{serial}份说明",
            keywords=["预算", "说明"],
        )
    (site.root / "records/2024/czj-00004.md.draft").write_text(
        "---\ntitle: 第4份说明（草稿）\nindex_no: czj/2024-00004\npublished: 2024-01-09\ndraft: true\n---\n正文。\n",
        encoding="utf-8",
    )
    ws = Workspace(site.root, Settings())

    def page(number, size=2):
        params = {"folder": "records/2024", "page": number, "per_page": size}
        status, answer = ws.handle({"action": "gongkaiEntries", "params": params})
        assert status == 200, answer
        return answer

    first = page(1)
    assert (first["page"], first["pages"], first["total"]) == (1, 3, 5)
    assert [e["file"]["path"] for e in first["entries"]] == ["records/2024/czj-00005.md", "records/2024/czj-00003.md"]
    assert [e["file"]["path"][-8:] for e in page(2)["entries"] + page(3)["entries"]] == [
        "00002.md",
        "00001.md",
        "00004.md",
    ]
    # A row holds the keys the list shows (its summary, its title, the 草稿 filter), as written.
    draft = page(3)["entries"][0]
    assert (
        draft["data"]
        == "---\ntitle: 第4份说明（草稿）\nindex_no: czj/2024-00004\npublished: 2024-01-09\ndraft: true\n---\n"
    )
    assert yaml.safe_load(first["entries"][0]["data"].strip("-\n")) == {
        "title": "第5份说明",
        "index_no": "czj/2024-00005",
        "published": dt.date(2024, 12, 30),
    }
    config = editor_config.decap_config(taxonomy_of(site), Settings(), {"name": "gongkai"}, years=ws.years)
    collection = config["collections"][0]
    shown = set(re.findall(r"\{\{(\w+)", collection["summary"])) | {collection["identifier_field"]}
    shown |= {f["field"] for f in collection["view_filters"] + collection["sortable_fields"]}
    assert shown <= set(listing.LIST_KEYS)
    assert collection["sortable_fields"] == []  # a sort would read the whole list: the server's order
    # A changed file is read again; an unchanged one is not (the list is looked at each time here).
    ws.listing.recheck = 0
    changed = site.good("2024/czj-00005.md", index_no="czj/2024-00005", published="2024-12-30", title="改过的标题")
    os.utime(changed, ns=(1, 1))
    assert "改过的标题" in page(1)["entries"][0]["data"]
    same = site.root / "records/2024/czj-00001.md"
    before = same.stat()
    same.write_text(same.read_text(encoding="utf-8").replace("第1份说明", "第9份说明"), encoding="utf-8")
    os.utime(same, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert "第1份说明" in page(2)["entries"][1]["data"]  # same size and time: not read again
    assert page(9)["page"] == 3  # past the end: the last page
    # A search: the records whose listed values hold the words, newest first; keys are not values.
    found = ws.handle({"action": "gongkaiEntries", "params": {"folder": "records/2024", "query": "份说明"}})[1]
    assert [e["file"]["path"][-8:] for e in found["entries"]] == ["00003.md", "00002.md", "00001.md", "00004.md"]
    for words, total in (("CZJ/2024-0000", 5), ("2024-05-01", 2), ("（草稿）", 1), ("title", 0), ("预算", 0)):
        params = {"folder": "records/2024", "query": words}
        assert ws.handle({"action": "gongkaiEntries", "params": params})[1]["total"] == total, words
    for wrong in ({"page": 0}, {"per_page": 100000}, {"page": "2"}, {"query": ["份"]}):
        status, answer = ws.handle({"action": "gongkaiEntries", "params": {"folder": "records/2024", **wrong}})
        assert status == 422 and ("分页参数不对" in answer["error"] or "查找的词不对" in answer["error"])


def test_a_list_stands_while_its_folder_is_unchanged_and_a_save_or_a_new_file_renews_it(ws, site):
    folder = site.root / "records/2024"
    os.utime(folder, ns=(10**18, 10**18))  # settled: long before the list is read

    def titles():
        answer = ws.handle({"action": "gongkaiEntries", "params": {"folder": "records/2024"}})[1]
        return [yaml.safe_load(e["data"].strip("-\n"))["title"] for e in answer["entries"]]

    assert titles() == ["测试县财政局第二份说明", "测试县财政局关于2024年预算公开的说明"]
    # Rewritten in place (the folder's time unchanged): the list stands, for `recheck` seconds.
    site.good("2024/czj-00002.md", index_no="czj/2024-00002", title="就地改写的标题")
    assert titles()[0] == "测试县财政局第二份说明"
    ws.listing.recheck = 0
    assert titles()[0] == "就地改写的标题"
    ws.listing.recheck = 3600
    # A record added (gongkai new, git): its folder's time changes, the list is read again.
    site.good("2024/czj-00003.md", index_no="czj/2024-00003", published="2024-02-01", title="新加的记录")
    os.utime(folder, ns=(10**18 + 1, 10**18 + 1))
    assert titles()[0] == "新加的记录"
    # The editor's own save: the next list is read again.
    site.good("2024/czj-00003.md", index_no="czj/2024-00003", published="2024-02-01", title="又改的标题")
    assert titles()[0] == "新加的记录"
    status, answer = save(
        ws, "records/2024/czj-00001.md", raw(**NEW, index_no="czj/2024-00001", published="2024-01-26")
    )
    assert status == 200, answer
    assert titles() == ["又改的标题", "就地改写的标题", NEW["title"]]


def test_a_rows_keys_are_cut_from_the_front_matter_as_written():
    text = (
        "---\n"
        "title: >-\n  很长的标题\n  第二行\n"
        "agency: 测试县财政局\n"
        "keywords:\n- 预算\n- 说明\n"
        "# a comment\n"
        "'published': '2024-05-01'\n"
        "draft: true\n"
        "---\n正文 title: 不是字段\n"
    )
    light = listing.light_front(text)
    assert light == "---\ntitle: >-\n  很长的标题\n  第二行\n'published': '2024-05-01'\ndraft: true\n---\n"
    assert yaml.safe_load(light.strip("-\n")) == {
        "title": "很长的标题 第二行",
        "published": "2024-05-01",
        "draft": True,
    }
    assert listing.light_front("没有前置信息的文本") == "没有前置信息的文本"


@pytest.mark.parametrize(
    "path",
    ["../mkdocs.yml", "/etc/passwd", "records/../mkdocs.yml", "mkdocs.yml", "records/.git/config", "records\\x.md"],
)
def test_nothing_outside_the_records_folder_is_read_or_written(ws, path):
    assert ws.handle({"action": "getEntry", "params": {"path": path}})[0] == 422
    status, answer = save(ws, path, raw(**NEW, published="2024-03-01"))
    assert status == 422 and "路径" in answer["error"]


def test_a_link_committed_among_the_records_is_never_read_or_written_through(ws, site, tmp_path):
    # Links to files outside the repository, merged under the names of the editor's own files: a
    # draft, the hidden file a save is checked in, an upload's partial file, an attachment.
    victims = {}
    for name in ("draft", "checking", "partial", "media"):
        victims[name] = tmp_path / f"victim-{name}.txt"
        victims[name].write_text("ORIGINAL\n", encoding="utf-8")
    folder = site.root / "records" / "2024"
    (folder / "files").mkdir(exist_ok=True)
    (folder / "czj-00002.md.draft").symlink_to(victims["draft"])
    (folder / ".czj-00001.checking.md").symlink_to(victims["checking"])
    (folder / "files" / ".new.pdf.partial").symlink_to(victims["partial"])
    (folder / "files" / "secret.pdf").symlink_to(victims["media"])
    # Opened in the editor: refused, not shown in the form.
    status, answer = ws.handle({"action": "getEntry", "params": {"path": "records/2024/czj-00002.md"}})
    assert status == 422 and "czj-00002.md.draft 是符号链接" in answer["error"] and "ORIGINAL" not in json.dumps(answer)
    status, answer = ws.handle({"action": "getMedia", "params": {"mediaFolder": "records/2024/files"}})
    assert status == 200 and "secret.pdf" not in json.dumps(answer) and "ORIGINAL" not in json.dumps(answer)
    status, answer = ws.handle({"action": "getMediaFile", "params": {"path": "records/2024/files/secret.pdf"}})
    assert status == 422 and "符号链接" in answer["error"]
    # Saved: a record checked, a record refused (its draft), an upload: each refused, nothing outside changed.
    edited = (folder / "czj-00001.md").read_text(encoding="utf-8").replace("正文第一段", "正文改过的第一段")
    status, answer = save(ws, "records/2024/czj-00001.md", edited)
    assert status == 422 and ".czj-00001.checking.md 是符号链接" in answer["error"]
    refused = (folder / "czj-00002.md").read_text(encoding="utf-8") + f"身份证号{ID}。\n"
    status, answer = save(ws, "records/2024/czj-00002.md", refused)
    assert status == 422 and "符号链接" in answer["error"]
    pdf = base64.b64encode(make_pdf("x")).decode()
    media = {"path": "records/2024/files/new.pdf", "content": pdf, "encoding": "base64"}
    status, answer = ws.handle({"action": "persistMedia", "params": {"asset": media, "options": {}}})
    assert status == 422 and ".new.pdf.partial 是符号链接" in answer["error"]
    assert all(v.read_text(encoding="utf-8") == "ORIGINAL\n" for v in victims.values())
    assert not (folder / "files" / "new.pdf").exists()


def test_a_day_the_calendar_lacks_is_refused_as_the_check_refuses_it(ws, site):
    # Sent by a client that skipped the form's own check: the server answered 服务器内部错误.
    status, answer = save(
        ws, "records/2026/九月.md", raw(**NEW, published="2025-09-31").replace("'2025-09-31'", "2025-09-31")
    )
    assert status == 422 and "2025-09-31" in answer["error"] and "服务器内部错误" not in answer["error"], answer
    assert any(p["key"] == "published" for p in answer["problems"]), answer["problems"]


def test_a_link_to_an_address_the_site_lacks_is_refused_as_the_build_refuses_it(ws, site):
    text = raw("见[第一份](/xxgk/czj/2024-00001/)和[没有的页](/xxgk/nosuch/)。\n", **NEW, published="2024-03-01")
    status, answer = save(ws, "records/2026/链接.md", text)
    assert status == 422 and "链接 /xxgk/nosuch/ 指向的页面或文件本站没有" in answer["error"], answer
    assert "/xxgk/czj/2024-00001/" not in answer["error"]


def test_the_editor_writes_files_as_the_umask_says_and_reads_hard_links_and_crlf(ws, site):
    import os
    import stat

    old = os.umask(0o002)  # a repository shared by a group
    try:
        status, answer = save(ws, "records/2026/权限.md", raw(**NEW, published="2024-03-01"))
    finally:
        os.umask(old)
    assert status == 200, answer
    written = site.root / answer["path"]
    assert stat.S_IMODE(written.stat().st_mode) == 0o664
    # A record with a second name (a hard link) opens; a CRLF file reaches the form with LF.
    record = site.root / "records" / "2024" / "czj-00001.md"
    record.write_bytes(record.read_bytes().replace(b"\n", b"\r\n"))
    os.link(record, site.root / "elsewhere.md")
    status, entry = ws.handle({"action": "getEntry", "params": {"path": "records/2024/czj-00001.md"}})
    assert status == 200 and "\r" not in entry["data"] and entry["data"].startswith("---\ntitle: ")
    # ... and is saved (renamed over: its other name keeps what it held).
    status, answer = save(ws, "records/2024/czj-00001.md", entry["data"].replace("正文第一段", "正文改过"))
    assert status == 200, answer
    assert "正文改过" in record.read_text(encoding="utf-8")
    assert "正文改过" not in (site.root / "elsewhere.md").read_text(encoding="utf-8")


def test_a_new_record_gets_the_next_free_index_no_and_passes_the_check(ws, site):
    status, answer = save(ws, "records/2026/测试.md", raw(**NEW, published="2024-03-01", keywords=["预算"]))
    assert status == 200, answer
    assert answer["index_no"] == "czj/2024-00003" and answer["path"] == "records/2024/czj-2024-00003.md"
    text = (site.root / answer["path"]).read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: 测试县财政局关于《2024年预算调整》的说明\nindex_no: czj/2024-00003\n")
    assert "published: 2024-03-01\n" in text and "keywords: [预算]\n" in text
    check = site.gongkai("check")
    assert check.returncode == 0, check.stderr
    # The form goes on using its own name for the record: it is the record's file.
    status, entry = ws.handle({"action": "getEntry", "params": {"path": "records/2026/测试.md"}})
    assert entry["file"]["path"] == answer["path"] and "index_no: czj/2024-00003" in entry["data"]


def test_new_records_saved_at_the_same_moment_get_different_numbers(site):
    site.good()
    workspaces = [Workspace(site.root, Settings()) for _ in range(4)]  # four servers on one tree
    barrier = threading.Barrier(len(workspaces) + 1)
    answers = []

    def run(ws, n):
        barrier.wait()
        answers.append(save(ws, f"records/2026/记录{n}.md", raw(**NEW, published="2024-03-01")))

    threads = [threading.Thread(target=run, args=(ws, n)) for n, ws in enumerate(workspaces)]
    for t in threads:
        t.start()
    barrier.wait()
    # A clerk runs `gongkai new` at the same moment.
    taxonomy = taxonomy_of(site)
    _, by_new = create(
        site.root / "records",
        NewRecord("测试县财政局", "财政信息/财政预算", "另一条", dt.date(2024, 5, 1)),
        taxonomy,
        IndexNoPattern("{org}/{YYYY}-{NNNNN}"),
    )
    for t in threads:
        t.join()
    numbers = sorted([a["index_no"] for status, a in answers if status == 200] + [by_new])
    assert numbers == [f"czj/2024-{n:05d}" for n in range(2, 7)]


def test_a_record_that_fails_the_check_is_kept_as_a_draft_with_every_problem(ws, site):
    status, answer = save(ws, "records/2026/测试.md", raw(**NEW, published="2024-03-01", written="2024-04-01"))
    assert status == 422
    assert answer["draft"] == "records/2024/czj-2024-00003.md.draft"
    assert answer["error"].startswith("记录未通过检查，已另存为草稿 records/2024/czj-2024-00003.md.draft（不会发布）")
    problems = {p["key"]: p for p in answer["problems"]}
    assert problems["written"]["label"] == "成文日期" and "晚于" in problems["written"]["message"]
    assert problems["written"]["fix"]
    draft = site.root / answer["draft"]
    assert "\ndraft: true  # 编辑器：未通过检查" in draft.read_text(encoding="utf-8")  # never published
    assert not (site.root / "records/2024/czj-2024-00003.md").exists()
    assert site.gongkai("check").returncode == 0  # never a file that breaks the build
    # The draft holds its number: `gongkai new` and other new records move on.
    assert save(ws, "records/2026/另一条.md", raw(**NEW, published="2024-03-02"))[1]["index_no"] == "czj/2024-00004"
    # The list shows the draft, in its record's place; saving it again, fixed, keeps the number.
    entries = ws.handle({"action": "entriesByFolder", "params": {"folder": "records/2024", "extension": "md"}})[1]
    assert "records/2024/czj-2024-00003.md" in [e["file"]["path"] for e in entries]
    fixed = raw(**NEW, published="2024-03-01", written="2024-02-20")
    status, answer = save(ws, "records/2026/测试.md", fixed)
    assert status == 200, answer
    assert answer["index_no"] == "czj/2024-00003" and not draft.exists()
    assert site.gongkai("check").returncode == 0


def test_an_unmasked_id_number_in_the_body_is_refused_with_the_way_to_mask_it(ws, site):
    text = raw(f"低保对象张三，身份证号{ID}。\n", **NEW, published="2024-03-01")
    status, answer = save(ws, "records/2026/名单.md", text)
    assert status == 422
    body = next(p for p in answer["problems"] if "身份证号" in p["message"])
    assert body["severity"] == "错误" and body["message"] == "正文有未遮盖的身份证号。"
    # The fix says what to write in the form: the command that masks the file (which the form's next
    # save would undo) is not the form's; the hidden file the check read is never named.
    assert body["fix"].startswith("写成 11") and "gongkai mask" not in body["fix"], body
    assert body["label"] == "正文" and ".checking" not in json.dumps(answer)
    # The exemption is named as the form has it, not as the file's key the form does not show.
    assert "在表单的“个人信息豁免”中选择理由和类别" in body["fix"] and "pii_exempt" not in body["fix"]
    masked = site.gongkai("mask", answer["draft"])
    assert masked.returncode == 0, masked.stderr
    assert ID not in (site.root / answer["draft"]).read_text(encoding="utf-8")
    assert site.gongkai("check").returncode == 0


def test_an_edit_keeps_the_index_no_and_a_failing_edit_leaves_the_published_file(ws, site):
    path = "records/2024/czj-00001.md"
    before = (site.root / path).read_text(encoding="utf-8")
    fields = dict(title="改过的标题", index_no="czj/2024-00001", agency="测试县财政局", category="财政信息/财政预算")
    status, answer = save(ws, path, raw(**fields, published="2024-01-26"))
    assert status == 200 and not answer["new"]
    assert "title: 改过的标题\n" in (site.root / path).read_text(encoding="utf-8")
    status, answer = save(ws, path, raw(**{**fields, "index_no": "czj/2024-00009"}, published="2024-01-26"))
    assert status == 422 and "索引号 czj/2024-00001 一经分配不能更改" in answer["error"]
    assert answer["problems"][0]["key"] == "index_no"
    status, answer = save(ws, path, raw(**fields, published="2024-13-01"))
    assert status == 422 and answer["problems"][0]["key"] == "published"
    assert "title: 改过的标题" in (site.root / path).read_text(encoding="utf-8")  # the published file as it was
    assert (site.root / (path + ".draft")).is_file()
    draft = (site.root / (path + ".draft")).read_text(encoding="utf-8")
    assert "\ndraft: true  # 编辑器：未通过检查" in draft  # never published, whatever is done with the file
    shown = ws.handle({"action": "getEntry", "params": {"path": path}})[1]["data"]
    assert "published: '2024-13-01'" in shown  # the clerk's work, not lost
    assert "draft:" not in shown  # the refusal's flag is not the clerk's: not in the form
    crlf = site.root / (path + ".draft")  # saved again by an editor of Windows
    crlf.write_bytes(draft.replace("\n", "\r\n").encode("utf-8"))
    assert "draft:" not in ws.handle({"action": "getEntry", "params": {"path": path}})[1]["data"]
    assert before != shown
    # Fixed and saved again from what the editor showed: published, not a draft (it went on as one, unseen).
    status, answer = save(ws, path, shown.replace("published: '2024-13-01'", "published: 2024-01-26"))
    assert status == 200, answer
    saved = (site.root / path).read_text(encoding="utf-8")
    assert "draft" not in saved and "title: 改过的标题" in saved
    assert not (site.root / (path + ".draft")).exists()
    checked = site.gongkai("check")
    assert checked.returncode == 0 and "草稿" not in checked.stdout + checked.stderr, checked


def test_taking_back_a_record_others_refer_to_is_refused_and_the_published_file_stays(ws, site):
    # Switched to 草稿 and published, it was saved: the whole check and the build then refused the
    # record that names it, and the site stopped updating.
    second = dict(index_no="czj/2024-00002", title="测试县财政局第二份说明", interprets="czj/2024-00001")
    site.good("2024/czj-00002.md", **second)
    path = "records/2024/czj-00001.md"
    before = (site.root / path).read_text(encoding="utf-8")
    fields = dict(title="测试县财政局关于2024年预算公开的说明", index_no="czj/2024-00001", agency="测试县财政局")
    status, answer = save(ws, path, raw(**fields, category="财政信息/财政预算", published="2024-01-26", draft=True))
    assert status == 422, answer
    assert "已发布的信息还引用着 czj/2024-00001：records/2024/czj-00002.md（interprets）" in answer["error"]
    assert answer["problems"][0]["key"] == "draft"
    assert (site.root / path).read_text(encoding="utf-8") == before
    assert site.gongkai("check").returncode == 0


def test_a_new_record_refused_then_fixed_in_its_title_keeps_its_number_and_leaves_no_draft(ws, site):
    """Decap names a new record's file after its title: fixed in the title, it comes under another
    name. editor.js sends the draft its form made (gkDraft), and the record takes that number."""
    wrong = raw(**{**NEW, "title": "关于<b>预算</b>的说明"}, published="2024-03-01")
    status, answer = save(ws, "records/2026/关于<b>预算</b>的说明.md", wrong)
    assert status == 422 and answer["draft"].endswith(".md.draft")
    number = re.search(r"index_no: (\S+)", (site.root / answer["draft"]).read_text(encoding="utf-8")).group(1)
    fixed = raw(**{**NEW, "title": "关于预算的说明"}, published="2024-03-01")
    status, saved = save(ws, "records/2026/关于预算的说明.md", fixed, gkDraft=answer["draft"])
    assert status == 200, saved
    assert saved["path"] == answer["draft"][: -len(".draft")]
    assert f"index_no: {number}" in (site.root / saved["path"]).read_text(encoding="utf-8")
    assert not list((site.root / "records").rglob("*.draft"))
    assert len(list((site.root / "records" / "2024").glob("czj-2024-*.md"))) == 1
    assert saved["new"]  # committed as a new record (新建), not as a change
    # What is not a draft this server kept for a new record is not taken: a path outside, a record's
    # own draft of a refused edit, a draft that came otherwise.
    status, refused = save(
        ws, "records/2024/czj-00001.md", raw(**{**NEW, "index_no": "czj/2024-00001"}, published="2024-13-01")
    )
    assert status == 422 and refused["draft"] == "records/2024/czj-00001.md.draft"
    planted = site.root / "records/2024/czj-2024-00009.md.draft"
    planted.write_text(raw(**{**NEW, "index_no": "czj/2024-00009"}, published="2024-03-01"), encoding="utf-8")
    for named in ("../mkdocs.yml.draft", "records/2024/czj-00001.md.draft", "records/2024/czj-2024-00009.md.draft"):
        other = raw(**{**NEW, "title": "另一条"}, published="2024-03-01")
        status, answer = save(ws, "records/2026/另一条.md", other, gkDraft=named)
        assert status == 200, answer
        assert answer["path"] not in ("records/2024/czj-00001.md", "records/2024/czj-2024-00009.md")
        (site.root / answer["path"]).unlink()
    assert refused and planted.is_file()


def test_a_new_record_refused_then_given_another_year_gets_that_years_number(ws, site):
    """A number is its agency's, of its year: the form's draft of 2025 gives way to a number of 2024."""
    wrong = raw(**{**NEW, "title": "关于<b>预算</b>的说明"}, published="2025-03-01")
    status, answer = save(ws, "records/2026/关于<b>预算</b>的说明.md", wrong)
    assert status == 422 and "/2025/" in answer["draft"]
    fixed = raw(**{**NEW, "title": "关于预算的说明"}, published="2024-03-01")
    status, saved = save(ws, "records/2026/关于预算的说明.md", fixed, gkDraft=answer["draft"])
    assert status == 200, saved
    assert saved["index_no"].startswith("czj/2024-") and not (site.root / answer["draft"]).exists()
    assert not list((site.root / "records").rglob("*.draft"))


def test_a_draft_the_clerk_marked_so_stays_a_draft_after_a_refused_save(ws, site):
    path = "records/2024/czj-00001.md"
    fields = dict(title="草稿", index_no="czj/2024-00001", agency="测试县财政局", category="财政信息/财政预算")
    status, _ = save(ws, path, raw(**fields, published="2024-13-01", draft=True))
    assert status == 422
    shown = ws.handle({"action": "getEntry", "params": {"path": path}})[1]["data"]
    assert "draft: true" in shown and "编辑器" not in shown  # the clerk's own flag


def test_an_attachment_is_written_beside_the_record_and_checked(ws, site):
    pdf = make_pdf("budget")
    text = raw(**NEW, published="2024-03-01", attachments=[{"file": "files/预算表.pdf", "title": "预算表"}])
    status, answer = save(ws, "records/2026/测试.md", text, [("records/2026/files/预算表.pdf", pdf)])
    assert status == 200, answer
    assert (site.root / "records/2024/files/预算表.pdf").read_bytes() == pdf
    assert not (site.root / "records/2026").exists()
    exe = raw(**NEW, published="2024-03-01", attachments=[{"file": "files/setup.exe", "title": "程序"}])
    status, answer = save(ws, "records/2026/二.md", exe, [("records/2026/files/setup.exe", b"MZ\x90\x00")])
    assert status == 422 and "类型 .exe 不能发布" in answer["error"]
    assert "pdf" in answer["problems"][0]["fix"]
    assert not list((site.root / "records").rglob("setup.exe"))
    media = {"path": "records/2024/files/x.exe", "content": base64.b64encode(b"MZ").decode(), "encoding": "base64"}
    assert ws.handle({"action": "persistMedia", "params": {"asset": media, "options": {}}})[0] == 422
    listed = ws.handle({"action": "getMedia", "params": {"mediaFolder": "records/2024/files"}})[1]
    assert [m["name"] for m in listed] == ["预算表.pdf"] and base64.b64decode(listed[0]["content"]) == pdf
    # A file of 0 bytes (a download not finished, a file picked from a cloud folder not synced) is
    # refused when it is sent, in the save and as media, not left in records/ for a later check.
    empty = raw(**NEW, published="2024-03-01", attachments=[{"file": "files/空.pdf", "title": "空"}])
    status, answer = save(ws, "records/2026/三.md", empty, [("records/2026/files/空.pdf", b"")])
    assert status == 422 and "附件 空.pdf 是空文件（0 字节）" in answer["error"], answer
    assert "重新" in answer["problems"][0]["fix"]
    media = {"path": "records/2024/files/空.pdf", "content": "", "encoding": "base64"}
    status, answer = ws.handle({"action": "persistMedia", "params": {"asset": media, "options": {}}})
    assert status == 422 and "空文件" in answer["error"]
    assert not list((site.root / "records").rglob("空.pdf"))


def test_an_upload_never_replaces_another_records_file_nor_a_published_one_on_a_refused_save(ws, site):
    """An upload was written before the record's check, over whatever file had its name: a refused
    save (kept as a draft) still replaced the published record's attachment, and another record's
    upload of the same name, or a media upload, replaced it with no word."""
    pdf, other = make_pdf("budget"), make_pdf("another county's table")
    attached = dict(attachments=[{"file": "files/预算表.pdf", "title": "预算表"}])
    status, first = save(ws, "records/2026/测试.md", raw(**NEW, published="2024-03-01", **attached),
                         [("records/2026/files/预算表.pdf", pdf)])  # fmt: skip
    assert status == 200, first
    published = site.root / "records/2024/files/预算表.pdf"
    # Another record, new, with a file of the same name.
    second = dict(NEW, title="测试县财政局关于另一件事的说明")
    status, answer = save(ws, "records/2026/二.md", raw(**second, published="2024-03-02", **attached),
                          [("records/2026/files/预算表.pdf", other)])  # fmt: skip
    assert status == 422 and "预算表.pdf" in answer["error"] and first["path"] in answer["error"], answer
    assert published.read_bytes() == pdf
    # A media upload of the same name.
    media = {"path": "records/2024/files/预算表.pdf", "content": base64.b64encode(other).decode(), "encoding": "base64"}
    status, answer = ws.handle({"action": "persistMedia", "params": {"asset": media, "options": {}}})
    assert status == 422 and "预算表.pdf" in answer["error"], answer
    assert published.read_bytes() == pdf
    same = dict(media, content=base64.b64encode(pdf).decode())  # the same bytes again: nothing changes
    assert ws.handle({"action": "persistMedia", "params": {"asset": same, "options": {}}})[0] == 200
    # The record itself, a new version of its file, refused by the check: the published file stays.
    edit = dict(NEW, index_no=first["index_no"])
    failing = raw(f"身份证号{ID}。\n", **edit, published="2024-03-01", **attached)
    status, answer = save(ws, first["path"], failing, [("records/2024/files/预算表.pdf", other)])
    assert status == 422 and answer.get("draft"), answer
    assert published.read_bytes() == pdf
    assert "预算表.pdf" in answer["error"] and "没有替换" in answer["error"], answer["error"]
    # Passing, the new version replaces it; the answer lists it (what a commit takes).
    status, answer = save(ws, first["path"], raw(**edit, published="2024-03-01", **attached),
                          [("records/2024/files/预算表.pdf", other)])  # fmt: skip
    assert status == 200, answer
    assert published.read_bytes() == other
    # A record in another folder naming its own files/预算表.pdf does not own this one.
    elsewhere = site.root / "records/2023/czj-00009.md"
    elsewhere.parent.mkdir(parents=True, exist_ok=True)
    elsewhere.write_text(raw(**dict(NEW, index_no="czj/2023-00009"), published="2023-03-01", **attached), "utf-8")
    status, answer = save(ws, first["path"], raw(**edit, published="2024-03-01", **attached),
                          [("records/2024/files/预算表.pdf", pdf)])  # fmt: skip
    assert status == 200, answer
    assert published.read_bytes() == pdf, answer
    # Sent again unchanged (a save after a refused one), the file is still the record's to commit.
    saves = []
    ws.on_saved = saves.append
    status, answer = save(ws, first["path"], raw(**edit, published="2024-03-01", **attached),
                          [("records/2024/files/预算表.pdf", pdf)])  # fmt: skip
    assert status == 200 and saves[-1].assets == ["records/2024/files/预算表.pdf"], answer


def test_the_preview_refuses_a_body_that_would_hold_it_for_minutes(site):
    ws = Workspace(site.root, Settings(), render=lambda body: "<p>ok</p>")
    status, answer = ws.handle({"action": "gongkaiPreview", "params": {"body": "[" * 100_000}})
    assert status == 422 and "预览不了" in answer["error"], answer
    assert ws.handle({"action": "gongkaiPreview", "params": {"body": "见[附件](files/a.pdf)。"}})[0] == 200


def test_a_malformed_request_or_a_name_with_control_characters_is_refused_in_chinese(ws, site):
    """From an attacker's review: these answered 500 and printed a traceback in the clerk's terminal,
    and a file named with ESC ] 0 ; … BEL was written."""
    for body in (
        {"action": "entriesByFiles", "params": {"files": 5}},
        {"action": "persistMedia", "params": {"asset": "x"}},
        {"action": "persistEntry", "params": {"dataFiles": "x"}},
        {"action": "persistEntry", "params": {"dataFiles": [{"path": "records/2024/x.md", "raw": "x"}], "assets": 3}},
    ):
        status, answer = ws.handle(body)
        assert status == 422 and "请求格式不对" in answer["error"], (body, answer)
    pdf = base64.b64encode(make_pdf("x")).decode()
    media = {"path": "records/2024/files/\x1b]0;pwned\x07.pdf", "content": pdf, "encoding": "base64"}
    status, answer = ws.handle({"action": "persistMedia", "params": {"asset": media, "options": {}}})
    assert status == 422 and "控制字符" in answer["error"], answer
    assert not [p for p in (site.root / "records").rglob("*") if "\x1b" in p.name]


def test_a_name_too_long_for_the_system_is_refused_in_chinese(ws, site):
    # A document's title of some 86 characters as its file's name: 500 and a traceback
    # (OSError: File name too long) in the clerk's terminal.
    name = "澄岭县财政局关于" + "预算" * 45 + ".pdf"
    media = {"path": f"records/2024/files/{name}", "content": base64.b64encode(make_pdf("x")).decode()}
    status, answer = ws.handle({"action": "persistMedia", "params": {"asset": {**media, "encoding": "base64"}}})
    assert status == 422 and "太长" in answer["error"] and "约 66 个汉字" in answer["error"], answer
    status, answer = ws.handle({"action": "gongkaiEntries", "params": {"folder": "records/" + "年" * 100}})
    assert status == 422 and "太长" in answer["error"], answer
    status, answer = save(ws, "records/2024/czj-00003.md", raw(**NEW), [(f"records/2024/files/{name}", make_pdf("x"))])
    assert status == 422 and "太长" in answer["error"], answer
    assert not (site.root / "records/2024/files").exists()


def test_a_record_kept_directly_in_the_records_folder_opens(ws, site):
    (site.root / "records" / "czj-00007.md").write_text(raw(**dict(NEW, index_no="czj/2024-00007"),
                                                            published="2024-03-01"), "utf-8")  # fmt: skip
    status, entry = ws.handle({"action": "getEntry", "params": {"path": "records/czj-00007.md"}})
    assert status == 200 and "czj/2024-00007" in entry["data"], entry
    for path in ("records/taxonomy.yml", "records/README.md"):
        assert ws.handle({"action": "getEntry", "params": {"path": path}})[0] == 422, path


def test_a_file_a_record_links_percent_encoded_is_that_records(ws, site):
    from urllib.parse import quote

    pdf = make_pdf("budget")
    (site.root / "records/2024/files").mkdir(parents=True, exist_ok=True)
    (site.root / "records/2024/files/附件1.pdf").write_bytes(pdf)
    linking = site.root / "records/2024/czj-00008.md"
    body = f"见[附件](files/{quote('附件1.pdf')})。\n"
    linking.write_text(raw(body, **dict(NEW, index_no="czj/2024-00008"), published="2024-03-01"), "utf-8")
    attached = dict(attachments=[{"file": "files/附件1.pdf", "title": "附件"}])
    status, answer = save(ws, "records/2026/新.md", raw(**NEW, published="2024-03-02", **attached),
                          [("records/2026/files/附件1.pdf", make_pdf("other"))])  # fmt: skip
    assert status == 422 and "czj-00008.md" in answer["error"], answer
    assert (site.root / "records/2024/files/附件1.pdf").read_bytes() == pdf


def test_uploads_half_written_are_put_back(ws, site, monkeypatch):
    """A disk that fills after the first of two files: the first, replaced, is put back."""
    from gongkai.editor import saving

    pdf, other = make_pdf("budget"), make_pdf("another")
    attached = dict(attachments=[{"file": "files/a.pdf", "title": "甲"}, {"file": "files/b.pdf", "title": "乙"}])
    files = [("records/2026/files/a.pdf", pdf), ("records/2026/files/b.pdf", pdf)]
    status, first = save(ws, "records/2026/测试.md", raw(**NEW, published="2024-03-01", **attached), files)
    assert status == 200, first
    real, calls = saving._write, []

    def full_disk(path, content):
        calls.append(path.name)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(path, content)

    monkeypatch.setattr(saving, "_write", full_disk)
    edit = dict(NEW, index_no=first["index_no"])
    newer = [("records/2024/files/a.pdf", other), ("records/2024/files/b.pdf", other)]
    status, answer = save(ws, first["path"], raw(**edit, published="2024-03-01", **attached), newer)
    assert status == 422 and "没有全部写入" in answer["error"], answer
    assert (site.root / "records/2024/files/a.pdf").read_bytes() == pdf
    assert (site.root / "records/2024/files/b.pdf").read_bytes() == pdf


@pytest.mark.parametrize("path", ["records/reports/2024.md", "records/requests/x.md", "records/appeals/x.md"])
def test_the_editor_writes_records_only_never_a_report_or_a_ledger(ws, site, path):
    before = {p: p.read_bytes() for p in (site.root / "records").rglob("*") if p.is_file()}
    status, answer = save(ws, path, raw(**NEW, published="2024-03-01"))
    assert status == 422 and "路径" in answer["error"], answer
    after = {p: p.read_bytes() for p in (site.root / "records").rglob("*") if p.is_file()}
    assert after == before


def test_deleting_and_the_review_workflow_are_refused(ws, site):
    status, answer = ws.handle({"action": "deleteFiles", "params": {"paths": ["records/2024/czj-00001.md"]}})
    assert status == 422 and "编辑指南" in answer["error"]
    assert (site.root / "records/2024/czj-00001.md").is_file()
    assert ws.handle({"action": "unpublishedEntries", "params": {}})[0] == 422
    assert ws.handle({"action": "nosuch", "params": {}})[0] == 422
    assert ws.handle({"action": "getDeployPreview", "params": {}}) == (200, None)


# -- the server ---------------------------------------------------------------------------------


@pytest.fixture
def server(site, tmp_path, monkeypatch):
    from gongkai.editor.server import serve, start

    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "decap-cms.js").write_text("/* stand-in */", encoding="utf-8")
    (bundle / "1077.decap-cms.js").write_text("/* chunk */", encoding="utf-8")
    (bundle / "decap-cms.js.map").write_text("{}", encoding="utf-8")
    monkeypatch.setenv("GONGKAI_DECAP", str(bundle))
    site.good()
    srv = serve(site.root, Settings(), taxonomy_of(site), port=0, quiet=True)
    start(srv)
    yield srv
    srv.shutdown()
    srv.server_close()


def request(srv, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection(*srv.server_address[:2], timeout=30)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    return response.status, dict(response.getheaders()), response.read()


def test_the_admin_page_its_policy_and_its_files(server):
    status, headers, page = request(server, "GET", "/admin/")
    assert status == 200 and b'<html lang="zh-CN">' in page
    policy = headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src 'self' 'unsafe-eval'" in policy
    assert "connect-src 'self' blob:" in policy and "http" not in policy
    assert page.count(b"<script") == 3 and b"<script>" not in page  # no inline script
    status, _, config = request(server, "GET", "/admin/config.js")
    assert config.startswith(b"window.CMS_MANUAL_INIT = true;") and "索引号".encode() in config
    assert request(server, "GET", "/admin/1077.decap-cms.js")[0] == 200
    assert request(server, "GET", "/admin/decap-cms.js.map")[0] == 404  # only what the page loads
    assert request(server, "GET", "/admin/../mkdocs.yml")[0] == 404


def test_a_browser_that_leaves_mid_answer_prints_no_traceback(server, capfd):
    """A clerk who closes the tab while the editor's bundle is on its way: the server goes on
    serving and the terminal shows no traceback (the attack: connections reset mid-file)."""
    (server.bundle / "1077.decap-cms.js").write_bytes(b"/* chunk */" * 800_000)  # 8.8 MB
    host, port = server.server_address[:2]
    for _ in range(5):
        sock = socket.create_connection((host, port), timeout=30)
        sock.sendall(f"GET /admin/1077.decap-cms.js HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
        assert sock.recv(64).startswith(b"HTTP/1.1 200")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # reset, not close
        sock.close()
    assert request(server, "GET", "/admin/")[0] == 200  # answered after the resets, so they were handled
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Exception occurred" not in err, err


def test_requests_from_other_origins_and_hosts_are_refused(server):
    host, port = server.server_address[:2]
    body = json.dumps({"action": "info"})
    own = {"Content-Type": "application/json", "Host": f"{host}:{port}"}
    assert request(server, "POST", "/api/v1", body, own)[0] == 200
    assert request(server, "POST", "/api/v1", body, {**own, "Origin": f"http://{host}:{port}"})[0] == 200
    assert request(server, "POST", "/api/v1", body, {**own, "Origin": "http://evil.example"})[0] == 403
    assert request(server, "POST", "/api/v1", body, {**own, "Host": f"evil.example:{port}"})[0] == 403  # rebinding
    assert request(server, "GET", "/admin/", None, {"Host": "evil.example"})[0] == 403
    assert request(server, "POST", "/api/v1", body, {**own, "Content-Type": "text/plain"})[0] == 415
    status, _, answer = request(server, "POST", "/api/v1", "{", own)
    assert status == 400 and "JSON" in json.loads(answer)["error"]


def test_a_json_client_gets_every_refusal_of_the_api_as_json_in_chinese(server):
    """A client of the API (a script, not the form) is answered in JSON and in Chinese, including
    what http.server itself refuses (its own page is English HTML)."""
    host, port = server.server_address[:2]
    own = {"Content-Type": "application/json", "Host": f"{host}:{port}"}

    def refused(method, body=None, headers=own, path="/api/v1"):
        status, answer_headers, answer = request(server, method, path, body, headers)
        assert answer_headers["Content-Type"] == "application/json; charset=utf-8", (method, answer)
        error = json.loads(answer)["error"]
        assert re.search(r"[\u4e00-\u9fff]", error) and not re.search(r"[A-Za-z]{3,} [a-z]{3,}", error), error
        return status, answer_headers, error

    for method in ("GET", "PUT", "DELETE", "PATCH", "OPTIONS"):
        status, headers, error = refused(method, "{}" if method in ("PUT", "PATCH") else None)
        assert status == 405 and headers["Allow"] == "POST" and f"不接受 {method} 请求" in error and "POST" in error
    status, _, error = refused("POST", json.dumps({"action": "listEverything"}))
    assert status == 422 and error.startswith("未知的操作 listEverything：") and "getEntry" in error
    assert refused("POST", "")[0] == 400
    assert refused("POST", "{}", {**own, "Transfer-Encoding": "chunked"})[0] == 411
    assert refused("POST", "{}", path="/api/v2")[0] == 404
    # The pages are answered in Chinese too (plain text), never http.server's English page.
    status, headers, page = request(server, "DELETE", "/admin/")
    assert status == 405 and headers["Allow"] == "GET, HEAD" and "不接受 DELETE 请求" in page.decode()


def test_without_the_bundle_the_editor_says_how_to_install_it(site, tmp_path, monkeypatch):
    monkeypatch.setenv("GONGKAI_DECAP", str(tmp_path / "nothing"))
    site.good()
    done = site.gongkai("edit", "--no-browser", "--port", "0", timeout=60)
    assert done.returncode == 1 and "scripts/install_decap.py" in done.stderr and "GONGKAI_DECAP" in done.stderr


def test_commit_needs_an_author(site):
    site.good()
    done = site.gongkai("edit", "--commit", "--no-browser", timeout=60)
    assert done.returncode == 2 and "--author '姓名 <邮箱>'" in done.stderr


def test_the_record_page_box_and_the_preview_share_one_layout():
    from gongkai.model.schema import FIELD_BY_KEY
    from gongkai.publish.pages import META_BOX

    keys = [k for row in META_BOX for k in row]
    assert all(k in FIELD_BY_KEY for k in keys) and len(keys) == len(set(keys)) == 9
    js = (Path(editor_config.__file__).parent / "editor.js").read_text(encoding="utf-8")
    assert "setup.metaBox" in js


# -- hosted mode: /admin/ of the portal ----------------------------------------------------------


@pytest.fixture
def bundle(tmp_path) -> Path:
    folder = tmp_path / "bundle"
    folder.mkdir()
    (folder / "decap-cms.js").write_text("/* stand-in */", encoding="utf-8")
    (folder / "1077.decap-cms.js").write_text("/* chunk */", encoding="utf-8")
    (folder / "decap-cms.js.map").write_text("{}", encoding="utf-8")
    return folder


def hosted_config(site) -> dict:
    text = (site.root / "site" / "admin" / "config.js").read_text(encoding="utf-8")
    return json.loads(text.split("window.GONGKAI_EDITOR = ", 1)[1].rstrip().rstrip(";"))


def test_the_hosted_editor_is_built_only_when_enabled_and_only_admin_loads_it(site, bundle):
    site.good()
    done = site.mkdocs("build", env={"GONGKAI_DECAP": str(bundle)})
    assert done.returncode == 0, done.stderr
    assert not (site.root / "site" / "admin").exists()
    site.configure(editor="github", editor_repo="chengling/xxgk", search="off")
    done = site.mkdocs("build", env={"GONGKAI_DECAP": str(bundle)})
    assert done.returncode == 0, done.stderr
    admin = site.root / "site" / "admin"
    assert sorted(p.name for p in admin.iterdir()) == [
        "1077.decap-cms.js",
        "config.js",
        "decap-cms.js",
        "editor.js",
        "index.html",
        "preview.css",
    ]
    page = (admin / "index.html").read_text(encoding="utf-8")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "connect-src 'self' blob: https://api.github.com https://avatars.githubusercontent.com" in policy
    assert "script-src 'self' 'unsafe-eval'" in policy and "frame-ancestors" not in policy
    config = hosted_config(site)["config"]
    assert config["backend"] == {"name": "github", "repo": "chengling/xxgk", "branch": "main"}
    assert config["publish_mode"] == "editorial_workflow"
    fields = {f["name"]: f for f in config["collections"][0]["fields"]}
    assert fields["index_no"]["widget"] == "string" and fields["index_no"]["required"] is True
    assert fields["index_no"]["pattern"][0] == "^[A-Za-z0-9][A-Za-z0-9._-]*?/[0-9]{4}-[0-9]{5}$"
    assert config["collections"][0]["slug"] == "{{fields.index_no}}"
    for html in (site.root / "site").rglob("*.html"):
        if html.parent != admin:
            text = html.read_text(encoding="utf-8")
            assert "decap" not in text.lower() and "admin/" not in text, html
    first = {p.name: p.read_bytes() for p in admin.iterdir()}
    assert site.mkdocs("build", env={"GONGKAI_DECAP": str(bundle)}).returncode == 0
    assert {p.name: p.read_bytes() for p in admin.iterdir()} == first  # deterministic


def test_the_hosted_editor_on_gitlab_uses_pkce_and_needs_its_application(site, bundle):
    site.good()
    site.configure(editor="gitlab", editor_repo="xxgk/portal", search="off")
    done = site.mkdocs("build", env={"GONGKAI_DECAP": str(bundle)})
    assert done.returncode == 1 and "editor: gitlab 需要 GitLab 应用的 Application ID" in done.stderr
    site.configure(
        editor="gitlab",
        editor_repo="xxgk/portal",
        editor_app_id="abc123",
        editor_base_url="https://gitlab.example.gov.cn/",
        search="off",
    )
    done = site.mkdocs("build", env={"GONGKAI_DECAP": str(bundle)})
    assert done.returncode == 0, done.stderr
    assert hosted_config(site)["config"]["backend"] == {
        "name": "gitlab",
        "repo": "xxgk/portal",
        "branch": "main",
        "auth_type": "pkce",
        "app_id": "abc123",
        "base_url": "https://gitlab.example.gov.cn",
        "api_root": "https://gitlab.example.gov.cn/api/v4",
        "auth_endpoint": "oauth/authorize",
    }
    page = (site.root / "site" / "admin" / "index.html").read_text(encoding="utf-8")
    assert "connect-src 'self' blob: https://gitlab.example.gov.cn;" in page


def test_without_the_bundle_the_hosted_editor_stops_the_build_with_the_way_to_install_it(site, tmp_path):
    site.good()
    site.configure(editor="github", editor_repo="chengling/xxgk", search="off")
    done = site.mkdocs("build", env={"GONGKAI_DECAP": str(tmp_path / "nothing")})
    assert done.returncode == 1 and "install_decap.py" in done.stderr


def test_a_warning_does_not_stop_a_save_and_is_answered(ws, site):
    status, answer = save(ws, "records/2026/三.md", raw(**NEW, published="2024-03-01", doc_no="测财发[2024]3号"))
    assert status == 200, answer
    warning = next(w for w in answer["warnings"] if w["key"] == "doc_no")
    assert warning["severity"] == "警告" and "〔〕" in warning["message"] + warning["fix"]


def test_commit_records_each_save_with_the_clerks_name_and_only_its_files(site):
    import subprocess

    from gongkai.editor.gitcommit import Committer

    site.good()
    (site.root / "notes.txt").write_text("the clerk's other work\n", encoding="utf-8")

    def git(*args):
        return subprocess.run(["git", *args], cwd=site.root, capture_output=True, text=True, check=True).stdout

    git("init", "-q", "-b", "main")
    git("-c", "user.name=site", "-c", "user.email=site@example.invalid", "add", "records", "mkdocs.yml")
    git("-c", "user.name=site", "-c", "user.email=site@example.invalid", "commit", "-q", "-m", "start")
    said = []
    ws = Workspace(site.root, Settings(), on_saved=Committer(site.root, "张三 <zhangsan@example.gov.cn>", said.append))
    pdf = make_pdf("x")
    text = raw(**NEW, published="2024-03-01", attachments=[{"file": "files/表.pdf", "title": "表"}])
    status, answer = save(ws, "records/2026/新.md", text, [("records/2026/files/表.pdf", pdf)])
    assert status == 200, answer
    assert said == ["已提交：新建记录 czj/2024-00002（浏览器编辑器）"]
    log = git("-c", "core.quotepath=off", "log", "-1", "--format=%an <%ae>%n%s", "--name-only")
    assert log.splitlines() == [
        "张三 <zhangsan@example.gov.cn>",
        "新建记录 czj/2024-00002（浏览器编辑器）",
        "",
        "records/2024/czj-2024-00002.md",
        "records/2024/files/表.pdf",
    ]
    assert "notes.txt" in git("status", "--porcelain")  # the clerk's other changes stay as they were


def test_the_preview_renders_a_body_as_the_portal_does(site):
    from gongkai.editor.preview import renderer

    (site.root / "mkdocs.yml").write_text(
        (site.root / "mkdocs.yml").read_text(encoding="utf-8") + "markdown_extensions:\n  - tables\n  - admonition\n",
        encoding="utf-8",
    )
    ws = Workspace(site.root, Settings(), render=renderer(site.root / "mkdocs.yml"))
    body = '!!! note "说明"\n    以此为准。\n\n| 项目 | 金额 |\n|---|---|\n| 收入 | 1 |\n\n<script>alert(1)</script>\n'
    status, answer = ws.handle({"action": "gongkaiPreview", "params": {"body": body}})
    assert status == 200
    html = answer["html"]
    assert '<div class="admonition note">' in html and "<td>收入</td>" in html
    assert "<script" not in html  # cleaned as the record page is


def test_check_names_the_editors_pending_drafts(ws, site):
    status, answer = save(ws, "records/2026/测试.md", raw(**NEW, published="2024-03-01", written="2024-04-01"))
    assert status == 422
    done = site.gongkai("check")
    assert done.returncode == 0, done.stderr
    assert f"编辑器草稿（未通过检查，不会发布；在编辑器中改好保存即可）：{answer['draft']}" in done.stdout


def test_the_top_bars_media_library_neither_offers_records_nor_keeps_a_file_of_no_record(ws, site):
    # A new record's picker opened on its year's folder listed the records (.md); the library of the
    # top bar wrote an upload into records/files/, where no check reads it and nothing publishes it.
    pdf = base64.b64encode(make_pdf("名单 13812345678")).decode()
    listed = ws.handle({"action": "getMedia", "params": {"mediaFolder": "records/2024"}})[1]
    assert [m for m in listed if m["name"].endswith((".md", ".yml", ".draft"))] == []
    media = {"path": "records/files/名单.pdf", "content": pdf, "encoding": "base64"}
    status, answer = ws.handle({"action": "persistMedia", "params": {"asset": media, "options": {}}})
    assert status == 422 and "名单.pdf：附件要在记录的表单里上传" in answer["error"], answer
    assert not (site.root / "records" / "files").exists()
    # A site whose records lie in the records folder itself keeps their files there: allowed.
    (site.root / "records" / "czj-00009.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    assert ws.handle({"action": "persistMedia", "params": {"asset": media, "options": {}}})[0] == 200

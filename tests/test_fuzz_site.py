"""The built site under random hostile text: markup, character references, format characters and
odd separators put into every text field of many records at once (issue 14).

Each example is a batch of records written into one small site; `mkdocs build` then either
refuses with Chinese problems (no traceback, nothing published) or publishes a site in which no
page carries markup a record's text brought in: no script beyond the theme's, no event handler, no
refresh, no javascript: link, and every record's title shown as the text it is.
Runs are derandomized; a handful of builds keep it within seconds.
"""

from __future__ import annotations

import os
import re
import shutil

import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import ourcommands
from conftest import BIN, FIXTURES, command_env, make_pdf
from gongkai.guards import csp

PIECES = st.sampled_from(
    ["<script>document.title='X'</script>", "<img src=x onerror=alert(1)>", '<meta http-equiv="refresh" content="0">',
     "</title>", "<b>", "<!--", "<?x?>", "&lt;", "&#60;", "&amp;", "&", "<", ">", "<3", "a<b", "\u200b", "\u00ad",
     "\u202e", "\ufeff", "\u2060", "\n", "\t", "**", "_", "[x](javascript:alert(1))", "`", "|", "\\", '"', "'",
     "=cmd|' /C calc'!A0", "+1", "-1", "@SUM(1)", "《》", "〔2025〕", "（）", "　", "：", "#", " #", "{", "}", "[", "]"]
)  # fmt: skip
#: What a body may hold and still be published (sanitised): anything but a link to a file that is not there.
BODY = PIECES.filter(lambda piece: "](" not in piece)
#: A mobile number written with other separators: personal data, refused wherever it is.
PERSONAL = st.sampled_from(["139.1234.5678", "139 1234 5678", "１３９１２３４５６７８"])
FIELDS = ("title", "summary", "doc_no", "keyword", "attachment title", "body")


#: What plain text may hold (the loader accepts it; pages must show it as typed).
HARMLESS = st.sampled_from(
    ["&", " < ", ">", "**", "_", "`", "|", "\\", '"', "'", "=cmd|' /C calc'!A0", "+1", "-1", "@SUM(1)", "《》",
     "〔2025〕", "（）", "　", "：", "{", "}", "[", "]", "PM2.5 < 35"]
)  # fmt: skip


@st.composite
def batches(draw):
    """Records with pieces put into their fields: in a harmless batch only text fields' harmless pieces
    (and anything in bodies, which are Markdown and sanitised); else anything anywhere."""
    harmless = draw(st.booleans())
    records = []
    for n in range(1, draw(st.integers(4, 10)) + 1):
        texts = {f: {"title": f"关于第{n}项工作的通知", "body": "正文第一段。"}.get(f, f"内容{n}") for f in FIELDS}
        for field in draw(st.lists(st.sampled_from(FIELDS), min_size=1, max_size=3)):
            text = texts[field]
            pool = (HARMLESS if field != "body" else BODY) if harmless else PIECES | PERSONAL
            for piece in draw(st.lists(pool, min_size=1, max_size=3)):
                at = draw(st.integers(0, len(text)))
                text = text[:at] + piece + text[at:]
            texts[field] = text.strip() if field != "body" else text
        records.append(texts)
    return harmless, records


def write(root, batch) -> dict[str, str]:
    """The site's records from `batch`; returns 索引号 -> title as written."""
    folder = root / "records/2024"
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "files").mkdir(parents=True)
    (folder / "files/a.pdf").write_bytes(make_pdf("attachment"))
    titles = {}
    for n, texts in enumerate(batch, 1):
        front = {
            "title": texts["title"],
            "index_no": f"czj/2024-{n:05d}",
            "agency": "测试县财政局",
            "category": "财政信息/财政预算",
            "published": "2024-01-26",
            "doc_no": texts["doc_no"],
            "summary": texts["summary"],
            "keywords": [texts["keyword"]],
            "attachments": [{"file": "files/a.pdf", "title": texts["attachment title"]}],
        }
        text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + texts["body"] + "\n"
        (folder / f"r{n}.md").write_text(text, encoding="utf-8")
        titles[front["index_no"]] = texts["title"]
    return titles


@settings(
    # benchmarks/fuzz.py --site N runs the long version.
    max_examples=int(os.environ.get("GONGKAI_FUZZ_SITE_EXAMPLES", "8")),
    deadline=None, derandomize=True, database=None,  # no wall-time limit: a build is as slow as the machine
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)  # fmt: skip
@given(batch=batches())
def test_hostile_text_in_every_field_is_refused_or_shown_as_text(tmp_path_factory, batch):
    harmless, batch = batch
    root = tmp_path_factory.mktemp("fuzzsite")
    (root / "docs").mkdir()
    (root / "records").mkdir()
    shutil.copy(FIXTURES / "taxonomy.yml", root / "records/taxonomy.yml")
    (root / "mkdocs.yml").write_text(
        "site_name: 测试县\nsite_url: https://x.example.gov.cn/\ntheme:\n  name: material\n  language: zh\n"
        '  font: false\nplugins:\n  - gongkai:\n      search: "off"\n',
        encoding="utf-8",
    )
    titles = write(root, batch)
    built = ourcommands.run([str(BIN / "mkdocs"), "build"], cwd=root, env=command_env(root))
    assert "Traceback" not in built.stderr
    event("refused" if built.returncode else "published")
    assert built.returncode == 0 or not harmless, built.stderr  # harmless text is never refused
    if built.returncode != 0:
        assert "错误" in built.stderr and "改法：" in built.stderr and not (root / "site").exists()
        return
    from mkdocs.theme import Theme

    from gongkai.plugin.theme import TEMPLATES

    known = csp.KnownScripts([TEMPLATES, *Theme(name="material").dirs])  # our header's toolbar script too
    for path in (root / "site").rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert all(code in known for code in csp.inline_scripts(html)), path
        page = BeautifulSoup(html, "html.parser")
        for tag in page.find_all(True):
            assert not [a for a in tag.attrs if a.lower().startswith("on")], (path, tag)
            href = (tag.get("href") or "").strip().lower()
            assert not href.startswith(("javascript:", "data:")), (path, tag)
        assert not page.find("meta", attrs={"http-equiv": re.compile("refresh", re.I)}), path
    for index_no, title in titles.items():
        page = BeautifulSoup((root / f"site/xxgk/{index_no}/index.html").read_text(encoding="utf-8"), "html.parser")
        assert page.select_one("article h1").get_text() == title.strip()

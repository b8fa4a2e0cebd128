"""The browser editor in a real browser: `gongkai edit`'s server on a copy of the sample, Decap CMS
from the pinned npm bundle, Debian's Chromium driven by Playwright.

What a clerk does: log in, create a record through the form (agency, category, a title with 《》,
a date, a body, a PDF), save; open a record and change it. What must hold: the file is written,
passes `gongkai check`, carries the next 索引号, and the built site shows it; wrong values are
refused with the Chinese message; the UI is Chinese; no console error; no request leaves
127.0.0.1. With GONGKAI_SCREENSHOTS=<folder> the tests save the README's screenshots there.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import ourcommands
from conftest import BIN, NO_DECAP, ROOT, chromium, command_env, make_pdf, needs_chromium
from gongkai.clerk.newrecord import used_serials
from gongkai.editor.server import bundle_dir, serve, start
from gongkai.model.indexno import IndexNoPattern
from gongkai.model.schema import FIELD_BY_KEY
from gongkai.model.taxonomy import load_taxonomy
from gongkai.siteconfig import read_mkdocs_settings
from test_personal import ID

needs_decap = pytest.mark.skipif(
    not (bundle_dir() / "decap-cms.js").is_file() and os.environ.get("GONGKAI_BROWSER_TESTS") != "required",
    reason=NO_DECAP,
)
pytestmark = [needs_chromium, needs_decap]
SHOTS = os.environ.get("GONGKAI_SCREENSHOTS")


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """A copy of the sample site (search off: the build below only has to show the record)."""
    dest = tmp_path_factory.mktemp("editor") / "site"
    dest.mkdir()
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (dest / "mkdocs.yml").write_text(config.replace("  - gongkai:\n", "  - gongkai:\n      search: 'off'\n"))
    shutil.copytree(ROOT / "docs", dest / "docs")
    shutil.copytree(ROOT / "records", dest / "records")
    return dest


@pytest.fixture(scope="module")
def editor(sample):
    from gongkai.text.problems import Problems

    settings = read_mkdocs_settings(sample / "mkdocs.yml")
    taxonomy = load_taxonomy(sample / "records" / "taxonomy.yml", Problems())
    server = serve(sample, settings, taxonomy, port=0, quiet=True)
    start(server)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


class Clerk:
    """A browser page on the editor that records console errors and requests to other hosts."""

    def __init__(self, browser, base: str, locale: str = "zh-CN"):
        self.base = base
        self.page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale=locale)
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("request", self._request)

    def _request(self, request):
        if not request.url.startswith((self.base, "data:", "blob:" + self.base.rstrip("/"))):
            self.outside.append(request.url)

    def open(self, hash_path: str) -> None:
        self.page.goto(self.base + "admin/#" + hash_path)
        self.page.get_by_role("button", name="登录").click()  # the local backend's login: no password

    def field(self, key: str):
        return self.page.locator(f"[id^={key}-field-]").first

    def choose(self, key: str, text: str) -> None:
        self.field(key).click()
        self.page.keyboard.type(text)
        self.page.keyboard.press("Enter")

    def new_record(self, title: str, body: str, published: str = "2025-09-16") -> None:
        """A new record of 澄岭县财政局's 财政预算 filled in, not yet saved."""
        self.open("/collections/records-2025/new")
        self.field("title").fill(title)
        self.choose("agency", "澄岭县财政局")
        self.choose("category", "财政信息/财政预算")
        self.field("published").fill(published)
        self.body(body)

    def body(self, text: str) -> None:
        self.page.locator("[data-slate-editor]").first.click()
        self.page.keyboard.type(text)

    def attach(self, path: Path, title: str) -> None:
        self.page.get_by_role("button", name="新增附件").click()
        self.page.get_by_role("button", name="选择文件").click()
        self.page.locator("input[type=file]").first.set_input_files(str(path))
        self.page.get_by_role("button", name="选用已选中项目").click()
        self.page.locator("[id^=title-field-]").nth(1).fill(title)

    def publish(self) -> None:
        self.page.get_by_role("button", name=re.compile("^发布")).first.click()
        self.page.get_by_text("立即发布").click()

    def shot(self, name: str) -> None:
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            # The same picture each run: transitions finished (a field's focus ring), Decap's loading
            # bar run out, its toasts (which come and go with the machine's speed) left out.
            self.page.wait_for_timeout(1500)
            path = str(Path(SHOTS) / name)
            self.page.screenshot(path=path, animations="disabled", style=".Toastify { display: none; }")


def next_number(sample: Path, code: str, year: int) -> str:
    pattern = IndexNoPattern("{org}/{YYYY}-{NNNNN}")
    return pattern.example(code, year, max(used_serials(sample / "records", pattern, code, year), default=0) + 1)


def check(sample: Path) -> subprocess.CompletedProcess:
    return ourcommands.run([str(BIN / "gongkai"), "check"], cwd=sample)


def test_a_record_created_through_the_form_is_written_checked_numbered_and_built(browser, editor, sample, tmp_path):
    expected = next_number(sample, "czj", 2025)
    pdf = tmp_path / "tiaozheng.pdf"
    pdf.write_bytes(make_pdf("budget adjustment"))
    clerk = Clerk(browser, editor)
    clerk.open("/collections/records-2025")
    clerk.page.get_by_text("2025年").first.wait_for()
    assert "fgj/2025-00002" in clerk.page.inner_text("body")  # the list: 索引号, title, date
    clerk.shot("editor-list.png")
    clerk.page.goto(editor + "admin/#/collections/records-2025/new")
    title = "澄岭县财政局关于《2025年县级预算调整方案》的说明"
    clerk.field("title").fill(title)
    clerk.choose("agency", "澄岭县财政局")
    clerk.choose("category", "财政信息/财政预算")
    clerk.field("published").fill("2025-09-15")
    clerk.body("经县人大常委会批准，现将2025年县级预算调整方案说明如下。")
    clerk.attach(pdf, "预算调整方案")
    clerk.shot("editor-new.png")
    clerk.publish()
    clerk.page.wait_for_url(re.compile(r"/entries/"))
    shown = clerk.page.locator("[data-gk-index-no]")
    shown.filter(has_text=expected).wait_for()  # the form shows the number the server gave
    path = sample / "records" / "2025" / (expected.replace("/", "-") + ".md")
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"---\ntitle: {title}\nindex_no: {expected}\nagency: 澄岭县财政局\n")
    assert "attachments:\n  - {file: files/tiaozheng.pdf, title: 预算调整方案}\n" in text
    assert (path.parent / "files" / "tiaozheng.pdf").read_bytes() == pdf.read_bytes()
    assert "draft" not in text
    done = check(sample)
    assert done.returncode == 0, done.stderr
    assert clerk.errors == [] and clerk.outside == []
    build = ourcommands.run([str(BIN / "mkdocs"), "build"], cwd=sample, env=command_env(sample))
    assert build.returncode == 0, build.stderr
    page = (sample / "site" / "xxgk" / expected / "index.html").read_text(encoding="utf-8")
    assert "2025年县级预算调整方案" in page and "tiaozheng.pdf" in page


def test_the_ui_is_chinese_and_the_index_no_is_never_typed(browser, editor):
    clerk = Clerk(browser, editor)
    clerk.open("/collections/records-2025/new")
    clerk.field("title").wait_for()
    text = clerk.page.inner_text("body")
    for words in ("发布", "标题", "发布机构", "公开目录分类", "发布日期", "正文", "新增附件", "自动分配"):
        assert words in text
    for english in ("Publish", "Title", "Save", "Body", "Loading"):
        assert english not in text
    assert clerk.page.locator("[id^=index_no-field-] input, input[id^=index_no-field-]").count() == 0
    # Words Decap hard-codes or its Chinese lacks: the body's 添加组件 menu, names read out.
    clerk.page.get_by_role("button", name="添加组件").first.click()
    assert clerk.page.get_by_role("menuitem").all_inner_texts() == ["代码块", "图片"]
    names = clerk.page.eval_on_selector_all("[aria-label], [title]", "es => es.map(e => e.ariaLabel || e.title)")
    assert [n for n in names if re.fullmatch(r"[A-Za-z ]+", n or "")] == []
    clerk.page.get_by_role("menuitem", name="图片").click()  # still the image component
    clerk.page.get_by_role("button", name="选择图片").wait_for()
    assert clerk.errors == [] and clerk.outside == []


def test_wrong_values_are_refused_in_the_form_with_the_chinese_message(browser, editor, sample, tmp_path):
    clerk = Clerk(browser, editor)
    clerk.open("/collections/records-2025/new")
    clerk.field("title").fill("澄岭县财政局关于低保名单的公示")
    clerk.choose("agency", "澄岭县财政局")
    clerk.choose("category", "财政信息/财政预算")
    # An .exe as an attachment: refused at the field, by the site's types; no date: it is required.
    exe = tmp_path / "setup.exe"
    exe.write_bytes(b"MZ\x90\x00 not a document")
    clerk.attach(exe, "安装程序")
    clerk.publish()
    text = clerk.page.inner_text("body")
    assert "“发布日期”是必填项" in text
    assert "“文件”不满足模式：附件只能是以下类型" in text
    # A date typed 2025/9/15 is shown as typed and refused with the way to write it; a day the
    # calendar does not have (2025-02-30) too.
    clerk.field("published").fill("2025/9/15")
    clerk.field("title").click()  # leaving the field checks it
    text = clerk.page.inner_text("body")
    assert clerk.field("published").input_value() == "2025/9/15"
    assert f"“发布日期”不满足模式：格式不对，应写成如 {FIELD_BY_KEY['published'].example} 的样子" in text
    clerk.field("published").fill("2025-02-30")
    clerk.publish()
    assert "“发布日期”2025-02-30 不是日历上的日期" in clerk.page.inner_text("body")
    # Decap says it at the field only (a toast is for an empty required field): the first refused
    # field is brought into view and its input focused, or the 发布 seemed to do nothing.
    clerk.page.wait_for_function("document.activeElement.id.startsWith('published-field-')")
    top = clerk.page.evaluate("document.querySelector('[class*=ControlErrorsList]').getBoundingClientRect().top")
    assert 0 <= top <= clerk.page.viewport_size["height"]
    clerk.field("title").click()  # and from the menu's other items (Decap's words: 发布，然后新建内容)
    clerk.page.get_by_role("button", name=re.compile("^发布")).first.click()
    clerk.page.get_by_text("发布，然后新建内容").click()
    clerk.page.wait_for_function("document.activeElement.id.startsWith('published-field-')")
    # Refused in the form, nothing sent. Decap rejects its save promise without a reason when a
    # field is wrong (actions/entries.ts persistEntry: `return Promise.reject()`), which the
    # browser reports as an uncaught "undefined": that (once a refused save), and nothing else.
    assert set(clerk.errors) <= {"pageerror: undefined"} and len(clerk.errors) <= 3 and clerk.outside == []
    before = sorted(p.name for p in (sample / "records").rglob("*") if p.is_file())
    # An unmasked ID number in the body: refused by the check on save, with the fix; the record is
    # kept as a draft that is never published.
    clerk = Clerk(browser, editor)
    clerk.new_record("澄岭县财政局关于低保名单的公示", f"低保对象：张三，身份证号{ID}。")
    expected = next_number(sample, "czj", 2025)
    clerk.publish()
    problems = clerk.page.locator("#gk-problems")
    problems.wait_for()
    said = problems.inner_text()
    clerk.shot("editor-problems.png")
    assert "记录未通过检查，已另存为草稿（不会发布）" in said
    assert "正文有未遮盖的身份证号" in said and "改法：" in said
    # Decap's toast points to the panel, without the name of its error class (API_ERROR).
    toast = clerk.page.locator(".Toastify__toast", has_text="没有保存")
    toast.wait_for()
    assert "没有保存：原因和改法见右下角。" in toast.inner_text() and "API_ERROR" not in toast.inner_text()
    draft = sample / "records" / "2025" / (expected.replace("/", "-") + ".md.draft")
    assert draft.is_file() and "draft: true" in draft.read_text(encoding="utf-8")
    assert not draft.with_suffix("").exists()
    assert not [p for p in (sample / "records").rglob("setup.exe")]
    assert check(sample).returncode == 0
    assert len(before) + 1 == len([p for p in (sample / "records").rglob("*") if p.is_file()])
    # The only console errors are Decap's own report of the refused save.
    assert all("422" in e or "未通过检查" in e or e.startswith("pageerror") for e in clerk.errors), clerk.errors
    assert clerk.outside == []
    # Fixed in the same form, its title changed too (Decap names the file after the new title): it
    # takes the draft's number, and the draft goes; no second number, no draft left behind.
    fixes = {"[id^=title-field-]": "澄岭县财政局关于低保工作的说明", "[data-slate-editor]": "低保工作按规定开展。"}
    for where, text in fixes.items():
        clerk.page.locator(where).first.click()
        clerk.page.keyboard.press("Control+A")
        clerk.page.keyboard.type(text)
    clerk.publish()
    record = draft.with_suffix("")
    for _ in range(100):
        if record.is_file():
            break
        clerk.page.wait_for_timeout(100)
    assert record.is_file() and "title: 澄岭县财政局关于低保工作的说明" in record.read_text(encoding="utf-8")
    assert not draft.exists() and not list((sample / "records").rglob("*.draft"))
    assert len(before) + 1 == len([p for p in (sample / "records").rglob("*") if p.is_file()])


def test_a_save_that_reaches_no_server_says_so_in_chinese(browser, editor, sample):
    # The terminal running `gongkai edit` was closed: the save gets no answer at all.
    clerk = Clerk(browser, editor)
    clerk.new_record("澄岭县财政局关于2025年预算公开的说明", "预算已公开。")
    before = sorted(p.name for p in (sample / "records").rglob("*") if p.is_file())

    def drop(route):
        if '"action":"persistEntry"' in (route.request.post_data or ""):
            route.abort()
        else:
            route.continue_()

    clerk.page.route("**/api/v1", drop)
    clerk.publish()
    problems = clerk.page.locator("#gk-problems")
    problems.wait_for()
    assert "没有连上记录编辑器的本地服务，记录没有保存" in problems.inner_text()
    assert "gongkai edit" in problems.inner_text()
    assert sorted(p.name for p in (sample / "records").rglob("*") if p.is_file()) == before


def test_an_existing_record_is_edited_and_the_change_is_on_disk(browser, editor, sample):
    path = sample / "records" / "2025" / "czj-00001.md"
    before = path.read_text(encoding="utf-8")
    index_no = re.search(r"^index_no: (\S+)$", before, re.M).group(1)
    clerk = Clerk(browser, editor)
    clerk.open("/collections/records-2025/entries/czj-00001")
    title = clerk.field("title")
    title.wait_for()
    old = title.input_value()
    assert old and old in before
    assert clerk.page.locator("[data-gk-index-no]").inner_text() == index_no
    # The preview: the 信息索引 box, and the body as the portal renders it (its table, its headings).
    preview = clerk.page.frame_locator("iframe").first
    assert preview.locator("table.gk-meta th").first.inner_text() == "索引号"
    body = preview.locator("[data-gk-portal]")
    body.locator("table td", has_text="一般公共预算收入").first.wait_for()
    assert body.locator("h2").first.inner_text() == "一、一般公共预算"
    title.fill(old + "（修订）")
    clerk.shot("editor-edit.png")
    clerk.publish()
    clerk.page.get_by_text("内容已保存").wait_for()
    after = path.read_text(encoding="utf-8")
    assert f"title: {old}（修订）\n" in after and f"index_no: {index_no}\n" in after
    assert check(sample).returncode == 0
    assert clerk.errors == [] and clerk.outside == []


@pytest.mark.parametrize("language", ["en-US", "zh-CN"])
def test_dates_are_shown_and_typed_yyyy_mm_dd_whatever_the_browsers_language(browser, editor, sample, language):
    """The form shows a record's dates as its file holds them (YYYY-MM-DD), not in the browser's
    date format (an English browser's date input shows 01/24/2025); a date is typed so, or picked
    from the calendar (the button beside it), and written so."""
    path = sample / "records" / "2025" / "czj-00001.md"
    written = re.search(r"^published: (\S+)$", path.read_text(encoding="utf-8"), re.M).group(1)
    clerk = Clerk(browser, editor, locale=language)
    clerk.open("/collections/records-2025/entries/czj-00001")
    date = clerk.field("published")
    date.wait_for()
    # What the clerk sees: a text box holding the date as written (a date input's value would be
    # YYYY-MM-DD too, but shown in the browser's format).
    assert date.evaluate("e => [e.type, e.value]") == ["text", written]
    assert clerk.page.get_by_role("button", name="从日历中选择发布日期").is_visible()
    # The calendar's choice is written YYYY-MM-DD into the text box.
    clerk.page.get_by_role("button", name="从日历中选择发布日期").click()
    calendar = clerk.page.locator("[id^=published-field-] ~ input[data-gk-calendar]").first
    calendar.fill("2025-10-08", force=True)
    assert date.input_value() == "2025-10-08"
    # Typed: taken as typed.
    date.fill("2025-01-24")
    assert date.input_value() == "2025-01-24"
    assert clerk.errors == [] and clerk.outside == []
    clerk.page.close()


def test_a_long_list_comes_a_page_at_a_time_newest_first_and_search_reads_all_of_it(browser, tmp_path):
    """A year of 250 records in one folder: the list shows the newest 100 (the server's page), the
    next 100 when the clerk scrolls to its end; a search finds the records that hold its words,
    on any page (at most 100 of a list)."""
    from conftest import Site
    from gongkai.text.problems import Problems

    site = Site(tmp_path / "long")
    for serial in range(1, 251):
        day = f"2024-{1 + serial % 12:02d}-{1 + serial % 28:02d}"
        site.good(
            f"2024/czj-{serial:05d}.md",
            index_no=f"czj/2024-{serial:05d}",
            published=day,
            title=f"说明第{serial}号",
            **({"draft": True} if serial == 7 else {}),
        )
    settings = read_mkdocs_settings(site.root / "mkdocs.yml")
    taxonomy = load_taxonomy(site.root / "records" / "taxonomy.yml", Problems())
    server = serve(site.root, settings, taxonomy, port=0, quiet=True)
    start(server)
    try:
        clerk = Clerk(browser, f"http://127.0.0.1:{server.server_address[1]}/")
        clerk.open("/collections/records-2024")
        rows = clerk.page.locator("a[href*='/entries/']")
        rows.first.wait_for()
        assert rows.count() == 100
        newest = sorted(range(1, 251), key=lambda n: (1 + n % 12, 1 + n % 28, n), reverse=True)
        assert rows.first.get_attribute("href").endswith(f"/entries/czj-{newest[0]:05d}")
        rows.last.scroll_into_view_if_needed()
        clerk.page.locator(f"a[href$='/entries/czj-{newest[150]:05d}']").wait_for()
        assert rows.count() == 200
        assert [r.split("/")[-1] for r in rows.evaluate_all("rs => rs.map(r => r.getAttribute('href'))")] == [
            f"czj-{n:05d}" for n in newest[:200]
        ]
        # Search: the server answers with the records holding the words (the newest 100 of them).
        box = clerk.page.get_by_placeholder("查找所有...")
        box.fill(f"说明第{newest[-1]}号")
        box.press("Enter")
        clerk.page.locator(f"a[href$='/entries/czj-{newest[-1]:05d}']").wait_for()
        assert rows.count() == 1
        box.fill("说明第2")  # 2, 20–29, 200–250: 62 records
        box.press("Enter")
        clerk.page.wait_for_url(re.compile("/search/"))
        clerk.page.locator("a[href$='/entries/czj-00250']").wait_for()
        assert rows.count() == 62
        box.fill("说明第1")  # 1, 10–19, 100–199: 111 records, the newest 100 shown
        box.press("Enter")
        clerk.page.locator("a[href$='/entries/czj-00001']").or_(
            clerk.page.locator("a[href$='/entries/czj-00199']")
        ).first.wait_for()
        clerk.page.wait_for_function("document.querySelectorAll(\"a[href*='/entries/']\").length >= 100")
        assert rows.count() == 100
        assert clerk.errors == [] and clerk.outside == []
    finally:
        server.shutdown()
        server.server_close()


def test_the_draft_filter_on_a_list_of_several_pages_shows_every_draft_and_no_error(browser, tmp_path):
    """The 草稿 filter on a year of 250 records, drafts on the first, second and third pages: Decap
    reads the whole list and shows the drafts, each once, without 加载内容失败 or a console error
    (the end of the filtered first page comes into view while the filter reads; the next page it
    asks for must not be appended to, or fail on, the filter's list)."""
    from conftest import Site
    from gongkai.text.problems import Problems

    site = Site(tmp_path / "drafts")
    newest = sorted(range(1, 251), key=lambda n: (1 + n % 12, 1 + n % 28, n), reverse=True)
    drafts = {newest[3], newest[130], newest[240]}
    for serial in range(1, 251):
        site.good(
            f"2024/czj-{serial:05d}.md",
            index_no=f"czj/2024-{serial:05d}",
            published=f"2024-{1 + serial % 12:02d}-{1 + serial % 28:02d}",
            title=f"说明第{serial}号",
            **({"draft": True} if serial in drafts else {}),
        )
    settings = read_mkdocs_settings(site.root / "mkdocs.yml")
    taxonomy = load_taxonomy(site.root / "records" / "taxonomy.yml", Problems())
    server = serve(site.root, settings, taxonomy, port=0, quiet=True)
    start(server)
    try:
        for attempt in range(2):  # the race, if any, depends on timing: try it more than once
            clerk = Clerk(browser, f"http://127.0.0.1:{server.server_address[1]}/")
            rows = clerk.page.locator("a[href*='/entries/']")
            clerk.open("/collections/records-2024")
            rows.first.wait_for()
            clerk.page.wait_for_function("document.querySelectorAll(\"a[href*='/entries/']\").length == 100")
            clerk.page.get_by_role("button", name="筛选").click()
            clerk.page.get_by_role("menuitem", name="草稿").click()
            clerk.page.wait_for_function("document.querySelectorAll(\"a[href*='/entries/']\").length < 100")
            clerk.page.wait_for_timeout(1500)  # what comes after the filter's answer: a next page, a toast
            shown = [r.get_attribute("href").split("/")[-1] for r in rows.all()]
            assert shown == [f"czj-{n:05d}" for n in newest if n in drafts], (attempt, shown)
            # Each says it is a draft, in the list itself (they looked like published records).
            assert all("（草稿，不发布）" in r.inner_text() for r in rows.all())
            assert "加载内容失败" not in clerk.page.inner_text("body"), attempt
            assert clerk.errors == [] and clerk.outside == [], (attempt, clerk.errors)
            # The filter off again (its menu stays open): the whole list, each record once.
            clerk.page.get_by_role("menuitem", name="草稿").click()
            clerk.page.wait_for_function("document.querySelectorAll(\"a[href*='/entries/']\").length > 3")
            hrefs = rows.evaluate_all("rs => rs.map(r => r.getAttribute('href'))")
            assert len(hrefs) == len(set(hrefs))
            assert "（草稿，不发布）" not in rows.first.inner_text()  # the newest record is no draft
            assert clerk.errors == [], clerk.errors
            clerk.page.close()
    finally:
        server.shutdown()
        server.server_close()


def _login_page(asked: list, route) -> None:
    """A login host answered by the test: the address asked for is kept."""
    asked.append(route.request.url)
    route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>login</title>")


def test_the_hosted_editor_loads_its_configuration_and_offers_the_login_in_chinese(browser, tmp_path):
    """/admin/ of a portal built with `editor: github` (and with `gitlab`): Decap accepts the
    generated configuration (it validates it on load: a configuration it refuses is shown as an
    error instead) and shows its login, in Chinese, without a console error or a request to another
    host before the clerk logs in. Logging in goes where the README's steps say: for GitLab, the
    self-hosted instance's oauth/authorize with the application's ID, PKCE and the admin page as
    the redirect URI; for GitHub, the county's OAuth service. Those hosts are answered by the test
    (nothing leaves 127.0.0.1)."""
    from urllib.parse import parse_qs, urlsplit

    from conftest import Site, served

    for backend, button, extra in (
        ("github", "使用 GitHub 登录", {"editor_base_url": "https://oauth.example.gov.cn"}),
        ("gitlab", "使用 GitLab 登录", {"editor_app_id": "abc123", "editor_base_url": "https://gitlab.example.gov.cn"}),
    ):
        site = Site(tmp_path / backend)
        site.good()
        site.configure(editor=backend, editor_repo="chengling/xxgk", search="off", **extra)
        done = site.mkdocs("build", env={"GONGKAI_DECAP": str(bundle_dir())})
        assert done.returncode == 0, done.stderr
        admin = site.root / "site" / "admin"
        with served(site.root / "site") as base:
            clerk = Clerk(browser, base)
            asked: list[str] = []
            clerk.page.context.route(re.compile(r"^https://"), functools.partial(_login_page, asked))
            clerk.page.goto(base + "admin/")
            login = clerk.page.get_by_role("button", name=button)
            login.wait_for()
            assert "配置" not in clerk.page.inner_text("body")  # no configuration error
            assert clerk.errors == [] and clerk.outside == []
            if backend == "gitlab":
                with clerk.page.expect_request(re.compile(r"^https://gitlab\.example\.gov\.cn/")):
                    login.click()
                url = urlsplit(asked[0])
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                assert f"{url.scheme}://{url.netloc}{url.path}" == "https://gitlab.example.gov.cn/oauth/authorize"
                assert query["client_id"] == "abc123" and query["response_type"] == "code"
                assert query["redirect_uri"] == base + "admin/"  # the README: the redirect URI is /admin/
                assert query["code_challenge_method"] == "S256" and query["code_challenge"]
                assert query["scope"] == "api"
            else:
                with clerk.page.context.expect_page() as popup:
                    login.click()
                popup.value.wait_for_load_state()
                url = urlsplit(asked[0])
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                assert f"{url.scheme}://{url.netloc}{url.path}" == "https://oauth.example.gov.cn/auth"
                assert query["provider"] == "github" and query["scope"] == "repo"
            assert clerk.errors == [], clerk.errors
            clerk.page.context.close()
            # The control: a configuration Decap refuses is said on the page, not a login.
            config = admin / "config.js"
            good = config.read_text(encoding="utf-8")
            config.write_text(good.replace('"editorial_workflow"', '"straight_to_main"'), encoding="utf-8")
            clerk = Clerk(browser, base)
            clerk.page.goto(base + "admin/")
            clerk.page.get_by_text("publish_mode").first.wait_for()
            assert clerk.page.get_by_role("button", name=button).count() == 0
            clerk.page.context.close()
            config.write_text(good, encoding="utf-8")
            # Framed by another page (a static host sends no frame-ancestors header): no login, a
            # sentence instead. (The local editor's server forbids framing by its header.)
            clerk = Clerk(browser, base)
            clerk.page.set_content(f'<iframe src="{base}admin/" width="900" height="600"></iframe>')
            framed = clerk.page.frame_locator("iframe")
            framed.get_by_text("只能在浏览器窗口中直接打开").wait_for()
            assert framed.get_by_role("button", name=button).count() == 0
            clerk.page.context.close()


def test_the_problems_panel_goes_when_the_clerk_leaves_the_record(browser, editor, sample):
    # It stayed over the list and over the next record opened, which had nothing wrong: it now goes
    # with the first change of address (both are one), checked here on the way back to the list.
    clerk = Clerk(browser, editor)
    clerk.new_record("澄岭县财政局关于低保名单的公示", f"低保对象：张三，身份证号{ID}。")
    clerk.publish()
    problems = clerk.page.locator("#gk-problems")
    problems.wait_for()
    clerk.page.evaluate("location.hash = '#/collections/records-2025'")
    problems.wait_for(state="detached")
    for draft in (sample / "records").rglob("*.md.draft"):  # the refused save's: not the other tests'
        draft.unlink()


def test_an_upload_from_the_top_bars_library_is_refused_in_chinese(browser, editor, sample, tmp_path):
    # Decap writes its media toasts in English ("Failed to persist media: API_ERROR: …").
    clerk = Clerk(browser, editor)
    clerk.open("/collections/records-2025")
    clerk.page.get_by_role("button", name="媒体").click()
    pdf = tmp_path / "名单.pdf"
    pdf.write_bytes(make_pdf("名单"))
    clerk.page.locator("input[type=file]").first.set_input_files(str(pdf))
    toast = clerk.page.locator(".Toastify__toast", has_text="附件没有保存")
    toast.wait_for()
    assert "名单.pdf：附件要在记录的表单里上传" in toast.inner_text() and "Failed" not in toast.inner_text()
    assert "附件没有保存" in clerk.page.locator("#gk-problems").inner_text()
    assert not (sample / "records" / "files").exists()


PASTE = """html => {
  const data = new DataTransfer();
  data.setData('text/html', html);
  data.setData('text/plain', 'x');
  const paste = new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true});
  document.activeElement.dispatchEvent(paste);
}"""


def test_a_table_pasted_into_the_body_is_said_to_lose_its_table(browser, editor):
    # The body's editor makes a pasted table (Word's, a web page's) one paragraph a cell, unsaid.
    clerk = Clerk(browser, editor)
    clerk.open("/collections/records-2025/new")
    clerk.page.locator("[data-slate-editor]").first.click()
    clerk.page.evaluate(PASTE, "<p>一段文字</p>")
    clerk.page.wait_for_timeout(300)
    assert clerk.page.locator("#gk-problems").count() == 0  # text without a table: nothing to say
    clerk.page.evaluate(PASTE, "<table><tr><td>阶段</td><td>时间</td></tr><tr><td>动员</td><td>3月</td></tr></table>")
    said = clerk.page.locator("#gk-problems")
    said.wait_for()
    assert "粘贴的内容里有表格" in said.inner_text() and "gongkai import" in said.inner_text()
    assert "已保存" not in said.inner_text()  # nothing was saved

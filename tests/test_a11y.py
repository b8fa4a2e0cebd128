"""无障碍 and 适老化: the built sample as a citizen meets it in a real browser (Debian's Chromium,
driven by Playwright), on a desktop (1366×900), a phone (390×844) and at 200 % zoom.

axe-core (tests only: installed by scripts/install_axe.py, never in site/) checks every page kind
against the WCAG 2.2 A/AA rules, also in the toolbar's high-contrast and 200 % text modes; a
keyboard walks each page; the 年报 tables' headers are computed by the HTML table algorithm
(tests/tableheaders.py) and compared with the national format's labels.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest

import ourcommands
from conftest import ROOT, chromium, needs_chromium, served, shared_build
from tableheaders import headers, tables

pytestmark = needs_chromium

#: Every page kind of the sample (built with 10 records a list page, so that a category has a page 2).
PAGES = {
    "home": "",
    "catalogue": "xxgk/",
    "category": "xxgk/category/czxx/",
    "category page 2": "xxgk/category/czxx/page/2/",
    "agency": "xxgk/agency/czj/",
    "year": "xxgk/year/2024/",
    "record with attachments": "xxgk/czj/2024-00001/",
    "失效 record": "xxgk/mzj/2023-00001/",
    "search with results": "xxgk/sousuo/?q=预算",
    "统计": "xxgk/tongji/",
    "年报": "xxgk/nianbao/2024/",
    "网站地图": "xxgk/wzdt/",
    "数据下载": "data/",
    "申请表": "shenqingbiao/",
    "404": "404.html",
}
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
#: The toolbar's modes, as a11y.js keeps them in localStorage.
MODES = {"default": {}, "high contrast": {"contrast": True}, "200 % text": {"size": 200}}
#: WCAG 2.2's AA rule (target size) included: the side menu's sticky title once covered links.
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_source() -> str:
    """axe.min.js as scripts/install_axe.py installs it (GONGKAI_AXE names another copy)."""
    path = Path(os.environ.get("GONGKAI_AXE") or Path(sys.prefix) / "share" / "axe-core" / "axe.min.js")
    if not path.is_file():
        message = f"axe-core is not installed ({path}): python scripts/install_axe.py (make installs it)"
        if os.environ.get("GONGKAI_BROWSER_TESTS") == "required":
            pytest.fail(message)
        pytest.skip(message)
    return path.read_text(encoding="utf-8")


def build(dest: Path) -> Path:
    """The repository's sample site built into `dest` with 10 records a list page."""
    import shutil

    from conftest import BIN, command_env

    dest.mkdir(parents=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "      per_page: 50\n" in config
    (dest / "mkdocs.yml").write_text(config.replace("      per_page: 50\n", "      per_page: 10\n"), encoding="utf-8")
    shutil.copytree(ROOT / "docs", dest / "docs")
    shutil.copytree(ROOT / "records", dest / "records")
    done = ourcommands.run([str(BIN / "mkdocs"), "build", "--strict"], cwd=dest, env=command_env(dest))
    assert done.returncode == 0, done.stderr
    return dest / "site"


# Session-wide, not module-wide: the site is built once for the run (shared by the workers), each
# worker serves it and drives its own browser, and the tests of this module go to whichever worker is
# free (see conftest.pytest_collection_modifyitems) instead of all to one.
@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    return shared_build(tmp_path_factory, "a11y", build)


@pytest.fixture(scope="session")
def base_url(site_dir):
    with served(site_dir) as url:
        yield url


@pytest.fixture
def browser():
    # The process's one browser (conftest.chromium), asked for by each test: one that crashed is
    # started again for the next test.
    with chromium() as b:
        yield b


def open_page(browser, base_url, path, size=(1366, 900), mode=None, zoom=1, **options):
    """A page in a fresh context (the toolbar's `mode` saved beforehand, as a returning reader has it),
    loaded and settled; console errors and requests to other hosts are recorded on it.
    `zoom` 2 is the browser's 200 %: half the CSS pixels, twice the device pixels."""
    width, height = size
    context = browser.new_context(
        viewport={"width": width // zoom, "height": height // zoom}, device_scale_factor=zoom, **options
    )
    if mode:
        # An init script runs before the page's own, outside its Content-Security-Policy.
        context.add_init_script(f"localStorage.setItem('gongkai-a11y', {json.dumps(json.dumps(mode))})")
    page = context.new_page()
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("request", lambda r: None if r.url.startswith(base_url) else page.outside.append(r.url))
    return go(page, base_url, path, **options)


def go(page, base_url, path, **options):
    """`page` (of `open_page`) taken to `path`, as a reader following a link: loaded and settled, its
    console errors and requests to other hosts recorded afresh."""
    page.errors, page.outside = [], []
    page.goto(base_url + path)  # "load": the page's files, the scripts run
    if "sousuo" in path and options.get("java_script_enabled", True):
        page.locator(".gk-results__status", has_text=re.compile(r"^找到")).wait_for()
    return page


def test_the_pages_are_the_kinds_they_are_named_after(browser, base_url):
    page = open_page(browser, base_url, PAGES["category page 2"])
    assert page.locator(".gk-list tbody tr").count() >= 1
    page = open_page(browser, base_url, PAGES["record with attachments"])
    assert page.locator(".md-content h2#附件 + ul a[href$='.pdf']").count() >= 1
    page = open_page(browser, base_url, PAGES["失效 record"])
    assert page.locator(".admonition.danger", has_text=re.compile("本文件已(废止|失效)")).count() == 1
    page = open_page(browser, base_url, PAGES["404"])
    assert page.title().startswith("页面不存在")


@pytest.mark.parametrize(("size", "zoom"), [((390, 844), 1), ((1366, 900), 2), ((1366, 900), 1)])
def test_a_list_loses_no_column_on_a_phone_or_at_200_percent(browser, base_url, size, zoom):
    # Below 720 px the 索引号 and 发布机构 columns give way; what they hold is said under the title.
    page = open_page(browser, base_url, PAGES["category"], size, zoom=zoom)
    narrow = page.evaluate("innerWidth") < 720
    rows = page.locator(".gk-list tbody tr")
    assert rows.count() > 0
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td")
        index_no, agency = cells.nth(1).inner_text(), cells.nth(2).inner_text()
        sub = cells.nth(0).locator(".gk-list__sub")
        assert sub.is_visible() == narrow and cells.nth(1).is_visible() != narrow
        if narrow:
            assert sub.inner_text() == f"{agency} · {index_no}"
    page.context.close()


@pytest.mark.parametrize(("size", "zoom", "text"), [((390, 844), 1, 200), ((390, 844), 1, 150), ((768, 1024), 1, 200)])
def test_a_list_with_large_text_gives_the_title_the_row(browser, base_url, size, zoom, text):
    # 长者模式 (150 %) and A+ to 200 % on a phone left titles one to four characters wide beside the date.
    page = open_page(browser, base_url, PAGES["category"], size, mode={"size": text, "simple": True}, zoom=zoom)
    rows = page.locator(".gk-list tbody tr")
    table = page.locator(".gk-list table").bounding_box()
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td")
        title = cells.nth(0).bounding_box()
        assert title["width"] > 0.9 * table["width"], (i, title, table)
        assert not cells.last.is_visible()  # the date column, said in the line under the title
        day = cells.last.text_content().strip()
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", day)
        assert cells.nth(0).locator(".gk-list__day").inner_text().startswith(day)
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    page.context.close()


def test_a_phone_at_200_percent_zoom_reads_the_guides_table_and_a_list_without_a_sideways_swipe(browser, base_url):
    # 195 CSS px: the guide's 受理机构 table needed a swipe to read the address, a list clipped its dates.
    page = open_page(browser, base_url, "guide/", (390, 844), zoom=2)
    wide = page.evaluate(
        """() => [...document.querySelectorAll('article table')].map(t => {
             const box = t.closest('.md-typeset__scrollwrap') || t.parentElement;
             return t.getBoundingClientRect().width - box.getBoundingClientRect().width; })"""
    )
    assert wide and max(wide) <= 1, wide
    go(page, base_url, PAGES["category"])
    rows = page.locator(".gk-list tbody tr")
    table = page.locator(".gk-list table").bounding_box()
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td")
        assert cells.nth(0).bounding_box()["width"] > 0.9 * table["width"]
        assert cells.nth(0).locator(".gk-list__day").is_visible() and not cells.last.is_visible()
    page.context.close()


def test_the_request_form_prints_without_the_sites_controls(browser, base_url):
    # A citizen prints the 申请表 to fill it in by hand: the form and its notes, not the header,
    # the menus, the toolbar or the footer.
    page = open_page(browser, base_url, PAGES["申请表"])
    page.emulate_media(media="print")
    shown = page.evaluate(
        """sels => sels.map(s => [...document.querySelectorAll(s)].some(e => e.getClientRects().length > 0))""",
        [".gk-a11y", ".md-header", ".md-tabs", ".md-sidebar", ".md-footer", "table.gk-form"],
    )
    assert shown == [False, False, False, False, False, True]
    captions = page.locator("table.gk-form caption").all_inner_texts()
    assert captions[:2] == ["申请人信息：公民", "申请人信息：法人或者其他组织"]
    page.context.close()


#: What a printed page shows of its text: colours of the form's text and the page, the text size.
PRINTED = """() => {
  const cell = document.querySelector('table.gk-form td, table.gk-form th');
  return {text: getComputedStyle(cell).color, page: getComputedStyle(document.body).backgroundColor,
          size: getComputedStyle(document.querySelector('.md-typeset')).fontSize};
}"""


def pdf_pages(page) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", page.pdf(format="A4")))


def test_the_request_form_prints_black_on_white_at_its_size_whatever_the_readers_modes(browser, base_url):
    # 高对比度 printed white text on white paper, and 长者模式 made the form six pages of narrow columns.
    plain = open_page(browser, base_url, PAGES["申请表"])
    plain.emulate_media(media="print")
    expected, pages = plain.evaluate(PRINTED), pdf_pages(plain)
    plain.context.close()
    assert expected["text"] in ("rgb(0, 0, 0)", "rgba(0, 0, 0, 0.87)") and pages == 2, (expected, pages)
    elder = {"size": 200, "spacing": True, "cursor": True, "simple": True}
    for mode in ({"contrast": True}, {"contrast": True, "size": 200}, elder):
        page = open_page(browser, base_url, PAGES["申请表"], mode=mode)
        page.emulate_media(media="print")
        assert page.evaluate(PRINTED) == expected, mode
        assert pdf_pages(page) == pages, mode
        page.emulate_media(media="screen")  # on screen the modes hold
        if mode.get("contrast"):
            assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
        page.context.close()


@pytest.mark.parametrize("width", [320, 390])
def test_the_browsers_own_text_size_at_200_percent_scrolls_no_page_sideways_on_a_phone(browser, base_url, width):
    # Chrome's text size setting (not zoom): rem grows, the viewport does not. The search box's
    # button stood outside the screen, and a record's 索引号 broke out of its box.
    page = open_page(browser, base_url, "", (width, 844))
    page.context.new_cdp_session(page).send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    wide = []
    for kind, path in PAGES.items():
        go(page, base_url, path)
        scroll, button = page.evaluate(
            "[document.documentElement.scrollWidth,"
            " document.querySelector('.gk-search__button').getBoundingClientRect().right]"
        )
        if scroll > width or button > width:
            wide.append(f"{kind}: page {scroll}px, search button at {button:.0f}px")
    page.context.close()
    assert wide == []


def test_in_forced_colours_a_button_that_is_on_and_the_search_box_still_show(browser, base_url):
    # Windows' high-contrast themes drop background colours: on and off looked the same, and the
    # header's search box was a bare placeholder.
    page = open_page(browser, base_url, "")
    page.emulate_media(forced_colors="active")
    page.get_by_role("button", name="无障碍").click()
    page.get_by_role("button", name="加大行距").click()
    page.evaluate("document.activeElement.blur()")
    looks = page.evaluate(
        """() => [...document.querySelectorAll('.gk-a11y button')].filter(b => b.offsetParent).map(b =>
             [b.getAttribute('aria-pressed') || b.getAttribute('aria-expanded'),
              getComputedStyle(b).backgroundColor])"""
    )
    on = {colour for state, colour in looks if state == "true"}
    off = {colour for state, colour in looks if state != "true"}
    assert len(on) == 1 and on.isdisjoint(off), looks
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('.gk-search')).borderTopWidth)") >= 1
    page.context.close()


#: The theme's icons drawn as masks (its CSS): hidden by a test to see whether they were drawn at all.
ICONS_HIDDEN = ".md-nav__icon::after, .md-typeset .admonition-title::before { visibility: hidden !important; }"


def drawn(page, element) -> bool:
    """Whether `element` shows an icon: its picture differs from the one with the icons hidden."""
    shown = element.screenshot(animations="disabled")
    style = page.add_style_tag(content=ICONS_HIDDEN)
    bare = element.screenshot(animations="disabled")
    style.evaluate("s => s.remove()")
    return shown != bare


def test_in_forced_colours_the_menus_arrows_the_contents_icon_and_a_notices_icon_still_show(browser, base_url):
    # The theme paints its icons with a background colour, which Windows' high-contrast themes turn
    # into the page's own: on a phone the menu's > and back arrow vanished, and the 废止 notice's icon.
    page = open_page(browser, base_url, "", SIZES["phone"], forced_colors="active")
    page.get_by_role("button", name="导航菜单").click()
    menu = page.locator(".md-sidebar--primary")
    assert drawn(page, menu.get_by_role("button", name="信息公开目录：下一级栏目"))
    assert drawn(page, menu.get_by_role("button", name="首页：本页目录"))
    # The menu's edge against the page, which the theme drew as a shadow (dropped in forced colours).
    edge = page.evaluate("getComputedStyle(document.querySelector('.md-sidebar--primary')).borderInlineEndWidth")
    assert float(edge.removesuffix("px")) >= 1
    go(page, base_url, PAGES["年报"])
    page.get_by_role("button", name="导航菜单").click()
    assert drawn(page, menu.get_by_role("button", name=re.compile("^返回上一级菜单")))
    go(page, base_url, "xxgk/zfb/2023-00002/")
    assert drawn(page, page.locator(".admonition-title", has_text="本文件已废止"))
    page.context.close()


# -- axe-core: WCAG 2.2 A and AA -----------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("size", SIZES)
def test_axe_finds_no_wcag_violation_on_any_page(browser, base_url, size, mode):
    axe = axe_source()
    found = []
    # One reader going from page to page (a context for each would start a renderer and load the
    # fonts 14 times a test): the mode is set again before each page, as on a returning visit.
    page = open_page(browser, base_url, "", SIZES[size], MODES[mode])
    for kind, path in PAGES.items():
        go(page, base_url, path)
        if MODES[mode]:  # the mode is on (a11y.js read it back), not merely stored
            assert page.evaluate("document.documentElement.classList.contains('gk-contrast')") == (
                "contrast" in MODES[mode]
            )
            assert page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--gk-text')") == (
                "2" if "size" in MODES[mode] else ""
            )
        page.evaluate(axe)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", WCAG_A_AA
        )
        for v in result["violations"]:
            targets = [n["target"] for n in v["nodes"][:3]]
            found.append(f"{kind} ({path}): {v['id']} [{v['impact']}] × {len(v['nodes'])}: {targets}")
        # The page never scrolls sideways, at 200 % text too (wide tables scroll in their own box).
        assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size][0], (kind, mode)
        assert page.errors == [] and page.outside == [], (kind, page.errors, page.outside)
        assert "axe" not in page.content().split("<body", 1)[0]  # only injected here, never shipped
    page.context.close()
    assert found == [], "\n".join(found)


def test_axe_is_not_in_the_site(site_dir):
    shipped = [p for p in site_dir.rglob("*") if p.is_file() and p.suffix in (".js", ".html", ".css", ".json")]
    assert len(shipped) > 50
    assert [p for p in shipped if "axe-core" in p.read_text(encoding="utf-8", errors="replace")] == []


# -- the keyboard ------------------------------------------------------------------------------------

#: What is true of the element that has the focus: what it is, whether it can be seen, and how
#: strong its focus indicator is (outline and box-shadow as drawn, not whether :focus matches).
FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const cx = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
  const cy = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
  const top = document.elementFromPoint(cx, cy);
  let hidden = false;
  for (let e = el; e; e = e.parentElement) {
    const s = getComputedStyle(e);
    if (s.visibility === 'hidden' || s.display === 'none' || Number(s.opacity) === 0) hidden = true;
  }
  return {
    what: el.tagName.toLowerCase() + '.' + [...el.classList].join('.') + ' '
          + (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().slice(0, 30),
    inViewport: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
                && r.top < innerHeight && r.left < innerWidth,
    onTop: !!top && (el === top || el.contains(top) || top.contains(el)),
    hidden,
    outline: style.outlineStyle !== 'none' ? parseFloat(style.outlineWidth) : 0,
    shadow: style.boxShadow !== 'none',
    inMenu: !!el.closest('.md-sidebar--primary, .md-tabs'),
    menuButton: el.matches('button[data-gk-for=__drawer]'),
    searchBox: el.matches('[data-gk-search-box], .gk-results__form input'),
    toolbar: !!el.closest('[data-gk-a11y]'),
    content: !!el.closest('.md-content'),
  };
}"""


def until(page, predicate: str, seconds: float = 5) -> None:
    """Poll `predicate` (a JavaScript function) in the page until it is true, or fail at the deadline
    (wait_for_function compiles its predicate in the page, which the CSP forbids)."""
    import time

    deadline = time.monotonic() + seconds
    while not page.evaluate(predicate):
        assert time.monotonic() < deadline, f"not true after {seconds} s: {predicate}"


#: The menu (drawer) has slid in, and every sub-menu has finished moving.
MENU_STILL = """() => {
  const menu = document.querySelector('.md-sidebar--primary').getBoundingClientRect();
  return menu.left >= 0 && document.getAnimations().every(a => a.playState !== 'running');
}"""


def tab_walk(page, presses: int) -> list[dict]:
    stops = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUS)
        if stop is None:
            break
        stops.append(stop)
    return stops


def visible_with_indicator(stops: list[dict]) -> list[str]:
    """The stops where focus is not seen: off-screen, hidden, covered, or without a 2 px indicator."""
    return [
        f"{s['what']}: {reason}"
        for s in stops
        for reason, bad in (
            ("off-screen", not s["inViewport"]),
            ("hidden", s["hidden"]),
            ("covered", not s["onTop"]),
            ("no focus indicator", s["outline"] < 2 and not s["shadow"]),
        )
        if bad
    ]


#: (viewport as the reader sees it, browser zoom): a desktop, a phone, a desktop at 200 %.
WALKS = {"desktop": ((1366, 900), 1), "phone": ((390, 844), 1), "desktop at 200 %": ((1366, 900), 2)}


@pytest.mark.parametrize("walk", WALKS)
@pytest.mark.parametrize("kind", ["home", "record with attachments", "search with results", "年报"])
def test_tab_reaches_toolbar_menu_search_and_content_with_focus_always_seen(browser, base_url, walk, kind):
    size, zoom = WALKS[walk]
    page = open_page(browser, base_url, PAGES[kind], size, zoom=zoom)
    stops = tab_walk(page, 40)
    assert visible_with_indicator(stops) == []
    reached = {k for s in stops for k in ("toolbar", "searchBox", "content", "inMenu", "menuButton") if s[k]}
    assert {"toolbar", "searchBox", "content"} <= reached, [s["what"] for s in stops]
    drawer = page.viewport_size["width"] < 1220  # the theme's menu is a drawer below 76.25em
    if not drawer:
        assert "inMenu" in reached  # the tabs and the side menu
        return
    # Phone and 200 %: the menu button is a stop, and Enter opens the menu with focus inside it.
    assert "menuButton" in reached and "inMenu" not in reached  # the closed menu's links are not stops
    page.focus(".md-header button[data-gk-for=__drawer]")
    assert page.get_attribute(".md-header button[data-gk-for=__drawer]", "aria-expanded") == "false"
    page.keyboard.press("Enter")
    page.locator(".md-sidebar--primary :focus").wait_for()
    until(page, MENU_STILL)
    assert page.evaluate("document.getElementById('__drawer').checked")
    assert page.get_attribute(".md-header button[data-gk-for=__drawer]", "aria-expanded") == "true"
    inside = [page.evaluate(FOCUS)]
    for stop in tab_walk(page, 30):
        if not stop["inMenu"]:
            break
        inside.append(stop)
    assert len(inside) >= 2, inside  # a page in a section: the sub-menu's way back, the page's contents
    assert visible_with_indicator(inside) == []
    # Tabbing on out of the menu closes it; Escape closes it and gives focus back to the button.
    until(page, "() => !document.getElementById('__drawer').checked")
    page.focus(".md-header button[data-gk-for=__drawer]")
    page.keyboard.press("Enter")
    page.locator(".md-sidebar--primary :focus").wait_for()
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__drawer').checked")
    assert page.evaluate(FOCUS)["menuButton"]
    assert page.errors == []


@pytest.mark.parametrize("walk", WALKS)
@pytest.mark.parametrize("kind", ["category", "home"])
def test_shift_tab_back_up_a_page_never_leaves_focus_under_the_header(browser, base_url, walk, kind):
    """Going backwards, each link scrolls into view at the top, where the sticky header and the
    theme's 回到页面顶部 button are: it must stop below them (WCAG 2.4.11), as going forwards it does."""
    size, zoom = WALKS[walk]
    page = open_page(browser, base_url, PAGES[kind], size, zoom=zoom)
    page.keyboard.press("End")  # the foot of the page; Shift+Tab then starts from its last link
    stops = []
    for _ in range(25):
        page.keyboard.press("Shift+Tab")
        # The top button fading in as the page goes up, the theme's tabs coming back at the top.
        page.wait_for_timeout(50)
        until(page, "() => document.getAnimations().every(a => a.playState !== 'running')")
        stop = page.evaluate(FOCUS)
        if stop is None:
            break
        stops.append(stop)
    assert len(stops) >= 10, stops
    assert visible_with_indicator(stops) == []


@pytest.mark.parametrize("size", SIZES)
def test_a_link_to_a_heading_brings_it_just_below_the_header_and_the_contents_mark_it(browser, base_url, size):
    """The focus margin above is the focusable elements': a heading a link jumps to keeps the
    theme's (it once landed some 130 px lower, and the contents marked the heading before it)."""
    page = open_page(browser, base_url, "guide/", SIZES[size])
    ids = page.eval_on_selector_all(".md-content h2[id]", "hs => hs.map(h => h.id)")
    assert len(ids) >= 3, ids
    target = ids[1]  # one the page can scroll to the top (the last ones stay lower: the page ends)
    page.evaluate(f"location.hash = {'#' + target!r}")
    page.wait_for_timeout(300)
    until(page, "() => document.getAnimations().every(a => a.playState !== 'running')")
    gap, at_end = page.evaluate(
        f"""() => [document.getElementById({target!r}).getBoundingClientRect().top
                   - document.querySelector('.md-header').getBoundingClientRect().bottom,
                   innerHeight + scrollY >= document.documentElement.scrollHeight - 1]"""
    )
    assert not at_end and 0 <= gap <= 40, gap
    if size == "desktop":  # the contents beside the page mark the heading reached
        active = page.eval_on_selector_all(
            ".md-sidebar--secondary .md-nav__link--active", "links => links.map(a => a.getAttribute('href'))"
        )
        assert active and active[-1].endswith(f"#{target}"), active


def test_a_section_of_the_menu_opens_from_the_keyboard_at_phone_width(browser, base_url):
    page = open_page(browser, base_url, "", (390, 844))
    page.focus(".md-header button[data-gk-for=__drawer]")
    page.keyboard.press("Enter")
    page.locator(".md-sidebar--primary :focus").wait_for()
    until(page, MENU_STILL)
    # The home page's own contents (目录) open under its entry, which is named so, not 首页 alone.
    contents = page.locator(".md-sidebar--primary button.md-nav__link[data-gk-for=__toc]")
    assert contents.get_attribute("aria-label") == "首页：本页目录"
    section = page.locator(".md-sidebar--primary button.md-nav__link[aria-expanded]:not([data-gk-for=__toc])").first
    assert section.get_attribute("aria-expanded") == "false"
    assert section.evaluate("b => (b.getAttribute('aria-label') || b.textContent).trim()")  # it has a name
    section.focus()
    page.keyboard.press("Enter")
    assert section.get_attribute("aria-expanded") == "true"
    # Focus goes into the sub-menu, to its way back (the button pressed is covered now), and is seen.
    until(page, MENU_STILL)
    here = page.evaluate(FOCUS)
    assert here and here["inMenu"] and here["what"].startswith("button.md-nav__title"), here
    assert visible_with_indicator([here]) == []
    # The sub-menu's links are stops now, each seen; the covered parent list's are not.
    stops = tab_walk(page, 8)
    assert stops and all(s["inMenu"] for s in stops[:3]), stops
    assert visible_with_indicator([s for s in stops if s["inMenu"]]) == []
    # Its way back, from the keyboard: focus returns to the button that opened it.
    name = section.get_attribute("aria-label").split("：")[0]
    page.focus(f'.md-sidebar--primary button.md-nav__title[aria-label="返回上一级菜单（{name}）"]')
    page.keyboard.press("Enter")
    until(page, MENU_STILL)
    assert section.get_attribute("aria-expanded") == "false"
    assert section.evaluate("b => b === document.activeElement"), page.evaluate(FOCUS)


def test_the_search_page_box_shows_its_focus(browser, base_url):
    page = open_page(browser, base_url, PAGES["search with results"])
    page.focus(".gk-results__form input")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard, as :focus-visible needs
    stop = page.evaluate(FOCUS)
    assert stop["searchBox"] and stop["outline"] >= 2


def test_more_results_gives_focus_to_the_first_new_one_and_says_how_many(browser, base_url):
    page = open_page(browser, base_url, "xxgk/sousuo/?q=公开")
    total = int(re.search(r"找到 (\d+) 条", page.inner_text(".gk-results__status")).group(1))
    assert total > 10
    shown = 10
    while shown < total:
        page.focus(".gk-results__more")
        page.keyboard.press("Enter")
        before, shown = shown, min(total, shown + 10)
        page.locator(".gk-results__status", has_text=f"已显示 {shown} 条").wait_for()
        at = page.evaluate(
            "[...document.querySelectorAll('.gk-results__item')].indexOf(document.activeElement.closest('li'))"
        )
        assert at == before, "focus is not on the first new result"
    assert page.locator(".gk-results__more").is_hidden()
    assert page.evaluate(FOCUS)["content"]


def test_wide_tables_scroll_from_the_keyboard_and_say_so(browser, base_url):
    page = open_page(browser, base_url, PAGES["年报"], (390, 844))
    box = page.locator(".gk-annual-wrap:has(table.gk-table3)")
    assert box.get_attribute("tabindex") == "0" and box.get_attribute("role") == "region"
    assert "滚动" in box.get_attribute("aria-label")
    assert page.locator(".gk-scroll-hint").first.is_visible()
    box.focus()
    assert box.evaluate("b => b.scrollLeft") == 0
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    until(page, "() => document.activeElement.scrollLeft > 0")  # the browser scrolls smoothly
    # A Markdown table wider than its box (统计 on a small phone: at 390 px every one fits) becomes a
    # named region the keyboard can scroll.
    page = open_page(browser, base_url, PAGES["统计"], (320, 844))
    wide = page.locator(".md-typeset__scrollwrap.gk-overflows")
    assert wide.count() >= 1
    assert wide.first.get_attribute("tabindex") == "0" and "可左右滚动" in wide.first.get_attribute("aria-label")
    # Each table's region is named after the table (its heading or its header row), never after a
    # chart elsewhere on the page, and no two regions share a name.
    names = page.eval_on_selector_all(".md-typeset__scrollwrap.gk-overflows", "bs => bs.map(b => b.ariaLabel)")
    assert all(n.endswith("表格较宽，可左右滚动") and "各年主动公开信息数" not in n for n in names), names
    assert len(set(names)) == len(names), names
    # On a desktop, table 三 fits its column: no column is off-screen.
    page = open_page(browser, base_url, PAGES["年报"], (1366, 900))
    widths = page.eval_on_selector_all(".gk-annual-wrap", "bs => bs.map(b => b.scrollWidth - b.clientWidth)")
    assert widths and max(widths) <= 1


# -- text sizes --------------------------------------------------------------------------------------

#: The smallest text a reader meets in each visible text node of the page (HTML and SVG chart text),
#: in CSS pixels as drawn: an SVG's own font size times its scale.
SMALLEST_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || el.closest('script, style, title, [hidden], .md-skip')) continue;
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || !el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    let size = parseFloat(getComputedStyle(el).fontSize);
    if (el instanceof SVGElement) size *= el.getScreenCTM().a;
    out.push([Math.round(size * 10) / 10, el.tagName.toLowerCase() + ' ' + node.textContent.trim().slice(0, 20)]);
  }
  return out;
}"""


@pytest.mark.parametrize("size", SIZES)
def test_no_content_text_under_14px_at_default_settings(browser, base_url, size):
    small = []
    page = open_page(browser, base_url, "", SIZES[size])
    for kind, path in PAGES.items():
        go(page, base_url, path)
        texts = page.evaluate(SMALLEST_TEXT)
        small += [f"{kind}: {px}px {what}" for px, what in texts if px < 14]
        body = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)")
        assert body == 16, (kind, body)
    page.context.close()
    assert small == [], "\n".join(small[:40])


#: How many characters of the header's site name show, and whether its box fits the header.
HEADER_NAME = """() => {
  const el = document.querySelector('.md-header__topic .md-ellipsis');
  const box = el.getBoundingClientRect(), bar = document.querySelector('.md-header').getBoundingClientRect();
  return {cut: el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1,
          inside: box.top >= bar.top && box.bottom <= bar.bottom, text: el.textContent.trim()};
}"""


@pytest.mark.parametrize(("width", "mode"), [(320, "default"), (390, "default"), (390, "200 % text")])
def test_the_sites_name_shows_whole_in_a_phones_header(browser, base_url, width, mode):
    # The search box leaves the name a third of the header: on one line it showed four characters.
    # (At 320 px and 200 % text it takes three lines: two show, then an ellipsis.)
    page = open_page(browser, base_url, "", (width, 844), mode=MODES[mode])
    name = page.evaluate(HEADER_NAME)
    assert name["text"] == "澄岭县人民政府信息公开"
    assert not name["cut"] and name["inside"], name
    page.context.close()


UNDERLINES_HIDDEN = ".md-nav__link { text-decoration: none !important; }"


@pytest.mark.parametrize("kind", ["home", "catalogue", "category", "agency", "统计", "年报"])
def test_the_menu_names_the_open_page_as_current_and_underlines_it(browser, base_url, kind):
    # Its colour alone told it apart, and a section's title is as bold; a screen reader heard nothing.
    page = open_page(browser, base_url, PAGES[kind])
    current = page.locator(".md-sidebar--primary [aria-current=page]")
    assert current.count() == 1
    assert current.evaluate("a => a.href") == base_url + PAGES[kind]
    shown = current.screenshot()
    style = page.add_style_tag(content=UNDERLINES_HIDDEN)
    underlined = current.screenshot() != shown  # drawn, not only put in the style
    style.evaluate("s => s.remove()")
    assert underlined
    page.context.close()
    # Written into the page, not by a script.
    page = open_page(browser, base_url, PAGES[kind], SIZES["phone"], java_script_enabled=False)
    assert page.locator(".md-sidebar--primary a[aria-current=page]").count() == 1
    page.context.close()


#: Our copies of Material's partials (templates/partials/), each with what it has in place of Material's.
OUR_COPIES = {
    "nav-item.html": [('{% if index == page %} aria-current="page"{% endif %}', ""), (' aria-current="page"', "")],
    "logo.html": [('alt=""', 'alt="logo"')],
}


@pytest.mark.parametrize("name", OUR_COPIES)
def test_our_copies_of_materials_partials_are_its_own_but_for_our_changes(name):
    """When Material changes one of the partials we copied, this fails: the copy is to be made again."""
    from importlib import resources

    import material

    partial = f"templates/partials/{name}"
    theirs = (Path(material.__file__).parent / partial).read_text(encoding="utf-8")
    ours = resources.files("gongkai").joinpath(partial).read_text(encoding="utf-8")
    ours, theirs = (re.sub(r"\A\{#-.*?-#\}\n", "", text, flags=re.S) for text in (ours, theirs))
    for mine, material_s in OUR_COPIES[name]:
        assert ours.count(mine) == 1
        ours = ours.replace(mine, material_s)
    assert ours == theirs


def test_a_webmasters_logo_is_no_image_of_its_own_in_the_link_named_after_the_site(browser, site):
    # Material's alt "logo" was English, read after the link's name (the site's) as an image of its own.
    site.good()
    logo = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>'
    (site.root / "docs" / "logo.svg").write_text(logo, encoding="utf-8")
    config = site.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  font: false\n", "  font: false\n  logo: logo.svg\n"), encoding="utf-8")
    done = site.mkdocs("build", "--strict")
    assert done.returncode == 0, done.stderr
    with served(site.root / "site") as url:
        page = browser.new_page()
        page.goto(url)
        assert page.locator(".md-logo img").count() == 2  # the header's and the menu's
        for link in page.locator("a.md-logo").all():
            assert link.get_attribute("aria-label") == "测试县政府信息公开"
            assert link.get_by_role("img").count() == 0
        page.close()


#: WCAG 1.4.12's text spacing, as a reader's style sheet sets it.
TEXT_SPACING = (
    "* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }"
    " p { margin-bottom: 2em !important; }"
)


@pytest.mark.parametrize("width", [320, 360, 390])
def test_with_wcag_text_spacing_the_headers_name_and_search_box_show_whole_on_a_phone(browser, base_url, width):
    # At 320 px the name took three lines, the last one hidden, and the box's 搜索本站 lost half a character.
    page = open_page(browser, base_url, "", (width, 844))
    page.add_style_tag(content=TEXT_SPACING)
    name = page.evaluate(HEADER_NAME)
    assert name["text"] == "澄岭县人民政府信息公开"
    assert not name["cut"] and name["inside"], name
    # The placeholder's words, typed in, fit the box (the browser gives both the same room).
    box = page.locator(".gk-search__input")
    box.fill(box.get_attribute("placeholder"))
    assert box.evaluate("i => i.scrollWidth <= i.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.context.close()


def test_the_skip_link_is_at_least_the_bodys_size_and_grows_with_the_readers(browser, base_url):
    # The theme drew it at 12.8 px whatever the toolbar's text size.
    for mode, px in (({}, 16), ({"size": 200}, 32)):
        page = open_page(browser, base_url, "", mode=mode)
        skip = page.locator(".md-skip")
        skip.focus()
        assert skip.inner_text() == "跳到正文" and skip.is_visible()
        assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-skip')).fontSize)") == px
        page.context.close()


def test_the_404_page_is_skipped_to_its_message_from_the_first_tab(browser, base_url):
    # The theme draws a skip link only for a page with headings in its table of contents.
    page = open_page(browser, base_url, PAGES["404"])
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "跳到正文"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.textContent") == "页面不存在"
    page.context.close()


def test_the_pagers_numbers_are_read_as_pages_and_shown_as_numbers(browser, base_url):
    # In a screen reader's list of links a bare "1" said nothing.
    page = open_page(browser, base_url, PAGES["category page 2"])
    pager = page.get_by_role("navigation", name="分页")
    first = pager.get_by_role("link", name=re.compile(r"^第\s*1\s*页$"))
    assert first.count() == 1 and pager.get_by_role("link", name="1", exact=True).count() == 0
    assert re.fullmatch(r"第\s*2\s*页", pager.locator("[aria-current=page]").text_content())
    box = first.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24  # the number's box, not the hidden words'
    page.context.close()


def test_a_lists_later_page_keeps_its_menu_and_current_tab(browser, base_url):
    # Not in the nav (it lists sections), page 2 showed an empty menu column and no current tab.
    first = open_page(browser, base_url, PAGES["category"])
    later = open_page(browser, base_url, PAGES["category page 2"])
    for page in (first, later):
        assert page.locator(".md-tabs__item--active").all_inner_texts() == ["信息公开目录"]
    menu = "nav.md-nav--primary .md-nav__link"
    shown = [page.locator(menu).evaluate_all("ls => ls.filter(l => l.offsetParent).length") for page in (first, later)]
    assert shown[1] > 10 and shown[1] == shown[0], shown
    first.context.close()
    later.context.close()


def test_phone_browsers_may_enlarge_text():
    css = (ROOT / "scripts" / "gongkai" / "assets" / "gongkai.css").read_text(encoding="utf-8")
    assert re.search(r"html \{\s*-webkit-text-size-adjust: auto;", css)


# -- the 无障碍 / 长者模式 toolbar --------------------------------------------------------------------

SETTINGS = "JSON.parse(localStorage.getItem('gongkai-a11y') || '{}')"


@pytest.mark.parametrize("size", SIZES)
def test_toolbar_text_size_to_200_percent_then_contrast_spacing_cursor_persist_and_reset(browser, base_url, size):
    width = SIZES[size][0]
    page = open_page(browser, base_url, PAGES["年报"], SIZES[size])
    toggle = page.locator(".gk-a11y__toggle")
    assert toggle.is_visible() and toggle.inner_text() == "无障碍"
    assert page.locator("[data-gk-a11y-elder]").inner_text() == "长者模式"
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    typeset = "parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)"
    larger = page.locator('[data-gk-a11y-size="1"]')
    for expected in (125, 150, 175, 200):
        larger.focus()
        page.keyboard.press("Enter")
        assert page.inner_text("[data-gk-a11y-size-now]") == f"{expected}%"
        assert page.evaluate(typeset) == pytest.approx(16 * expected / 100)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, expected
    assert larger.is_disabled()  # 200 % is the last step
    for flag in ("contrast", "spacing", "cursor"):
        page.click(f'[data-gk-a11y-flag="{flag}"]')
        assert page.get_attribute(f'[data-gk-a11y-flag="{flag}"]', "aria-pressed") == "true"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    line = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-typeset p')).lineHeight)")
    assert line >= 2 * 32 - 0.5
    assert "url(" in page.evaluate("getComputedStyle(document.querySelector('.md-typeset p')).cursor")
    assert "url(" in page.evaluate("getComputedStyle(document.querySelector('.md-typeset a')).cursor")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate(SETTINGS) == {"size": 200, "contrast": True, "spacing": True, "cursor": True}
    # Another page: the choices are there before the reader does anything.
    page.goto(base_url + PAGES["record with attachments"])
    assert page.evaluate(typeset) == 32
    assert page.evaluate("document.documentElement.className").split() >= ["gk-contrast"]
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    page.click(".gk-a11y__toggle")
    page.click("[data-gk-a11y-reset]")
    assert page.evaluate(SETTINGS) == {}
    assert page.evaluate(typeset) == 16
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    assert page.errors == [] and page.outside == []


def test_high_contrast_follows_the_systems_more_contrast_until_the_reader_turns_it_off(browser, base_url):
    # A reader who asked the system for more contrast met the site's default colours.
    contrast = "document.documentElement.classList.contains('gk-contrast')"
    page = open_page(browser, base_url, "", contrast="more")
    # On from the first paint (a11y-first.js), before the deferred a11y.js has run.
    page.add_init_script(
        "document.addEventListener('readystatechange', () => { if (document.readyState === 'interactive')"
        " window.early = document.documentElement.classList.contains('gk-contrast'); })"
    )
    page.reload()
    assert page.evaluate("window.early") and page.evaluate(contrast)
    page.get_by_role("button", name="无障碍").click()
    button = page.get_by_role("button", name="高对比度")
    assert button.get_attribute("aria-pressed") == "true"
    button.click()
    assert not page.evaluate(contrast) and button.get_attribute("aria-pressed") == "false"
    page.reload()
    assert not page.evaluate(contrast)  # their choice, kept
    page.get_by_role("button", name="无障碍").click()
    page.get_by_role("button", name="重置").click()
    assert page.evaluate(contrast) and page.evaluate(SETTINGS) == {}  # the system's again
    page.context.close()
    page = open_page(browser, base_url, "", contrast="no-preference")
    assert not page.evaluate(contrast)
    page.context.close()


def test_elder_mode_is_one_press_and_escape_closes_the_panel(browser, base_url):
    page = open_page(browser, base_url, "", (390, 844))
    page.focus("[data-gk-a11y-elder]")
    page.keyboard.press("Enter")
    assert page.get_attribute("[data-gk-a11y-elder]", "aria-pressed") == "true"
    assert page.evaluate(SETTINGS) == {"elder": True, "size": 150, "spacing": True, "cursor": True, "simple": True}
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)") == 24
    # Said where it is seen and heard with the panel closed (it was written into the hidden panel).
    assert page.locator("#gk-a11y-panel").is_hidden()
    assert page.get_by_role("status").filter(has_text="已进入长者模式").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate(SETTINGS) == {}
    page.click(".gk-a11y__toggle")
    page.focus("[data-gk-a11y-reset]")
    page.keyboard.press("Escape")
    assert page.locator("#gk-a11y-panel").is_hidden()
    assert page.evaluate("document.activeElement.matches('.gk-a11y__toggle')")
    page.keyboard.press("Enter")  # opened from the button, and closed from it at once
    assert page.locator("#gk-a11y-panel").is_visible()
    page.keyboard.press("Escape")
    assert page.locator("#gk-a11y-panel").is_hidden()


#: A speech engine with one Chinese voice that records what it is asked to say (Chromium headless
#: has no voices of its own).
FAKE_SPEECH = """
window.__spoken = [];
const voice = {lang: 'zh-CN', name: 'test', default: true, localService: true, voiceURI: 'test'};
Object.defineProperty(window, 'speechSynthesis', {value: {
  getVoices: () => [voice], speak: u => window.__spoken.push(u.text + '|' + u.lang),
  cancel: () => {}, addEventListener: () => {}, speaking: false,
}});
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
"""


def test_reading_aloud_says_the_selection_or_the_main_text_in_chinese(browser, base_url):
    page = open_page(browser, base_url, PAGES["record with attachments"])
    page.context.add_init_script(FAKE_SPEECH)
    page.reload()
    page.click(".gk-a11y__toggle")
    page.evaluate(
        """() => { const p = document.querySelector('.md-content article p');
                   const range = document.createRange(); range.selectNodeContents(p);
                   getSelection().removeAllRanges(); getSelection().addRange(range); }"""
    )
    selected = page.evaluate("String(getSelection()).trim()")
    page.click("[data-gk-a11y-read]")
    spoken = page.evaluate("window.__spoken")
    assert "".join(s.split("|")[0] for s in spoken).replace(" ", "") == re.sub(r"\s", "", selected)
    assert all(s.endswith("|zh-CN") for s in spoken)
    assert page.inner_text("[data-gk-a11y-status]") == "正在朗读选中的文字"
    assert page.locator("[data-gk-a11y-stop]").is_visible()
    page.evaluate("getSelection().removeAllRanges(); window.__spoken = []")
    page.click("[data-gk-a11y-read]")
    spoken = "".join(s.split("|")[0] for s in page.evaluate("window.__spoken"))
    title = page.inner_text(".md-content h1")
    assert title in spoken[:200] and len(spoken) > 100
    assert page.locator("footer").inner_text()[:10] not in spoken  # the main text, not the footer


def test_reading_aloud_without_a_chinese_voice_says_so(browser, base_url):
    page = open_page(browser, base_url, "")
    page.context.add_init_script(FAKE_SPEECH.replace("zh-CN", "en-US"))
    page.reload()
    page.click(".gk-a11y__toggle")
    page.click("[data-gk-a11y-read]")
    page.locator("[data-gk-a11y-status]", has_text="没有中文语音").wait_for()
    assert page.evaluate("window.__spoken") == []


def test_without_javascript_the_site_works_at_the_browsers_own_200_percent_zoom(browser, base_url):
    for kind in ("home", "record with attachments", "年报", "统计"):
        page = open_page(browser, base_url, PAGES[kind], (1366, 900), zoom=2, java_script_enabled=False)
        assert page.locator("[data-gk-a11y]").is_hidden()  # it needs the script: not shown without
        assert page.evaluate("document.documentElement.scrollWidth") <= 683, kind
        assert page.locator(".md-content h1").is_visible()
        stops = tab_walk(page, 25)
        assert any(s["content"] for s in stops), kind
        # The closed menu's links are no stops without the script either.
        assert not any(s["inMenu"] for s in stops), kind
        assert visible_with_indicator(stops) == []
        page.context.close()


def test_without_javascript_the_search_page_says_so_first_with_the_ways_that_need_none(browser, base_url):
    # The results box kept a screen's height for results that never came: the notice was 1,000 px down.
    page = open_page(browser, base_url, PAGES["search with results"], SIZES["phone"], java_script_enabled=False)
    notice = page.locator(".md-content noscript")
    assert "站内搜索需要浏览器启用 JavaScript" in notice.inner_text()
    box = notice.bounding_box()
    assert box and box["y"] + box["height"] <= SIZES["phone"][1]
    # Its form would only reload the page: not offered.
    assert page.get_by_role("search", name="本页搜索条件").count() == 0
    for name in ("政府信息公开目录", "网站地图"):
        notice.get_by_role("link", name=name).click()
        assert page.locator("h1").inner_text() == name
        page.go_back()
    page.context.close()
    # With the script the notice is not shown and room is kept for the results (the footer stays).
    page = open_page(browser, base_url, PAGES["search with results"], SIZES["phone"])
    assert page.locator(".md-content noscript").is_hidden()
    assert page.evaluate("getComputedStyle(document.querySelector('.gk-results')).minHeight") == "844px"
    page.context.close()


def test_the_search_page_opened_from_a_disk_says_it_needs_a_web_server(browser, site_dir):
    # Staff open site/index.html from a shared drive: the browser refuses the index to such a page,
    # and the page said the index had not been built.
    page = browser.new_context().new_page()
    page.goto((site_dir / "xxgk" / "sousuo" / "index.html").as_uri() + "?q=预算")
    status = page.locator(".gk-results__status")
    status.filter(has_text="网站服务器").wait_for(timeout=10_000)
    assert "没有生成" not in status.inner_text()
    status.get_by_role("link", name="网站地图").click()
    assert page.locator("h1").inner_text() == "网站地图"
    page.context.close()


def test_pages_say_zh_cn_and_name_their_search_landmarks(browser, base_url):
    page = open_page(browser, base_url, PAGES["search with results"])
    assert page.get_attribute("html", "lang") == "zh-CN"
    names = page.eval_on_selector_all("[role=search]", "els => els.map(e => e.getAttribute('aria-label'))")
    assert len(names) == 2 and all(names) and len(set(names)) == 2
    page = open_page(browser, base_url, PAGES["404"])
    assert page.get_attribute("html", "lang") == "zh-CN"
    feeds = page.eval_on_selector_all("link[rel=alternate]", "ls => ls.map(l => l.href)")
    assert feeds and all(f.startswith(base_url) for f in feeds)


def test_the_tab_bar_and_the_pages_contents_are_named_as_what_they_are(browser, base_url):
    # The theme's Chinese named them 标签 ("tags") and 目录, which a reader takes for the 信息公开目录.
    page = open_page(browser, base_url, PAGES["年报"])
    names = page.eval_on_selector_all("nav[aria-label]", "navs => navs.map(n => n.getAttribute('aria-label'))")
    assert "标签" not in names and "目录" not in names, names
    assert page.get_by_role("navigation", name="主栏目", exact=True).get_by_role("link", name="年报").count() == 1
    contents = page.locator(".md-sidebar--secondary").get_by_role("navigation", name="本页目录", exact=True)
    assert contents.get_by_role("link", name="一、总体情况").count() == 1
    page.context.close()


def test_tree_lines_and_county_names_are_not_read_out(browser, base_url):
    page = open_page(browser, base_url, PAGES["统计"])
    assert page.locator("th .gk-sub[aria-hidden=true]").count() >= 3
    # Without the tree line a screen reader heard 财政预算 2 with nothing to place it: the row's
    # header names its parent (for the ear only).
    assert page.get_by_role("rowheader", name="财政信息下的 财政预算", exact=True).count() >= 1
    box = page.evaluate("(r => [r.width, r.height])(document.querySelector('th .gk-sr').getBoundingClientRect())")
    assert box == [1, 1]  # not seen: the eye has the tree line
    labels = page.eval_on_selector_all("figure.gk-chart svg", "svgs => svgs.map(s => s.getAttribute('aria-label'))")
    assert labels and not [label for label in labels if "└" in label]
    # Each year's agency chart draws the names without the county's, and its caption says so.
    agency = [label for label in labels if "年各发布机构主动公开信息数" in label]
    assert agency and "省去名称开头的“澄岭县”" in agency[0]
    shown = page.eval_on_selector_all(
        "figure.gk-chart",
        "fs => fs.filter(f => f.textContent.includes('省去名称开头')).flatMap(f => [...f.querySelectorAll('text')])"
        ".map(t => t.textContent)",
    )
    assert "人力资源和社会保障局" in shown  # whole, not cut at 12 em


# -- 年报 tables: headers as the HTML table algorithm computes them ----------------------------------

# Written from the national format (国办公开办函〔2021〕30号; shared/reference/prc-disclosure-standards.md
# 1.3-1.5), not from gongkai's code: every data cell's headers are its row labels and its column labels.
T2_BLOCKS = [
    ("第二十条第（一）项", ["规章", "行政规范性文件"], ["本年制发件数", "本年废止件数", "现行有效件数"]),
    ("第二十条第（五）项", ["行政许可"], ["本年处理决定数量"]),
    ("第二十条第（六）项", ["行政处罚", "行政强制"], ["本年处理决定数量"]),
    ("第二十条第（八）项", ["行政事业性收费"], ["本年收费金额（单位：万元）"]),
]
T3_COLUMNS = [
    ["申请人情况", "自然人"],
    *(["申请人情况", "法人或其他组织", c] for c in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")),
    ["申请人情况", "总计"],
]
_R = "三、本年度办理结果"
T3_ROWS = [
    ["一、本年新收政府信息公开申请数量"],
    ["二、上年结转政府信息公开申请数量"],
    [_R, "（一）予以公开"],
    [_R, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"],
    *(
        [_R, "（三）不予公开", r]
        for r in (
            "1.属于国家秘密",
            "2.其他法律行政法规禁止公开",
            "3.危及“三安全一稳定”",
            "4.保护第三方合法权益",
            "5.属于三类内部事务信息",
            "6.属于四类过程性信息",
            "7.属于行政执法案卷",
            "8.属于行政查询事项",
        )
    ),
    *(
        [_R, "（四）无法提供", r]
        for r in ("1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确")
    ),
    *(
        [_R, "（五）不予处理", r]
        for r in (
            "1.信访举报投诉类申请",
            "2.重复申请",
            "3.要求提供公开出版物",
            "4.无正当理由大量反复申请",
            "5.要求行政机关确认或重新出具已获取信息",
        )
    ),
    *(
        [_R, "（六）其他处理", r]
        for r in (
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "3.其他",
        )
    ),
    [_R, "（七）总计"],
    ["四、结转下年度继续办理"],
]
T4_COLUMNS = [
    [group, *sub, label]
    for group, sub in (("行政复议", []), ("行政诉讼", ["未经复议直接起诉"]), ("行政诉讼", ["复议后起诉"]))
    for label in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
]


def expected_headers() -> dict[str, list[set[str]]]:
    """Per table (二 as its four blocks), the header labels of each data cell in document order."""
    t2 = [{clause, row, col} for clause, rows, cols in T2_BLOCKS for row in rows for col in cols]
    t3 = [set(row) | set(col) for row in T3_ROWS for col in T3_COLUMNS]
    t4 = [set(col) for col in T4_COLUMNS]
    assert len(t3) == 25 * 7 and len(t4) == 15
    return {"table2": t2, "table3": t3, "table4": t4}


def annual_headers(html: str) -> dict[str, list[set[str]]]:
    out: dict[str, list[set[str]]] = {"table2": [], "table3": [], "table4": []}
    for table in tables(html):
        kind = {"主动公开": "table2", "收到和处理": "table3", "行政复议": "table4"}
        key = next((v for k, v in kind.items() if k in table.label), None)
        if key is None or "信息数" in table.label:  # the report's own count by column, not a national table
            continue
        for cell in table.data_cells():
            found = headers(table, cell)
            assert len(found) == len(set(found)), found
            out[key].append(set(found))
    return out


@pytest.mark.parametrize("kind", ["统计", "年报"])
def test_each_figure_of_the_statistics_tables_is_said_with_its_row_and_column(browser, base_url, kind):
    # In the Markdown tables they were, a figure was read with its column's name alone (信息数 4).
    page = open_page(browser, base_url, PAGES[kind])
    found = [t for t in tables(page.content()) if "主动公开信息数" in t.label or "依申请公开" in t.label]
    assert len(found) >= (1 if kind == "年报" else 5)
    for table in found:
        head = [c.text for c in table.cells if c.header and c.y == 0]
        for cell in table.data_cells():
            said = headers(table, cell)
            row = next(c for c in table.cells if c.header and c.y == cell.y and c.x == 0)
            assert said == [row.text, head[cell.x]] or said == [head[cell.x], row.text], (table.label, said)
    page.context.close()


def test_annual_report_tables_headers_are_the_national_formats_labels(browser, base_url):
    page = open_page(browser, base_url, PAGES["年报"], (390, 844))
    got = annual_headers(page.content())  # the DOM as the browser built it
    expected = expected_headers()
    for key in expected:
        assert len(got[key]) == len(expected[key]), key
        pairs = enumerate(zip(got[key], expected[key], strict=True))
        wrong = [(i, sorted(g), sorted(e)) for i, (g, e) in pairs if g != e]
        assert wrong == [], (key, wrong[:5])


def test_the_header_algorithm_catches_what_the_old_tables_got_wrong():
    """The markup the tables had before (one stacked table 二; rowgroup in one tbody; colgroup without
    <colgroup>): the algorithm finds the wrong headers the issue describes."""
    t2 = (
        '<table aria-label="主动公开"><tbody>'
        '<tr><th colspan="4" scope="colgroup">第二十条第（一）项</th></tr>'
        '<tr><th scope="col">信息内容</th><th scope="col">本年制发件数</th><th scope="col">本年废止件数</th>'
        '<th scope="col">现行有效件数</th></tr>'
        '<tr><th scope="row">规章</th><td>0</td><td>0</td><td>0</td></tr>'
        '<tr><th colspan="4" scope="colgroup">第二十条第（五）项</th></tr>'
        '<tr><th scope="col">信息内容</th><th colspan="3" scope="col">本年处理决定数量</th></tr>'
        '<tr><th scope="row">行政许可</th><td colspan="3">1</td></tr></tbody></table>'
    )
    got = annual_headers(t2)["table2"]
    assert got[-1] != {"第二十条第（五）项", "行政许可", "本年处理决定数量"}
    assert "本年制发件数" in got[-1]
    t3 = (
        '<table aria-label="收到和处理"><tbody>'
        '<tr><th rowspan="2" scope="rowgroup">三、本年度办理结果</th><th scope="row">（一）予以公开</th><td>1</td></tr>'
        '<tr><th scope="row">（七）总计</th><td>1</td></tr>'
        '<tr><th colspan="2" scope="row">四、结转下年度继续办理</th><td>0</td></tr></tbody></table>'
    )
    assert "三、本年度办理结果" in annual_headers(t3)["table3"][-1]
    t4 = (
        '<table aria-label="行政复议"><thead><tr><th colspan="2" scope="colgroup">行政复议</th></tr>'
        '<tr><th scope="col">结果维持</th><th scope="col">结果纠正</th></tr></thead>'
        "<tbody><tr><td>1</td><td>2</td></tr></tbody></table>"
    )
    assert annual_headers(t4)["table4"] == [{"结果维持"}, {"结果纠正"}]  # 行政复议 is lost


def test_a_record_pages_compact_menu_works_from_the_keyboard_at_phone_width(browser, base_url):
    """A record's page carries a compact menu (issue 20): the top sections, and under the catalogue
    the 当前位置 line's way down to the record's category. From the keyboard on a phone it opens,
    its every link is a stop with its focus seen, and it takes the reader to the category."""
    page = open_page(browser, base_url, PAGES["record with attachments"], (390, 844))
    crumbs = page.eval_on_selector_all("nav.gk-crumbs a", "links => links.map(a => [a.textContent.trim(), a.href])")
    assert len(crumbs) >= 2 and crumbs[0][0] == "信息公开目录"
    assert not any(s["inMenu"] for s in tab_walk(page, 40))  # closed, its links are no stops
    page.focus(".md-header button[data-gk-for=__drawer]")
    page.keyboard.press("Enter")
    page.locator(".md-sidebar--primary :focus").wait_for()
    until(page, MENU_STILL)
    where = """() => {
      const a = document.activeElement;
      return a.closest('.md-sidebar--primary') ? [a.textContent.trim(), a.href] : null;
    }"""
    stops, seen = [page.evaluate(where)], [page.evaluate(FOCUS)]
    for _ in range(12):
        page.keyboard.press("Tab")
        stop = page.evaluate(where)
        if stop is None:
            break
        stops.append(stop)
        seen.append(page.evaluate(FOCUS))
    assert visible_with_indicator(seen) == []
    names = [name for name, _ in stops]
    assert names[0] == "首页" and stops[1 : 1 + len(crumbs)] == crumbs, stops
    assert {"统计", "年报"} <= set(names[1 + len(crumbs) :]), names
    # Back into the menu and on to the record's category with Enter.
    page.focus(".md-header button[data-gk-for=__drawer]")
    page.keyboard.press("Enter")
    page.locator(".md-sidebar--primary :focus").wait_for()
    until(page, MENU_STILL)
    for _ in range(len(crumbs)):
        page.keyboard.press("Tab")
    assert page.evaluate(where) == crumbs[-1]
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == crumbs[-1][1]
    assert page.errors == []


def test_a_record_pages_compact_menu_is_a_side_menu_on_a_desktop(browser, base_url):
    page = open_page(browser, base_url, PAGES["record with attachments"], (1366, 900))
    links = page.locator(".md-sidebar--primary a[href]")
    assert links.count() >= 5 and all(links.nth(i).is_visible() for i in range(links.count()))
    stops = tab_walk(page, 40)
    assert [s for s in stops if s["inMenu"]] and visible_with_indicator(stops) == []
    assert page.errors == []

"""gongkai.guards.csp without building: the inline scripts a page runs, the theme's scripts known from its
templates (Material's own and ours), and the policy each page gets."""

from __future__ import annotations

import base64
import hashlib
import re
from importlib import resources
from pathlib import Path

import material
import pytest

from gongkai.guards.csp import DIRECTIVES, KnownScripts, inline_scripts, policy, with_policy

MATERIAL = Path(material.__file__).parent / "templates"
OURS = Path(str(resources.files("gongkai").joinpath("templates")))
#: Material's first inline script (partials/javascripts/base.html) as a page two folders deep has it.
MD_SCOPE = (MATERIAL / "partials/javascripts/base.html").read_text(encoding="utf-8")
MD_SCOPE = MD_SCOPE[MD_SCOPE.index("<script>") + 8 : MD_SCOPE.index("</script>")]
MD_SCOPE = MD_SCOPE.replace("{{ config.extra.scope | d(base_url) }}", "../..")


def sha256(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"


@pytest.fixture(scope="module")
def known() -> KnownScripts:
    return KnownScripts([OURS, MATERIAL])


def test_only_scripts_the_browser_runs_are_inline_scripts():
    page = (
        '<script src="a.js"></script><script>one()</script>'
        '<script type="application/ld+json">{"a": 1}</script><script type="module">two()</script>'
        '<script type="text/javascript">three()</script><script id="__config" type="application/json">{}</script>'
    )
    assert inline_scripts(page) == ["one()", "two()", "three()"]
    assert inline_scripts("<p>no script</p>") == [] and inline_scripts("<script>never closed") == []


def test_the_themes_script_with_its_value_filled_in_is_known(known):
    assert MD_SCOPE.startswith('__md_scope=new URL("../..",location)')
    assert MD_SCOPE in known
    assert MD_SCOPE.replace("../..", ".") in known  # the root page's value


def test_a_theme_script_with_code_where_its_value_goes_is_not_known(known):
    hostile = MD_SCOPE.replace('"../.."', '"."),alert(1),("",location')
    assert hostile not in known  # the hostile_text attack: code where a template writes a URL
    assert MD_SCOPE.replace("../..", "x;alert(1)") not in known
    assert MD_SCOPE + ";alert(1)" not in known and "alert(1)" not in known


def test_our_toolbars_scripts_are_files_of_ours_and_none_inline():
    """The toolbar's first script (shows it, applies the saved choices before the page is drawn) is
    a file, not deferred; the rest deferred; nothing inline for the page policy to allow."""
    text = (OURS / "partials" / "gongkai-a11y.html").read_text(encoding="utf-8")
    tags = re.findall(r"<script\b[^>]*>", text)
    assert tags == [
        "<script src=\"{{ 'gongkai/a11y-first.js' | url }}\">",
        "<script src=\"{{ 'gongkai/a11y.js' | url }}\" defer>",
    ]
    assert inline_scripts(text) == []
    assets = OURS.parent / "assets"
    assert "gongkai-a11y" in (assets / "a11y-first.js").read_text(encoding="utf-8")


def test_template_scripts_with_logic_or_a_source_are_not_patterns(tmp_path):
    (tmp_path / "a.html").write_text(
        '<script>{% if x %}var a = 1;{% endif %}</script><script src="{{ x }}">b()</script>'
        '<script type="application/json">{"c": "{{ y }}"}</script><script>  </script>'
        '<script>var base = "{{ base_url }}";</script>',
        encoding="utf-8",
    )
    (tmp_path / "broken.html").write_bytes(b"<script>\xff\xfe</script>")  # unreadable: skipped
    known = KnownScripts([tmp_path])
    assert 'var base = "../../..";' in known
    assert "var a = 1;" not in known and "b()" not in known
    assert 'var base = "a\\"b";' not in known  # a value never holds quotes or backslashes
    assert 'var base = "' + "x" * 201 + '";' not in known  # …nor runs on and on


def test_the_policy_allows_known_scripts_by_hash_once_and_refuses_the_rest(known):
    twice = f"<script>{MD_SCOPE}</script>" * 2
    page = f"<head><meta charset=utf-8></head>{twice}<script>evil()</script>"
    text, refused = policy(page, known)
    assert refused == ["evil()"]
    assert text.startswith(f"script-src 'self' 'wasm-unsafe-eval' {sha256(MD_SCOPE)}; ")
    assert text.count("sha256-") == 1 and sha256("evil()") not in text
    assert text.endswith("; ".join(DIRECTIVES)) and "default-src 'self'" in text
    assert "http" not in text  # nothing from another host


def test_the_policy_goes_first_in_head_right_after_the_charset(known):
    page = '<html><head><meta charset="utf-8"><script>evil()</script><title>t</title></head></html>'
    out, refused = with_policy(page, known)
    assert refused == ["evil()"]
    assert out.index('<meta charset="utf-8">') < out.index("Content-Security-Policy") < out.index("<script>")
    assert out.replace(out[out.index("\n    <meta http-equiv") : out.index("<script>")], "") == page
    no_charset, _ = with_policy("<html><head lang=zh><title>t</title></head></html>", known)
    assert no_charset.startswith('<html><head lang=zh>\n    <meta http-equiv="Content-Security-Policy"')
    assert with_policy("<p>a fragment</p>", known) == ("<p>a fragment</p>", [])

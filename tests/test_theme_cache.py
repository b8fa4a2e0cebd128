"""The theme's compiled templates kept between builds (gongkai.plugin.theme.compile_once): only in a
private folder of the user's, never taken from another compiler, and never a reason to fail."""

from __future__ import annotations

import os

import jinja2
import jinja2.bccache
import pytest

from gongkai.plugin import theme


def env_of(folder, **options) -> jinja2.Environment:
    (folder / "page.html").write_text("<p>{{ x }}</p>", encoding="utf-8")
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), **options)


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    home = tmp_path / "cache-home"
    home.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("GONGKAI_CACHE", raising=False)
    return home


def entries(home) -> list:
    return sorted((home / "gongkai" / "templates").glob("*/*.cache"))


def test_a_template_is_compiled_once_and_renders_the_same(tmp_path, cache_home):
    env = env_of(tmp_path)
    theme.compile_once(env)
    assert env.get_template("page.html").render(x="<b>") == "<p><b></p>"
    assert len(entries(cache_home)) == 1
    again = env_of(tmp_path)
    theme.compile_once(again)
    assert again.get_template("page.html").render(x="<b>") == "<p><b></p>"
    assert len(entries(cache_home)) == 1


def test_code_compiled_with_other_settings_is_never_taken(tmp_path, cache_home):
    plain = env_of(tmp_path)
    theme.compile_once(plain)
    plain.get_template("page.html")
    escaping = env_of(tmp_path, autoescape=True)
    theme.compile_once(escaping)
    assert escaping.get_template("page.html").render(x="<b>") == "<p>&lt;b&gt;</p>"
    assert len(entries(cache_home)) == 2  # a folder of its own


def test_a_folder_others_can_write_in_is_not_used(tmp_path, cache_home):
    env = env_of(tmp_path)
    theme.compile_once(env)
    assert env.bytecode_cache is not None
    folder = cache_home / "gongkai" / "templates"
    for mode in (0o777, 0o720):
        os.chmod(folder, mode)
        other = env_of(tmp_path)
        theme.compile_once(other)
        assert other.bytecode_cache is None, oct(mode)
    os.chmod(folder, 0o700)


def test_a_damaged_entry_is_compiled_again(tmp_path, cache_home):
    env = env_of(tmp_path)
    theme.compile_once(env)
    env.get_template("page.html")
    [entry] = entries(cache_home)
    # Jinja's own header, then what no reader of it expects (Jinja itself would raise on it).
    entry.write_bytes(jinja2.bccache.bc_magic + b"\x80garbage")
    again = env_of(tmp_path)
    theme.compile_once(again)
    assert again.get_template("page.html").render(x="y") == "<p>y</p>"


def test_no_cache_when_turned_off_or_without_a_cache_folder(tmp_path, cache_home, monkeypatch):
    monkeypatch.setenv("GONGKAI_CACHE", "off")
    env = env_of(tmp_path)
    theme.compile_once(env)
    assert env.bytecode_cache is None
    monkeypatch.delenv("GONGKAI_CACHE")
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.delenv("HOME", raising=False)
    theme.compile_once(env)
    assert env.bytecode_cache is None and entries(cache_home) == []


def test_its_folders_are_private_whatever_the_umask(tmp_path, cache_home):
    old = os.umask(0o002)  # a system where new folders are group-writable
    try:
        env = env_of(tmp_path)
        theme.compile_once(env)
    finally:
        os.umask(old)
    assert env.bytecode_cache is not None
    for folder in (cache_home / "gongkai", cache_home / "gongkai" / "templates"):
        assert os.stat(folder).st_mode & 0o077 == 0, folder

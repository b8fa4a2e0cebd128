"""The plugin options are declared once (gongkai.model.settings.Settings): the plugin's config class, the
CLI's reading of mkdocs.yml and the README's table derive from that declaration."""

from __future__ import annotations

from dataclasses import fields

import pytest

import ourcommands
from conftest import BIN, ROOT, flat
from gongkai.model.settings import Settings, options_markdown
from gongkai.plugin.config import GongkaiConfig
from gongkai.text.problems import InputError


def test_the_readme_table_is_the_declaration():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("| option | default | meaning |")
    block = readme[start : readme.index("\n\n", start) + 1]
    assert block == options_markdown(), "paste gongkai.model.settings.options_markdown() into README.md"


def test_the_plugin_config_has_every_option_with_its_default():
    schema = dict(GongkaiConfig._schema)
    assert list(schema) == [f.name for f in fields(Settings)]
    for f in fields(Settings):
        default = schema[f.name].default
        assert (tuple(default) if isinstance(default, list) else default) == f.default, f.name
    config = GongkaiConfig()
    config.load_dict({"per_page": 20, "pii_kinds": ["身份证号"]})
    errors, _ = config.validate()
    assert not errors
    settings = config.settings()
    assert settings.per_page == 20 and settings.pii_kinds == ("身份证号",) and settings.url_prefix == "xxgk"


@pytest.mark.parametrize(
    ("options", "said"),
    [
        ({"per_page": 0}, "plugins.gongkai.per_page：应为正整数，现在是 0。"),
        ({"inspect_empty_max": -1}, "plugins.gongkai.inspect_empty_max：应为 0 或正整数，现在是 -1。"),
        ({"genres": "通知"}, "plugins.gongkai.genres：应为文字列表。"),
        ({"url_prefix": "/政务"}, "网址前缀 '/政务' 只能用小写英文字母、数字和连字符"),
        ({"search": "lunr"}, "没有搜索方式“lunr”。"),
        ({"pii_kinds": ["住址"]}, "没有“住址”这一类个人信息。"),
        ({"attachment_types": ["pdf", "html"]}, "html 不能作为附件发布"),
        ({"per_pgae": 20}, "plugins.gongkai.per_pgae：没有这个选项。"),
    ],
)
def test_each_option_reads_its_value_and_says_what_is_wrong(options, said):
    with pytest.raises(InputError) as caught:
        Settings.from_options(options)
    assert said in flat(caught.value.problems.report())


def test_the_cli_reads_mkdocs_yml_as_mkdocs_does_env_and_inherit(site, monkeypatch):
    """`!ENV` and `INHERIT` mean for gongkai check what they mean for mkdocs build."""
    site.good()
    moved = site.root / "data"
    (site.root / "records").rename(moved)
    base = site.root / "base.yml"
    base.write_text((site.root / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (site.root / "mkdocs.yml").write_text(
        "INHERIT: base.yml\nplugins:\n  - gongkai:\n      records_dir: !ENV [GONGKAI_TEST_RECORDS, records]\n",
        encoding="utf-8",
    )
    assert "找不到记录目录" in site.gongkai("check").stderr  # the default of the !ENV tag: records/
    monkeypatch.setenv("GONGKAI_TEST_RECORDS", "data")
    done = site.gongkai("check")
    assert done.returncode == 0, done.stderr
    assert site.mkdocs("build", env={"GONGKAI_TEST_RECORDS": "data"}).returncode == 0  # and the build agrees


def test_off_written_as_the_readme_shows_it_is_off(site):
    """YAML reads an unquoted `off` as false: `search: off` and `editor: off`, as the options table
    writes them, mean off for the build and for check alike (a stranger was refused with
    '应为非空文字，现在是 False' and MkDocs' own English message)."""
    (site.root / "mkdocs.yml").write_text(
        (site.root / "mkdocs.yml")
        .read_text(encoding="utf-8")
        .replace("  - gongkai\n", "  - gongkai:\n      search: off\n      editor: off\n"),
        encoding="utf-8",
    )
    assert "search: off" in (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    site.good()
    checked = site.gongkai("check")
    assert checked.returncode == 0, checked.stderr
    built = site.mkdocs("build")
    assert built.returncode == 0, built.stderr
    assert not (site.root / "site" / "pagefind").exists()
    assert Settings.from_options({"search": False, "editor": False}) == Settings(search="off", editor="off")
    with pytest.raises(InputError) as wrong:
        Settings.from_options({"search": True})
    assert "plugins.gongkai.search：应为非空文字，现在是 True。" in flat(wrong.value.problems.report())


def test_a_wrong_option_is_named_at_mkdocs_yml_as_a_record_is_named_from_the_site(site):
    """From the site's folder or from elsewhere with --config, a wrong option is at `mkdocs.yml`
    and the line of its key, as a record's problem is at `records/...` (not the full path, nor a
    mkdocs.yml of the folder the command was run in)."""
    config = site.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("  - gongkai\n", "  - gongkai:\n      per_page: -50\n")
    config.write_text(text, encoding="utf-8")
    line = text.splitlines().index("      per_page: -50") + 1
    site.good()
    here = site.gongkai("check")
    elsewhere = ourcommands.run([str(BIN / "gongkai"), "check", "--config", str(config)], cwd=site.root.parent)
    for done in (here, elsewhere):
        assert done.returncode == 1
        assert f"mkdocs.yml:{line}: 错误 plugins.gongkai.per_page：应为正整数" in flat(done.stderr), done.stderr
        assert str(site.root) not in done.stderr

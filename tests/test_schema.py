"""The one schema: the JSON Schema for editors and the field docs agree with the validator."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess

import jsonschema
import pytest
import yaml

from conftest import ROOT, make_pdf
from gongkai.editor import config as editor_config
from gongkai.model.records import record_files
from gongkai.model.schema import FIELDS, fields_markdown, json_schema
from gongkai.model.settings import Settings
from gongkai.model.taxonomy import load_taxonomy
from gongkai.text.problems import Problems


def front_matter(path):
    front = yaml.safe_load(path.read_text(encoding="utf-8-sig").split("---\n", 2)[1])
    # Editors' YAML tooling sees dates as strings, as the JSON Schema does.
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in front.items()}


def site_schema(site) -> dict:
    result = site.gongkai("schema")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_schema_lists_exactly_the_fields_of_the_record_contract():
    schema = json_schema()
    assert list(schema["properties"]) == [f.key for f in FIELDS]
    assert schema["required"] == ["title", "index_no", "agency", "category", "published"]
    assert schema["additionalProperties"] is False
    assert schema["properties"]["validity"]["enum"] == ["有效", "失效", "废止"]
    assert schema["properties"]["doc_type"]["enum"] == ["规章", "行政规范性文件"]


def test_site_schema_takes_its_lists_from_the_taxonomy_and_settings(site):
    site.configure(extra_keys=["source_url"], genres=["通知", "公告"])
    schema = site_schema(site)
    props = schema["properties"]
    assert props["agency"]["enum"] == ["测试县财政局", "测试县人民政府办公室", "测试县城关镇人民政府"]
    assert "财政信息/财政预算" in props["category"]["enum"] and "财政信息" in props["category"]["enum"]
    assert props["genre"]["enum"] == ["通知", "公告"]
    assert "source_url" in props
    validator = jsonschema.Draft202012Validator(schema)
    assert not validator.is_valid({"index_no": "czj/2024-00001"})  # the other required fields are missing
    assert not list(validator.iter_errors(front_matter(site.good())))


@pytest.mark.parametrize(
    "change",
    [
        {"agency": "测试县财政厅"},
        {"index_no": "czj-2024-1"},
        {"published": "2024/01/26"},
        {"validity": "作废"},
        {"titel": "拼错的字段"},
    ],
)
def test_what_check_rejects_the_ide_schema_rejects_too(site, change):
    path = site.good(**change)
    assert site.gongkai("check").returncode == 1
    errors = list(jsonschema.Draft202012Validator(site_schema(site)).iter_errors(front_matter(path)))
    assert errors, change


@pytest.mark.parametrize(
    "attachments",
    [["files/budget.pdf"], [{"file": "files/budget.pdf"}], [{"file": "files/budget.pdf", "title": "预算"}]],
)
def test_what_check_accepts_the_ide_schema_and_the_editor_accept_too(site, attachments):
    # An attachment as a bare path or without a title is one the page names by its file.
    (site.root / "records/2024/files").mkdir(parents=True, exist_ok=True)
    (site.root / "records/2024/files/budget.pdf").write_bytes(make_pdf("budget"))
    path = site.good(attachments=attachments)
    assert site.gongkai("check").returncode == 0
    assert not [e.message for e in jsonschema.Draft202012Validator(site_schema(site)).iter_errors(front_matter(path))]
    taxonomy = load_taxonomy(site.root / "records" / "taxonomy.yml", Problems())
    item = {f["name"]: f for f in editor_config.editor_fields(taxonomy, Settings())}["attachments"]
    required = {f["name"]: f["required"] for f in item["fields"]}
    assert required == {"file": True, "title": False}


def test_every_sample_record_validates_against_the_sample_site_schema():
    from gongkai.model.taxonomy import load_taxonomy
    from gongkai.siteconfig import read_mkdocs_settings
    from gongkai.text.problems import Problems

    settings = read_mkdocs_settings(ROOT / "mkdocs.yml")
    taxonomy = load_taxonomy(ROOT / "records" / "taxonomy.yml", Problems())
    validator = jsonschema.Draft202012Validator(json_schema(taxonomy, settings))
    paths = record_files(ROOT / "records")
    assert len(paths) > 50
    for path in paths:
        assert not [e.message for e in validator.iter_errors(front_matter(path))], path


def test_field_table_documents_every_field(site):
    result = site.gongkai("schema", "--markdown")
    assert result.stdout == fields_markdown()
    lines = result.stdout.splitlines()
    assert len(lines) == 2 + len(FIELDS)
    for f, line in zip(FIELDS, lines[2:], strict=True):
        assert line.startswith(f"| `{f.key}` | {f.label} | {'是' if f.required else ''} |")


def test_bad_plugin_option_is_a_clean_message_in_check_and_build(site):
    site.good()
    site.configure(per_page=0, colour="red")
    for result in (site.gongkai("check"), site.mkdocs("build")):
        assert result.returncode == 1
        assert "per_page" in result.stderr and "应为正整数，现在是 0。" in result.stderr
        assert "colour" in result.stderr and "没有这个选项。" in result.stderr
        assert "Traceback" not in result.stderr
    assert not (site.root / "site").exists()


def test_readme_field_table_is_the_generated_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- fields:start -->\n", 1)[1].split("<!-- fields:end -->", 1)[0]
    assert block == fields_markdown(), "run: gongkai schema --markdown, and paste it into README.md"


def test_options_that_would_write_outside_the_site_are_refused(site):
    site.good()
    site.configure(url_prefix="../out")
    result = site.mkdocs("build")
    assert result.returncode == 1 and "网址前缀 '../out' 只能用小写英文字母" in result.stderr
    site.configure(index_no_pattern="{org}/../../{YYYY}-{NNNNN}")
    result = site.gongkai("check")
    assert result.returncode == 1 and "每一段都不能以 . 开头" in result.stderr
    assert not (site.root / "site").exists() and not (site.root / "out").exists()


def test_index_no_pattern_in_the_schema_is_a_javascript_regex(site):
    """Editors validate with ECMA-262 regexes (unicode mode): no (?P<name>), no needless escapes."""
    site.configure(index_no_pattern="GK.{org}/{YYYY}-{NNNN}")
    pattern = site_schema(site)["properties"]["index_no"]["pattern"]
    assert "(?P" not in pattern and "\\-" not in pattern
    assert re.fullmatch(pattern.strip("^$"), "GK.czj/2024-0001") and not re.fullmatch(
        pattern.strip("^$"), "GKxczj/2024-0001"
    )
    node = shutil.which("node")
    if node:  # the machine has Node.js: compile it the way editors' validators do
        result = subprocess.run(
            [node, "-e", "new RegExp(process.argv[1], 'u')", pattern], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr


def test_the_schema_shipped_in_the_package_is_the_one_schema():
    """gongkai/record.schema.json (package data, for tools without a site) is json_schema() itself:
    regenerate it with `gongkai -f /dev/null schema > scripts/gongkai/record.schema.json` if this fails."""
    from importlib import resources

    shipped = json.loads(resources.files("gongkai").joinpath("record.schema.json").read_text("utf-8"))
    assert shipped == json_schema()


def test_mkdocs_yml_problems_carry_the_line_of_their_key_in_check_and_build(site):
    """A wrong plugin option, a missing one (its plugin's line) and wrong footer items are said at
    the line of their key in mkdocs.yml, by the check and by the build."""
    site.good()
    site.configure(per_page=0, editor="github")  # editor_repo missing: said at the plugin's line
    config = site.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\nextra:" not in text
    config.write_text(text + "extra:\n  footer:\n    sponsr: 某县人民政府办公室\n    police: 京公网安备123号\n")
    lines = config.read_text(encoding="utf-8").split("\n")

    def line_of(start: str) -> int:
        return next(n for n, line in enumerate(lines, 1) if line.lstrip().startswith(start))

    check = site.gongkai("check")
    assert check.returncode == 1
    said = check.stderr
    assert f"{line_of('per_page:')}: 错误  plugins.gongkai.per_page" in said
    assert f"{line_of('- gongkai:')}: 错误  plugins.gongkai.editor_repo" in said
    build = site.mkdocs("build")
    assert build.returncode == 1
    assert f"应为正整数，现在是 0。 例如 per_page: 50（mkdocs.yml 第 {line_of('per_page:')} 行）" in build.stderr
    assert "需要写明仓库。" in build.stderr and f"（mkdocs.yml 第 {line_of('- gongkai:')} 行）" in build.stderr
    # The footer: the check reads it only once the options are right; the build too.
    site.configure()
    config.write_text(config.read_text(encoding="utf-8") + "extra:\n  footer:\n    sponsr: 某县人民政府办公室\n")
    lines = config.read_text(encoding="utf-8").split("\n")
    for result in (site.gongkai("check"), site.mkdocs("build")):
        assert result.returncode == 1
        assert f"{line_of('sponsr:')}: 错误  extra.footer.sponsr" in result.stderr, result.stderr

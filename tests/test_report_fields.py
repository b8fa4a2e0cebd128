"""The annual report's front matter is declared once, as field objects (gongkai.model.reports.REPORT_FIELDS):
the reader says what it said before the fields existed, word for word and at the same line.

Pure core: report files written to a temporary folder and read with `load_reports`, no build."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources

import jsonschema
import pytest
import yaml

from conftest import FIXTURES, ROOT
from gongkai.model.reports import KEYS, REPORT_FIELDS, load_reports
from gongkai.model.schema import fields_markdown, report_schema
from gongkai.model.taxonomy import load_taxonomy
from gongkai.text.problems import Problems

TAXONOMY = "government: 测试县人民政府\n" + (FIXTURES / "taxonomy.yml").read_text(encoding="utf-8")
#: The same site, declaring 行政事业性收费 and 行政强制 not applicable to any of its reports.
NOT_APPLICABLE = TAXONOMY.replace(
    "government: 测试县人民政府\n",
    "government: 测试县人民政府\nnot_applicable:\n  行政事业性收费: 本县未设\n  行政强制: 无此职权\n",
)
#: Its 城关镇 declaring them not applicable to its own report.
AGENCY_NOT_APPLICABLE = TAXONOMY.replace(
    "{name: 测试县城关镇人民政府, code: cgz, group: 乡镇}",
    "{name: 测试县城关镇人民政府, code: cgz, group: 乡镇, not_applicable: {行政事业性收费: 镇不收费}}",
)
FRONT = [  # line 1 is the opening ---: these are lines 2 to 9, and the closing --- is line 10
    "title: 测试县人民政府2024年政府信息公开工作年度报告",
    "published: 2025-01-20",
    "permits: 3",
    "penalties: 7",
    "enforcements: 0",
    "fees_wan: 1.25",
    "budget_wan: 3",
    "disclosure_fees_yuan: 100",
]
BODY = "\n## 一、总体情况\n\n甲。\n\n## 五、存在的主要问题及改进情况\n\n乙。\n\n## 六、其他需要报告的事项\n\n丙。\n"
LABELS = {
    "fees_wan": "fees_wan（行政事业性收费金额（万元））",
    "permits": "permits（行政许可决定数）",
    "enforcements": "enforcements（行政强制决定数）",
}


def read(tmp_path, front: list[str], taxonomy: str = TAXONOMY):
    """The reports of a records folder holding reports/2024.md with `front`, and every problem as
    (line, field, message, fix)."""
    (tmp_path / "reports").mkdir()
    (tmp_path / "taxonomy.yml").write_text(taxonomy, encoding="utf-8")
    tax = load_taxonomy(tmp_path / "taxonomy.yml", Problems())
    assert tax is not None
    text = "---\n" + "".join(line + "\n" for line in front) + "---\n" + BODY
    (tmp_path / "reports" / "2024.md").write_text(text, encoding="utf-8")
    problems = Problems(root=tmp_path)
    reports = load_reports(tmp_path, tax, problems)
    assert all(p.path == "reports/2024.md" for p in problems.items)
    return reports, [(p.line, p.field, p.message, p.hint) for p in problems.items]


def replaced(key: str, line: str | None) -> list[str]:
    """FRONT with the line of `key` replaced by `line` (None: removed)."""
    return [(line if old.startswith(key + ":") else old) for old in FRONT if line or not old.startswith(key + ":")]


def test_the_keys_messages_name_are_the_declared_fields_in_their_order():
    # The labels that messages print after each key, and the order the 可用的字段 hint lists them in.
    assert KEYS == {
        "title": "标题",
        "published": "发布日期",
        "scope": "报告范围",
        "permits": "行政许可决定数",
        "penalties": "行政处罚决定数",
        "enforcements": "行政强制决定数",
        "fees_wan": "行政事业性收费金额（万元）",
        "budget_wan": "信息公开工作经费（万元）",
        "disclosure_fees_yuan": "信息处理费（元）",
    }
    assert [f.key for f in REPORT_FIELDS] == list(KEYS)
    assert [f.key for f in REPORT_FIELDS if f.required] == ["fees_wan"]


def test_a_good_report_reads_each_field_as_the_model_holds_it(tmp_path):
    reports, problems = read(tmp_path, [*FRONT, "scope: 测试县财政局"])
    assert problems == []
    (r,) = reports
    assert r.title == "测试县人民政府2024年政府信息公开工作年度报告"
    assert r.published.isoformat() == "2025-01-20" and r.scope.name == "测试县财政局" and r.issuer == "测试县财政局"
    assert (r.permits, r.penalties, r.enforcements) == (3, 7, 0) and type(r.permits) is int
    assert (r.fees_wan, r.budget_wan, r.disclosure_fees_yuan) == (1.25, 3, 100)
    assert r.lines["fees_wan"] == 7 and r.end_line == 11  # scope is line 10


CASES = {
    "unknown key, a field's misspelling": (
        [*FRONT, "titel: x"],
        [(10, "titel", "年报没有字段 titel。", "是不是 title？")],
    ),
    "unknown key, like none": (
        [*FRONT, "foo: 1"],
        [(10, "foo", "年报没有字段 foo。", "可用的字段：" + "、".join(KEYS))],
    ),
    "key given twice": (
        [*FRONT, "budget_wan: 4"],
        [(10, "budget_wan（信息公开工作经费（万元））", "这个字段写了两次。", "删掉其中一行。")],
    ),
    "a count that is not whole": (
        replaced("permits", "permits: 1.5"),
        [(4, LABELS["permits"], "应为不小于 0 的整数，现在是 1.5。", "只写数字，如 permits: 12")],
    ),
    "an amount written as text": (
        replaced("fees_wan", "fees_wan: '1'"),
        [(7, LABELS["fees_wan"], "应为不小于 0 的数字，现在是 '1'。", "只写数字，如 fees_wan: 3.5")],
    ),
    "a negative amount": (
        replaced("budget_wan", "budget_wan: -1"),
        [
            (
                8,
                "budget_wan（信息公开工作经费（万元））",
                "应为不小于 0 的数字，现在是 -1。",
                "只写数字，如 budget_wan: 3.5",
            )
        ],  # noqa: E501
    ),
    "a title that is a number": (
        replaced("title", "title: 123"),
        [(2, "title（标题）", "应为一行文字。", "如 title: 某某县人民政府2024年政府信息公开工作年度报告")],
    ),
    "a title with markup": (
        replaced("title", "title: '<b>粗</b>'"),
        [
            (
                2,
                "title（标题）",
                "含有 HTML 标记“<b>”：这里只能写纯文字，标记会原样显示或被当作网页代码。",
                "删掉尖括号 < > 及其中的标记；要写小于号、大于号时用全角的 ＜ ＞ 或写成文字。",
            )
        ],
    ),
    "published in the report's own year": (
        replaced("published", "published: 2024-05-01"),
        [
            (
                3,
                "published（发布日期）",
                "2024 年的年报不能在 2024-05-01 发布。",
                "年报在次年发布（条例第四十九条：1月31日或3月31日前）。",
            )
        ],
    ),
    "a scope that is no agency": (
        [*FRONT, "scope: 测试县财政厅"],
        [
            (
                10,
                "scope（报告范围）",
                "“测试县财政厅”不在 taxonomy.yml 的发布机构中。",
                "是不是：测试县财政局 或 测试县城关镇人民政府？",
            )
        ],
    ),
    # Said at line 1 (the opening ---), as it always was: the key has no line of its own.
    "the required amount missing": (
        replaced("fees_wan", None),
        [(1, LABELS["fees_wan"], "缺少必填字段。", "加上一行 fees_wan: 0（没有时写 0）")],
    ),
    # Said at the closing --- (line 9 once a line is removed), where the figure is to be added.
    "a count with no source": (
        replaced("enforcements", None),
        [
            (
                9,
                LABELS["enforcements"],
                "表二“行政强制”的决定数没有来源：年报没有写 enforcements，"
                "taxonomy.yml 也没有栏目标明 report_row: 行政强制。不写就会印成 0，而 0 表示“没有”。",
                "在头部加一行 enforcements: 决定数（确实没有时写 0）；或给记录这类决定的栏目加上 report_row: 行政强制；"
                "不适用的（如乡镇没有这项职权），在 taxonomy.yml 的 not_applicable 下写明理由，表中印“/”。",
            )
        ],
    ),
}

#: What a JSON Schema cannot say: a key given twice (YAML keeps the last), markup in a text (plain
#: text is gongkai.text.plaintext's), and what depends on more than the front matter (the file
#: name's year, the records' categories).
SCHEMA_CANNOT_SAY = (
    "key given twice",
    "a title with markup",
    "published in the report's own year",
    "a count with no source",
)


@pytest.mark.parametrize("case", CASES)
def test_each_wrong_front_matter_is_said_as_before_at_its_line(tmp_path, case):
    front, expected = CASES[case]
    reports, problems = read(tmp_path, front)
    assert problems == expected
    assert reports == []


def test_figures_given_for_rows_declared_not_applicable(tmp_path):
    reports, problems = read(tmp_path, FRONT, NOT_APPLICABLE)
    assert reports == []
    assert problems == [
        (
            6,
            LABELS["enforcements"],
            "本站声明行政强制不适用于这份年报（taxonomy.yml 的 not_applicable：无此职权），这里却填了数。",
            "删去 enforcements 这一行；确实适用的，删去 taxonomy.yml 中 行政强制 的声明。",
        ),
        (
            7,
            LABELS["fees_wan"],
            "本站声明行政事业性收费不适用于这份年报（taxonomy.yml 的 not_applicable），这里却填了金额。",
            "删去 fees_wan 这一行，或删去 taxonomy.yml 中的声明。",
        ),
    ]
    # Left out, they are neither required nor without a source: the table prints "/".
    front = [line for line in FRONT if not line.startswith(("enforcements:", "fees_wan:"))]
    (tmp_path / "reports" / "2024.md").unlink()
    (tmp_path / "reports").rmdir()
    reports, problems = read(tmp_path, front, NOT_APPLICABLE)
    assert problems == []
    assert reports[0].enforcements is None and reports[0].fees_wan == 0


def test_every_wrong_field_is_said_once_in_the_order_of_the_fields(tmp_path):
    front = [
        "title: 1",
        "published: 2024-01-01",
        "scope: 无",
        "permits: -1",
        "penalties: x",
        "enforcements: 1.5",
        "fees_wan: -2",
        "budget_wan: x",
        "disclosure_fees_yuan: -1",
        "zz: 1",
    ]
    _, problems = read(tmp_path, front)
    assert [(line, field.split("（")[0]) for line, field, *_ in problems] == [
        (11, "zz"),
        *((n, key) for n, key in enumerate(KEYS, 2)),
    ]


# -- the JSON Schema of the front matter, from the same declaration ---------------------------


def front_matter(text: str) -> dict:
    """A report's front matter as editors' YAML tooling sees it: dates are strings."""
    front = yaml.safe_load(text.split("---\n", 2)[1])
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in front.items()}


def test_the_schema_lists_exactly_the_declared_fields():
    schema = report_schema(REPORT_FIELDS)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert list(schema["properties"]) == list(KEYS)
    assert {k: p["title"] for k, p in schema["properties"].items()} == KEYS
    assert schema["required"] == ["fees_wan"] and schema["additionalProperties"] is False
    types = {k: p["type"] for k, p in schema["properties"].items()}
    assert types == {
        "title": "string",
        "published": "string",
        "scope": "string",
        "permits": "integer",
        "penalties": "integer",
        "enforcements": "integer",
        "fees_wan": "number",
        "budget_wan": "number",
        "disclosure_fees_yuan": "number",
    }


def test_the_sites_schema_names_its_agencies_and_needs_no_figure_it_declares_not_applicable(tmp_path):
    (tmp_path / "taxonomy.yml").write_text(TAXONOMY, encoding="utf-8")
    schema = report_schema(REPORT_FIELDS, load_taxonomy(tmp_path / "taxonomy.yml", Problems()))
    assert schema["properties"]["scope"]["enum"] == ["测试县财政局", "测试县人民政府办公室", "测试县城关镇人民政府"]
    assert schema["required"] == ["fees_wan"]
    for text in (NOT_APPLICABLE, AGENCY_NOT_APPLICABLE):
        (tmp_path / "taxonomy.yml").write_text(text, encoding="utf-8")
        taxonomy = load_taxonomy(tmp_path / "taxonomy.yml", Problems())
        assert taxonomy is not None
        assert report_schema(REPORT_FIELDS, taxonomy)["required"] == []


@pytest.mark.parametrize("case", [c for c in CASES if c not in SCHEMA_CANNOT_SAY])
def test_what_the_reader_refuses_the_sites_schema_refuses_too(tmp_path, case):
    (tmp_path / "taxonomy.yml").write_text(TAXONOMY, encoding="utf-8")
    validator = jsonschema.Draft202012Validator(
        report_schema(REPORT_FIELDS, load_taxonomy(tmp_path / "taxonomy.yml", Problems()))
    )
    good = "---\n" + "".join(line + "\n" for line in FRONT) + "---\n"
    assert not list(validator.iter_errors(front_matter(good)))
    front, _ = CASES[case]
    assert list(validator.iter_errors(front_matter("---\n" + "".join(line + "\n" for line in front) + "---\n")))


def test_the_schema_shipped_in_the_package_is_the_declared_one():
    """gongkai/report.schema.json (package data, for tools without a site) is report_schema() itself:
    regenerate it with `gongkai -f /dev/null schema --report > scripts/gongkai/report.schema.json`."""
    shipped = json.loads(resources.files("gongkai").joinpath("report.schema.json").read_text("utf-8"))
    assert shipped == report_schema(REPORT_FIELDS)


def test_gongkai_schema_report_prints_the_sites_schema_and_the_field_table(site):
    result = site.gongkai("schema", "--report")
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    assert list(schema["properties"]) == list(KEYS)
    assert schema["properties"]["scope"]["enum"] == ["测试县财政局", "测试县人民政府办公室", "测试县城关镇人民政府"]
    table = site.gongkai("schema", "--report", "--markdown")
    assert table.returncode == 0 and table.stdout == fields_markdown(REPORT_FIELDS)
    assert [line.split("`")[1] for line in table.stdout.splitlines()[2:]] == list(KEYS)


def test_the_readme_field_table_is_the_generated_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- report-fields:start -->\n", 1)[1].split("<!-- report-fields:end -->", 1)[0]
    assert block == fields_markdown(REPORT_FIELDS), "run: gongkai schema --report --markdown; paste it into README.md"


def test_a_yaml_mistake_in_a_report_names_its_field(tmp_path):
    _, problems = read(tmp_path, replaced("fees_wan", "fees_wan: [1.25"))
    line, field, message, hint = problems[0]
    assert (line, field) == (7, LABELS["fees_wan"]) and message == "YAML 格式错误：方括号列表没有正确结束", problems

"""The record schema: one tuple of field objects (gongkai.model.fields) from which the validator
(gongkai.model.records), the field docs, the JSON Schema for editors' IDEs and `gongkai new` derive."""

from __future__ import annotations

from gongkai.model.defaults import DOC_TYPES, GENRES, TOPICS, VALIDITIES
from gongkai.model.fields import (
    AgencyChoice,
    Attachments,
    CategoryChoice,
    Choice,
    Date,
    Exemption,
    Field,
    Figure,
    Flag,
    IndexNo,
    Keywords,
    Ref,
    SiteLists,
    Text,
    Title,
    TopicChoice,
)
from gongkai.model.indexno import IndexNoPattern

#: Keys other systems and habits use for our fields: an unknown key among these is told its name.
KEY_ALIASES = {
    "date": "published", "pubdate": "published", "publish_date": "published", "published_date": "published",
    "publish": "published", "created": "written", "tags": "keywords", "keyword": "keywords",
    "author": "agency", "department": "agency", "publisher": "agency", "docno": "doc_no", "number": "doc_no",
    "description": "summary", "abstract": "summary", "attachment": "attachments", "files": "attachments",
    "status": "validity", "valid": "validity",
}  # fmt: skip

#: The body `gongkai new` writes: a record published with it says nothing (gongkai.model.records refuses it).
BODY_PLACEHOLDER = "正文写在这里。"

#: Why personal data may be published (国办《2018年政务公开工作要点》): only these two.
EXEMPT_REASONS = ("惩戒公示", "强制性信息披露")
#: The kinds of personal data, as a clerk names them -> the guard's kind (gongkai.text.pii).
PII_KINDS = {"身份证号": "id_card", "手机号码": "mobile", "银行卡号": "bank_card", "电子邮箱": "email"}
# Choices that come from the site (taxonomy.yml or the plugin options).
AGENCY, CATEGORY, TOPIC, GENRE = "agency", "category", "topic", "genre"

FIELDS: tuple[Field, ...] = (
    Title("title", "标题", "信息的完整标题。", "澄岭县财政局关于2025年县级预算公开的说明", required=True),
    IndexNo(
        "index_no",
        "索引号",
        "唯一不变的标识，按本站索引号格式填写；前段是发布机构代码，中间是发布年份，后段是流水号。"
        "一经发布不再更改，网址由它生成。",
        "czj/2025-00042",
        required=True,
    ),
    AgencyChoice("agency", "发布机构", "taxonomy.yml 中 agencies 的名称。", "澄岭县财政局", required=True),
    CategoryChoice(
        "category",
        "公开目录分类",
        "taxonomy.yml 中 categories 的名称，二级栏目写成“一级/二级”。",
        "财政信息/财政预算",
        required=True,
    ),
    TopicChoice(
        "topic",
        "主题分类",
        "主题分类，写成“一级/二级”；默认使用中国政府网政策库的主题分类。",
        "财政、金融、审计/财政",
    ),
    Date("published", "发布日期", "在本站发布的日期，YYYY-MM-DD。", "2025-03-12", required=True),
    Date("written", "成文日期", "文件的成文（签发）日期，不能晚于发布日期。", "2025-03-05"),
    Text("doc_no", "发文字号", "发文字号，年份用六角括号〔〕。", "澄财发〔2025〕3号"),
    Choice("genre", "文种", "公文种类。", "通知", choices=GENRE),
    Choice(
        "doc_type",
        "文件类型",
        "规章或行政规范性文件（年报要统计）；其他文件不填。",
        "行政规范性文件",
        choices=tuple(DOC_TYPES),
    ),
    Choice(
        "validity",
        "有效性",
        "有效（默认）、失效或废止；失效、废止要同时填 abolished。",
        "有效",
        choices=tuple(VALIDITIES),
        default="有效",
    ),
    Date(
        "abolished",
        "失效日期",
        "失效或废止的日期，YYYY-MM-DD；写以后的日期时，在那天之前网站仍显示有效（每天的构建届时改过来）。",
        "2025-12-31",
    ),
    Ref("superseded_by", "替代文件", "替代本文件的新文件的索引号（须在本站存在）。", "zfb/2025-00003"),
    Keywords("keywords", "关键词", "关键词列表。", ["预算", "三公经费"], default=()),
    Text(
        "summary",
        "内容概述",
        "一两句话的概述；不填时取正文第一段（跳过“各镇人民政府：”这样的主送机关一行）。",
        "公开2025年县级一般公共预算。",
        multiline=True,
        default="",
    ),
    Attachments(
        "attachments",
        "附件",
        "附件列表，每项写 file（相对本文件的路径，须在 records 目录内）和 title（附件名称，不写时用文件名）。",
        [{"file": "files/czj-2025-00042.pdf", "title": "2025年县级预算表"}],
        default=(),
    ),
    Ref("interprets", "解读对象", "政策解读所解读的政策文件的索引号（须在本站存在）。", "zfb/2025-00001"),
    Exemption(
        "pii_exempt",
        "个人信息豁免",
        "经审核确需公开个人信息时写明：reason 为惩戒公示或强制性信息披露，kinds 为豁免的类别"
        "（身份证号、手机号码、银行卡号、电子邮箱）。每次构建都会列出所有豁免。",
        {"reason": "惩戒公示", "kinds": ["身份证号"]},
        reasons=EXEMPT_REASONS,
        kinds=PII_KINDS,
    ),
    Flag("draft", "草稿", "写 true 表示草稿：会检查，但不发布。", True, default=False),
)

FIELD_BY_KEY = {f.key: f for f in FIELDS}
FIELD_BY_LABEL = {f.label: f for f in FIELDS}


def label(key: str) -> str:
    """`published（发布日期）`: how messages name a field."""
    f = FIELD_BY_KEY.get(key)
    return key if f is None else f"{key}（{f.label}）"


def json_schema(taxonomy=None, settings=None) -> dict:
    """A JSON Schema (draft 2020-12) of the front matter, for editors' IDEs.

    With a taxonomy and settings, the site lists become enums and the
    索引号 pattern a regex, so the IDE checks what `gongkai check` checks.
    """
    props = {f.key: f.describe(site_lists(taxonomy, settings)) for f in FIELDS}
    for key in settings.extra_keys if settings else ():
        props[key] = {}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "gongkai 政府信息公开记录",
        "type": "object",
        "properties": props,
        "required": [f.key for f in FIELDS if f.required],
        "additionalProperties": False,
    }


def case_schema(fields: tuple[Field, ...], title: str, taxonomy=None, settings=None) -> dict:
    """A JSON Schema of a ledger file (gongkai.model.ledgers): a list of cases, each of `fields`."""
    site = site_lists(taxonomy, settings)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        "type": "array",
        "items": {
            "type": "object",
            "properties": {f.key: f.describe(site) for f in fields},
            "required": [f.key for f in fields if f.required],
            "additionalProperties": False,
        },
    }


def report_schema(fields: tuple[Field, ...], taxonomy=None, settings=None) -> dict:
    """A JSON Schema of an annual report's front matter (gongkai.model.reports.REPORT_FIELDS). A figure
    the site declares not applicable to a report (taxonomy.yml `not_applicable`, of the site or of an
    agency) is not required: that report leaves it out."""
    declared = set()
    if taxonomy is not None:
        declared = set(taxonomy.not_applicable) | {row for a in taxonomy.agencies for row, _ in a.not_applicable}
    site = site_lists(taxonomy, settings)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "gongkai 政府信息公开工作年度报告",
        "type": "object",
        "properties": {f.key: f.describe(site) for f in fields},
        "required": [f.key for f in fields if f.required and not (isinstance(f, Figure) and f.row in declared)],
        "additionalProperties": False,
    }


def site_lists(taxonomy=None, settings=None) -> SiteLists:
    """The choices of a site (the defaults without one), for schemas and forms."""
    lists: dict[str, list[str]] = {
        GENRE: list(settings.genres) if settings else GENRES,
        TOPIC: _topic_values(taxonomy.topics if taxonomy else TOPICS),
    }
    if taxonomy is not None:
        lists[AGENCY] = [a.name for a in taxonomy.agencies]
        lists[CATEGORY] = [c.path for c in taxonomy.all_categories()]
    regex = IndexNoPattern(settings.index_no_pattern).json_regex if settings is not None else None
    return SiteLists(lists, regex)


def _topic_values(topics: dict[str, list[str]]) -> list[str]:
    out = []
    for top, children in topics.items():
        out.append(top)
        out.extend(f"{top}/{c}" for c in children)
    return out


def example_yaml(value) -> str:
    """A field's example as a clerk writes it after `key: ` (YAML's flow style: a list in [ ], a
    mapping in { }). The attachments' example was printed `file: …, title: …`, which is no YAML."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {example_yaml(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(example_yaml(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def fields_markdown(fields: tuple[Field, ...] = FIELDS) -> str:
    """The field reference as a Markdown table (for the docs and `gongkai schema --markdown`): the record's
    fields, or others declared the same way (an annual report's: `gongkai schema --report --markdown`)."""
    rows = ["| 字段 | 名称 | 必填 | 说明 | 示例 |", "|---|---|---|---|---|"]
    for f in fields:
        ex = example_yaml(f.example)
        choices = ""
        if isinstance(f.choices, tuple):
            choices = "（可选值：" + "、".join(f.choices) + "）"
        rows.append(f"| `{f.key}` | {f.label} | {'是' if f.required else ''} | {f.doc}{choices} | `{ex}` |")
    return "\n".join(rows) + "\n"

"""The record schema: one table that the validator, the field docs and the
JSON Schema for editors' IDEs are all derived from."""

from __future__ import annotations

from dataclasses import dataclass

from .defaults import DOC_TYPES, VALIDITIES

# Kinds of value. The validator has one reader per kind (records.py).
TEXT, DATE, CHOICE, LIST, BOOL, INDEX_NO, REF, ATTACHMENTS, EXEMPTION = (
    "text",
    "date",
    "choice",
    "list",
    "bool",
    "index_no",
    "ref",
    "attachments",
    "exemption",
)
#: Why personal data may be published (国办《2018年政务公开工作要点》): only these two.
EXEMPT_REASONS = ("惩戒公示", "强制性信息披露")
#: The kinds of personal data, as a clerk names them -> the guard's kind (gongkai.pii).
PII_KINDS = {"身份证号": "id_card", "手机号码": "mobile", "银行卡号": "bank_card", "电子邮箱": "email"}
# Choices that come from the site (taxonomy.yml or the plugin options).
AGENCY, CATEGORY, TOPIC, GENRE = "agency", "category", "topic", "genre"


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str
    required: bool
    doc: str
    example: object
    #: Fixed choices, or the name of a site list (AGENCY, CATEGORY, TOPIC, GENRE).
    choices: tuple[str, ...] | str | None = None


FIELDS: tuple[Field, ...] = (
    Field("title", "标题", TEXT, True, "信息的完整标题。", "澄岭县财政局关于2025年县级预算公开的说明"),
    Field(
        "index_no",
        "索引号",
        INDEX_NO,
        True,
        "唯一不变的标识，按本站索引号格式填写；前段是发布机构代码，中间是发布年份，后段是流水号。"
        "一经发布不再更改，网址由它生成。",
        "czj/2025-00042",
    ),
    Field("agency", "发布机构", CHOICE, True, "taxonomy.yml 中 agencies 的名称。", "澄岭县财政局", AGENCY),
    Field(
        "category",
        "公开目录分类",
        CHOICE,
        True,
        "taxonomy.yml 中 categories 的名称，二级栏目写成“一级/二级”。",
        "财政信息/财政预算",
        CATEGORY,
    ),
    Field(
        "topic",
        "主题分类",
        CHOICE,
        False,
        "主题分类，写成“一级/二级”；默认使用中国政府网政策库的主题分类。",
        "财政、金融、审计/财政",
        TOPIC,
    ),
    Field("published", "发布日期", DATE, True, "在本站发布的日期，YYYY-MM-DD。", "2025-03-12"),
    Field("written", "成文日期", DATE, False, "文件的成文（签发）日期，不能晚于发布日期。", "2025-03-05"),
    Field("doc_no", "发文字号", TEXT, False, "发文字号，年份用六角括号〔〕。", "澄财发〔2025〕3号"),
    Field("genre", "文种", CHOICE, False, "公文种类。", "通知", GENRE),
    Field(
        "doc_type",
        "文件类型",
        CHOICE,
        False,
        "规章或行政规范性文件（年报要统计）；其他文件不填。",
        "行政规范性文件",
        tuple(DOC_TYPES),
    ),
    Field(
        "validity",
        "有效性",
        CHOICE,
        False,
        "有效（默认）、失效或废止；失效、废止要同时填 abolished。",
        "有效",
        tuple(VALIDITIES),
    ),
    Field("abolished", "失效日期", DATE, False, "失效或废止的日期，YYYY-MM-DD。", "2025-12-31"),
    Field("superseded_by", "替代文件", REF, False, "替代本文件的新文件的索引号（须在本站存在）。", "zfb/2025-00003"),
    Field("keywords", "关键词", LIST, False, "关键词列表。", ["预算", "三公经费"]),
    Field("summary", "内容概述", TEXT, False, "一两句话的概述；不填时取正文第一段。", "公开2025年县级一般公共预算。"),
    Field(
        "attachments",
        "附件",
        ATTACHMENTS,
        False,
        "附件列表，每项写 file（相对本文件的路径，须在 records 目录内）和 title（附件名称）。",
        [{"file": "files/czj-2025-00042.pdf", "title": "2025年县级预算表"}],
    ),
    Field("interprets", "解读对象", REF, False, "政策解读所解读的政策文件的索引号（须在本站存在）。", "zfb/2025-00001"),
    Field(
        "pii_exempt",
        "个人信息豁免",
        EXEMPTION,
        False,
        "经审核确需公开个人信息时写明：reason 为惩戒公示或强制性信息披露，kinds 为豁免的类别"
        "（身份证号、手机号码、银行卡号、电子邮箱）。每次构建都会列出所有豁免。",
        {"reason": "惩戒公示", "kinds": ["身份证号"]},
    ),
    Field("draft", "草稿", BOOL, False, "写 true 表示草稿：会检查，但不发布。", True),
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
    from .defaults import GENRES, TOPICS

    site_lists: dict[str, list[str]] = {
        GENRE: list(settings.genres) if settings else GENRES,
        TOPIC: _topic_values(taxonomy.topics if taxonomy else TOPICS),
    }
    if taxonomy is not None:
        site_lists[AGENCY] = [a.name for a in taxonomy.agencies]
        site_lists[CATEGORY] = [c.path for c in taxonomy.all_categories()]
    date = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"}
    props: dict[str, dict] = {}
    for f in FIELDS:
        if f.kind == DATE:
            p = dict(date)
        elif f.kind == BOOL:
            p = {"type": "boolean"}
        elif f.kind == LIST:
            p = {"type": "array", "items": {"type": "string", "minLength": 1}}
        elif f.kind == ATTACHMENTS:
            p = {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "minLength": 1}, "title": {"type": "string"}},
                    "required": ["file"],
                    "additionalProperties": False,
                },
            }
        elif f.kind == EXEMPTION:
            p = {
                "type": "object",
                "properties": {
                    "reason": {"type": "string", "enum": list(EXEMPT_REASONS)},
                    "kinds": {
                        "type": "array",
                        "items": {"type": "string", "enum": list(PII_KINDS)},
                        "minItems": 1,
                        "uniqueItems": True,
                    },
                },
                "required": ["reason", "kinds"],
                "additionalProperties": False,
            }
        elif f.kind == CHOICE and isinstance(f.choices, tuple):
            p = {"type": "string", "enum": list(f.choices)}
        elif f.kind == CHOICE and f.choices in site_lists:
            p = {"type": "string", "enum": site_lists[f.choices]}
        else:
            p = {"type": "string", "minLength": 1 if f.required else 0}
        if f.kind == INDEX_NO and settings is not None:
            from .indexno import IndexNoPattern

            p["pattern"] = IndexNoPattern(settings.index_no_pattern).json_regex
        p["title"] = f.label
        p["description"] = f.doc
        p["examples"] = [f.example]
        props[f.key] = p
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


def _topic_values(topics: dict[str, list[str]]) -> list[str]:
    out = []
    for top, children in topics.items():
        out.append(top)
        out.extend(f"{top}/{c}" for c in children)
    return out


def fields_markdown() -> str:
    """The field reference as a Markdown table (for the docs and `gongkai schema --markdown`)."""
    rows = ["| 字段 | 名称 | 必填 | 说明 | 示例 |", "|---|---|---|---|---|"]
    for f in FIELDS:
        ex = f.example
        if isinstance(ex, dict):
            ex = (
                "{"
                + ", ".join(f"{k}: " + (f"[{', '.join(v)}]" if isinstance(v, list) else v) for k, v in ex.items())
                + "}"
            )
        elif isinstance(ex, list) and ex and isinstance(ex[0], dict):
            ex = "; ".join(f"file: {a['file']}, title: {a['title']}" for a in ex)
        elif isinstance(ex, list):
            ex = "[" + ", ".join(ex) + "]"
        elif isinstance(ex, bool):
            ex = "true" if ex else "false"
        choices = ""
        if isinstance(f.choices, tuple):
            choices = "（可选值：" + "、".join(f.choices) + "）"
        rows.append(f"| `{f.key}` | {f.label} | {'是' if f.required else ''} | {f.doc}{choices} | `{ex}` |")
    return "\n".join(rows) + "\n"

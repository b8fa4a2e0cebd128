"""The catalogue as open data: /data/catalog.json, /data/catalog.csv and the JSON Schema of the
first. Metadata of published records only (never drafts, scheduled records or private keys), in
the catalogue's order (newest first), so the same records give the same files."""

from __future__ import annotations

import json

from gongkai.model.records import Record
from gongkai.text import csvfile

#: (key, 中文名, JSON type, description) of each column, in order: the CSV header, the JSON keys
#: and the schema all come from here.
COLUMNS = [
    ("index_no", "索引号", "string", "信息的索引号，全站唯一，也是网址的一部分。"),
    ("title", "标题", "string", "信息的完整标题。"),
    ("agency", "发布机构", "string", "发布机构名称。"),
    ("category", "公开目录分类", "string", "政府信息公开目录的分类（上级/下级）。"),
    ("topic", "主题分类", "string", "主题分类；没有时为空。"),
    ("published", "发布日期", "string", "发布日期，YYYY-MM-DD。"),
    ("written", "成文日期", "string", "成文日期，YYYY-MM-DD；没有时为空。"),
    ("doc_no", "发文字号", "string", "发文字号；没有时为空。"),
    ("validity", "有效性", "string", "有效、失效或废止。"),
    ("url", "网址", "string", "信息页面的网址。"),
    ("attachments", "附件", "array", "附件的标题和网址。"),
]


def rows(records: list[Record], url_of, attachment_urls) -> list[dict]:
    """One dict a record; `url_of(record)` is its page's URL, `attachment_urls(record)` its
    attachments as (title, URL) pairs."""
    out = []
    for r in records:
        out.append(
            {
                "index_no": r.index_no,
                "title": r.title,
                "agency": r.agency.name,
                "category": r.category.path,
                "topic": r.topic or "",
                "published": r.published.isoformat(),
                "written": r.written.isoformat() if r.written else "",
                "doc_no": r.doc_no or "",
                "validity": r.validity,
                "url": url_of(r),
                "attachments": [{"title": t, "url": u} for t, u in attachment_urls(r)],
            }
        )
    return out


def to_json(data: list[dict], site_name: str, schema_url: str) -> str:
    document = {"$schema": schema_url, "site": site_name, "count": len(data), "records": data}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def to_csv(data: list[dict]) -> str:
    """CSV (gongkai.text.csvfile: a title that starts like a formula is made text), a header of the 中文名,
    and the attachments as 标题 网址 pairs, one a line."""
    rows = [[name for _, name, _, _ in COLUMNS]]
    for row in data:
        cells = [row[key] for key, *_ in COLUMNS[:-1]]
        cells.append("\n".join(f"{a['title']} {a['url']}" for a in row["attachments"]))
        rows.append(cells)
    return csvfile.to_csv(rows)


def json_schema(schema_url: str) -> str:
    """The JSON Schema (draft 2020-12) of catalog.json."""
    properties = {}
    for key, name, kind, description in COLUMNS:
        if kind == "array":
            properties[key] = {
                "title": name,
                "description": description,
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"title": {"type": "string"}, "url": {"type": "string"}},
                    "required": ["title", "url"],
                    "additionalProperties": False,
                },
            }
        else:
            properties[key] = {"title": name, "description": description, "type": kind}
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_url,
        "title": "政府信息公开目录（开放数据）",
        "type": "object",
        "required": ["site", "count", "records"],
        "properties": {
            "$schema": {"type": "string"},
            "site": {"type": "string", "description": "网站名称"},
            "count": {"type": "integer", "description": "记录条数"},
            "records": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": properties,
                    "required": [key for key, *_ in COLUMNS],
                    "additionalProperties": False,
                },
            },
        },
        "additionalProperties": False,
    }
    return json.dumps(schema, ensure_ascii=False, indent=1) + "\n"

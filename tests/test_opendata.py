"""gongkai.publish.opendata on the loaded sample, without building: the catalogue's rows, its JSON checked
against its own schema, its CSV read back with Python's csv module."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import jsonschema

from gongkai.publish.opendata import COLUMNS, json_schema, rows, to_csv, to_json

SCHEMA_URL = "https://xxgk.example.gov.cn/data/catalog.schema.json"


def url_of(record) -> str:
    return f"https://xxgk.example.gov.cn/xxgk/{record.index_no}/"


def attachment_urls(record) -> list[tuple[str, str]]:
    return [(a.title, f"{url_of(record)}{a.name}") for a in record.attachments]


def sample_rows(catalog) -> list[dict]:
    return rows(catalog.records, url_of, attachment_urls)


def test_one_row_a_published_record_in_the_catalogues_order(sample_catalog):
    data = sample_rows(sample_catalog)
    assert [row["index_no"] for row in data] == [r.index_no for r in sample_catalog.records]
    drafts = {d.index_no for d in sample_catalog.drafts}
    assert drafts and not drafts & {row["index_no"] for row in data}  # drafts are not in the list at all
    assert all(list(row) == [key for key, *_ in COLUMNS] for row in data)


def test_each_row_says_what_the_record_says(sample_catalog):
    for r, row in zip(sample_catalog.records, sample_rows(sample_catalog), strict=True):
        assert row["title"] == r.title and row["agency"] == r.agency.name
        assert row["category"] == r.category.path and row["validity"] == r.validity
        assert row["published"] == r.published.isoformat()
        assert row["written"] == (r.written.isoformat() if r.written else "")
        assert row["doc_no"] == (r.doc_no or "") and row["topic"] == (r.topic or "")
        assert row["url"] == url_of(r)
        assert row["attachments"] == [{"title": t, "url": u} for t, u in attachment_urls(r)]
    with_files = [row for row in sample_rows(sample_catalog) if row["attachments"]]
    assert len(with_files) >= 3  # the sample has attachments to show


def test_the_json_is_valid_against_its_schema_and_the_schema_refuses_extra_keys(sample_catalog):
    schema = json.loads(json_schema(SCHEMA_URL))
    jsonschema.Draft202012Validator.check_schema(schema)
    document = json.loads(to_json(sample_rows(sample_catalog), "澄岭县政府信息公开", SCHEMA_URL))
    jsonschema.validate(document, schema)
    assert document["$schema"] == SCHEMA_URL and document["site"] == "澄岭县政府信息公开"
    assert document["count"] == len(document["records"]) == len(sample_catalog.records)
    document["records"][0]["private_note"] = "内部"
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(document))
    assert errors and "private_note" in errors[0].message
    titles = {p["title"] for p in schema["properties"]["records"]["items"]["properties"].values()}
    assert titles == {name for _, name, *_ in COLUMNS}


def test_the_csv_has_a_header_in_chinese_and_one_line_a_record(sample_catalog):
    data = sample_rows(sample_catalog)
    text = to_csv(data)
    assert text.startswith("\ufeff") and "\r\n" in text  # Excel's UTF-8, RFC 4180 line ends
    table = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert table[0] == [name for _, name, *_ in COLUMNS]
    assert len(table) == 1 + len(data)
    for line, row in zip(table[1:], data, strict=True):
        assert line[0] == row["index_no"] and line[1] == row["title"]
        assert line[-1] == "\n".join(f"{a['title']} {a['url']}" for a in row["attachments"])


def test_a_title_that_starts_like_a_formula_is_text_in_the_csv_as_written_in_the_json(sample_catalog):
    record = dataclasses.replace(sample_catalog.records[0], title='=HYPERLINK("https://evil.example","点")')
    data = rows([record], url_of, attachment_urls)
    line = list(csv.reader(io.StringIO(to_csv(data).removeprefix("\ufeff"))))[1]
    assert line[1] == "'" + record.title
    assert json.loads(to_json(data, "站", SCHEMA_URL))["records"][0]["title"] == record.title

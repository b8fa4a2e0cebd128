"""The core's one list of files (gongkai.publish.outputs), read without MkDocs building anything."""

from __future__ import annotations

import json

import pytest
from mkdocs.structure.files import File

from conftest import ROOT
from gongkai.portal.catalog import load_catalog
from gongkai.publish.outputs import CSS_URI, navigation, site_outputs, url_of
from gongkai.publish.pages import PageBuilder
from gongkai.publish.statpages import StatPages
from gongkai.siteconfig import read_mkdocs_settings


@pytest.fixture(scope="module")
def sample():
    import datetime as dt

    catalog = load_catalog(ROOT, read_mkdocs_settings(ROOT / "mkdocs.yml"), as_of=dt.date(2026, 12, 1))
    return catalog


def _outputs(catalog, site_url="https://xxgk.example.gov.cn/", has_home=True):
    builder = PageBuilder(catalog, feeds=bool(site_url))
    return builder, site_outputs(builder, StatPages(catalog, builder.urls), "澄岭县政府信息公开", site_url, has_home)


@pytest.mark.parametrize(
    "uri", ["index.md", "xxgk/index.md", "xxgk/czj/2024-00001.md", "guide.md", "a/b/c.md", "xxgk/x/f.pdf", "data/a.csv"]
)
@pytest.mark.parametrize("directory_urls", [True, False])
def test_url_of_is_the_address_mkdocs_gives(uri, directory_urls):
    assert url_of(uri, directory_urls) == File(uri, None, "site", directory_urls).url


def test_every_output_has_its_own_uri_and_one_kind_of_content(sample):
    builder, outputs = _outputs(sample)
    uris = [o.uri for o in outputs]
    assert len(uris) == len(set(uris)) > 100
    assert all((o.text is None) != (o.source is None) for o in outputs)
    files = [o for o in outputs if o.source is not None]
    assert files and all(o.source.is_file() for o in files)  # attachments, copied as they are
    assert CSS_URI in uris
    record_pages = {builder.urls.record(r) for r in sample.records}
    records = [o for o in outputs if o.uri in record_pages]
    assert len(records) == len(sample.records) and not any(o.in_nav for o in records)  # reached by links


def test_feeds_need_the_sites_address_and_the_data_files_name_it(sample):
    _, with_url = _outputs(sample)
    _, without = _outputs(sample, site_url=None)
    feeds = [o.uri for o in with_url if o.uri.endswith(".xml") and "feed" in o.uri]
    assert feeds and not [o for o in without if o.uri in feeds]
    catalog = json.loads(next(o.text for o in with_url if o.uri.endswith("catalog.json")))
    first = json.dumps(catalog, ensure_ascii=False)
    assert "https://xxgk.example.gov.cn/xxgk/" in first


def test_the_home_page_is_written_only_when_the_site_has_none(sample):
    _, own = _outputs(sample, has_home=True)
    _, ours = _outputs(sample, has_home=False)
    assert "index.md" not in {o.uri for o in own} and "index.md" in {o.uri for o in ours}


def test_the_navigation_lists_sections_never_records(sample):
    builder, outputs = _outputs(sample)
    nav = navigation(builder, ["guide.md", "about/contact.md"])

    def leaves(node):
        if isinstance(node, str):
            yield node
        elif isinstance(node, dict):
            for value in node.values():
                yield from leaves(value)
        else:
            for item in node:
                yield from leaves(item)

    in_nav = list(leaves(nav))
    record_pages = {builder.urls.record(r) for r in sample.records}
    assert in_nav[0] == "index.md" and not record_pages & set(in_nav)
    assert "guide.md" in in_nav and {"About": ["about/contact.md"]} in nav
    assert len(in_nav) < 80  # it stays small whatever the number of records


def test_the_ledgers_formats_are_published_and_the_sample_ledgers_follow_them(sample):
    """The ledgers are declared with field objects as the records are: their JSON Schemas are
    published beside the record's (their cases never are), and the sample's ledgers validate."""
    import jsonschema
    import yaml

    _, outputs = _outputs(sample)
    texts = {o.uri: o.text for o in outputs}
    for name, folder in (("request", "requests"), ("appeal", "appeals")):
        schema = json.loads(texts[f"data/{name}.schema.json"])
        jsonschema.Draft202012Validator.check_schema(schema)
        files = sorted((ROOT / "records" / folder).glob("*.yml"))
        assert files
        for path in files:
            cases = yaml.safe_load(path.read_text(encoding="utf-8"))
            cases = json.loads(json.dumps(cases, default=str))  # dates as the strings a clerk writes
            jsonschema.validate(cases, schema)
        assert "examples" not in json.dumps(schema)  # an example case number could be a real one


def test_the_annual_reports_format_is_published_and_the_sample_reports_follow_it(sample):
    """The annual report's front matter is declared with field objects too: its JSON Schema, with the
    site's agencies, is published beside the record's, and the sample's reports validate."""
    import datetime as dt

    import jsonschema
    import yaml

    from gongkai.model.reports import KEYS

    _, outputs = _outputs(sample)
    schema = json.loads({o.uri: o.text for o in outputs}["data/report.schema.json"])
    jsonschema.Draft202012Validator.check_schema(schema)
    assert list(schema["properties"]) == list(KEYS)
    assert "澄岭县财政局" in schema["properties"]["scope"]["enum"]  # this site's taxonomy
    assert "examples" not in json.dumps(schema)
    files = sorted((ROOT / "records" / "reports").glob("*.md"))
    assert files and len(files) == len(sample.reports)
    for path in files:
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])
        front = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in front.items()}
        assert "fees_wan" in front and "published" in front
        jsonschema.validate(front, schema)

"""gongkai.publish.feeds on the loaded sample, without building: the Atom document read back with
ElementTree and feedparser."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

import feedparser

from gongkai.publish.feeds import FEED_SIZE, atom

A = "{http://www.w3.org/2005/Atom}"
FEED = "https://xxgk.example.gov.cn/xxgk/feeds/all.xml"
PAGE = "https://xxgk.example.gov.cn/xxgk/"


def url_of(record) -> str:
    return f"https://xxgk.example.gov.cn/xxgk/{record.index_no}/"


def summary_of(record) -> str:
    return f"{record.title}的概述"


def test_the_newest_records_are_the_entries_in_their_order(sample_catalog):
    records = sample_catalog.records
    assert len(records) > FEED_SIZE  # the sample is long enough to be cut
    root = ET.fromstring(atom("澄岭县：最新信息", FEED, PAGE, records, url_of, summary_of).encode())
    entries = root.findall(f"{A}entry")
    assert len(entries) == FEED_SIZE
    assert [e.findtext(f"{A}id") for e in entries] == [url_of(r) for r in records[:FEED_SIZE]]
    assert root.findtext(f"{A}title") == "澄岭县：最新信息" and root.findtext(f"{A}id") == FEED
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{A}link")}
    assert links == {"self": FEED, "alternate": PAGE}


def test_each_entry_carries_the_records_own_dates_agency_and_category(sample_catalog):
    records = sample_catalog.records
    root = ET.fromstring(atom("t", FEED, PAGE, records, url_of, summary_of).encode())
    newest = max(r.published for r in records[:FEED_SIZE])
    assert root.findtext(f"{A}updated") == f"{newest.isoformat()}T00:00:00+08:00"  # never the time of the build
    for entry, r in zip(root.findall(f"{A}entry"), records, strict=False):
        day = f"{r.published.isoformat()}T00:00:00+08:00"
        assert entry.findtext(f"{A}published") == entry.findtext(f"{A}updated") == day
        assert entry.findtext(f"{A}title") == r.title
        assert entry.find(f"{A}author").findtext(f"{A}name") == r.agency.name
        category = entry.find(f"{A}category")
        assert (category.get("term"), category.get("label")) == (r.category.path, r.category.name)
        assert entry.findtext(f"{A}summary") == summary_of(r)


def test_a_feed_parser_reads_it_without_complaint(sample_catalog):
    parsed = feedparser.parse(atom("澄岭县", FEED, PAGE, sample_catalog.records, url_of, summary_of))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.language == "zh-CN" and len(parsed.entries) == FEED_SIZE
    first = sample_catalog.records[0]
    assert parsed.entries[0].link == url_of(first) and parsed.entries[0].author == first.agency.name


def test_markup_in_a_title_or_summary_is_text(sample_catalog):
    record = dataclasses.replace(sample_catalog.records[0], title='关于<script>alert("x")</script>&的"说明"')
    text = atom("站 & <名>", FEED + "?a=1&b=2", PAGE, [record], url_of, lambda r: "<b>概述</b> & 更多")
    assert "<script>" not in text and "<b>" not in text
    root = ET.fromstring(text.encode())
    assert root.findtext(f"{A}title") == "站 & <名>"
    assert root.findtext(f"{A}id") == FEED + "?a=1&b=2"
    entry = root.find(f"{A}entry")
    assert entry.findtext(f"{A}title") == record.title
    assert entry.findtext(f"{A}summary") == "<b>概述</b> & 更多"


def test_a_character_xml_forbids_in_a_summary_leaves_the_feed_readable(sample_catalog):
    # A body's first paragraph with U+FFFF (or a control) made every feed it is in unreadable.
    record = sample_catalog.records[0]
    text = atom("站", FEED, PAGE, [record], url_of, lambda r: "正文\uffff\ufffe\x01\x0b。")
    entry = ET.fromstring(text.encode()).find(f"{A}entry")
    assert entry.findtext(f"{A}summary") == "正文。"


def test_an_empty_summary_is_left_out_and_an_empty_feed_is_still_valid(sample_catalog):
    root = ET.fromstring(atom("t", FEED, PAGE, sample_catalog.records[:3], url_of, lambda r: "").encode())
    assert [e.find(f"{A}summary") for e in root.findall(f"{A}entry")] == [None, None, None]
    empty = ET.fromstring(atom("t", FEED, PAGE, [], url_of, summary_of).encode())
    assert empty.findall(f"{A}entry") == [] and empty.findtext(f"{A}updated") == "2000-01-01T00:00:00+08:00"


def test_the_same_records_give_the_same_bytes(sample_catalog):
    first = atom("t", FEED, PAGE, sample_catalog.records, url_of, summary_of)
    assert first == atom("t", FEED, PAGE, list(sample_catalog.records), url_of, summary_of)

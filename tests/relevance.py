"""Relevance judgments and measures for the search query set (tests/fixtures/search_queries.yml).

The set annotates, per query, the records that must come first, be among the first ten, or rank
below; precision@10 needs a judgment of every result shown, which is made here by a rule a reader
can check: a record is relevant to a query when one line of what the index holds for it (its
title, summary, a line of its body, its keywords, its category, its agency) holds every word of
the query, or a word that means the same (records/synonyms.yml); an identifier query when the
record carries or cites that 索引号 or 发文字号 (typed any way); and every annotated record is.
An agency's name (the full name's short form too: 县民政局 names 澄岭县民政局) and an everyday word
are judged as a phrase; other queries may have their words (of two characters or more) anywhere in
the line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from gongkai.sitesearch import search
from gongkai.text import bodytext

KNOWN_ITEM = ("title", "identifier")
_PUNCT = re.compile(r"[\W_]+")


def bare(text: str) -> str:
    """Text without spaces and punctuation (NFKC, Latin letters in lower case)."""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text)).lower()


@dataclass(frozen=True)
class Judge:
    """Relevance of the sample's records to queries."""

    lines: dict[str, list[str]]  # 索引号 -> the bare lines of what the index holds for the record
    identifiers: dict[str, str]  # 索引号 -> its own identifiers and its text, normalized
    groups: list[tuple[str, ...]]  # synonym groups, bare

    @classmethod
    def of_sample(cls, records, synonyms, pages=()) -> Judge:
        """`records`: (path, front matter, body) of the sample (test_sample.sample_records); `pages`:
        (its address without slashes, title, Markdown) of the pages the index holds that are no record."""
        lines, identifiers = {}, {}
        for key, title, text in pages:
            texts = [title, *bodytext.read(text).lines]
            lines[key] = [bare(t) for t in texts if t]
            identifiers[key] = "\n".join(search.normalize_identifier(t) for t in texts)
        for _, front, body in records:
            if front.get("draft"):
                continue
            agency = front["agency"]
            texts = [front["title"], front.get("summary") or "", *bodytext.read(body).lines]
            texts += ["、".join(front.get("keywords") or []), front["category"], agency, agency.removeprefix("澄岭县")]
            lines[front["index_no"]] = [bare(t) for t in texts if t]
            own = [front["index_no"], front.get("doc_no") or ""]
            identifiers[front["index_no"]] = "\n".join(search.normalize_identifier(t) for t in [*own, *texts])
        groups = [tuple(bare(w) for w in group) for group in synonyms.groups]
        return cls(lines, identifiers, groups)

    def _alternatives(self, word: str) -> set[str]:
        for group in self.groups:
            if word in group:
                return set(group)
        return {word}

    def relevant(self, item: dict, index_no: str) -> bool:
        if index_no in annotated(item):
            return True
        query = item["q"]
        if item["kind"] == "identifier":
            return search.normalize_identifier(query) in self.identifiers[index_no]
        phrase = self._alternatives(bare(query))
        if item["kind"] == "agency":  # named by its short form too: 县民政局 names 澄岭县民政局
            phrase |= {p.removeprefix("澄岭县") for p in phrase}
        # Otherwise the words of the query in one line, in any order; single characters (年, 的) say
        # too little to count. An agency's name and a word with synonyms are judged as a phrase
        # (卫生健康局 is not 卫生健康支出 and 局).
        words = [w for w in (bare(w) for w in search.words(query).split()) if len(w) > 1]
        as_words = item["kind"] not in ("agency", "everyday") and len(phrase) == 1 and len(words) > 1
        alternatives = [self._alternatives(w) for w in words] if as_words else []
        for line in self.lines[index_no]:
            if any(p in line for p in phrase):
                return True
            if alternatives and all(any(a in line for a in alts) for alts in alternatives):
                return True
        return False


def annotated(item: dict) -> set[str]:
    return {*([item["first"]] if item.get("first") else []), *item.get("expect", [])}


@dataclass
class Measures:
    """The measures of one run of the query set; `found` maps each query to the 索引号 of the first
    ten results the page showed."""

    recall_hits: int = 0
    recall_total: int = 0
    reciprocal_ranks: list[float] | None = None
    identifier_first: list[bool] | None = None
    precision: list[float] | None = None
    missed: list[str] | None = None
    misordered: list[str] | None = None
    not_first: list[str] | None = None

    @property
    def recall(self) -> float:
        return self.recall_hits / self.recall_total

    @property
    def mrr(self) -> float:
        return sum(self.reciprocal_ranks) / len(self.reciprocal_ranks)

    @property
    def precision_at_1(self) -> float:
        return sum(self.identifier_first) / len(self.identifier_first)

    @property
    def precision_at_10(self) -> float:
        return sum(self.precision) / len(self.precision)


def measure(queries: list[dict], found: dict[str, list[str]], judge: Judge) -> Measures:
    """Recall@10 of the annotated records, MRR of the known-item queries (the rank of `first`, or
    of the first `expect` when none is named), precision@1 of the identifier queries, mean
    precision@10 (the share of the results shown among the first ten that are relevant), and
    the `below` records shown above what they must follow."""
    m = Measures(reciprocal_ranks=[], identifier_first=[], precision=[], missed=[], misordered=[], not_first=[])
    for item in queries:
        q, top = item["q"], found[item["q"]]
        for index_no in sorted(annotated(item)):
            m.recall_total += 1
            if index_no in top:
                m.recall_hits += 1
            else:
                m.missed.append(f"{q} → {index_no}（前十：{top}）")
        if item["kind"] in KNOWN_ITEM:
            targets = [item["first"]] if item.get("first") else item["expect"]
            rank = next((i + 1 for i, x in enumerate(top) if x in targets), None)
            m.reciprocal_ranks.append(1 / rank if rank else 0.0)
        if item["kind"] == "identifier":
            m.identifier_first.append(top[:1] == [item["first"]])
        if item.get("first") and top[:1] != [item["first"]]:
            m.not_first.append(f"{q}: 第一条应为 {item['first']}（前十：{top}）")
        above = [item["first"]] if item.get("first") else item.get("expect", [])
        for low in item.get("below", []):
            if low in top and any(x not in top or top.index(x) > top.index(low) for x in above):
                m.misordered.append(f"{q}: {low} 应排在 {above} 之后（前十：{top}）")
        m.precision.append(sum(judge.relevant(item, x) for x in top) / len(top) if top else 0.0)
    return m

"""Accuracy of `gongkai.text.pii` on the labelled corpus: precision and recall per kind.

Run from the repository root:

    .venv/bin/python benchmarks/pii_accuracy.py [--corpus PATH] [--misses] [--speed]

The corpus (tests/fixtures/pii_corpus.tsv) has one string a line with what should be found in
it: category<TAB>expected<TAB>text, expected being `-` or `kind=value` items joined by ` | ` (escapes:
\\n, \\t, \\\\ and \\uXXXX, for the invisible characters of the evasion cases).
Every line is scanned with all kinds (e-mail included) and the corpus' `# allow_emails:` list.
A hit counts as a true positive when its kind and exact text are expected on that line.

--misses lists the lines whose hits differ from the expectation; --speed also times a typical
2 KB record and a 10 MB text (figures only, nothing asserted).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from gongkai.text import pii  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "pii_corpus.tsv"


@dataclass(frozen=True)
class Case:
    lineno: int
    category: str
    expected: tuple[tuple[str, str], ...]  # (kind, value)
    text: str


def _unescape(s: str) -> str:
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and s[i + 1 : i + 2] == "u":
            out.append(chr(int(s[i + 2 : i + 6], 16)))
            i += 6
        elif s[i] == "\\" and i + 1 < len(s):
            out.append({"n": "\n", "t": "\t", "\\": "\\"}[s[i + 1]])
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def load(path: Path = CORPUS) -> tuple[list[Case], tuple[str, ...]]:
    """The corpus cases and its e-mail allow list."""
    cases, allow = [], ()
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("#"):
            key, _, value = line[1:].partition(":")
            if key.strip() == "allow_emails":
                allow = tuple(value.split())
            continue
        if not line.strip():
            continue
        category, expected, text = line.split("\t")
        items = []
        if expected != "-":
            for item in expected.split(" | "):
                kind, _, value = item.partition("=")
                if kind not in pii.KINDS:
                    raise ValueError(f"{path.name}:{lineno}: unknown kind {kind!r}")
                items.append((kind, _unescape(value)))
        cases.append(Case(lineno, category, tuple(items), _unescape(text)))
    return cases, allow


def scan(case: Case, allow: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((h.kind, h.text) for h in pii.find(case.text, kinds=pii.KINDS, allow_emails=allow))


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def evaluate(cases: list[Case], allow: tuple[str, ...]) -> tuple[dict[str, Score], list[tuple[Case, tuple]]]:
    """Scores per kind plus "all", and the cases whose hits differ from the expectation."""
    scores = {kind: Score() for kind in (*pii.KINDS, "all")}
    misses = []
    for case in cases:
        found = Counter(scan(case, allow))
        expected = Counter(case.expected)
        for key in found | expected:
            tp = min(found[key], expected[key])
            for name in (key[0], "all"):
                scores[name].tp += tp
                scores[name].fp += found[key] - tp
                scores[name].fn += expected[key] - tp
        if found != expected:
            misses.append((case, tuple(found.elements())))
    return scores, misses


def table(cases: list[Case], scores: dict[str, Score]) -> str:
    with_hits = sum(1 for c in cases if c.expected)
    rows = [
        f"corpus: {len(cases)} strings ({with_hits} with personal data, {len(cases) - with_hits} without)",
        f"{'kind':<10} {'label':<8} {'expected':>8} {'TP':>5} {'FP':>4} {'FN':>4} {'precision':>9} {'recall':>7}",
    ]
    for kind, s in scores.items():
        label = pii.LABELS.get(kind, "合计")
        label += " " * (8 - 2 * len(label))  # CJK characters are two columns wide
        rows.append(
            f"{kind:<10} {label} {s.tp + s.fn:>8} {s.tp:>5} {s.fp:>4} {s.fn:>4} {s.precision:>9.4f} {s.recall:>7.4f}"
        )
    return "\n".join(rows)


def speed() -> str:
    record = (
        "# 关于某某镇2024年低保对象的公示\n\n索引号：11370900004341590P/2024-00001，发文字号：澄政发〔2024〕3号。\n"
        + "经审核，以下人员符合条件，公示期7天。金额12,345,678.00元，联系电话0571-88888888。\n" * 20
        + "| 1 | 张三 | 110105********1234 | 138****1234 | 某某村 |\n" * 10
    )
    record = (record * 2)[:2048]
    n = 2000
    t0 = time.perf_counter()
    for _ in range(n):
        pii.find(record)
    per_record = (time.perf_counter() - t0) / n * 1000
    big = record * (10 * 1024 * 1024 // len(record))
    t0 = time.perf_counter()
    pii.find(big, kinds=pii.KINDS)
    big_s = time.perf_counter() - t0
    nasty = "1" * 3_000_000 + " 1" * 1_000_000 + "a" * 2_000_000 + "@" + "a." * 1_000_000
    t0 = time.perf_counter()
    pii.find(nasty, kinds=pii.KINDS)
    nasty_s = time.perf_counter() - t0
    return (
        f"speed: 2 KB record {per_record:.3f} ms; {len(big) / 1e6:.1f} M chars {big_s:.2f} s; "
        f"{len(nasty) / 1e6:.1f} M chars of long runs {nasty_s:.2f} s"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--misses", action="store_true", help="list the lines with wrong hits")
    parser.add_argument("--speed", action="store_true", help="also time a 2 KB record and a 10 MB text")
    args = parser.parse_args(argv)
    cases, allow = load(args.corpus)
    scores, misses = evaluate(cases, allow)
    print(table(cases, scores))
    if args.misses:
        for case, found in misses:
            print(f"{args.corpus.name}:{case.lineno} [{case.category}] {case.text!r}")
            print(f"    expected {list(case.expected)}\n    found    {list(found)}")
    if args.speed:
        print(speed())
    return 0


if __name__ == "__main__":
    sys.exit(main())

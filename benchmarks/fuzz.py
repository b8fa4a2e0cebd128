"""Fuzz the record loader: bad input must give a record or Chinese errors, never a crash or a hang.

Run from the repository root:

    .venv/bin/python benchmarks/fuzz.py [N] [--seed S] [--out DIR] [--timeout SECONDS]
    .venv/bin/python benchmarks/fuzz.py --site N   # N batches of hostile records built into sites

N (default 20000) cases are made, reproducibly from the seed: random bytes, and mutations of the
sample records under records/ (byte flips, truncations, insertions of YAML's special characters
and of known attacks such as anchors/aliases, tags, deep nesting; lines duplicated, dropped,
re-indented; values replaced by random typed values; the whole file re-encoded as GBK, GB18030,
UTF-16, UTF-32, with CR or mixed line endings). Each case is written as the only record of a
temporary site (next to the sample's files/ and taxonomy.yml, so that near-valid records pass)
and loaded in-process with `gongkai.portal.catalog.load_catalog`.

A case is accepted (a catalog), rejected (`InputError`, the normal answer to bad input) or a
crash: any other exception, or no answer within --timeout seconds. Each crash's input is saved
to DIR (default fuzz-crashes/) with its traceback. The run prints the number of cases, accepted
and rejected, the slowest case and its mutation, and the crashes; it exits 1 if there was one.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

from gongkai.model.records import record_files
from gongkai.model.schema import FIELDS
from gongkai.model.settings import Settings
from gongkai.portal.catalog import load_catalog
from gongkai.text.problems import InputError

REPO = Path(__file__).resolve().parent.parent
RECORDS = REPO / "records"

#: Snippets that mean something to YAML, to Markdown or to the loader.
# fmt: off
SPECIAL = [
    ': ', ':', '- ', '-', '[', ']', '{', '}', ',', '&a ', '*a', '&', '*', '!', '!!', '!foo ', '!!binary ',
    "!!python/object/apply:os.system ['echo x'] ", '!!set ', '!!timestamp ', '|', '|-', '>', '? ', '#', ' #', "'",
    '"', '\\', '"\\0"', '"\\x07"', '"\\u2028"', '"\\ud800"', '\t', '\r', '\r\n', '\n', '\x00', '\x07', '\x1b',
    '\x7f', '\x85', '\u2028', '\u2029', '\ufeff', '\ufffd', '\uffff', '%YAML 1.1\n', '%TAG ! tag:x,2000:\n', '---\n',
    '--- ', '...\n', '<<: ', '<<: *a\n', '~', 'null', 'yes', 'no', 'on', 'off', 'true', '.inf', '-.inf', '.nan',
    '0x1F', '0o17', '017', '0b101', '1_000', '2024:01:26', '1e400', "9" * 5000, '-0', '=', '@', '`', '%', '：', '，',
    '\u3000', '——', '𠀀', '😀', '\u200b', '\u202e', '[[[[[[[[[[', ']]]]]]]]', '{{{{{{{{', '\n  ', '\n    - ', '\n\t',
    '](../../x.md)', '](files/x.pdf)', '](/etc/passwd)', '](\x00)', '<script>', '{file: files/x.pdf, title: t}',
    '{file: ../../../../etc/passwd}', "{file: " + "a" * 300 + "}", "[" * 30 + "]" * 30, "[" * 2000,
    "{a: " * 25 + "}" * 25,
]
# fmt: on
BOMB = (
    "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ntitle: *h\n"
)
KEYS = [f.key for f in FIELDS] + ["标题", "titel", "1", "null", "yes", "<<", "", "a b", "title "]
ENCODINGS = ["gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig", "big5", "latin-1"]


class Timeout(Exception):
    """A case that got no answer in time (raised by the alarm)."""


def _on_alarm(signum, frame):
    raise Timeout()


# -- cases ----------------------------------------------------------------------------------


def samples() -> list[tuple[str, bytes]]:
    """(folder under records/, content) of every sample record."""
    return [(p.parent.relative_to(RECORDS).as_posix(), p.read_bytes()) for p in record_files(RECORDS)]


def random_value(rng: random.Random, depth: int = 0) -> str:
    """A YAML value of any kind, as text."""
    kind = rng.randrange(10 if depth < 3 else 6)
    if kind == 0:
        return str(rng.choice([0, 1, -1, 20240126, 2024, 10**30, rng.randrange(-(10**9), 10**9)]))
    if kind == 1:
        return rng.choice(["2024-01-26", "2024-02-30", "2024/3/5", "2024年3月5日", '"2024-01-26"', "0000-00-00"])
    if kind == 2:
        return rng.choice(["true", "false", "yes", "~", "null", "", ".inf", ".nan", "1.5", "1e5", "-0.0"])
    if kind == 3:
        return rng.choice(SPECIAL)
    if kind == 4:
        return "".join(chr(rng.choice([rng.randrange(32, 127), rng.randrange(0x4E00, 0x9FFF)])) for _ in range(8))
    if kind == 5:
        return '"' + "".join(chr(rng.randrange(1, 0x3000)) for _ in range(rng.randrange(12))).replace('"', "") + '"'
    if kind in (6, 7):
        return "[" + ", ".join(random_value(rng, depth + 1) for _ in range(rng.randrange(4))) + "]"
    return "{" + ", ".join(f"{rng.choice(KEYS)}: {random_value(rng, depth + 1)}" for _ in range(rng.randrange(4))) + "}"


def mutate(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    """(name of the mutation, mutated content)."""
    kind = rng.choices(
        ["flip", "truncate", "insert", "lines", "value", "encoding", "endings", "structured", "random", "attack"],
        weights=[12, 6, 20, 12, 14, 6, 4, 12, 8, 6],
    )[0]
    if kind == "flip":
        out = bytearray(data)
        for _ in range(rng.randrange(1, 12)):
            if out:
                out[rng.randrange(len(out))] = rng.randrange(256)
        return kind, bytes(out)
    if kind == "truncate":
        return kind, data[: rng.randrange(len(data) + 1)]
    if kind == "insert":
        text = data.decode("utf-8", "surrogateescape")
        for _ in range(rng.randrange(1, 6)):
            at = rng.randrange(min(len(text), 600) + 1)  # mostly in or near the front matter
            text = text[:at] + rng.choice(SPECIAL) + text[at:]
        return kind, text.encode("utf-8", "surrogateescape")
    lines = data.decode("utf-8", "surrogateescape").split("\n")
    front_end = next((i for i in range(1, len(lines)) if lines[i] == "---"), len(lines) - 1)
    if kind == "lines":
        for _ in range(rng.randrange(1, 4)):
            i = rng.randrange(max(front_end, 1))
            op = rng.randrange(5)
            if op == 0:
                lines.insert(i, lines[i])
            elif op == 1 and len(lines) > 1:
                del lines[i]
            elif op == 2:
                lines[i] = rng.choice([" ", "  ", "\t", "    - "]) + lines[i]
            elif op == 3:
                j = rng.randrange(len(lines))
                lines[i], lines[j] = lines[j], lines[i]
            else:
                lines[i] = lines[i].replace(": ", rng.choice(["：", ":", " : ", ":: ", ": : "]), 1)
        return kind, "\n".join(lines).encode("utf-8", "surrogateescape")
    if kind == "value":
        for _ in range(rng.randrange(1, 4)):
            i = rng.randrange(1, max(front_end, 2))
            if i < len(lines) and ":" in lines[i]:
                lines[i] = lines[i].split(":", 1)[0] + ": " + random_value(rng)
        return kind, "\n".join(lines).encode("utf-8", "surrogateescape")
    if kind == "encoding":
        text = data.decode("utf-8", "replace")
        encoding = rng.choice(ENCODINGS)
        return f"{kind}:{encoding}", text.encode(encoding, "replace")
    if kind == "endings":
        pieces = data.split(b"\n")
        return kind, b"".join(p + rng.choice([b"\n", b"\r\n", b"\r", b"\n\r"]) for p in pieces)
    if kind == "structured":
        fields = [f"{rng.choice(KEYS)}: {random_value(rng)}" for _ in range(rng.randrange(1, 12))]
        return kind, ("---\n" + "\n".join(fields) + "\n---\n正文\n").encode("utf-8", "surrogateescape")
    if kind == "random":
        size = rng.choice([1, 4, 16, 64, 512, 4096])
        raw = bytes(rng.randrange(256) for _ in range(rng.randrange(size + 1)))
        return kind, (b"---\n" + raw + b"\n---\n") if rng.random() < 0.5 else raw
    attack = rng.choice(["bomb", "deep", "wide", "long-line", "big-front", "many-keys", "nul"])
    front = lines[1:front_end]
    if attack == "bomb":
        front = BOMB.split("\n") + front
    elif attack == "deep":
        n = rng.choice([21, 100, 999, 1001, 10000])
        front.append("keywords: " + "[" * n + ("]" * n if rng.random() < 0.5 else ""))
    elif attack == "wide":
        front.append("keywords: [" + ", ".join("词" for _ in range(rng.choice([1000, 50000]))) + "]")
    elif attack == "long-line":
        front.append("summary: " + "长" * rng.choice([10_000, 200_000, 400_000]))
    elif attack == "big-front":
        front += [f"# 注释 {i}" + "x" * 100 for i in range(11_000)]
    elif attack == "many-keys":
        front += [f"k{i}: {i}" for i in range(rng.choice([100, 5000]))]
    else:
        front.insert(rng.randrange(len(front) + 1), "summary: a\x00b")
    text = "\n".join(["---", *front, *lines[front_end:]])
    return f"attack:{attack}", text.encode("utf-8", "surrogateescape")


# -- running ----------------------------------------------------------------------------------


def make_site(base: Path) -> None:
    """A site with the sample taxonomy and every files/ folder of the samples, and no record."""
    records = base / "records"
    records.mkdir(parents=True)
    shutil.copy(RECORDS / "taxonomy.yml", records / "taxonomy.yml")
    for files in RECORDS.rglob("files"):
        if files.is_dir():
            shutil.copytree(files, records / files.relative_to(RECORDS))


def run_case(base: Path, folder: str, data: bytes, timeout: float) -> tuple[str, float, str]:
    """(outcome, seconds, traceback): outcome is accepted, rejected or the crash's exception name."""
    path = base / "records" / folder / "case.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    start = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        try:
            catalog = load_catalog(base, Settings())
            catalog.problems.report()
            outcome, trace = "accepted", ""
        except InputError as exc:
            exc.problems.report()
            outcome, trace = "rejected", ""
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except Exception as exc:  # the point of the exercise: report it, go on
        outcome, trace = type(exc).__name__, traceback.format_exc()
    seconds = time.perf_counter() - start
    path.unlink()
    return outcome, seconds, trace


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=20000, help="number of cases (default 20000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", default="fuzz-crashes", help="folder for crashing inputs (default fuzz-crashes/)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds before a case counts as a hang")
    parser.add_argument(
        "--site",
        type=int,
        metavar="N",
        help="instead: N batches of hostile records built into sites (tests/test_fuzz_site.py)",
    )
    args = parser.parse_args(argv)
    if args.site:
        # Each batch is a whole `mkdocs build`: the property test, run with more examples, prints its statistics.
        env = {**os.environ, "GONGKAI_FUZZ_SITE_EXAMPLES": str(args.site)}
        test = REPO / "tests" / "test_fuzz_site.py"
        command = [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            str(test),
            "--hypothesis-show-statistics",
            "-p",
            "no:cacheprovider",
        ]
        return subprocess.run(command, cwd=REPO, env=env).returncode
    rng = random.Random(args.seed)
    seeds = samples()
    signal.signal(signal.SIGALRM, _on_alarm)
    outcomes: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    slowest: list[tuple[float, str, int]] = []
    crashes: list[tuple[int, str, str, Path]] = []
    out = Path(args.out)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="gongkai-fuzz-") as tmp:
        base = Path(tmp)
        make_site(base)
        for i in range(args.n):
            folder, data = rng.choice(seeds)
            kind, data = mutate(rng, data)
            by_kind[kind.split(":")[0]] += 1
            outcome, seconds, trace = run_case(base, folder, data, args.timeout)
            outcomes[outcome if outcome in ("accepted", "rejected") else "crash"] += 1
            slowest = sorted([*slowest, (seconds, kind, i)], reverse=True)[:5]
            if outcome not in ("accepted", "rejected"):
                out.mkdir(parents=True, exist_ok=True)
                saved = out / f"case-{i:06d}.md"
                saved.write_bytes(data)
                saved.with_suffix(".txt").write_text(f"mutation: {kind}\nfolder: {folder}\n\n{trace}", "utf-8")
                crashes.append((i, kind, outcome, saved))
    total = time.perf_counter() - started
    print(f"cases: {args.n} (seed {args.seed}) in {total:.1f} s")
    print(f"accepted: {outcomes['accepted']}  rejected: {outcomes['rejected']}  crashes: {len(crashes)}")
    print("mutations: " + ", ".join(f"{k} {v}" for k, v in sorted(by_kind.items())))
    print("slowest: " + "; ".join(f"{s:.3f} s ({kind}, case {i})" for s, kind, i in slowest))
    for i, kind, name, saved in crashes[:20]:
        print(f"CRASH case {i} ({kind}): {name}, input saved to {saved}")
    if len(crashes) > 20:
        print(f"... and {len(crashes) - 20} more in {out}/")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())

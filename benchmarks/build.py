"""Build benchmark: how `gongkai check` and `mkdocs build` scale with the number of records.

Run from the repository root:

    .venv/bin/python benchmarks/build.py [N] [--seed S] [--search pagefind|material|off] [--compare-search]
                                         [--incremental [--next-day]] [--part-size P] [--keep]

N (default 10000) synthetic records (~2 KB of Chinese Markdown each, reproducible from the
seed) are written with the repository's records/taxonomy.yml into a temporary site, with N/10
synthetic 依申请公开 requests, the sample's appeal ledger and its 2024 annual report; the site is
deleted afterwards unless --keep is given. The script then measures:

- `gongkai check`: wall time and peak RSS of the command run as a subprocess in the site, without
  the records' cache (GONGKAI_CACHE=off), filling it, and from it (nothing changed in between: a
  clerk's second check), which must say the same;
- `mkdocs build`, run in-process in a fresh Python subprocess (config load + build): wall
  time, the gongkai plugin's own time (`config.plugins["gongkai"].seconds`) and its share,
  and peak RSS;
- the built site: HTML pages, files, size.

Each measurement runs in its own child process, reaped with os.wait4, so each peak RSS is
that process's own. Targets are printed at the sizes the issues set them for (TARGETS), other
sizes print figures only: at N=10000 check <= 5 s and the build process's peak RSS <= 1 GB (the
first performance issue); at N=10000 and N=50000, with --compare-search, the build with our search
<= 0.5 x the build with Material's (which segments Chinese only with jieba: `pip install -e
'.[bench]'`, as `make bench` does); at N=50000 check <= 10 s and the site <= 1 GB (issue 20). The
plugin's share of the build is printed without its old target (<= 10 %): since its search and leak
scan run in other processes the plugin's time mostly counts the wait for them. Issue 20's limit on
all processes' memory is measured by `benchmarks/search.py N --browser`.

--incremental measures a merge that changes one record, as CI builds it with the cache kept from
the previous run (`build_cache`): a full build with an empty cache (which fills it), one record's
body changed, a build with that cache; both times and their ratio (at N=10000: <= 20 %), and whether
that site is byte for byte the site of a full build of the same input without the cache (built
third, GONGKAI_CACHE=off). With --next-day the rebuild and the third build are as of the day after
the first (GONGKAI_AS_OF), as CI builds a merge made on another day than the last.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib.util
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from gongkai.model.defaults import TOPICS
from gongkai.publish.buildcache import code_digest

REPO = Path(__file__).resolve().parent.parent
TAXONOMY = REPO / "records" / "taxonomy.yml"
# What the issues asked, at the number of records each asked it for.
TARGETS: dict[int, dict[str, float]] = {
    10_000: {"check_s": 5.0, "rss_mb": 1024.0, "ratio": 0.5, "incremental": 0.20},
    50_000: {"check_s": 10.0, "ratio": 0.5, "site_mb": 1024.0},
}

# -- synthetic records --------------------------------------------------------------------

SUBJECTS = [
    "农村人居环境整治",
    "城乡最低生活保障",
    "义务教育学校建设",
    "老旧小区改造",
    "高标准农田建设",
    "食品安全监督抽检",
    "基层医疗卫生服务",
    "就业创业补贴",
    "政务服务便民",
    "安全生产专项整治",
    "防汛抗旱",
    "城区道路提升改造",
    "中小企业融资服务",
    "耕地保护",
    "养老服务体系建设",
    "农村供水保障",
]
TOWNS = ["城关镇", "石门乡", "青山镇", "东岗村", "南塘村", "柳溪村", "白沙村"]
HEADINGS = ["一、总体要求", "二、主要内容", "三、工作措施", "四、保障措施", "五、其他事项"]
PARAGRAPHS = [
    "为深入贯彻落实上级关于{s}工作的决策部署，进一步提升我县{s}工作水平，切实维护人民群众合法权益，"
    "结合我县实际，{a}研究制定了本文件。各单位要充分认识做好这项工作的重要意义，把思想和行动统一到决策部署上来。",
    "截至{y}年{m}月底，全县累计完成{s}项目{n}个，完成投资{money}万元，占年度计划的{pct}%。其中，城关镇完成{n2}个，"
    "青山镇完成{n3}个，石门乡完成{n4}个，项目建设总体进展顺利，群众满意度进一步提高。",
    "各乡镇人民政府、县直各有关单位要高度重视，明确分管领导和具体工作人员，建立工作台账，细化时间表和路线图，"
    "确保各项任务按时保质完成。对工作中遇到的新情况、新问题，要及时研究解决，重大事项及时向县人民政府报告。",
    "项目资金由县财政统筹安排，实行专款专用、专账核算，严禁截留、挤占、挪用。县财政局、县审计局要加强资金监管，"
    "定期开展绩效评价，评价结果作为下一年度资金安排的重要依据。",
    "县{a2}要会同有关部门加强日常监督检查，采取“四不两直”方式开展抽查，对发现的问题建立清单、限期整改。"
    "对工作推进不力、弄虚作假的单位和个人，依规依纪严肃追究责任。",
    "坚持以人民为中心的发展思想，聚焦群众急难愁盼问题，推动{s}工作向基层延伸、向农村覆盖，"
    "着力补齐短板弱项，让改革发展成果更多更公平惠及全县人民。",
    "各地要通过政府网站、政务新媒体、村务公开栏等渠道，采取群众喜闻乐见的方式，广泛宣传{s}的政策措施和办理流程，"
    "提高政策知晓率，营造全社会共同关心、支持和参与的良好氛围。",
    "本文件自{date}起施行，有效期{years}年。此前有关规定与本文件不一致的，以本文件为准。"
    "执行中遇到的问题，请及时向{a}反映。联系电话：0000-{phone}。",
]


def load_taxonomy() -> tuple[list[dict], list[str]]:
    """Agencies and category paths (`一级` or `一级/二级`, leaves only) of the repo's taxonomy."""
    tax = yaml.safe_load(TAXONOMY.read_text(encoding="utf-8"))
    categories = []
    for c in tax["categories"]:
        children = c.get("children") or []
        categories += [f"{c['name']}/{ch['name']}" for ch in children] or [c["name"]]
    return tax["agencies"], categories


def title_of(rnd: random.Random, agency: str, category: str, subject: str, year: int) -> tuple[str, str]:
    """A title and its 文种 for a record of `category`."""
    leaf = category.split("/")[-1]
    if leaf == "行政规范性文件":
        return f"{agency}关于印发《澄岭县{subject}管理办法》的通知", "通知"
    if leaf == "政策解读":
        return f"《澄岭县{subject}管理办法》政策解读", "其他"
    if category.startswith("财政信息"):
        return f"{agency}{year}年度{leaf}公开说明", "其他"
    if leaf == "政府采购":
        return f"澄岭县{year}年{subject}项目采购中标结果公告", "公告"
    if leaf in ("行政许可", "行政处罚"):
        return f"{agency}{leaf}信息公示（{year}年第{rnd.randint(1, 40)}期）", "公示"
    genre = rnd.choice(["通知", "意见", "方案", "通报", "报告"])
    verb = {"通知": "关于做好", "意见": "关于加强", "方案": "关于印发", "通报": "关于", "报告": "关于"}[genre]
    return f"{agency}{verb}{year}年{subject}工作的{genre}", genre


def body_of(rnd: random.Random, agency: str, subject: str, year: int, published: dt.date) -> str:
    fill = {
        "s": subject,
        "a": agency,
        "a2": rnd.choice(["市场监督管理局", "财政局", "民政局", "住房和城乡建设局"]),
        "y": year,
        "m": rnd.randint(1, published.month),
        "n": rnd.randint(10, 200),
        "n2": rnd.randint(1, 30),
        "n3": rnd.randint(1, 30),
        "n4": rnd.randint(1, 30),
        "money": rnd.randint(100, 90000),
        "pct": rnd.randint(40, 120),
        "date": f"{published.year}年{published.month}月{published.day}日",
        "years": rnd.randint(2, 5),
        "phone": rnd.randint(1000000, 9999999),
    }
    parts = [rnd.choice(PARAGRAPHS[:2]).format(**fill)]
    sections = rnd.randint(3, 5)
    for heading, paragraph in zip(HEADINGS[:sections], rnd.sample(PARAGRAPHS[2:7], sections), strict=True):
        parts += [f"## {heading}", paragraph.format(**fill)]
    if rnd.random() < 0.3:
        rows = ["| 乡镇（村） | 计划数 | 完成数 | 完成率（%） |", "|---|---|---|---|"]
        for town in rnd.sample(TOWNS, rnd.randint(3, 6)):
            plan = rnd.randint(5, 60)
            done = rnd.randint(plan // 2, plan)
            rows.append(f"| {town} | {plan} | {done} | {100 * done / plan:.1f} |")
        parts.append("\n".join(rows))
    parts.append(PARAGRAPHS[7].format(**fill))
    return "\n\n".join(parts) + "\n"


def make_records(n: int, seed: int) -> list[dict]:
    """N records' front matter and body, with serials, supersessions and interpretations."""
    rnd = random.Random(seed)
    agencies, categories = load_taxonomy()
    topics = [f"{top}/{c}" for top, children in TOPICS.items() for c in children] + ["其他"]
    recs = []
    doc_nos: set[str] = set()
    for _ in range(n):
        agency = rnd.choice(agencies)
        category = rnd.choice(categories)
        year = rnd.choice([2023, 2024, 2025])
        published = dt.date(year, 1, 1) + dt.timedelta(days=rnd.randrange(365))
        subject = rnd.choice(SUBJECTS)
        title, genre = title_of(rnd, agency["name"], category, subject, year)
        front = {"title": title, "agency": agency["name"], "category": category}
        if rnd.random() < 0.8:
            front["topic"] = rnd.choice(topics)
        front["published"] = published
        front["written"] = published - dt.timedelta(days=rnd.randint(0, 12))
        if genre in ("通知", "意见", "方案", "通报"):
            # A 发文字号 is one document's: a number drawn twice for an agency and year moves on by 150.
            number = rnd.randint(1, 150)
            while (doc_no := f"澄{agency['name'][3:5]}发〔{year}〕{number}号") in doc_nos:
                number += 150
            doc_nos.add(doc_no)
            front["doc_no"] = doc_no
        front["genre"] = genre
        if category.endswith("行政规范性文件"):
            front["doc_type"] = "行政规范性文件"
        front["keywords"] = [subject, category.split("/")[-1]] + rnd.sample(TOWNS, rnd.randint(0, 2))
        if rnd.random() < 0.3:
            front["summary"] = f"公开{agency['name']}{year}年{subject}工作的有关情况。"
        body = body_of(rnd, agency["name"], subject, year, published)
        recs.append({"code": agency["code"], "front": front, "body": body})
    # Serials in publication order per agency and year; the 索引号 year is the published year.
    recs.sort(key=lambda r: (r["front"]["published"], r["code"], r["front"]["title"]))
    serial: dict[tuple[str, int], int] = {}
    for r in recs:
        key = (r["code"], r["front"]["published"].year)
        serial[key] = serial.get(key, 0) + 1
        r["serial"] = serial[key]
        r["index_no"] = f"{r['code']}/{key[1]}-{serial[key]:05d}"
    # Some normative documents are superseded by a later one of the same agency; each 政策解读
    # interprets an earlier normative document.
    normative = [r for r in recs if r["front"].get("doc_type")]
    latest_by_agency: dict[str, dict] = {}
    for r in reversed(normative):
        newer = latest_by_agency.get(r["code"])
        if newer and newer["front"]["published"] > r["front"]["published"] and rnd.random() < 0.3:
            r["front"].update(validity="失效", abolished=newer["front"]["published"], superseded_by=newer["index_no"])
        latest_by_agency[r["code"]] = r
    seen: list[dict] = []
    for r in recs:
        if r["front"].get("doc_type"):
            seen.append(r)
        elif r["front"]["category"].endswith("政策解读") and seen:
            r["front"]["interprets"] = rnd.choice(seen[-50:])["index_no"]
    return recs


def make_requests(n: int, seed: int, agencies: list[dict]) -> dict[int, list[dict]]:
    """N valid, answered ledger rows over 2023-2025, by year received."""
    from gongkai.model.defaults import APPLICANTS, OUTCOMES

    rnd = random.Random(seed)
    results = [(o, r) for o, reasons in OUTCOMES.items() for r in (reasons or [None])]
    out: dict[int, list[dict]] = {}
    for i in range(n):
        received = dt.date(2023, 1, 3) + dt.timedelta(days=rnd.randrange(3 * 365 - 10))
        row = {"id": f"YSQ-{received.year}-{i:05d}", "agency": rnd.choice(agencies)["name"]}
        row |= {"received": received.isoformat(), "applicant": rnd.choice(APPLICANTS)}
        if rnd.random() < 0.1:
            row["extended"] = True
        # All answered: an open one would be past due today, and check's warnings are not the point here.
        outcome, reason = rnd.choice(results)
        row["replied"] = (received + dt.timedelta(days=rnd.randint(1, 45))).isoformat()
        row["outcome"] = outcome
        if reason:
            row["reason"] = reason
        out.setdefault(received.year, []).append(row)
    return out


def scalar(value) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(value) + "]"
    return json.dumps(value, ensure_ascii=False) if "《" in value or "“" in value else value


SEARCHES = {
    # mkdocs.yml plugins of each way to search the site
    "pagefind": "  - gongkai\n",
    "material": '  - search\n  - gongkai:\n      search: "off"\n',
    "off": '  - gongkai:\n      search: "off"\n',
}


def write_site(site: Path, n: int, seed: int, part_size: int | None = None) -> int:
    """Write mkdocs-<search>.yml for each search, docs/ and records/ into `site`; returns the bytes of records.

    `part_size` sets the search's `search_part_size` (records per part of the index).
    """
    for search, plugins in SEARCHES.items():
        if part_size and search == "pagefind":
            plugins = f"  - gongkai:\n      search_part_size: {part_size}\n"
        (site / f"mkdocs-{search}.yml").write_text(
            "site_name: 澄岭县人民政府信息公开（基准测试）\n"
            "site_url: https://xxgk.example.gov.cn/\n"
            "theme:\n  name: material\n  language: zh\n  font: false\n"
            f"plugins:\n{plugins}",
            encoding="utf-8",
        )
    # gongkai check reads mkdocs.yml: the portal as shipped, with its own search.
    shutil.copy(site / "mkdocs-pagefind.yml", site / "mkdocs.yml")
    (site / "docs").mkdir()
    (site / "docs" / "index.md").write_text(
        "# 澄岭县人民政府信息公开\n\n本站为基准测试生成的示例站点。\n", encoding="utf-8"
    )
    records = site / "records"
    records.mkdir()
    shutil.copy(TAXONOMY, records / "taxonomy.yml")
    total = 0
    for r in make_records(n, seed):
        front = {"title": r["front"]["title"], "index_no": r["index_no"], **r["front"]}
        text = "---\n" + "".join(f"{k}: {scalar(v)}\n" for k, v in front.items()) + "---\n" + r["body"]
        path = records / str(r["front"]["published"].year) / f"{r['code']}-{r['serial']:05d}.md"
        path.parent.mkdir(exist_ok=True)
        total += path.write_bytes(text.encode("utf-8"))
    agencies, _ = load_taxonomy()
    (records / "requests").mkdir()
    for year, rows in make_requests(max(1, n // 10), seed, agencies).items():
        text = yaml.safe_dump(rows, allow_unicode=True, sort_keys=False)
        (records / "requests" / f"{year}.yml").write_text(text, encoding="utf-8")
    # The sample's appeal cases, without their links to the sample's own requests.
    (records / "appeals").mkdir()
    cases = (REPO / "records" / "appeals" / "cases.yml").read_text(encoding="utf-8").split("\n")
    text = "\n".join(line for line in cases if not line.startswith("  request:"))
    (records / "appeals" / "cases.yml").write_text(text, encoding="utf-8")
    report = (REPO / "records" / "reports" / "2024.md").read_text(encoding="utf-8")
    (records / "reports").mkdir()
    # The ledger's fees are synthetic: let the report take them from it.
    text = "\n".join(line for line in report.split("\n") if not line.startswith("disclosure_fees_yuan"))
    (records / "reports" / "2024.md").write_text(text, encoding="utf-8")
    return total


# -- measurements -------------------------------------------------------------------------


def maxrss_mb(ru) -> float:
    return ru.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)


def run_child(cmd: list[str], cwd: Path, **env: str) -> tuple[float, float, int, str]:
    """Run `cmd` (with `env` added to the environment); its wall seconds, its own peak RSS (MB), exit
    code and output."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, **env}
    )
    out = proc.stdout.read()
    _, status, ru = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, maxrss_mb(ru), proc.returncode, out


def measure_build(site: Path, search: str) -> None:
    """In a child process: load the config and build in-process; print figures as JSON."""
    start = time.perf_counter()
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(site / f"mkdocs-{search}.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    wall = time.perf_counter() - start
    gongkai = config.plugins["gongkai"]
    plugin = gongkai.seconds
    cache = gongkai.page_cache
    search_kept = gongkai.search.cache is not None and gongkai.search.cache.hit
    rss = maxrss_mb(resource.getrusage(resource.RUSAGE_SELF))
    # The largest child process waited for: Pagefind, the leak-scan worker, the second record reader.
    children = maxrss_mb(resource.getrusage(resource.RUSAGE_CHILDREN))
    own, theirs = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + theirs.ru_utime + theirs.ru_stime
    figures = {"wall": wall, "plugin": plugin, "rss": rss, "children": children, "cpu": cpu}
    parts = gongkai.search.parts
    print(json.dumps(figures | {"kept": cache.kept, "made": cache.made, "search_kept": search_kept, "parts": parts}))


#: Pages written by `disk_speed`: enough to see the disk's rate, few enough to take well under a second.
DISK_PAGES = 2000


def disk_speed(folder: Path) -> float:
    """Milliseconds to create one page on the disk under `folder` (a folder and its 12 KB index.html,
    as a build writes each record's page), averaged over DISK_PAGES pages in a new folder, deleted
    after. A build writes about as many pages as records, so this rate explains much of the
    difference between machines (and between runs: some file systems create files slower soon
    after many were deleted, as each measured build deletes the site before it)."""
    scratch = Path(tempfile.mkdtemp(prefix="disk-", dir=folder))
    page = b"x" * 12_000
    try:
        start = time.perf_counter()
        for i in range(DISK_PAGES):
            (scratch / f"p{i:05d}").mkdir()
            (scratch / f"p{i:05d}" / "index.html").write_bytes(page)
        return (time.perf_counter() - start) * 1000 / DISK_PAGES
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def disk_row(before: float, after: float) -> tuple[str, str, str, str]:
    return ("disk: a page written, before / after", f"{before:.3f} / {after:.3f} ms", "", "")


def site_stats(site_dir: Path) -> tuple[int, int, int, int]:
    files = [p for p in site_dir.rglob("*") if p.is_file()]
    pages = sum(p.suffix == ".html" for p in files)
    index = [p for p in files if p.relative_to(site_dir).parts[0] in ("search", "pagefind")]
    return pages, len(files), sum(p.stat().st_size for p in files), sum(p.stat().st_size for p in index)


def site_digests(site_dir: Path) -> dict[str, str]:
    return {
        p.relative_to(site_dir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site_dir.rglob("*"))
        if p.is_file()
    }


def build_once(site: Path, search: str, cache: bool, as_of: dt.date | None = None) -> dict:
    """One measured build (in a child process), with the build cache or without (GONGKAI_CACHE=off),
    as of `as_of` (None: GONGKAI_AS_OF or today). Without a site/ before it, as in CI (a fresh
    checkout, the cache restored): otherwise the build would also time the removal of the previous
    site's 20,000 files."""
    shutil.rmtree(site / "site", ignore_errors=True)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--measure-build", str(site), "--search", search]
    env = dict(os.environ, GONGKAI_CACHE="on" if cache else "off")
    if as_of is not None:
        env["GONGKAI_AS_OF"] = as_of.isoformat()
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=site, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise SystemExit(proc.stdout + proc.stderr)
    fig = json.loads(proc.stdout.strip().splitlines()[-1])
    fig["process"] = time.perf_counter() - start
    fig["log"] = proc.stderr
    return fig


def incremental(
    site: Path, search: str, target: dict[str, float], next_day: bool = False
) -> list[tuple[str, str, str, str]]:
    """Full build with an empty cache, one record changed, a build with the cache (with `next_day`,
    as of the day after the full build's, as CI builds a merge of another day), a full build
    without it; the rows of the report."""
    shutil.rmtree(site / ".cache", ignore_errors=True)
    day = dt.date.fromisoformat(os.environ["GONGKAI_AS_OF"]) if os.environ.get("GONGKAI_AS_OF") else dt.date.today()
    full = build_once(site, search, cache=True, as_of=day)
    pages, files, site_bytes, index_bytes = site_stats(site / "site")
    records = sorted((site / "records" / "2024").glob("*.md"))
    record = records[len(records) // 2]
    with record.open("a", encoding="utf-8") as out:
        out.write("\n本文件的补充说明：执行中遇到的问题，请及时反映。\n")
    later = day + dt.timedelta(days=1) if next_day else day
    again = build_once(site, search, cache=True, as_of=later)
    cached = site_digests(site / "site")
    clean = build_once(site, search, cache=False, as_of=later)
    same = site_digests(site / "site") == cached
    ratio = again["wall"] / full["wall"]
    return [
        (f"full build, empty cache ({search})", f"{full['wall']:.1f} s", "", ""),
        ("  of which gongkai", f"{full['plugin']:.2f} s", "", ""),
        ("  CPU time, all processes", f"{full['cpu']:.1f} s", "", ""),
        ("  peak RSS, build process / largest child", f"{full['rss']:.0f} / {full['children']:.0f} MB", "", ""),
        ("  site: HTML pages / files", f"{pages:,} / {files:,}", "", ""),
        ("  site: size (search index)", f"{site_bytes / 2**20:.1f} MB ({index_bytes / 2**20:.1f} MB)", "", ""),
        (
            f"one record changed, with the cache ({record.name}{', the next day' if next_day else ''})",
            f"{again['wall']:.1f} s",
            "",
            "",
        ),
        ("  of which gongkai", f"{again['plugin']:.2f} s", "", ""),
        ("  CPU time, all processes", f"{again['cpu']:.1f} s", "", ""),
        ("  pages kept / made again", f"{again['kept']:,} / {again['made']:,}", "", ""),
        ("  search index kept", "yes" if again["search_kept"] else "no (made again)", "", ""),
        ("  search index: parts indexed / kept", "{} / {}".format(*again["parts"]), "", ""),
        ("  peak RSS, build process", f"{again['rss']:.0f} MB", "", ""),
        judged("incremental / full", f"{100 * ratio:.1f} %", ratio, target.get("incremental"), "<= {:.0%}"),
        ("incremental / full, CPU time", f"{100 * again['cpu'] / full['cpu']:.1f} %", "", ""),
        ("full build without the cache", f"{clean['wall']:.1f} s", "", ""),
        ("site/ with the cache == without", "same" if same else "DIFFERENT", "same", verdict(same)),
    ]


def check_rows(label: str, wall: float, rss: float, target: dict[str, float]) -> list[tuple[str, str, str, str]]:
    """The rows of one `gongkai check` run: wall time and peak RSS, against the size's targets."""
    return [
        judged(f"gongkai check, {label}: wall", f"{wall:.2f} s", wall, target.get("check_s"), "<= {:g} s"),
        judged(f"gongkai check, {label}: peak RSS", f"{rss:.0f} MB", rss, target.get("rss_mb"), "<= {:.0f} MB"),
    ]


def judged(name: str, shown: str, figure: float, limit: float | None, form: str) -> tuple[str, str, str, str]:
    """A row of the report: judged against `limit` (written with `form`) when this size has one."""
    if limit is None:
        return (name, shown, "", "")
    return (name, shown, form.format(limit), verdict(figure <= limit))


def same_code(before: str) -> bool:
    """Whether the code is still what it was when the run started; if not, say so: each build and
    check ran whatever was on disk at its start, and the caches' keys changed between them."""
    if code_digest() == before:
        return True
    print("the code changed during this run (an edit, a checkout): the figures measure no one version", file=sys.stderr)
    return False


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=10000, help="number of records (default 10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--search", choices=list(SEARCHES), default="pagefind", help="site search (default pagefind)")
    parser.add_argument("--compare-search", action="store_true", help="also build with Material's search and with none")
    parser.add_argument(
        "--incremental", action="store_true", help="measure a rebuild with the build cache after one record changed"
    )
    parser.add_argument(
        "--next-day", action="store_true", help="with --incremental: rebuild as of the next day (a later merge in CI)"
    )
    parser.add_argument("--part-size", type=int, help="records per part of the search index (search_part_size)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary site and print its path")
    parser.add_argument("--measure-build", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if args.measure_build:
        measure_build(Path(args.measure_build), args.search)
        return 0

    code = code_digest()  # the code measured: an edit during the run would void the figures
    target = TARGETS.get(args.n, {})
    site = Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
    try:
        start = time.perf_counter()
        size = write_site(site, args.n, args.seed, args.part_size)
        print(f"generated {args.n:,} records ({size / 2**20:.1f} MB, {size / args.n:,.0f} B each) in {site}", end="")
        print(f" in {time.perf_counter() - start:.1f} s")
        gongkai = Path(sys.executable).with_name("gongkai")
        check_cmd = [str(gongkai), "check"] if gongkai.exists() else [sys.executable, "-m", "gongkai.cli", "check"]
        # Verifies the records and warms the system's file cache; the records' cache stays empty.
        _, _, rc, out = run_child(check_cmd, site, GONGKAI_CACHE="off")
        print(out.strip())
        if rc != 0 or not out.startswith("OK"):
            print("gongkai check failed: the generated records are wrong", file=sys.stderr)
            return 1
        check_s, check_rss, _, _ = run_child(check_cmd, site, GONGKAI_CACHE="off")
        fill_s, _, _, _ = run_child(check_cmd, site)  # fills the records' cache (gongkai.portal.recordcache)
        again_s, again_rss, _, again = run_child(check_cmd, site)
        if again != out:
            print("gongkai check from its cache said something else", file=sys.stderr)
            return 1

        disk_before = disk_speed(site)
        checks = [
            *check_rows("no cache", check_s, check_rss, target),
            ("gongkai check, filling its cache: wall", f"{fill_s:.2f} s", "", ""),
            *check_rows("from its cache", again_s, again_rss, target),
        ]
        if args.incremental:
            rows = checks + incremental(site, args.search, target, args.next_day)
            rows.append(disk_row(disk_before, disk_speed(site)))
            print(f"\nN={args.n:,} seed={args.seed}; {os.cpu_count()} CPUs, Python {platform.python_version()}", end="")
            print(f", load average {os.getloadavg()[0]:.1f} at the end")
            print(f"{'measure':<52}{'value':>20}  {'target':<12}result")
            for name, value, target, result in rows:
                print(f"{name:<52}{value:>20}  {target:<12}{result}")
            if not same_code(code):
                return 1
            return 0 if all(r[3] != "FAIL" for r in rows) else 1
        rows = checks
        variants = [args.search] + ([v for v in SEARCHES if v != args.search] if args.compare_search else [])
        walls: dict[str, float] = {}
        for search in variants:
            cmd = [sys.executable, str(Path(__file__).resolve()), "--measure-build", str(site), "--search", search]
            _, _, rc, out = run_child(cmd, site)
            if rc != 0:
                print(out, file=sys.stderr)
                return 1
            fig = json.loads(out.strip().splitlines()[-1])
            share = 100 * fig["plugin"] / fig["wall"]
            pages, files, site_bytes, index_bytes = site_stats(site / "site")
            walls[search] = fig["wall"]
            label = search
            if search == "material":  # it segments Chinese only when jieba is importable
                label += " + jieba" if importlib.util.find_spec("jieba") else ", no jieba"
            rows += [
                (f"mkdocs build (search: {label}): wall", f"{fig['wall']:.1f} s", "", ""),
                ("  gongkai plugin time", f"{fig['plugin']:.2f} s", "", ""),
                ("  gongkai plugin share", f"{share:.1f} %", "", ""),
                judged(
                    "  peak RSS, build process",
                    f"{fig['rss']:.0f} MB",
                    fig["rss"],
                    target.get("rss_mb"),
                    "<= {:.0f} MB",
                ),
                ("  peak RSS, largest child", f"{fig['children']:.0f} MB", "", ""),
                ("  site: pages (.html) / files", f"{pages:,} / {files:,}", "", ""),
                judged(
                    "  site: size (search index)",
                    f"{site_bytes / 2**20:.0f} MB ({index_bytes / 2**20:.1f} MB)",
                    site_bytes / 2**20,
                    target.get("site_mb") if search == "pagefind" else None,
                    "<= {:.0f} MB",
                ),
            ]
        if "pagefind" in walls and "material" in walls:
            ratio = walls["pagefind"] / walls["material"]
            rows.append(
                judged("build with ours / with Material's", f"{ratio:.2f}", ratio, target.get("ratio"), "<= {:g}")
            )
        rows.append(disk_row(disk_before, disk_speed(site)))
        print(f"\nN={args.n:,} seed={args.seed}; {os.cpu_count()} CPUs, Python {platform.python_version()}", end="")
        sizes = " and ".join(f"{n:,}" for n in TARGETS)
        print(f", {platform.system()} {platform.machine()}; targets at N={sizes} only")
        print(f"{'measure':<42}{'value':>20}  {'target':<12}result")
        for name, value, target, result in rows:
            print(f"{name:<42}{value:>20}  {target:<12}{result}")
        return 0 if same_code(code) else 1
    finally:
        if args.keep:
            print(f"kept {site}")
        else:
            shutil.rmtree(site, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

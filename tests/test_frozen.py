"""A published report keeps its figures: `gongkai report --freeze` writes them beside the report, the
build prints them whatever the data says later, and `gongkai check` names each cell that now differs
with the records and cases behind the difference."""

from __future__ import annotations

from bs4 import BeautifulSoup

from conftest import flat
from test_annual import REQUESTS, write_year

FROZEN = "records/reports/2024.frozen.csv"


def article(site) -> str:
    page = BeautifulSoup(site.html("xxgk/nianbao/2024/index.html"), "html.parser")
    return str(page.select_one("article"))


def csvs(site) -> list[bytes]:
    folder = site.root / "site" / "xxgk" / "nianbao" / "2024"
    return [(folder / f"table{n}.csv").read_bytes() for n in (2, 3, 4)]


def back_date(site) -> None:
    """A decision record and a request entered after the report was published, dated in 2024."""
    site.good("late.md", index_no="czj/2024-00011", category="行政许可", published="2024-06-01")
    late = "- {id: YSQ-13, agency: 测试县财政局, received: 2024-03-01, applicant: 自然人, replied: 2024-03-05,\n"
    late += "   outcome: 予以公开}\n"
    (site.root / "records" / "requests" / "ledger.yml").write_text(REQUESTS + late, encoding="utf-8")


def test_a_back_dated_record_changes_nothing_on_the_published_page(site):
    write_year(site)
    frozen = site.gongkai("report", "2024", "--freeze")
    assert frozen.returncode == 0, frozen.stderr
    assert f"的数字：{FROZEN}" in frozen.stdout
    text = (site.root / FROZEN).read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "表,项目,列,数值,来源,依据"
    assert "表二,行政许可,本年处理决定数量,2,栏目：行政许可,czj/2024-00007 czj/2024-00008" in lines
    assert "表二,行政处罚,本年处理决定数量,7,年报," in lines
    assert "表三,一、本年新收政府信息公开申请数量,自然人,4,台账,YSQ-03 YSQ-05 YSQ-09 YSQ-12" in lines
    assert "主动公开,合计,条,4,记录,czj/2024-00002 czj/2024-00007 czj/2024-00008 zfb/2024-00004" in lines
    assert site.mkdocs("build", "--strict").returncode == 0
    before, before_csv = article(site), csvs(site)
    assert "本报告的数字以发布时为准" in before

    back_date(site)
    built = site.mkdocs("build", "--strict")  # the difference is the webmaster's to look at, not a build failure
    assert built.returncode == 0, built.stderr
    assert article(site) == before and csvs(site) == before_csv
    # The data did move: the 统计 page, which is no legal document, counts the new record.
    stats = BeautifulSoup(site.html("xxgk/tongji/index.html"), "html.parser").get_text(" ", strip=True)
    assert "本站共主动公开政府信息 10 条" in stats

    checked = site.gongkai("check")
    assert checked.returncode == 0, checked.stderr
    said = flat(checked.stderr)
    line = lines.index("表二,行政许可,本年处理决定数量,2,栏目：行政许可,czj/2024-00007 czj/2024-00008") + 1
    assert (
        f"{FROZEN}:{line}: 警告 已发布的2024年年报与现在的数据不同：表二/行政许可/本年处理决定数量："
        "已发布 2，现在的数据是 3（多出 czj/2024-00011）。" in said
    )
    assert "表三/一、本年新收政府信息公开申请数量/自然人：已发布 4，现在的数据是 5（多出 YSQ-13）。" in said
    assert "主动公开/合计/条：已发布 4，现在的数据是 5（多出 czj/2024-00011）。" in said
    assert "表四" not in said  # the appeals did not move
    # gongkai report prints what was published, and says so.
    shown = site.gongkai("report", "2024", "--table", "2")
    assert "已于发布时冻结" in shown.stderr
    assert next(x for x in shown.stdout.splitlines() if "行政许可" in x).split()[-1] == "2"


def test_freezing_is_once_and_needs_a_published_report(site):
    write_year(site)
    assert site.gongkai("report", "2024", "--freeze").returncode == 0
    again = site.gongkai("report", "2024", "--freeze")
    assert again.returncode == 1 and f"{FROZEN} 已经存在" in again.stderr
    assert "先删去这个文件" in again.stderr
    missing = site.gongkai("report", "2023", "--freeze")
    assert missing.returncode == 1 and "先写年报文件 records/reports/2023.md，发布时再冻结" in missing.stderr
    path = site.root / "records" / "reports" / "2024.md"
    path.write_text(path.read_text(encoding="utf-8").replace("published: 2025-01-20\n", ""), encoding="utf-8")
    (site.root / FROZEN).unlink()
    unpublished = site.gongkai("report", "2024", "--freeze")
    assert unpublished.returncode == 1 and "没有写 published（发布日期）" in unpublished.stderr


def test_freezing_waits_for_the_year_to_end_and_the_report_to_be_published(site):
    # Frozen in December, a report kept the year's figures unfinished for good.
    write_year(site)  # the 2024 report, published 2025-01-20
    early = site.gongkai("report", "2024", "--freeze", env={"GONGKAI_AS_OF": "2024-12-07"})
    assert early.returncode == 1 and "2024 年还没有过完（今天是 2024-12-07）" in early.stderr, early.stderr
    before = site.gongkai("report", "2024", "--freeze", env={"GONGKAI_AS_OF": "2025-01-19"})
    assert before.returncode == 1 and "定于 2025-01-20 发布，今天是 2025-01-19" in before.stderr, before.stderr
    assert not (site.root / FROZEN).exists()
    on_the_day = site.gongkai("report", "2024", "--freeze", env={"GONGKAI_AS_OF": "2025-01-20"})
    assert on_the_day.returncode == 0, on_the_day.stderr


def test_a_frozen_reports_date_cannot_be_moved_off_the_site(site):
    # A frozen report was published: a later 发布日期, or none, withdrew it from the site unsaid.
    write_year(site)
    assert site.gongkai("report", "2024", "--freeze").returncode == 0
    path = site.root / "records" / "reports" / "2024.md"
    text = path.read_text(encoding="utf-8")
    line = text.split("\n").index("published: 2025-01-20") + 1
    for changed, said in (
        ("published: 2099-01-20", "published 却是 2099-01-20，在今天（"),
        ("", "没有 published，它就从网站上撤下了。"),
    ):
        path.write_text(text.replace("published: 2025-01-20", changed), encoding="utf-8")
        where = f"records/reports/2024.md:{line if changed else ''}".rstrip(":")
        for done in (site.gongkai("check"), site.mkdocs("build")):
            problems = flat(done.stderr)
            assert done.returncode == 1, done.stderr
            assert f"这份年报的数字已冻结（{FROZEN}），也就是已经发布了；{said}" in problems, problems
            assert where in problems and "git log -p records/reports/2024.md" in problems
    # A site checked or built as of a day before its publication leaves it out, as it should: no error.
    path.write_text(text, encoding="utf-8")
    for done in (
        site.gongkai("check", "--as-of", "2025-01-10"),
        site.mkdocs("build", env={"GONGKAI_AS_OF": "2025-01-10"}),
    ):
        assert done.returncode == 0, done.stderr


def test_a_damaged_frozen_file_is_said_at_its_line(site):
    write_year(site)
    assert site.gongkai("report", "2024", "--freeze").returncode == 0
    path = site.root / FROZEN
    good = path.read_text(encoding="utf-8")
    lines = good.splitlines()
    n = next(i for i, x in enumerate(lines) if x.startswith("表三,一、本年新收政府信息公开申请数量,自然人,"))
    new = "一、本年新收政府信息公开申请数量"
    cases = {
        "value": (lines[n].replace(",4,", ",四,"), f"{FROZEN}:{n + 1}: 错误 表三/{new}/自然人 的数值"),
        "identity": (lines[n].replace(",4,", ",5,") + " YSQ-99", f"冻结的年报数字勾稽关系不成立：表三 {new}：总计"),
        "cell": (lines[n].replace("自然人", "个人"), f"{FROZEN}:{n + 1}: 错误 年报表格中没有“表三/{new}/个人”这一格。"),
        "columns": (lines[n] + ",多余", f"{FROZEN}:{n + 1}: 错误 这一行应有 6 列"),
        # float() reads 4e0 and the figures were then read with int(): a traceback out of check and build
        "exponent": (lines[n].replace(",4,", ",4e0,"), f"{FROZEN}:{n + 1}: 错误 表三/{new}/自然人 的数值"),
        # the 来源 and 依据 columns reach the report's page: plain text, as in taxonomy.yml
        "source-markup": (lines[n].replace(",4,台账,", ",4,台账<img src=x>,"), f"{FROZEN}:{n + 1}: 错误 来源"),
        "ids-markup": (lines[n].replace(",4,台账,", ",4,台账,<b>YSQ-01</b> "), f"{FROZEN}:{n + 1}: 错误 依据"),
        # a figure counted from the ledger is the number of cases its line lists: 7 was published as is
        "by-hand": (lines[n].replace(",4,", ",7,"), f"{FROZEN}:{n + 1}: 错误 数值：表三/{new}/自然人 的数值是 7，"
                    "这一行的依据列出的却是 4 件（YSQ-03、YSQ-05、YSQ-09、YSQ-12）：数值被改过。"),
    }  # fmt: skip
    # Changed by hand in other ways a reviewer tried: each would have been published.
    total = next(i for i, x in enumerate(lines) if x.startswith("主动公开,合计,条,"))
    appended = {
        "source": (n, lines[n].replace(",4,台账,", ",7,年报,", 1),
                   f"{FROZEN}:{n + 1}: 错误 来源：表三/{new}/自然人 的来源不会是“年报”"),
        "twice": (n, lines[n].replace("YSQ-03", "YSQ-05"),
                  f"{FROZEN}:{n + 1}: 错误 依据：表三/{new}/自然人 的依据中 YSQ-05 写了两次"),
        "total": (total, lines[total].replace(",4,记录,", ",5,记录,").rstrip() + " czj/2099-00001",
                  f"{FROZEN}:{total + 1}: 错误 冻结的主动公开合计 5 条，各分组却是"),
        # a name the build knew nothing of: a traceback (KeyError) out of the build, while check passed
        "fee-name": (None, "信息处理费,bogus,元,5,台账或年报,", "错误 年报中没有“信息处理费/bogus/元”这个数字"),
        "made-up-row": (None, "主动公开,领导讲话,条,9,记录,", "错误 年报中没有“主动公开/领导讲话/条”这个数字"),
    }  # fmt: skip
    for name, (at, line, expected) in appended.items():
        changed = [*lines[:at], line, *lines[at + 1 :]] if at is not None else [*lines, line]
        path.write_text("\n".join(changed) + "\n", encoding="utf-8")
        for done in (site.gongkai("check"), site.mkdocs("build")):
            assert done.returncode == 1 and expected in flat(done.stderr), (name, done.stderr[-2000:])
            assert "Traceback" not in done.stderr, name
    for name, (line, expected) in cases.items():
        assert line != lines[n], name
        path.write_text("\n".join([*lines[:n], line, *lines[n + 1 :]]) + "\n", encoding="utf-8")
        result = site.gongkai("check")
        assert result.returncode == 1, name
        assert expected in flat(result.stderr), (name, result.stderr)
        assert "Traceback" not in result.stderr, name
    built = site.mkdocs("build")  # the last case: the build refuses it too, at the same line
    assert built.returncode == 1 and f"{FROZEN}:{n + 1}: 错误 数值" in flat(built.stderr), built.stderr
    path.write_text(good, encoding="utf-8")
    assert site.gongkai("check").returncode == 0
    # A file frozen before table 四 said its carried-over cases (其中上年结转) is read without them.
    assert "表四,行政复议,其中上年结转,1,台账,FY-06" in lines
    older = [x for x in lines if ",其中上年结转," not in x]
    path.write_text("\n".join(older) + "\n", encoding="utf-8")
    older_check = site.gongkai("check")
    assert older_check.returncode == 0 and "其中上年结转" not in older_check.stderr
    path.write_text(good, encoding="utf-8")
    orphan = site.root / "records" / "reports" / "2023.frozen.csv"
    orphan.write_text(good, encoding="utf-8")
    result = site.gongkai("check")
    assert result.returncode == 1
    assert "records/reports/2023.frozen.csv: 错误 这是 2023.md 已发布的年报数字，但没有 2023.md 这份年报。" in flat(
        result.stderr
    )

"""`gongkai new`: the next free 索引号, never one already taken (drafts and broken files
included, parallel runs included), a file that passes the check, and clear refusals."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

from conftest import BIN, flat

NEW = ["new", "--agency", "测试县财政局", "--category", "财政信息/财政预算", "--published", "2024-06-01", "--yes"]


def test_a_new_record_passes_the_check_with_the_next_number(site):
    site.good()  # czj/2024-00001
    site.good("drafts/a.md", index_no="czj/2024-00005", draft=True)
    # A file with errors: its number is taken all the same.
    site.record("broken/b.md", "---\nindex_no: czj/2024-00007\ntitle: [没写完\n---\n")
    out = site.gongkai(*NEW, "--title", "测试县财政局关于预算调整的说明", "--doc-no", "测财发〔2024〕8号")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "已建立 records/2024/czj-2024-00008.md（索引号 czj/2024-00008，草稿）"
    text = (site.root / "records/2024/czj-2024-00008.md").read_text(encoding="utf-8")
    assert "index_no: czj/2024-00008\n" in text and "doc_no: 测财发〔2024〕8号\n" in text
    assert "# doc_type:" in text and "可填：规章、行政规范性文件" in text  # the other fields, with their choices
    assert text.rstrip().endswith("正文写在这里。") and "\ndraft: true\n" in text
    (site.root / "records/broken/b.md").unlink()
    check = site.gongkai("check")
    assert check.returncode == 0 and "警告" not in check.stderr, check.stderr
    # Published as it was made, its page would say only 正文写在这里。: refused, at the body's line.
    path = site.root / "records/2024/czj-2024-00008.md"
    path.write_text(text.replace("\ndraft: true\n", "\n"), encoding="utf-8")
    body_line = path.read_text(encoding="utf-8").split("\n").index("正文写在这里。") + 1
    for said in (site.gongkai("check").stderr, site.mkdocs("build").stderr):
        assert f"records/2024/czj-2024-00008.md:{body_line}: 错误 正文还是新建记录时的“正文写在这里。”" in flat(said), (
            said
        )
    path.write_text(text.replace("\ndraft: true\n", "\n").replace("正文写在这里。", "详见附件。"), encoding="utf-8")
    assert site.gongkai("check").returncode == 0


def test_the_fields_filled_in_as_the_template_says_pass_without_a_warning(site):
    # "去掉行首的 # 并写上值" left each field's help after its value: every one was warned about
    # ("#成文日期：…”被当作注释"), with a fix that pasted the help into the value; and how a list is
    # written (the attachments) was not said anywhere a clerk could copy it from.
    site.gongkai(*NEW, "--title", "测试县财政局关于预算调整的说明")
    path = site.root / "records/2024/czj-2024-00001.md"
    text = path.read_text(encoding="utf-8")
    examples = {
        "written": "2024-05-30",
        "summary": "预算调整的说明",
        "keywords": "[预算, 三公经费]",
        "attachments": "[{file: files/czj-2024-00001.pdf, title: 2024年预算调整表}]",
    }
    assert "例如 keywords: [预算, 三公经费]" in text
    assert "例如 attachments: [{file: files/czj-2025-00042.pdf, title: 2025年县级预算表}]" in text
    for key, value in examples.items():
        text = re.sub(rf"(?m)^# {key}:   #", f"{key}: {value}   #", text)
    path.write_text(text, encoding="utf-8")
    from conftest import make_pdf

    (site.root / "records/2024/files").mkdir()
    (site.root / "records/2024/files/czj-2024-00001.pdf").write_bytes(make_pdf("2024年预算调整表"))
    check = site.gongkai("check")
    assert check.returncode == 0 and "警告" not in check.stderr, check.stderr
    # A # that was part of the value is still said.
    path.write_text(text.replace("summary: 预算调整的说明   #", "summary: 第 #1 号   #"), encoding="utf-8")
    assert "被当作注释" in site.gongkai("check").stderr


def test_a_new_record_under_a_document_types_category_says_its_type(site):
    # The annual report counts a 行政规范性文件 by doc_type: `new` writes it for the category so named.
    new = [*NEW[:4], "政策文件/行政规范性文件", *NEW[5:], "--title", "测试县财政局关于资金管理的办法"]
    out = site.gongkai(*new)
    assert out.returncode == 0, out.stderr
    text = (site.root / "records/2024/czj-2024-00001.md").read_text(encoding="utf-8")
    assert "\ndoc_type: 行政规范性文件\n" in text and "# doc_type:" not in text
    out = site.gongkai(*NEW, "--title", "测试县财政局关于预算的说明")
    assert "# doc_type:" in (site.root / "records/2024/czj-2024-00002.md").read_text(encoding="utf-8")
    # Not under a child of such a category (a 清理结果 is no such document), nor a type the site
    # declares not applicable to the agency (a county's 规章: table 二 refuses a record of it).
    taxonomy = site.root / "records/taxonomy.yml"
    text = taxonomy.read_text(encoding="utf-8").replace(
        "      - {name: 政策解读, slug: zcjd}\n",
        "      - {name: 政策解读, slug: zcjd}\n  - name: 规章\n    slug: gz\n"
        "  - name: 行政规范性文件\n    slug: xzgf\n    children:\n      - {name: 县政府文件, slug: xzf}\n",
    )
    taxonomy.write_text("not_applicable:\n  规章: 县级人民政府无权制定规章\n" + text, encoding="utf-8")
    for category, written in (("行政规范性文件/县政府文件", "# doc_type:"), ("规章", "# doc_type:")):
        out = site.gongkai(*NEW[:4], category, *NEW[5:], "--title", f"测试县财政局{category}")
        assert out.returncode == 0, out.stderr
        made = out.stdout.split("已建立 ")[1].split("（")[0]
        assert written in (site.root / made).read_text(encoding="utf-8"), category


def test_parallel_runs_never_get_the_same_number(site):
    site.good()
    runs = [
        subprocess.Popen([str(BIN / "gongkai"), *NEW, "--title", f"并行建立的第{i}条"], cwd=site.root,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i in range(8)
    ]  # fmt: skip
    said = [run.communicate(timeout=60) for run in runs]
    assert all(run.returncode == 0 for run in runs), said
    numbers = [re.search(r"索引号 (\S+)，", out).group(1) for out, _ in said]
    assert sorted(numbers) == [f"czj/2024-{n:05d}" for n in range(2, 10)]
    assert site.gongkai("check").returncode == 0


def test_an_existing_file_is_never_overwritten(site, monkeypatch):
    from gongkai.clerk import newrecord
    from gongkai.model.indexno import IndexNoPattern
    from gongkai.model.taxonomy import load_taxonomy
    from gongkai.text.problems import Problems

    mine = site.good("2024/czj-2024-00001.md", title="别人的文件")
    before = mine.read_bytes()
    monkeypatch.setattr(newrecord, "used_serials", lambda *a: set())  # as if it had not been seen
    root = site.root / "records"
    taxonomy = load_taxonomy(root / "taxonomy.yml", Problems())
    record = newrecord.NewRecord("测试县财政局", "财政信息/财政预算", "新的", dt.date(2024, 6, 1))
    path, index_no = newrecord.create(root, record, taxonomy, IndexNoPattern("{org}/{YYYY}-{NNNNN}"))
    assert index_no == "czj/2024-00002" and path.name == "czj-2024-00002.md"
    assert mine.read_bytes() == before


def test_an_unknown_agency_or_category_lists_the_choices_and_writes_nothing(site):
    site.good()
    out = site.gongkai("new", "--agency", "财政所", "--category", "财政信息/财政预算", "--title", "x", "--yes")
    assert out.returncode == 2
    assert "“财政所”不是发布机构。可写：测试县财政局、测试县人民政府办公室、测试县城关镇人民政府" in out.stderr
    out = site.gongkai("new", "--agency", "测试县财政局", "--category", "财政", "--title", "x", "--yes")
    assert out.returncode == 2 and "“财政”不是公开目录分类。可写：" in out.stderr and "财政信息/财政预算" in out.stderr
    out = site.gongkai("new", "--agency", "测试县财政局", "--category", "财政信息/财政预算", "--yes")
    assert out.returncode == 2 and "请写明标题" in out.stderr
    # A line separator (U+2028, which YAML reads as a line break) is refused as check refuses it.
    out = site.gongkai(*NEW, "--title", "x", "--doc-no", "测财发〔2024〕\u20288号")
    assert out.returncode == 2 and "发文字号含有换行：这里只能写一行文字。" in out.stderr, out.stderr
    assert sorted(p.name for p in (site.root / "records").rglob("*.md")) == ["czj-00001.md"]


def test_an_agency_that_ended_takes_no_new_record_from_that_day(site):
    path = site.root / "records" / "taxonomy.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "  - {name: 测试县财政局, code: czj, group: 县直部门}\n",
            "  - {name: 测试县财政局, code: czj, group: 县直部门, abolished: 2024-06-01, successor: 测试县财政金融局}\n"
            "  - {name: 测试县财政金融局, code: czjr, group: 县直部门}\n",
        ),
        encoding="utf-8",
    )
    out = site.gongkai(*NEW, "--title", "x")
    assert out.returncode == 2
    assert (
        "发布机构“测试县财政局”已于 2024-06-01 撤销" in out.stderr and "改法：--agency 测试县财政金融局" in out.stderr
    )
    assert not list((site.root / "records").rglob("*.md"))
    earlier = [*NEW[:-2], "2024-05-31", "--yes", "--title", "x"]  # the day before: still its own
    assert site.gongkai(*earlier).returncode == 0


def test_a_wrong_as_of_date_is_said_and_nothing_written(site):
    from conftest import command_env

    args = [
        str(BIN / "gongkai"),
        "new",
        "--agency",
        "测试县财政局",
        "--category",
        "财政信息/财政预算",
        "--title",
        "x",
        "--yes",
    ]
    out = subprocess.run(args, cwd=site.root, capture_output=True, text=True, env=command_env(GONGKAI_AS_OF="bad"))
    assert out.returncode == 2 and "GONGKAI_AS_OF" in out.stderr and "Traceback" not in out.stderr
    assert not list((site.root / "records").rglob("*.md"))


def gongkai(site, *args, input: str | None = None, **env):
    """`gongkai` in the site with the clerk's answers on its standard input and `env` (GONGKAI_AS_OF)."""
    from conftest import command_env

    return subprocess.run([str(BIN / "gongkai"), *args], cwd=site.root, capture_output=True, text=True, input=input,
                          env=command_env(**env))  # fmt: skip


ASKED = ["new", "--agency", "测试县财政局", "--category", "财政信息/财政决算", "--title", "测试县财政局2023年决算说明"]


def test_the_published_date_is_asked_with_today_shown_and_gives_the_year_of_the_number(site):
    site.good()  # czj/2024-00001
    out = gongkai(site, *ASKED, input="2023-13-01\n2023年6月1日\n", GONGKAI_AS_OF="2024-07-15")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("发布日期（直接回车即 2024-07-15）：")
    assert out.stderr == "“2023-13-01”不是有效的日期。改法：写成 YYYY-MM-DD，如 2024-07-15（直接回车即用这一天）\n"
    assert out.stdout.endswith("已建立 records/2023/czj-2023-00001.md（索引号 czj/2023-00001，草稿）\n")
    assert "\npublished: 2023-06-01\n" in (site.root / "records/2023/czj-2023-00001.md").read_text(encoding="utf-8")
    enter = gongkai(site, *ASKED, input="\n", GONGKAI_AS_OF="2024-07-15")  # Enter takes the day shown
    assert enter.returncode == 0 and "（索引号 czj/2024-00002，草稿）" in enter.stdout, enter.stderr
    assert "\npublished: 2024-07-15\n" in (site.root / "records/2024/czj-2024-00002.md").read_text(encoding="utf-8")
    given = gongkai(site, *ASKED, "--published", "2022-03-01", input="", GONGKAI_AS_OF="2024-07-15")
    assert given.returncode == 0 and "发布日期" not in given.stdout and "索引号 czj/2022-00001" in given.stdout
    yes = gongkai(site, *ASKED, "--yes", GONGKAI_AS_OF="2024-07-15")
    assert yes.returncode == 0 and "发布日期" not in yes.stdout and "索引号 czj/2024-00003" in yes.stdout
    check = site.gongkai("check")
    assert check.returncode == 0 and "警告" not in check.stderr, check.stderr


def test_three_wrong_dates_write_nothing(site):
    out = gongkai(site, *ASKED, input="2023-02-30\n昨天\n6/1\n", GONGKAI_AS_OF="2024-07-15")
    assert out.returncode == 2
    assert out.stderr.count("不是有效的日期。改法：写成 YYYY-MM-DD，如 2024-07-15") == 3
    last = "“6/1”不是有效的日期。改法：用 --published 写明发布日期，如 --published 2024-07-15"
    assert out.stderr.splitlines()[-1] == last
    assert not list((site.root / "records").rglob("*.md"))


def test_a_short_agency_name_is_answered_with_the_full_names_it_may_stand_for(site):
    given = ["--category", "财政信息/财政预算", "--title", "x", "--published", "2024-06-01"]
    one = site.gongkai("new", "--agency", "财政局", *given, "--yes")
    assert one.returncode == 2
    assert one.stderr == "“财政局”不是发布机构的全称。是不是：测试县财政局？改法：写成 测试县财政局\n"
    several = site.gongkai("new", "--agency", "人民政府", *given, "--yes")
    assert several.returncode == 2 and several.stderr == (
        "“人民政府”不是发布机构的全称。是不是：测试县人民政府办公室 或 测试县城关镇人民政府？改法：写出其中一个的全称\n"
    )
    assert not list((site.root / "records").rglob("*.md"))
    # Asked: the one it stands for is offered, and Enter takes it.
    asked = site.gongkai("new", *given, input="财政局\n\n")
    assert asked.returncode == 0, asked.stderr
    assert asked.stdout.startswith("发布机构：发布机构（直接回车即 测试县财政局）：已建立 records/2024/czj-2024-00001")
    assert asked.stderr == one.stderr
    assert "\nagency: 测试县财政局\n" in (site.root / "records/2024/czj-2024-00001.md").read_text(encoding="utf-8")


def test_the_agencies_a_short_name_may_stand_for():
    from gongkai.clerk.newrecord import agency_candidates

    names = ["澄岭县人民政府办公室", "澄岭县财政局", "澄岭县人力资源和社会保障局", "澄岭县城关镇人民政府"]
    assert agency_candidates("财政局", names) == ["澄岭县财政局"]
    assert agency_candidates("人民政府", names) == ["澄岭县人民政府办公室", "澄岭县城关镇人民政府"]
    assert agency_candidates("人社局", names) == ["澄岭县人力资源和社会保障局"]  # its characters, in order
    assert agency_candidates("县政府办", names) == ["澄岭县人民政府办公室"]
    assert agency_candidates("财政所", names) == agency_candidates("", names) == []


def test_a_category_written_without_its_parent_is_answered_with_the_full_path(site):
    site.good()
    done = site.gongkai("new", "--yes", "--agency", "测试县财政局", "--category", "财政预算", "--title", "测试")
    assert done.returncode == 2
    assert "“财政预算”不是公开目录分类。是不是：财政信息/财政预算？改法：写成 财政信息/财政预算" in done.stderr
    asked = site.gongkai("new", "--agency", "测试县财政局", "--title", "测试", input="财政预算\n\n\n")
    assert "是不是：财政信息/财政预算？" in asked.stderr and "直接回车即 财政信息/财政预算" in asked.stdout
    assert asked.returncode == 0 and "category: 财政信息/财政预算" in next(
        (site.root / "records").rglob("czj-*-00001.md")
    ).read_text(encoding="utf-8")

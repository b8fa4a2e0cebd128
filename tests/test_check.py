"""`gongkai check`: one test per class of bad input, each message in Chinese with file:line."""

from __future__ import annotations

import re
import shutil

import pytest

import ourcommands
from conftest import BIN, flat, make_pdf, problem_lines
from gongkai.model.settings import Settings
from gongkai.portal.catalog import load_catalog
from gongkai.text.problems import InputError


def problems_of(site, **settings):
    """Every problem (errors and warnings) of the site, as formatted lines."""
    try:
        catalog = load_catalog(site.root, Settings(**settings))
    except InputError as exc:
        return [p.format() for p in exc.problems.errors + exc.problems.warnings], True
    return [p.format() for p in catalog.problems.warnings], False


def only_error(site, needle_file, **settings):
    lines, failed = problems_of(site, **settings)
    assert failed, "expected errors"
    return "\n".join(lines)


def test_good_record_passes_and_cli_says_ok(site):
    site.good()
    result = site.gongkai("check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK, 1 records")


def test_cli_lists_every_problem_and_exits_1(site):
    site.good("2024/a.md", title=None)
    site.good("2024/b.md", index_no="czj/2024-00002", published="2024-02-30")
    result = site.gongkai("check")
    assert result.returncode == 1
    said = flat(result.stderr)
    assert "records/2024/a.md:2: 错误 title（标题）：缺少必填字段。改法：加上一行 title:" in said
    assert (
        "records/2024/b.md:6: 错误 published（发布日期）：日期 2024-02-30 不存在（2024年2月只有29天）。"
        "改法：核对原件上的日期。" in said
    )
    assert "发现 2 个错误" in result.stderr
    assert "Traceback" not in result.stderr


def test_malformed_yaml_names_the_line(site):
    site.record(
        "2024/czj-00001.md", "---\ntitle: 标题\nindex_no: czj/2024-00001\nagency: 测试县财政局: 多余\n---\n正文\n"
    )
    text = only_error(site, "czj-00001")
    assert "records/2024/czj-00001.md:4: 错误 agency（发布机构）：YAML 格式错误" in text
    assert "多了一个冒号" in text
    assert "英文双引号" in text
    assert "mapping values" not in text  # PyYAML's English only where no Chinese meaning is known


def test_a_field_indented_deeper_than_the_one_above_is_said_to_be_indented(site):
    # YAML stumbles on its colon: the message said "a colon too many", and the colon was right.
    site.configure()
    config = site.root / "mkdocs.yml"
    footer = "extra:\n  footer:\n    sponsor: 测试县人民政府办公室\n      address: 测试县人民路1号\n"
    config.write_text(config.read_text(encoding="utf-8") + footer, encoding="utf-8")
    line = config.read_text(encoding="utf-8").split("\n").index("      address: 测试县人民路1号") + 1
    site.good()
    said = flat(site.gongkai("check").stderr)
    assert f"{line}: 错误 YAML 格式错误：这一行比上一行多缩进了 2 格，YAML 把它当成了上一行的值的一部分。" in said, said
    assert "改法：同一层的字段从同一列开始：删去多出的空格，与上一行对齐。" in said and "多了一个冒号" not in said


HEAD = "---\ntitle: 标题\nindex_no: czj/2024-00001\n"


@pytest.mark.parametrize(
    "front,line,field,meaning,hint",
    [
        ("keywords:\n\t- 预算\n", 5, "keywords（关键词）", "制表符（Tab）", "换成空格"),
        (
            'summary: "没有结束的引号\nagency: 测试县财政局\n',
            4,
            "summary（内容概述）",
            "引号一直没有配对",
            "补上同样的引号",
        ),
        ("agency：测试县财政局\npublished: 2024-01-26\n", 4, "agency（发布机构）", "中文冒号", "agency: 值"),
        # Noticed on the next field's line: said on the line the list opened on.
        (
            "keywords: [预算, 公开\npublished: 2024-01-26\n",
            4,
            "keywords（关键词）",
            "方括号列表没有正确结束",
            "最后要有 ]",
        ),
        ("keywords: [预算, , 公开]\n", 4, "keywords（关键词）", "缺少值", "多余的逗号"),
        ("agency: 测试县财政局\n  category: 财政信息\n", 5, "agency（发布机构）", "多缩进了 2 格", "与上一行对齐"),
        (
            "title: !!python/object/apply:os.system [echo]\n",
            4,
            "title（标题）",
            "不接受的 YAML 标签",
            "删掉 ! 开头的标签",
        ),
        ("attachments:\n  - file: files/a.pdf\n   title: 附件\n", 6, "attachments（附件）", "YAML 格式错误", ""),
    ],
    ids=[
        "tab",
        "unclosed-quote",
        "fullwidth-colon",
        "unclosed-bracket",
        "empty-item",
        "indent",
        "python-tag",
        "nested",
    ],
)
def test_yaml_mistakes_are_explained_in_chinese_at_their_line_and_field(site, front, line, field, meaning, hint):
    """Every message names the field the broken line belongs to (the one a clerk was typing), in
    Chinese only where its meaning is known."""
    site.record("2024/czj-00001.md", HEAD + front + "---\n正文\n")
    text = only_error(site, "czj-00001")
    first = text.splitlines()[0]
    assert first.startswith(f"records/2024/czj-00001.md:{line}: 错误 {field}：YAML 格式错误"), text
    assert meaning in first and hint in text, text
    if meaning != "YAML 格式错误":  # PyYAML's English only where no Chinese meaning is known
        assert not re.search(r"\b(while|found|expected|scanning|parsing|allowed|scalar)\b", first), first


def test_a_yaml_mistake_before_any_field_names_none(site):
    site.record("2024/czj-00001.md", '---\n"title: 标题\nindex_no: czj/2024-00001\n---\n正文\n')
    first = only_error(site, "czj-00001").splitlines()[0]
    assert first.startswith("records/2024/czj-00001.md:2: 错误 YAML 格式错误"), first


def test_a_fullwidth_colon_on_the_first_line_is_named_at_its_line(site):
    """YAML reads `title：…` on the first line as text and stumbles on the next line's colon."""
    site.record("2024/czj-00001.md", "---\ntitle：测试县财政局关于测试的通知\nindex_no: czj/2024-00001\n---\n正文\n")
    text = only_error(site, "czj-00001")
    first = text.splitlines()[0]
    assert first.startswith(
        "records/2024/czj-00001.md:2: 错误 title（标题）：YAML 格式错误：字段名后用了中文冒号“：”"
    ), text
    assert "title: 值" in text, text


def test_missing_front_matter(site):
    site.record("2024/czj-00001.md", "标题\n\n正文\n")
    text = only_error(site, "czj-00001")
    assert "records/2024/czj-00001.md:1: 错误 缺少头部信息" in text
    assert "第一行写 ---" in text


def test_unterminated_front_matter(site):
    site.record("2024/czj-00001.md", "---\ntitle: 标题\n正文\n")
    assert "找不到第二个 --- 行" in only_error(site, "czj-00001")


@pytest.mark.parametrize("field", ["title", "index_no", "agency", "category", "published"])
def test_missing_required_field(site, field):
    site.good(**{field: None})
    text = only_error(site, "czj-00001")
    assert f"{field}（" in text and "）：缺少必填字段" in text and f"加上一行 {field}:" in text


def test_empty_required_field(site):
    site.good(title='""')
    text = only_error(site, "czj-00001")
    assert "records/2024/czj-00001.md:2: 错误 title（标题）：必填字段缺少或为空" in text


def test_wrong_types(site):
    site.good(title=2024, keywords="预算、决算", draft="是")
    text = only_error(site, "czj-00001")
    assert "title（标题）：应为文字，现在是数字 2024" in text
    assert "写成 keywords: [预算, 决算]" in text
    assert "draft（草稿）：应为 true 或 false" in text


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024-02-30", "日期 2024-02-30 不存在（2024年2月只有29天）"),
        ("2023-13-01", "月份应在 01–12 之间"),
        ("2024-01-00", "2024年1月只有31天"),
        ("0000-01-01", "年份应在 0001–9999 之间"),
        ("9999-12-32", "9999年12月只有31天"),
        ("2024/3/5", "写成 2024-03-05"),
        ("2024年3月5日", "写成 2024-03-05"),
        ("20240305", "写成 2024-03-05"),
    ],
)
def test_impossible_or_misformatted_dates(site, value, expected):
    site.good(published=value)
    assert expected in only_error(site, "czj-00001")


@pytest.mark.parametrize(
    "value, why",
    [("2025/13/01", "月份应在 01–12 之间"), ("2024年2月30日", "2024年2月只有29天"), ("20230229", "2023年2月只有28天")],
)
def test_a_misformatted_day_that_does_not_exist_is_not_offered_as_the_fix(site, value, why):
    """Written another way and impossible too: the fix is to check the original, not a day that
    does not exist either (following `写成 2025-13-01` only led to a second error)."""
    site.good(published=value)
    text = only_error(site, "czj-00001")
    assert f"“{value}”不是 YYYY-MM-DD 格式的日期，这一天也不存在（{why}）。" in text
    assert "改法：核对原件上的日期，写成 YYYY-MM-DD，如 2025-03-05。" in text
    assert "写成 2025-13" not in text and "-02-30" not in text and "-02-29" not in text


def test_written_after_published(site):
    site.good(written="2024-02-01")
    assert "成文日期 2024-02-01 晚于发布日期 2024-01-26" in only_error(site, "czj-00001")


def test_duplicate_index_no_names_both_files(site):
    site.good("2024/a.md")
    site.good("2024/b.md")
    text = only_error(site, "a")
    assert (
        "records/2024/b.md:3: 错误 index_no（索引号）：索引号 czj/2024-00001 重复：records/2024/a.md 也使用了它" in text
    )
    assert (
        "records/2024/a.md:3: 错误 index_no（索引号）：索引号 czj/2024-00001 重复：records/2024/b.md 也使用了它" in text
    )
    # Published on the same day: which one the site has used cannot be told from the files.
    assert (
        text.count(
            "改法：两篇同一天发布：网站上已在用这个索引号的那一篇不改，给另一篇换一个未用过的流水号，"
            "如 czj/2024-00002（这一段的下一个）。"
        )
        == 2
    )


@pytest.mark.parametrize(
    "old, new, why",
    [
        ({}, {"published": "2024-03-01"}, "发布在先（2024-01-26，那一篇 2024-03-01）"),
        ({}, {"draft": True}, "已经发布，那一篇还没有"),
        ({"published": "2024-03-01"}, {"published": "2024-01-26", "draft": True}, "已经发布，那一篇还没有"),
    ],
)
def test_duplicate_index_no_says_which_file_keeps_it(site, old, new, why):
    """A record copied to start another, its 索引号 left as it was: the one published first (or
    published at all) keeps its 索引号, the stable address of its page; the other takes a new one,
    whichever file comes first by name."""
    site.good("2024/z-old.md", **old)
    site.good("2024/a-new.md", title="测试县财政局关于2024年预算调整的说明", **new)
    text = only_error(site, "a-new")
    assert (
        "records/2024/a-new.md:3: 错误 index_no（索引号）：索引号 czj/2024-00001 重复：records/2024/z-old.md 已使用。"
        "改法：索引号全站唯一，给本文件换一个未用过的流水号，如 czj/2024-00002（这一段的下一个）。" in text
    )
    assert (
        "records/2024/z-old.md:3: 错误 index_no（索引号）：索引号 czj/2024-00001 重复："
        "records/2024/a-new.md 也使用了它。"
        f"改法：本文件{why}，保留它的索引号（它是网页的网址）；改 records/2024/a-new.md 的索引号。" in text
    )
    assert "尚未发布的那个" not in text


def test_three_records_with_one_index_no_keep_it_in_the_first_published_and_the_others_change(site):
    site.good("2024/a.md", published="2024-03-01")
    site.good("2024/b.md", published="2024-01-01", title="测试县财政局第二份说明")
    site.good("2024/c.md", published="2024-02-01", title="测试县财政局第三份说明")
    text = only_error(site, "b")
    assert (
        "records/2024/b.md:3: 错误 index_no（索引号）：索引号 czj/2024-00001 重复："
        "records/2024/a.md、records/2024/c.md 也使用了它。"
        "改法：本文件发布在先（2024-01-01，其他几篇 2024-03-01、2024-02-01），保留它的索引号" in text
    )
    for other in ("a", "c"):
        assert (
            f"records/2024/{other}.md:3: 错误 index_no（索引号）：索引号 czj/2024-00001 重复："
            "records/2024/b.md 已使用。" in text
        )
    assert text.count("保留它的索引号") == 1


def test_unknown_agency_suggests_closest(site):
    site.good(agency="财政局")
    text = only_error(site, "czj-00001")
    assert "“财政局”不在分类体系的发布机构中" in text
    assert "是不是：测试县财政局" in text


def test_unknown_category_suggests_full_path(site):
    site.good(category="财政预算")
    assert "二级栏目要连同一级栏目一起写：财政信息/财政预算" in only_error(site, "czj-00001")
    site.good(category="财政息信")
    assert "是不是：财政信息" in only_error(site, "czj-00001")


def test_bad_index_no_pattern(site):
    site.good(index_no="czj-2024-1")
    text = only_error(site, "czj-00001")
    assert "索引号 czj-2024-1 不符合本站格式 {org}/{YYYY}-{NNNNN}" in text
    assert "例如 czj/2024-00042" in text


def test_an_option_of_mkdocs_yml_is_named_at_its_line_from_any_folder_of_the_site(site):
    """Run from records/2024 (the check finds mkdocs.yml above), the file is the site's mkdocs.yml
    and the line its option's: it was shown as records/2024/mkdocs.yml, without a line."""
    site.configure(index_no_pattern="{org}-{YYYY}")
    site.good()
    config_lines = (site.root / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(config_lines, 1) if "index_no_pattern" in text)
    done = ourcommands.run([str(BIN / "gongkai"), "check"], cwd=site.root / "records" / "2024")
    assert done.returncode == 1
    assert f"mkdocs.yml\n  {line}: 错误  plugins.gongkai.index_no_pattern：索引号格式" in done.stderr, done.stderr
    assert "records/2024/mkdocs.yml" not in done.stderr


def test_index_no_org_and_year_must_agree(site):
    site.good(index_no="zfb/2023-00001")
    text = only_error(site, "czj-00001")
    assert "索引号前段 zfb 与发布机构“测试县财政局”的代码 czj 不一致" in text
    assert "索引号中的年份 2023 与发布日期 2024-01-26 的年份不一致" in text
    # The suggestion keeps the serial, which another record may hold: it says to take a free one.
    assert "改法：改成 2024 年的号，如 czj/2024-00001（流水号要用还没有用过的；号重复时 gongkai check 会给出" in text


def test_a_record_whose_index_no_disagrees_with_its_agency_is_told_both_ways(site):
    # After a merger of agencies the check told the webmaster to renumber every old record: each of
    # their pages then moved. A file read alone cannot tell whether it is on the site yet: a new
    # record takes the agency's number, a published one keeps its own.
    site.good(agency="测试县人民政府办公室")
    text = only_error(site, "czj-00001")
    assert "改法：新建的记录，改成 zfb 的号，如 zfb/2024-00001" in text, text
    assert "已经发布的记录不要改号（索引号是它网页的网址）" in text
    assert "原机构连同代码 czj 留在 taxonomy.yml 中（见 README“机构改革”）" in text


def test_custom_index_no_pattern(site):
    site.good(index_no="czj-2024-001")
    lines, failed = problems_of(site, index_no_pattern="{org}-{YYYY}-{NNN}")
    assert not failed, lines


def test_of_moved_files_of_one_name_the_one_under_the_linked_folder_is_offered(site):
    # Records re-filed into a folder per agency: czj-00001.md exists in each year's folder. The fix
    # offered the 2023 one for a link to 2024's, and the check then passed with the wrong document.
    for year in (2023, 2024):
        site.good(f"{year}/czj/czj-00001.md", index_no=f"czj/{year}-00001", published=f"{year}-01-26")
    site.good(
        "2025/czj/czj-00001.md",
        index_no="czj/2025-00001",
        published="2025-01-26",
        body="见[说明](../2024/czj-00001.md)。\n",
    )
    text = only_error(site, "czj-00001")
    assert "把路径改成 ../../2024/czj/czj-00001.md，" in text, text
    site.good(
        "2025/czj/czj-00001.md", index_no="czj/2025-00001", published="2025-01-26", body="见[说明](czj-00009.md)。\n"
    )
    for year in (2023, 2024):  # both files named as the link, neither under a folder it names: none offered
        (site.root / f"records/{year}/czj/czj-00001.md").rename(site.root / f"records/{year}/czj/czj-00009.md")
        path = site.root / f"records/{year}/czj/czj-00009.md"
        path.write_text(path.read_text(encoding="utf-8").replace(f"{year}-00001", f"{year}-00009"), "utf-8")
    text = only_error(site, "czj-00001")
    assert "核对原来链接的是哪一个，把路径改成它的" in text and "把路径改成 ../" not in text, text


def test_a_name_close_to_none_is_told_every_choice_up_to_a_screenful():
    # A category renamed (征地拆迁 → 征收补偿) has no name close to the old one: the list stopped at
    # twelve, before the new name.
    from gongkai.model.records import _suggest

    options = [f"栏目{n:02d}" for n in range(30)]
    said = _suggest("征地拆迁", options, "records/taxonomy.yml 的 categories")
    assert said.endswith("栏目28、栏目29") and "……" not in said
    assert _suggest("征地拆迁", [f"栏目{n:02d}" for n in range(45)], "x").endswith("……（共 45 个）")


def test_dangling_references(site):
    site.good(validity="废止", abolished="2024-06-01", superseded_by="czj/2024-00099", interprets="czj/2024-00098")
    text = only_error(site, "czj-00001")
    assert "替代文件 czj/2024-00099 在本站不存在" in text
    assert "被解读的文件 czj/2024-00098 在本站不存在" in text


def test_a_reference_to_a_record_with_errors_of_its_own_is_not_called_missing(site):
    # One wrong date in the target must not send the clerk to "fix" the two records that name it.
    site.good("2024/a.md", validity="废止", abolished="2024-06-01", superseded_by="czj/2024-00002")
    site.good("2024/b.md", index_no="czj/2024-00002", written="2024-13-40")
    site.good("2024/c.md", index_no="czj/2024-00003", interprets="czj/2024-00002")
    lines, failed = problems_of(site)
    assert failed
    text = "\n".join(lines)
    assert "日期 2024-13-40 不存在" in text, text
    assert "在本站不存在" not in text, text
    assert not any("a.md" in line or "c.md" in line for line in lines), text


def test_reference_to_a_draft_is_an_error(site):
    site.good("2024/a.md", interprets="czj/2024-00002")
    site.good("2024/b.md", index_no="czj/2024-00002", draft=True)
    assert "是草稿，不发布：本文件上指向它的链接会打不开" in only_error(site, "a")


def test_validity_needs_abolished_date(site):
    site.good(validity="失效")
    assert "有效性为“失效”时必须写失效日期" in only_error(site, "czj-00001")
    site.good(validity="作废")
    assert "可写：有效、失效、废止" in only_error(site, "czj-00001")


def test_missing_attachment(site):
    site.good(attachments=[{"file": "files/nope.pdf", "title": "附件"}])
    text = only_error(site, "czj-00001")
    assert "records/2024/czj-00001.md:8: 错误 attachments（附件）：附件文件 files/nope.pdf 不存在" in text


def test_a_missing_attachment_is_never_answered_with_another_records_file(site):
    """The folder holds another record's file with a name much like the one written: the fix is to
    put the original there, the other file only named as one to check (a clerk who took a 是不是
    for the answer would have published another record's budget table)."""
    files = site.root / "records" / "2024" / "files"
    files.mkdir(parents=True)
    (files / "czj-2024-00001-budget.pdf").write_bytes(make_pdf("budget"))
    site.good(attachments=[{"file": "files/czj-2024-00004-tiaozheng.pdf", "title": "调整方案"}])
    text = only_error(site, "czj-00001")
    assert "附件文件 files/czj-2024-00004-tiaozheng.pdf 不存在。" in text
    assert (
        "改法：把原件放进文件夹 records/2024/files/，文件名与这里写的一致。"
        "名称相近的现有文件：czj-2024-00001-budget.pdf（可能是别的记录的文件，核对原件后再用）。" in text
    )
    assert "是不是" not in text
    # Only the letters' case differs: that is the file, and the fix says how to write it.
    site.good(attachments=[{"file": "files/CZJ-2024-00001-Budget.PDF", "title": "预算表"}])
    text = only_error(site, "czj-00001")
    assert "改法：文件名的大小写（或全角、半角）与现有的文件不同，写成 files/czj-2024-00001-budget.pdf" in text


def test_a_moved_records_attachment_and_a_link_to_a_moved_record_say_where_the_file_is_now(site):
    """A year put by month (records/2024/09/): the record's attachment stayed in records/2024/files/,
    and another record links to its old place. Each message names where the file is now and the
    path to write from the record's own folder."""
    site.good("2024/09/czj-00001.md", attachments=[{"file": "files/budget.pdf", "title": "预算表"}])
    (site.root / "records/2024/files").mkdir(parents=True)
    (site.root / "records/2024/files/budget.pdf").write_bytes(make_pdf("budget"))
    site.good(
        "2024/czj-00002.md",
        index_no="czj/2024-00002",
        title="测试县财政局第二份说明",
        body="见[上一份说明](czj-00001.md)。\n",
    )
    with pytest.raises(InputError) as refused:
        load_catalog(site.root, Settings())
    problems = refused.value.problems
    moved = [e for e in problems.errors if e.path == "records/2024/09/czj-00001.md"]
    assert len(moved) == 1 and moved[0].message == "附件文件 files/budget.pdf 不存在。"
    assert moved[0].hint.startswith(
        "同名的文件现在在 records/2024/files/budget.pdf（从本文件写作 ../files/budget.pdf）"
    )
    assert "把路径改成 ../files/budget.pdf" in moved[0].hint
    link = [e for e in problems.errors if e.path == "records/2024/czj-00002.md"]
    assert len(link) == 1 and "czj-00001.md 指向的文件不存在" in link[0].message
    assert "现在在 records/2024/09/czj-00001.md（从本文件写作 09/czj-00001.md）" in link[0].hint
    # Written as the message says, both pass.
    path = site.root / "records/2024/09/czj-00001.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("files/budget.pdf", "../files/budget.pdf"), encoding="utf-8"
    )
    path = site.root / "records/2024/czj-00002.md"
    path.write_text(path.read_text(encoding="utf-8").replace("(czj-00001.md)", "(09/czj-00001.md)"), encoding="utf-8")
    assert not load_catalog(site.root, Settings()).problems.errors


def test_attachment_escaping_records(site):
    (site.root / "secret.pdf").write_bytes(b"%PDF-1.4\n")
    site.good(attachments=[{"file": "../../secret.pdf", "title": "附件"}])
    assert "附件路径 ../../secret.pdf 指到了 records 目录之外" in only_error(site, "czj-00001")


def test_gbk_file_is_explained(site):
    path = site.root / "records" / "2024" / "czj-00001.md"
    path.parent.mkdir(parents=True)
    path.write_bytes("---\ntitle: 测试\n---\n".encode("gbk"))
    text = only_error(site, "czj-00001")
    assert "records/2024/czj-00001.md:2: 错误 文件不是 UTF-8 编码，看起来是 GBK/GB2312 编码" in text
    assert "iconv -f GBK -t UTF-8" in text


def test_bom_and_crlf_are_accepted(site):
    path = site.good()
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    lines, failed = problems_of(site)
    assert not failed, lines


def test_unknown_key_is_an_error_unless_configured(site):
    site.good(pubished="2024-01-26", 标题="x")
    text = only_error(site, "czj-00001")
    assert "未知字段 pubished" in text and "是不是 published" in text
    assert "把 标题: 改成 title:" in text
    # Keys other systems use: the field meant is named (not draft, the closest spelling of date).
    site.good(date="2024-01-26", published=None, tags="[预算]")
    text = flat(site.gongkai("check").stderr)
    assert "未知字段 date。改法：是不是 published？（发布日期）" in text, text
    assert "未知字段 tags。改法：是不是 keywords？（关键词）" in text, text
    site.good(source="县财政局网站")
    lines, failed = problems_of(site, extra_keys=("source",))
    assert not failed, lines


def test_duplicate_key(site):
    site.record("2024/czj-00001.md", "---\ntitle: a\ntitle: b\n---\n")
    assert "records/2024/czj-00001.md:3: 错误 title（标题）：这个字段写了两次" in only_error(site, "x")


def test_doc_no_brackets_is_a_warning_with_the_fix(site):
    site.good(doc_no="澄财发[2024]3号")
    lines, failed = problems_of(site)
    assert not failed
    assert any("警告" in line and "写成 澄财发〔2024〕3号" in line for line in lines)


def test_topic_from_default_list(site):
    site.good(topic="综合政务/政务公开")
    assert not problems_of(site)[1]
    site.good(topic="政务公开")
    assert "写成 综合政务/政务公开" in only_error(site, "czj-00001")


def test_reserved_folders_and_readme_are_not_records(site):
    site.good()
    site.record("requests/README.md", "台账说明")
    site.record("reports/README.md", "年报说明")
    site.record("README.md", "说明")
    result = site.gongkai("check")
    assert result.returncode == 0 and "OK, 1 records" in result.stdout
    # A record put into a ledger folder by mistake is not silently skipped.
    site.record("requests/2024.md", "not a record")
    result = site.gongkai("check")
    assert result.returncode == 1
    assert "records/requests/2024.md: 错误 依申请公开台账目录只放 .yml 文件。" in flat(result.stderr)


def test_taxonomy_errors_are_reported(site):
    (site.root / "records" / "taxonomy.yml").write_text(
        "agencies:\n  - {name: 甲, code: 甲局, group: 县直部门}\ncategories:\n  - {name: 栏目, slug: 栏目}\n",
        encoding="utf-8",
    )
    text = only_error(site, "taxonomy")
    assert "records/taxonomy.yml:2: 错误 code：机构代码 '甲局' 只能用英文字母" in text
    assert "records/taxonomy.yml:4: 错误 slug：网址片段 '栏目' 只能用小写英文字母" in text


def test_check_finds_the_site_from_a_subfolder(site):
    site.good(published="2024-02-30")
    result = ourcommands.run([str(BIN / "gongkai"), "check"], cwd=site.root / "records" / "2024")
    assert result.returncode == 1
    assert result.stderr.startswith("records/2024/czj-00001.md\n")  # relative to the site, not to the folder
    assert problem_lines(result.stderr)[0].startswith("records/2024/czj-00001.md:6: 错误 published（发布日期）：")


def test_record_errors_are_listed_even_when_the_taxonomy_is_broken(site):
    (site.root / "records" / "taxonomy.yml").write_text(
        "agencies:\n  - {name: 甲, code: 甲局, group: 县直部门}\ncategories:\n  - {name: 栏目, slug: lm}\n",
        encoding="utf-8",
    )
    site.good(published="2024-02-30")
    site.record("2024/b.md", "标题\n")
    text = only_error(site, "taxonomy")
    assert "records/taxonomy.yml:2: 错误 code：" in text
    assert "records/2024/czj-00001.md:6: 错误 published（发布日期）：日期 2024-02-30 不存在" in text
    assert "records/2024/b.md:1: 错误 缺少头部信息" in text
    assert "不在分类体系的发布机构中" not in text  # nothing is checked against a broken taxonomy


def test_reference_to_itself_is_an_error(site):
    site.good(validity="失效", abolished="2024-05-01", superseded_by="czj/2024-00001")
    assert "替代文件不能是本文件自己" in only_error(site, "czj-00001")


@pytest.mark.parametrize(
    "content,expected",
    [
        (b"", "文件是空的"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "这不是文本文件（看起来是 PDF 文件）"),
        ("---\ntitle: 标题\n---\n".encode("utf-16"), "文件是 UTF-16 编码"),
        (b"\x00\x01\x02binary", "这不是文本文件（看起来是二进制文件）"),
    ],
    ids=["empty", "pdf", "utf16", "binary"],
)
def test_files_that_are_not_utf8_text_are_named_for_what_they_are(site, content, expected):
    path = site.root / "records" / "2024" / "x.md"
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    text = only_error(site, "x")
    assert text.startswith(f"records/2024/x.md:1: 错误 {expected}"), text
    assert "GBK" not in text


def test_folder_or_outside_symlink_is_never_offered_as_an_attachment(site, tmp_path):
    files = site.root / "records" / "2024" / "files"
    files.mkdir(parents=True)
    (files / "预算表.pdf").write_bytes(make_pdf("Budget"))
    outside = tmp_path / "secret.pdf"
    outside.write_bytes(make_pdf("Secret"))
    (files / "预算.pdf").symlink_to(outside)
    site.good(attachments=[{"file": "files", "title": "附件"}])
    text = only_error(site, "czj-00001")
    assert "附件 files 是文件夹，不是文件。" in text and "写到文件本身，如 files/预算表.pdf" in text
    site.good(attachments=[{"file": "files/预算.pdff", "title": "附件"}])
    text = only_error(site, "czj-00001")
    assert "附件文件 files/预算.pdff 不存在" in text and "预算表.pdf" in text and "预算.pdf？" not in text


def test_hash_in_a_value_is_a_warning_not_a_silent_cut(site):
    site.good(summary="这是 #1 号文件")
    lines, failed = problems_of(site)
    assert not failed
    assert any("“#1 号文件”被当作注释，没有写进内容概述" in line for line in lines), lines
    assert any('summary: "这是 #1 号文件"' in line for line in lines), lines


def test_duplicate_agency_code_is_reported_even_when_group_is_missing(site):
    (site.root / "records" / "taxonomy.yml").write_text(
        "agencies:\n  - {name: 甲局, code: czj, group: 县直部门}\n  - {name: 乙局, code: czj}\n"
        "categories:\n  - {name: 栏目, slug: lm}\n",
        encoding="utf-8",
    )
    text = only_error(site, "taxonomy")
    assert "records/taxonomy.yml:3: 错误 group：缺少或为空" in text
    assert "records/taxonomy.yml:3: 错误 code：机构代码 czj 重复" in text


def test_config_option_after_the_command(site):
    site.good()
    result = ourcommands.run([str(BIN / "gongkai"), "check", "-f", str(site.root / "mkdocs.yml")])
    assert result.returncode == 0 and result.stdout.startswith("OK, 1 records"), result.stderr


def test_attachments_are_checked_before_they_are_published(site, tmp_path):
    files = site.root / "records" / "2024" / "files"
    files.mkdir(parents=True)
    (files / "ok.pdf").write_bytes(make_pdf("OK"))
    (files / "tool.exe").write_bytes(b"MZ\x90\x00")
    (files / "fake.pdf").write_bytes(b"MZ\x90\x00 renamed program")
    (files / "page.png").write_bytes(b"<svg onload='alert(1)'></svg>")
    (files / "big.pdf").write_bytes(b"%PDF-1.7\n" + b"0" * (2 * 1024 * 1024))
    real = tmp_path / "real.pdf"
    real.write_bytes(b"%PDF-1.7\n%%EOF\n")
    (files / "link.pdf").symlink_to(files / "ok.pdf")
    (files / "outside.pdf").symlink_to(real)
    (site.root / "records" / "2024" / "linked").symlink_to(files)
    site.good(
        attachments=[
            {"file": "files/ok.pdf", "title": "正常"},
            {"file": "files/tool.exe", "title": "程序"},
            {"file": "files/fake.pdf", "title": "改名"},
            {"file": "files/big.pdf", "title": "太大"},
            {"file": "files/link.pdf", "title": "链接"},
            {"file": "linked/ok.pdf", "title": "经过链接的文件夹"},
            {"file": "files/outside.pdf", "title": "外部"},
        ],
        body="正文。\n\n![图](files/page.png)\n",
    )
    text = only_error(site, "czj-00001", attachment_max_mb=1)
    assert "files/ok.pdf" not in text
    assert "附件 files/tool.exe 的类型 .exe 不在允许发布的范围内。" in text and "attachment_types" in text
    assert "附件 files/fake.pdf 的扩展名是 .pdf，但内容不是这种文件（看起来是 Windows 程序）。" in text
    assert "附件 files/big.pdf 有 2.0 MB，超过了 1 MB 的上限。" in text
    assert "附件 files/link.pdf 经过符号链接 link.pdf，不发布。" in text
    assert "附件 linked/ok.pdf 经过符号链接 linked，不发布。" in text
    assert "附件路径 files/outside.pdf 指到了 records 目录之外。" in text
    assert (
        "records/2024/czj-00001.md:18: 错误 正文链接的文件 files/page.png 的扩展名是 .png，但内容不是这种文件" in text
    )


def test_reading_on_two_cores_gives_the_same_catalog(tmp_path, monkeypatch):
    """The sample read in two halves (the second in a forked child) equals the sample read in one go."""
    from conftest import ROOT
    from gongkai.portal import twocores
    from gongkai.siteconfig import read_mkdocs_settings

    shutil.copytree(ROOT / "records", tmp_path / "records")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path)
    settings = read_mkdocs_settings(tmp_path / "mkdocs.yml")
    monkeypatch.setattr(twocores, "MIN_ITEMS", 10)
    one = load_catalog(tmp_path, settings, parallel=False)
    two = load_catalog(tmp_path, settings, parallel=True)
    assert [r.index_no for r in two.records] == [r.index_no for r in one.records]
    assert [r.index_no for r in two.drafts] == [r.index_no for r in one.drafts]
    for a, b in zip(one.records + one.drafts, two.records + two.drafts, strict=True):
        assert b.category is two.taxonomy.category_by_path[a.category.path]  # the taxonomy's own objects
        assert b.agency is two.taxonomy.agency_by_name[a.agency.name]
        assert (b.title, b.body, b.attachments, b.lines) == (a.title, a.body, a.attachments, a.lines)
    assert two.exemptions == one.exemptions
    # Problems from both halves, reported as one run would.
    (tmp_path / "records" / "2023" / "zz-broken.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    (tmp_path / "records" / "2025" / "zz-broken.md").write_text("---\ntitle: 无索引号\n---\n", encoding="utf-8")
    reports = []
    for parallel in (False, True):
        with pytest.raises(InputError) as exc:
            load_catalog(tmp_path, settings, parallel=parallel)
        reports.append(exc.value.problems.report())
    assert reports[0] == reports[1]
    assert "records/2023/zz-broken.md" in reports[1] and "records/2025/zz-broken.md" in reports[1]


def _pid(part):
    import os

    return os.getpid(), len(part)


def test_the_second_half_is_read_by_a_child_process(monkeypatch):
    import os

    from gongkai.portal import twocores

    monkeypatch.setattr(twocores, "MIN_ITEMS", 4)
    (a, n), (b, m) = twocores.in_halves(list(range(9)), _pid)
    assert a == os.getpid() and b != a and (n, m) == (4, 5)
    assert twocores.in_halves(list(range(9)), _pid, parallel=False) == [(os.getpid(), 9)]
    assert twocores.in_halves([1, 2], _pid) == [(os.getpid(), 2)]  # too few to be worth a process


def test_a_body_of_tags_never_ended_is_refused_before_it_stalls_the_build(site):
    """An attacker's review: a line of `<a ` 30,000 times took Python-Markdown 76 s to convert, twice
    a build; a body with more tags begun and never ended than a clerk writes is refused at its line."""
    site.good(body="第一段。\n\n" + "<a " * 30000 + "\n")
    text = only_error(site, "czj-00001")
    assert "records/2024/czj-00001.md:10: 错误 正文中有 30000 个没有写完的 HTML 标记（< 后面没有 >）" in text
    site.good(body="收入<5000元，a<b 且 x<y。\n\n" + "<b>加粗</b>" * 500 + "\n")  # a clerk's text
    assert problems_of(site)[1] is False


def test_a_paragraph_of_brackets_never_closed_is_refused_before_it_stalls_the_build(site):
    """An attacker's review of the editor's preview: `[` 100,000 times in one paragraph held a thread
    for minutes (Python-Markdown looks for each one's `]` to the paragraph's end: 8,000 took 9 s),
    and a build of that body would hang the same way; check refused nothing."""
    site.good(body="第一段。\n\n" + "[a" * 3000 + "\n")
    text = only_error(site, "czj-00001")
    assert "records/2024/czj-00001.md:10: 错误 正文这一段有 3000 个方括号 [ 同时没有配对" in text, text
    # Closed but nested as deep takes as long; so does a paragraph after a fence never closed,
    # which Python-Markdown reads as text (the checks skipped the rest of the body as code).
    # A ] escaped or in a code span closes nothing (Python-Markdown: 34 s for 4,000 of either), and a
    # "fence" Python-Markdown does not read as one (words after it, closed by a longer one) hides nothing.
    for body in (
        "[" * 3000 + "]" * 3000,
        "```\n" + "[a" * 3000,
        "[\\]" * 3000,
        "[`]`" * 3000,
        "```python 示例\n" + "[a" * 3000 + "\n```",
        "```\n代码\n````\n\n" + "[a" * 3000 + "\n",
    ):
        site.good(body="第一段。\n\n" + body + "\n")
        assert "正文这一段有 3000 个方括号 [ 同时没有配对" in only_error(site, "czj-00001"), body[:10]
    # A clerk's text: links, footnotes, brackets in many paragraphs, a code block of them.
    clerk = (
        "见[国务院网站](https://www.gov.cn/)[^1]。\n\n"
        + "【注】[1] 第一条。\n\n" * 300
        + "```\n"
        + "[" * 5000
        + "\n```\n"
    )
    site.good(body=clerk + "\n[^1]: 注释。\n")
    assert problems_of(site)[1] is False, problems_of(site)[0]


def test_what_copied_text_and_pdfs_hold_of_controls_is_not_refused(site):
    """Refused are the characters that reorder digits (and, in a body, the control characters):
    not a form feed or a line feed copied out of a PDF or Word, not the LRE … PDF Windows puts
    around a copied number, not a PDF whose extracted text holds control characters of its own
    (a signature's bytes, a font without a Unicode map), which no reader sees."""
    files = site.root / "records" / "2024" / "files"
    files.mkdir(parents=True)
    (files / "signed.pdf").write_bytes(make_pdf("Sealed \x07\x03\x04 copy"))
    site.good(
        body="第一段。\x0c第二页。\x0b换行。\n\n电话：\u202a0571-88888888\u202c。\n",
        attachments=[{"file": "files/signed.pdf", "title": "盖章文件"}],
    )
    lines, failed = problems_of(site)
    assert not failed, lines


@pytest.mark.parametrize("field", ["title", "index_no", "agency", "category"])
@pytest.mark.parametrize("first", ["测试县财政局", "测试县城关镇人民政府"])
def test_the_fix_for_a_missing_field_is_right_for_this_site(site, field, first):
    """The line the fix says to add, added as it is, passes: its example is the site's own (its
    agencies and categories, its 索引号 pattern, the agency the 索引号 names), not the sample
    county's, whose names a county that replaced them would copy into a new error. (A missing
    date's example is only its form.)"""
    taxonomy = site.root / "records" / "taxonomy.yml"
    lines = taxonomy.read_text(encoding="utf-8").splitlines(keepends=True)
    moved = next(i for i, line in enumerate(lines) if f"name: {first}," in line)
    lines.insert(1, lines.pop(moved))  # the site's first agency
    taxonomy.write_text("".join(lines), encoding="utf-8")
    path = site.good(**{field: None})
    text = only_error(site, "czj-00001")
    assert "澄岭" not in text, text
    fix = re.search(rf"改法：加上一行 ({field}: [^\s（]+)", text)
    assert fix, text
    path.write_text(path.read_text(encoding="utf-8").replace("---\n", f"---\n{fix.group(1)}\n", 1), encoding="utf-8")
    lines, failed = problems_of(site)
    assert not failed, lines


@pytest.mark.parametrize(
    ("lines", "at", "said", "fix"),
    [
        # No space after the colon: the line is read as a text, and YAML stops here or a line later.
        (
            "agency:测试县财政局\n",
            "2: 错误 agency（发布机构）",
            "字段名 agency 的冒号后面缺少空格",
            "写成 agency: 测试县财政局",
        ),
        (
            "title:关于预算的说明\n",
            "2: 错误 title（标题）",
            "字段名 title 的冒号后面缺少空格",
            "写成 title: 关于预算的说明",
        ),
        # The space after it typed with a Chinese input method.
        ("title:\u3000关于预算的说明\n", "2: 错误 title（标题）", "冒号后面是全角空格", "写成 title: 关于预算的说明"),
        # A list indented with a full-width space: YAML reads on for lines and stops far below.
        (
            "keywords:\n\u3000- 预算\n",
            "3: 错误 keywords（关键词）",
            "这一行开头是全角空格",
            "切换到英文输入法后用空格键缩进",
        ),
        # A list item begun with the dash a Chinese input method types, or a bullet.
        *(
            (
                f"attachments:\n  {dash} {{file: files/a.pdf, title: 附件}}\n",
                "3: 错误 attachments（附件）",
                f"列表的这一项以全角的“{dash}”开头",
                "把它改成短横线和一个空格（- ）",
            )
            for dash in "－—·"
        ),
        # A Chinese colon inside {}: YAML reads "file：files/a.pdf" as one key.
        (
            "attachments:\n  - {file：files/a.pdf, title: 附件}\n",
            "3: 错误 attachments（附件）",
            "第 1 个附件的“file：”用了中文冒号",
            "写成 file: files/a.pdf",
        ),
        # The same after a summary of paragraphs indented so, as Chinese text is.
        (
            'summary: "甲。\n\n\u3000\u3000乙。\n\n\u3000\u3000丙。\n\n\u3000\u3000丁。"\nkeywords:\n\u3000- 预算\n',
            "10: 错误 keywords（关键词）",
            "这一行开头是全角空格",
            "切换到英文输入法后用空格键缩进",
        ),
    ],
)
def test_colons_and_indents_typed_in_chinese_are_named_at_their_line(site, lines, at, said, fix):
    key = lines.split(":", 1)[0]
    good = site.good().read_text(encoding="utf-8")
    kept = "".join(line for line in good.splitlines(keepends=True) if not line.startswith(f"{key}:"))
    site.record("2024/czj-00001.md", kept.replace("---\n", "---\n" + lines, 1))
    text = only_error(site, "czj-00001")
    first = text.splitlines()[0]
    assert first.startswith(f"records/2024/czj-00001.md:{at}："), text
    assert said in first and fix in first, text
    assert len(text.splitlines()) == 1, text


@pytest.mark.parametrize("written", ["[预算，公开]", "[预算; 公开]", "\n  - 预算；公开"])
def test_keywords_joined_by_a_chinese_comma_are_refused_with_the_list_to_write(site, written):
    site.good(keywords=None)
    path = site.root / "records/2024/czj-00001.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("---\n", f"---\nkeywords: {written}\n", 1), encoding="utf-8"
    )
    text = only_error(site, "czj-00001")
    assert text.startswith("records/2024/czj-00001.md:2: 错误 keywords（关键词）：关键词“预算"), text
    assert "改法：每个关键词单独一项，用英文逗号分开：写成 keywords: [预算, 公开]" in text, text


def test_a_keyword_read_as_a_number_is_said_to_be_one_with_the_quotes_to_write(site):
    # It was told "不能有空项", and nothing was empty.
    site.good(keywords="[三公经费, 2025]")
    text = only_error(site, "czj-00001")
    assert "keywords（关键词）：关键词“2025”是数字：关键词应为文字。" in text, text
    assert '改法：用英文双引号把它括起来：keywords: [三公经费, "2025"]' in text
    site.good(keywords='[三公经费, "2025"]')
    assert not problems_of(site)[1]


def test_words_quotes_around_a_value_are_named_as_the_cause(site):
    # Pasted from Word: the title went out in its quotes; the agency was "not in the taxonomy" and
    # the date "not a date", without a word of the quotes.
    site.good(title="“测试县财政局关于2024年预算公开的说明”", agency="“测试县财政局”", published="“2024-01-26”")
    text = only_error(site, "czj-00001")
    assert "2: 警告 title（标题）：两端有中文引号“”：它们不是 YAML 的引号，会原样显示在网页上" in text, text
    assert "改法：不是有意加的，删去两端的引号：写成 title: 测试县财政局关于2024年预算公开的说明" in text
    assert "agency（发布机构）：两端有中文引号“”：它们不是 YAML 的引号，成了值的一部分（“测试县财政局”）。" in text
    assert "改法：删去两端的引号：写成 published: 2024-01-26" in text
    assert "不在" not in text and "不是 YYYY-MM-DD" not in text  # one message each, the cause
    site.good(title="关于“三公”经费的说明")  # quotes inside a title are the title's
    assert problems_of(site) == ([], False)


def test_a_choice_that_holds_one_of_the_choices_is_offered_it_and_nothing_follows_from_it(site):
    # 已废止 was offered the list alone, then told its abolished date did not belong to a 有效 file.
    site.good(validity="已废止", abolished="2024-06-01")
    text = only_error(site, "czj-00001")
    assert "validity（有效性）：“已废止”不是可用的有效性。改法：是不是“废止”？可写：有效、失效、废止" in text, text
    assert "有效的文件不应有失效日期" not in text


def test_a_keyword_with_an_enumeration_comma_is_one_keyword(site):
    site.good(keywords="[水、电、气价格, 预算]")
    lines, failed = problems_of(site)
    assert not failed, lines


def test_radicals_standing_for_ideographs_are_named_with_the_ideograph(site):
    """Text copied out of a PDF may hold ⻘ for 青 and ⽂ for 文: a warning at the line, naming each."""
    site.good(title="测试县财政局关于⻘山镇预算公开的说明", body="第一段。\n\n⽂件⾃发布之日起施⾏。\n")
    lines, failed = problems_of(site)
    assert not failed, lines
    said = "\n".join(lines)
    assert "records/2024/czj-00001.md:2: 警告 title（标题）：有样子和汉字相同的部首字符 ⻘（应为“青”）" in said, said
    assert (
        "czj-00001.md:10: 警告 正文第 10 行有样子和汉字相同的部首字符 ⽂（应为“文”）、⾃（应为“自”）、⾏（应为“行”）"
    ) in said


def test_a_body_full_of_radicals_gets_one_warning_naming_its_lines(site):
    body = "第一段。\n\n" + "".join(f"第{n}条 ⽂件⾃发布之日起施⾏。\n\n" for n in range(300))
    site.good(doc_no="测财发〔2024〕1号", body=body)
    path = site.root / "records/2024/czj-00001.md"
    path.write_text(path.read_text(encoding="utf-8").replace("测财发", "测财\u2f49发"), encoding="utf-8")
    lines, failed = problems_of(site)
    assert not failed, lines
    assert len(lines) == 2, lines  # the 发文字号's, the body's
    assert "doc_no（发文字号）：有样子和汉字相同的部首字符 ⽉（应为“月”）" in lines[0] + lines[1]
    body_warning = next(line for line in lines if "正文" in line)
    assert "正文第 11、13、15、17、19、21、23、25、27、29 等 300 行有样子和汉字相同的部首字符" in body_warning


@pytest.mark.parametrize(
    ("lines", "said", "not_said"),
    [
        # A list item that looks like a field typed without its space, and a quote never closed below.
        ('keywords:\n  - ISO:9001\nsummary: "关于预算\n', "引号一直没有配对", "ISO"),
        # A text's line that looks like one, and a bracket never closed below.
        ("summary: |\n  Email:office@example.gov.cn\nkeywords: [预算, 公开\n", "方括号列表没有正确结束", "Email"),
        # A quoted paragraph indented with 　　 as Chinese text is, and a bracket never closed below.
        ('summary: "第一段。\n\n\u3000\u3000第二段。"\nkeywords: [预算, 公开\n', "方括号列表没有正确结束", "全角空格"),
    ],
)
def test_a_line_that_only_looks_typed_wrong_is_not_blamed_for_another_error(site, lines, said, not_said):
    good = site.good().read_text(encoding="utf-8")
    kept = "".join(line for line in good.splitlines(keepends=True) if not line.startswith(("summary:", "keywords:")))
    site.record("2024/czj-00001.md", kept.replace("---\n", "---\n" + lines, 1))
    text = only_error(site, "czj-00001")
    assert said in text and not_said not in text, text


def test_a_missing_titles_fix_names_the_records_own_agency(site):
    # A 办公室 record was told to add a title naming the site's first agency, the 财政局.
    site.good(title=None, agency="测试县人民政府办公室", index_no="zfb/2024-00001")
    text = only_error(site, "czj-00001")
    assert "改法：加上一行 title: 测试县人民政府办公室关于2024年预算公开的说明" in text, text


def test_a_record_with_neither_body_nor_attachment_is_warned_about(site):
    path = site.good(body="\n")
    done = site.gongkai("check")
    line = path.read_text(encoding="utf-8").split("\n").index("---", 1) + 2
    said = f"czj-00001.md:{line}: 警告 正文是空的，也没有附件"
    assert done.returncode == 0 and said in flat(done.stderr), done.stderr
    site.good(body="\n", attachments=None)  # the same, written again: still one warning
    assert flat(site.gongkai("check").stderr).count("正文是空的") == 1

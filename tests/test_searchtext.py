"""What the search index holds of a record, without Pagefind: the text a citizen reads, the
identifiers as one word, the agency's short name, and the site's synonyms (records/synonyms.yml)."""

from __future__ import annotations

import json

import pytest

from gongkai.sitesearch import search
from gongkai.sitesearch.synonyms import Synonyms, load_synonyms
from gongkai.text import bodytext
from gongkai.text.problems import Problems


@pytest.mark.parametrize(
    "typed",
    [
        "澄自然资发〔2025〕3号",
        "澄自然资发[2025]3号",
        "澄自然资发(2025)3号",
        "澄自然资发【2025】3号",
        "澄自然资发［２０２５］３号",
        "澄自然资发（2025）第03号",
        " 澄自然资发 〔2025〕 3 号 ",
    ],
)
def test_a_document_number_typed_any_way_is_the_same_word(typed):
    assert search.identifier_key(typed) == search.identifier_key("澄自然资发〔2025〕3号")


def test_identifier_words_differ_and_are_one_word_to_pagefind():
    typed = ("澄财发〔2024〕9号", "澄财发〔2024〕19号", "czj/2024-00009", "CZJ/2024-00009")
    keys = {search.identifier_key(x) for x in typed}
    assert len(keys) == 3  # the 索引号's case does not matter
    assert all(k.isalnum() and k.islower() and len(k) == 15 for k in keys)


def test_cited_identifiers_are_found_with_their_whole_prefix():
    class R:
        def __init__(self, index_no, doc_no):
            self.index_no, self.doc_no = index_no, doc_no

    known = search.Identifiers([R("mzj/2023-00001", "澄民发〔2023〕18号"), R("zfb/2024-00001", "澄政发〔2024〕6号")])
    text = "《关于提高标准的通知》（澄民发[2023]18号）同时废止；澄政办发〔2024〕6号另行通知；见 MZJ/2023-00001。"
    # 澄政办发〔2024〕6号 is not 澄政发〔2024〕6号: the tail alone does not make a citation.
    assert known.cited(text) == {"澄民发〔2023〕18号", "mzj/2023-00001"}


def test_the_county_name_is_the_agencies_common_prefix():
    from gongkai.model.taxonomy import county_prefix

    assert county_prefix(["澄岭县财政局", "澄岭县卫生健康局", "澄岭县城关镇人民政府"]) == "澄岭县"
    assert county_prefix(["某市财政局", "某市某区教育局"]) == "某市"
    assert county_prefix(["财政局", "教育局"]) == ""
    assert county_prefix(["澄岭县财政局"]) == ""


def test_lines_cells_and_items_stay_apart():
    body = "## 一、调整标准\n\n| 项目 | 标准 |\n|---|:--:|\n| 城市低保 | 780元 |\n\n- 第一项\n- 第二项\n"
    assert list(bodytext.read(body).lines) == ["一、调整标准", "项目、标准", "城市低保、780元", "第一项", "第二项"]


def test_synonyms_add_the_other_words_of_a_group():
    synonyms = Synonyms((("低保", "最低生活保障"), ("医保", "基本医疗保险")))
    assert synonyms.others("关于调整城乡最低生活保障标准的通知") == ["低保"]
    assert synonyms.others("低保对象和医保缴费") == ["最低生活保障", "基本医疗保险"]
    assert synonyms.others("预算公开") == []


def test_synonyms_match_across_the_punctuation_between_words():
    """双随机、一公开 is 双随机一公开: a group matches with spaces, 、, quotes or book-title marks
    between the characters of its word, in the text or in the group; not across a sentence."""
    synonyms = Synonyms((("双随机一公开", "随机抽查"), ("三公经费", "三公"), ("减税降费", "税费优惠")))
    assert synonyms.others("涉企行政检查实行“双随机、一公开”，无事不扰") == ["随机抽查"]
    assert synonyms.others("全面推行双随机 一公开监管") == ["随机抽查"]
    assert synonyms.others("县本级“三公”经费预算") == []  # holds 三公经费 (and 三公)
    assert synonyms.others("减税。降费") == [] and synonyms.others("减税\n降费") == []  # a sentence's or line's end
    written = Synonyms((("双随机、一公开", "随机抽查"),))
    assert written.others("实行双随机一公开") == ["随机抽查"]
    assert written.others("开展随机抽查") == ["双随机、一公开"]


def write(tmp_path, text):
    path = tmp_path / "synonyms.yml"
    path.write_text(text, encoding="utf-8")
    problems = Problems(root=tmp_path)
    return load_synonyms(path, problems), problems


def test_a_good_synonyms_file_is_read(tmp_path):
    synonyms, problems = write(tmp_path, "# 注释\n- [低保, 最低生活保障]\n- [公租房, 公共租赁住房]\n")
    assert not problems.items
    assert synonyms.groups == (("低保", "最低生活保障"), ("公租房", "公共租赁住房"))
    assert load_synonyms(tmp_path / "none.yml", Problems(root=tmp_path)) == Synonyms()


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("低保: 最低生活保障\n", 1, "同义词表应为列表，每组一行。"),
        ("- [低保]\n", 1, "每组应是至少两个词的列表"),
        ("- 低保\n", 1, "每组应是至少两个词的列表"),
        ("- [低保, 最低生活保障]\n- [低保, 城乡低保]\n", 2, "“低保”已在第 1 行的一组中，一个词只能属于一组。"),
        ("- [保, 保障]\n", 1, "“保”有 1 个字，同义词应为 2 到 20 个字。"),
        ("- [低 保, 最低生活保障]\n", 1, "“低 保”中有空格。"),
        ("- [低保, 110]\n", 1, "“110”是数字"),
        ("- [低保, <b>最低</b>]\n", 1, "含有 HTML 标记"),
        ("- [低保, 最低生活保障\n", 1, ""),  # YAML syntax: said at its line by the YAML reader
    ],
)
def test_each_mistake_is_said_at_its_line_in_chinese(tmp_path, text, line, message):
    _, problems = write(tmp_path, text)
    errors = problems.errors
    assert errors, text
    assert errors[0].line is not None and errors[0].line >= line
    assert message in errors[0].message


def test_check_refuses_a_bad_synonyms_file(site):
    site.good()
    (site.root / "records" / "synonyms.yml").write_text("- [低保]\n", encoding="utf-8")
    result = site.gongkai("check")
    assert result.returncode == 1
    assert "records/synonyms.yml" in result.stderr and "每组应是至少两个词的列表" in result.stderr
    assert "改法" in result.stderr


def test_a_synonym_group_is_one_word_in_the_field_where_a_record_uses_it():
    """gongkai.sitesearch.search.synonym_key: the group's key goes to the title's field (st) when the title uses
    a word of it, to the keywords' (sk) for a keyword or the category, to the body's (sx) for the
    body; the results page looks a group's word up by it (synonym_keys)."""
    from types import SimpleNamespace

    synonyms = Synonyms((("低保", "最低生活保障"), ("社保", "社会保险"), ("双随机", "双随机一公开")))
    record = SimpleNamespace(
        title="关于调整城乡最低生活保障标准的通知",
        summary="",
        body="参加社会保险的人员……实行“双随机、一公开”。",
        keywords=("民生",),
        agency=SimpleNamespace(name="澄岭县民政局"),
        category=SimpleNamespace(path="社会救助/低保"),
    )
    agencies = search.AgencyNames.of(["澄岭县民政局", "澄岭县财政局"])
    _, _, fields = search.index_text(record, synonyms, agencies)
    low, social, random_ = (search.synonym_key(g) for g in synonyms.groups)
    assert low in fields["st"].split() and low in fields["sk"].split() and low not in fields["sx"].split()
    assert social in fields["sx"].split() and random_ in fields["sx"].split()
    assert social not in fields["st"].split() + fields["sk"].split()
    keys = json.loads(search.synonym_keys(synonyms))
    assert keys["社保"] == keys["社会保险"] == social and keys["双随机一公开"] == random_
    assert len({low, social, random_}) == 3 and all(k.startswith("gk") for k in (low, social, random_))


def test_an_agency_is_known_by_its_names_and_indexed_where_it_is_named():
    """gongkai.sitesearch.search.AgencyNames: an agency's key goes to the 发布机构 field of its records
    and to the field of any record that names it; a township's place likewise; the results page looks
    a name up by its key (keys)."""
    from types import SimpleNamespace

    agencies = search.AgencyNames.of(
        ["澄岭县人民政府", "澄岭县人民政府办公室", "澄岭县财政局", "澄岭县卫生健康局", "澄岭县城关镇人民政府"]
    )
    assert agencies.county == "澄岭县"
    assert agencies.group("澄岭县财政局") == ("澄岭县财政局", "财政局")
    assert agencies.group("澄岭县城关镇人民政府") == ("澄岭县城关镇人民政府", "城关镇人民政府")
    # A township's government is named after its place; the county's government is not (the county's
    # name is in every record), and 人民政府 alone names no one.
    assert agencies.places == (("澄岭县城关镇", "城关镇"),)
    assert agencies.group("澄岭县人民政府") == ("澄岭县人民政府",)
    keys = json.loads(agencies.keys())
    finance = search.agency_key(agencies.group("澄岭县财政局"))
    town_government = search.agency_key(agencies.group("澄岭县城关镇人民政府"))
    town = search.place_key(("澄岭县城关镇", "城关镇"))
    assert keys["财政局"] == keys["澄岭县财政局"] == finance
    assert keys["城关镇人民政府"] == town_government and keys["城关镇"] == keys["澄岭县城关镇"] == town
    assert len({finance, town_government, town}) == 3
    assert "人民政府" not in keys and "澄岭县" not in keys
    # Typed with a space or 、 between its words, a name is still the name (search.js drops them).
    assert search.joined("卫生 健康局") in keys

    record = SimpleNamespace(
        title="关于城关镇卫生院改造的通知",
        summary="",
        body="资金由县财政局拨付。",
        keywords=(),
        agency=SimpleNamespace(name="澄岭县卫生健康局"),
        category=SimpleNamespace(path="政策文件"),
    )
    _, _, fields = search.index_text(record, None, agencies)
    health = search.agency_key(agencies.group("澄岭县卫生健康局"))
    assert health in fields["sa"].split() and health not in fields["st"].split() + fields["sx"].split()
    assert town in fields["st"].split() and town_government not in fields["st"].split()
    assert town not in fields["sa"].split()
    assert finance in fields["sx"].split() and finance not in fields["st"].split() + fields["sa"].split()
    # The field keeps the agency's words, full and short, for the score of the query's words.
    assert fields["sa"] == search.words("澄岭县卫生健康局 卫生健康局") + " " + health
    # A town's government's records hold its key and its place's.
    government = SimpleNamespace(**{**vars(record), "agency": SimpleNamespace(name="澄岭县城关镇人民政府")})
    _, _, fields = search.index_text(government, None, agencies)
    assert fields["sa"].split()[-2:] == [town_government, town]
    # Without the site's agencies (a record read alone), no key.
    _, _, alone = search.index_text(record, None, None)
    assert not any(w.startswith("gk") for w in alone["sa"].split())

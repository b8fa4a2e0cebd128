"""Default lists from the national rules (see the reference notes, §3.3)."""

from __future__ import annotations

# 主题分类 of the gov.cn policy library: 22 top levels with their children.
# Some children contain "、" themselves (参事、文史), so each is its own string.
TOPICS: dict[str, list[str]] = {
    "国务院组织机构": [
        "国务院",
        "国务院办公厅",
        "国务院组成部门",
        "国务院直属特设机构",
        "国务院直属机构",
        "国务院办事机构",
        "国务院直属事业单位",
        "国务院部委管理的国家局",
        "国务院议事协调机构",
        "其他",
    ],
    "综合政务": [
        "政务公开",
        "政务督查",
        "应急管理",
        "电子政务",
        "文秘工作",
        "保密工作",
        "信访",
        "参事、文史",
        "其他",
    ],
    "国民经济管理、国有资产监管": [
        "宏观经济",
        "经济体制改革",
        "统计",
        "物价",
        "国有资产监管",
        "重大建设项目",
        "其他",
    ],
    "财政、金融、审计": [
        "财政",
        "税务",
        "银行",
        "货币（含外汇）",
        "证券",
        "保险",
        "社会信用体系建设",
        "审计",
        "其他",
    ],
    "国土资源、能源": [
        "土地",
        "矿产",
        "水资源",
        "海洋",
        "煤炭",
        "石油与天然气",
        "电力",
        "其他",
    ],
    "农业、林业、水利": ["农业、畜牧业、渔业", "林业", "水利", "其他"],
    "工业、交通": [
        "机械制造与重工业",
        "轻工纺织",
        "化工",
        "国防工业",
        "航天、航空",
        "信息产业（含电信）",
        "公路",
        "水运",
        "铁路",
        "民航",
        "邮政",
        "其他",
    ],
    "商贸、海关、旅游": [
        "对外经贸合作",
        "国内贸易（含供销）",
        "海关",
        "检验、检疫",
        "旅游",
        "其他",
    ],
    "市场监管、安全生产监管": [
        "工商",
        "质量监督",
        "标准",
        "食品药品监管",
        "安全生产监管",
        "其他",
    ],
    "城乡建设、环境保护": [
        "城市规划",
        "城乡建设（含住房）",
        "环境监测、保护与治理",
        "节能与资源综合利用",
        "气象、水文、测绘、地震",
        "其他",
    ],
    "科技、教育": ["科技", "教育", "知识产权", "其他"],
    "文化、广电、新闻出版": ["文化", "文物", "新闻出版", "广播、电影、电视", "其他"],
    "卫生、体育": ["卫生", "医药管理", "体育", "其他"],
    "人口与计划生育、妇女儿童工作": ["人口与计划生育", "妇女儿童", "其他"],
    "劳动、人事、监察": [
        "劳动就业",
        "社会保障",
        "人事工作",
        "军转安置",
        "监察",
        "纠正行业不正之风",
        "其他",
    ],
    "公安、安全、司法": ["公安", "国家安全", "司法", "其他"],
    "民政、扶贫、救灾": [
        "减灾救灾",
        "优抚安置",
        "社会福利",
        "行政区划与地名",
        "社团管理",
        "扶贫",
        "其他",
    ],
    "民族、宗教": ["民族事务", "宗教事务"],
    "对外事务": ["外交、外事", "国际条约、国际组织", "其他"],
    "港澳台侨工作": ["港澳工作", "对台工作", "侨务工作"],
    "国防": ["国防建设", "国防动员"],
    "其他": [],
}

# The 15 法定文种 of 《党政机关公文处理工作条例》第八条 (命令 also written 令),
# plus the kinds of items portals publish that are not 公文.
GENRES: list[str] = [
    "决议",
    "决定",
    "命令",
    "令",
    "公报",
    "公告",
    "通告",
    "意见",
    "通知",
    "通报",
    "报告",
    "请示",
    "批复",
    "议案",
    "函",
    "纪要",
    "公示",
    "方案",
    "规划",
    "其他",
]

DOC_TYPES: list[str] = ["规章", "行政规范性文件"]

VALIDITIES: list[str] = ["有效", "失效", "废止"]

# -- 依申请公开 and the annual report (国办公开办函〔2021〕30号; reference notes §1.4, §1.5) --------

#: The applicant columns of table 三, in the national order (the last five are 法人或其他组织).
APPLICANTS: list[str] = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]

#: The result rows of table 三: outcome -> its reasons (the sub-rows), verbatim without their numbers.
OUTCOMES: dict[str, list[str]] = {
    "予以公开": [],
    "部分公开": [],
    "不予公开": [
        "属于国家秘密",
        "其他法律行政法规禁止公开",
        "危及“三安全一稳定”",
        "保护第三方合法权益",
        "属于三类内部事务信息",
        "属于四类过程性信息",
        "属于行政执法案卷",
        "属于行政查询事项",
    ],
    "无法提供": ["本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"],
    "不予处理": [
        "信访举报投诉类申请",
        "重复申请",
        "要求提供公开出版物",
        "无正当理由大量反复申请",
        "要求行政机关确认或重新出具已获取信息",
    ],
    "其他处理": [
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "其他",
    ],
}

#: How an application arrived (Art 31 fixes the receipt date by channel).
CHANNELS: list[str] = ["当面", "信函", "网络", "传真", "其他"]

APPEAL_TYPES: list[str] = ["行政复议", "行政诉讼"]
LAWSUIT_ROUTES: list[str] = ["未经复议直接起诉", "复议后起诉"]
APPEAL_RESULTS: list[str] = ["维持", "纠正", "其他"]

#: Words clerks write for the applicant's type, and what to write instead (table 三's columns).
APPLICANT_WORDS: dict[str, str] = {
    **dict.fromkeys(("个人", "公民", "群众", "市民", "居民", "村民", "农民", "个体"), "个人申请的写 自然人"),
    **dict.fromkeys(("企业", "公司", "私营企业", "民营企业"), "企业申请的写 商业企业"),
    **dict.fromkeys(("律师", "律师事务所", "律所"), "律师、律师事务所申请的写 法律服务机构"),
    **dict.fromkeys(("学校", "高校", "研究所", "科研院所"), "写 科研机构"),
    **dict.fromkeys(("社会组织", "协会", "基金会", "公益组织"), "写 社会公益组织"),
}
#: Words clerks write for a choice of the national tables, and what to write instead.
OUTCOME_WORDS: dict[str, str] = {
    **dict.fromkeys(("公开", "全部公开", "同意公开", "已公开", "依申请公开"), "全部公开的写 予以公开"),
    **dict.fromkeys(("不公开", "拒绝公开", "不同意公开"), "写 不予公开，并用 reason 写明具体情形"),
    **dict.fromkeys(("信息不存在", "不存在", "无此信息"), "写 无法提供，reason: 本机关不掌握相关政府信息"),
}
#: 驳回, 撤销 … are how a decision or a judgement ends, not columns of table 四. (The usual count:
#: the act complained of stands -> 维持; it is set aside, changed, declared unlawful or to be
#: performed -> 纠正; the case ends without a ruling on it -> 其他.)
APPEAL_RESULT_WORDS: dict[str, str] = {
    "驳回": (
        "“驳回”要看驳回的是什么：判决驳回诉讼请求、决定驳回复议请求（原行为不变）写 维持；"
        "裁定驳回起诉、驳回复议申请（未就原行为作出处理）写 其他"
    ),
    **dict.fromkeys(("驳回诉讼请求", "驳回复议请求", "判决驳回", "维持原决定", "维持原行为"), "原行为不变，写 维持"),
    **dict.fromkeys(("驳回起诉", "裁定驳回起诉", "驳回复议申请", "不予受理"), "未就原行为作出处理，写 其他"),
    **dict.fromkeys(
        ("撤销", "变更", "确认违法", "责令履行", "责令重作", "撤销重作"), "原行为被撤销、变更或确认违法等，写 纠正"
    ),
    **dict.fromkeys(("撤诉", "撤回", "终止", "调解", "和解"), "案件未就原行为作出处理而结束，写 其他"),
}

#: What a 行政许可/处罚/强制 decision count of table 二 is called in taxonomy.yml (`report_row`).
REPORT_ROWS: list[str] = ["行政许可", "行政处罚", "行政强制"]

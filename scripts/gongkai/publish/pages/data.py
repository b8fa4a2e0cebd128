"""数据下载: what /data/ holds (the catalogue as CSV and JSON, the schemas, each 年报's figures),
and the Atom feeds when the site writes them."""

from __future__ import annotations

from gongkai.model.reports import by_group_of
from gongkai.model.urls import relative
from gongkai.publish.pages.common import PageText, Site, md_text, page_front


def data_page(site: Site) -> PageText:
    """数据下载: what /data/ holds, and the feeds (`site.feeds`). Each link says what it is, the
    file's format in brackets; what only a program reads (the formats, the editors' schemas) comes
    last, under its own heading."""
    uri, urls, cat = site.urls.data(), site.urls, site.cat

    def link(text: str, target: str) -> str:
        return f"[{text}]({relative(uri, target)})"

    n = len(cat.records)
    out = [
        page_front("数据下载", hide=["toc"]),
        "# 数据下载\n\n",
        f"本站主动公开的全部 {n} 条政府信息的目录（不含正文），可以下载后查看、核对和再利用：\n\n",
        f"- {link('政府信息公开目录（表格，CSV）', urls.data('catalog.csv'))}：Excel、WPS 可直接打开。"
        "附件一栏每行一个“标题 网址”。\n",
        f"- {link('政府信息公开目录（JSON）', urls.data('catalog.json'))}：同样的内容，供程序读取。\n\n",
        "每条包括：索引号、标题、发布机构、公开目录分类、主题分类、发布日期、成文日期、发文字号、有效性、网址和附件。"
        "数据随网站每次更新重新生成，按发布日期从新到旧排列。\n\n",
    ]
    if cat.reports:
        out.append(
            "## 年度报告的数字\n\n"
            "各年政府信息公开工作年度报告的全部数字（表二、表三、表四逐格，按机构分组和栏目的信息条数，"
            "发布机关，是否已冻结）：\n\n"
            + "".join(f"- {link(md_text(r.title) + '（JSON）', urls.report_data(r.slug))}\n" for r in _in_order(cat))
            + "\n"
        )
    if site.feeds:
        out.append(
            "## 订阅\n\n"
            f"订阅最新信息：{link('全站 Atom 订阅', urls.feed())}（最新 50 条）；"
            "每个栏目也有自己的订阅地址，在栏目页的末尾。\n\n"
        )
    out.append(
        "## 供软件开发者\n\n"
        f"- 目录的格式：{link('catalog.schema.json', urls.data('catalog.schema.json'))}（JSON Schema）。\n"
    )
    if cat.reports:
        out.append(
            f"- 年度报告数字的格式：{link('annual/schema.json', urls.data('annual/schema.json'))}（JSON Schema）；"
            "上级政府可用 gongkai aggregate 把同一年的多份相加。\n"
        )
    out.append(
        "- 编辑用的格式（JSON Schema，含本站的发布机构、栏目和索引号格式，编辑器和工具可据此检查）："
        f"{link('信息记录', urls.data('record.schema.json'))}、{link('年度报告', urls.data('report.schema.json'))}、"
        f"{link('依申请公开台账', urls.data('request.schema.json'))}、"
        f"{link('行政复议和行政诉讼台账', urls.data('appeal.schema.json'))}（台账本身不公开）。\n"
    )
    return PageText(uri, "".join(out), site.newest)


def _in_order(cat) -> list:
    """The reports as the 年报 page lists them: the government's, newest first (the catalogue's
    order), then the agencies' by group (not by file name: 2023-czj before 2024-czj before 2024-dxz)."""
    own = [r for r in cat.reports if r.scope is None]
    return own + [r for listed in by_group_of(cat.reports, cat.taxonomy).values() for r in listed]

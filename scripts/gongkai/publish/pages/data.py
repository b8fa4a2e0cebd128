"""数据下载: what /data/ holds (the catalogue as CSV and JSON, the schemas, each 年报's figures),
and the Atom feeds when the site writes them."""

from __future__ import annotations

from gongkai.model.urls import relative
from gongkai.publish.pages.common import PageText, Site, md_text, page_front


def data_page(site: Site) -> PageText:
    """数据下载: what /data/ holds, and the feeds (`site.feeds`)."""
    uri, urls, cat = site.urls.data(), site.urls, site.cat
    n = len(cat.records)
    out = [
        page_front("数据下载", hide=["toc"]),
        "# 数据下载\n\n",
        f"本站主动公开的全部 {n} 条政府信息的目录（不含正文），供下载、核对和再利用：\n\n",
        f"- [catalog.csv]({relative(uri, urls.data('catalog.csv'))})：表格，Excel、WPS 可直接打开"
        "（UTF-8 编码，带 BOM）。附件一栏每行一个“标题 网址”。\n",
        f"- [catalog.json]({relative(uri, urls.data('catalog.json'))})：同样的内容，JSON 格式，供程序读取；"
        f"格式见 [catalog.schema.json]({relative(uri, urls.data('catalog.schema.json'))})（JSON Schema）。\n\n",
        "每条包括：索引号、标题、发布机构、公开目录分类、主题分类、发布日期、成文日期、发文字号、有效性、网址和附件。"
        "数据随网站每次更新重新生成，按发布日期从新到旧排列。\n\n",
        f"编辑记录用的 [record.schema.json]({relative(uri, urls.data('record.schema.json'))})：记录文件开头"
        "（YAML）的 JSON Schema，含本站的发布机构、栏目和索引号格式，编辑器和工具可据此检查记录。"
        "同样用于编辑的还有：年度报告文件开头的 "
        f"[report.schema.json]({relative(uri, urls.data('report.schema.json'))})，依申请公开台账的 "
        f"[request.schema.json]({relative(uri, urls.data('request.schema.json'))})，复议诉讼台账的 "
        f"[appeal.schema.json]({relative(uri, urls.data('appeal.schema.json'))})（台账本身不公开）。\n\n",
    ]
    if cat.reports:
        schema = relative(uri, urls.data("annual/schema.json"))
        out.append(
            "各年政府信息公开工作年度报告的全部数字（表二、表三、表四逐格，按机构分组和栏目的信息条数，"
            f"发布机关，是否已冻结），JSON 格式，格式见 [annual/schema.json]({schema})（JSON Schema）；"
            "上级政府可用 `gongkai aggregate` 把同一年的多份相加：\n\n"
            + "".join(
                f"- [annual/{r.slug}.json]({relative(uri, urls.report_data(r.slug))})：{md_text(r.title)}\n"
                for r in cat.reports
            )
            + "\n"
        )
    if site.feeds:
        out.append(
            f"订阅最新信息：[全站 Atom 订阅]({relative(uri, urls.feed())})（最新 50 条）；"
            "每个栏目也有自己的订阅地址，在栏目页上。\n"
        )
    return PageText(uri, "".join(out), site.newest)

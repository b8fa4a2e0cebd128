"""The footer (底部功能区) of a government site, from `extra.footer` in mkdocs.yml, checked.

The 网页设计规范 of 《政府网站发展指引》 asks for the 主办单位, contact details, the 网站标识码, the
ICP and 公安机关 record numbers (each linked to its register) and the 党政机关网站标识. The image of
the last is the site owner's own copy under docs/: a page must load nothing from other hosts. The
inspection's 功能设计 items expect a "我为政府网站找错" link on every page (`error_report`: the
address the national error-report platform gives the site), here a text link, not the platform's
script.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from gongkai.text import pii, plaintext
from gongkai.text.problems import Problems

#: Keys of `extra.footer`, in the order the footer shows them.
FIELDS = {
    "sponsor": "主办单位",
    "organizer": "承办单位",
    "address": "地址",
    "phone": "联系电话",
    "site_code": "网站标识码",
    "icp": "ICP备案号",
    "police": "公安机关备案号",
    "conac_logo": "党政机关网站标识（图片，docs 下的路径）",
    "conac_link": "党政机关网站标识的链接",
    "error_report": "“我为政府网站找错”的链接",
}
ICP_REGISTER = "https://beian.miit.gov.cn/"
POLICE_REGISTER = "https://www.beian.gov.cn/portal/registerSystemInfo?recordcode="
_POLICE_CODE = re.compile(r"\d{14}")
_ICP_NUMBER = re.compile(r"ICP备\s*\d{6,}\s*号")
_DIGITS = re.compile(r"\d")
_SITE_CODE = re.compile(r"bm\d{8}|\d{10}")
_IMAGE = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}


_PERSONAL_FIX = "页脚写单位的办公电话、公共邮箱，不写个人的手机号码或证件号码。"

#: MkDocs' own options that every page shows: in the header and <title>, the description <meta>
#: and the footer. The theme prints them as they are written, so markup in them is markup on
#: every page (a <meta http-equiv="refresh"> in `copyright` sent every reader elsewhere).
SITE_TEXTS = {"site_name": "网站名称", "site_description": "网站简介", "copyright": "版权信息"}
#: Of those, the ones the theme puts inside an attribute's double quotes.
_IN_ATTRIBUTES = frozenset({"site_name", "site_description"})


def site_texts(values: dict, problems: Problems, source: str = "mkdocs.yml") -> None:
    """Each of `values` (SITE_TEXTS' options, as mkdocs.yml gives them) checked as plain text with
    no one's personal number, as a footer value is."""
    for key, label in SITE_TEXTS.items():
        value = values.get(key)
        if value is None or value == "":
            continue
        if not isinstance(value, str):
            problems.error(
                source, None, key, f"{label}应为文字，现在是 {value!r}。", f"例如 {key}: 某县人民政府信息公开"
            )
            continue
        # The theme prints them as HTML, but the page tags, the feeds and the data files print them as
        # text: a character reference (`Copyright &copy;`, as Material's own documentation writes it)
        # would show as © in one place and as &copy; in another. The character itself, everywhere.
        ref = plaintext.reference(value)
        wrong = (
            plaintext.problem(value)
            if ref is None
            else (
                f"含有字符引用“{ref}”：它在网页标题里显示为字符，在页面标签、订阅和数据文件里却原样显示。",
                f"直接写出字符：把 {ref} 写成 {html.unescape(ref)}。",
            )
        )
        if wrong is None and key in _IN_ATTRIBUTES and '"' in value:
            wrong = (
                '含有英文双引号 "：它在网页的属性里（<meta>、aria-label），会截断属性、把后面的文字当作网页代码。',
                "改用中文引号“ ”。",
            )
        if wrong is not None:
            problems.error(source, None, key, f"{label}{wrong[0]}", wrong[1])
            continue
        for hit in pii.find(value, markup=False)[:1]:
            problems.error(
                source, None, key, f"{label}有未遮盖的{pii.LABELS[hit.kind]}（{hit.shown}）。", _PERSONAL_FIX
            )


#: The theme's images every page shows, by option of `theme` in mkdocs.yml.
THEME_IMAGES = {"logo": "网站标志（logo）", "favicon": "网站图标（favicon）"}


def theme_images(theme, dirs: list[Path], problems: Problems, source: str = "mkdocs.yml") -> None:
    """`theme.logo` and `theme.favicon` name a file the site has (under docs_dir or a theme folder
    in `dirs`), never another host's: the theme writes the path on every page as it is, and a
    missing file was a broken image there, with check and build silent."""
    if not isinstance(theme, dict):
        return
    for key, what in THEME_IMAGES.items():
        value = theme.get(key)
        if value is None or value == "":
            continue
        path = str(value)
        if path.startswith("/"):
            # The theme writes it as it is: from the host's root, not the site's (broken below a folder).
            problems.error(
                source,
                None,
                f"theme.{key}",
                f"{what}的路径 {value} 以 / 开头：网站放在子目录（如 /xxgk/）下时，每个页面上的图片都打不开。",
                f"写 docs 下的相对路径，不要开头的 /：{key}: {path.lstrip('/')}",
            )
            continue
        if "://" in path or path.startswith("data:") or not any((d / path).is_file() for d in dirs):
            problems.error(
                source,
                None,
                f"theme.{key}",
                f"找不到{what} {value}：每个页面都显示它，文件要在 docs 目录中。",
                f"把图片放进 docs（如 docs/images/{key}.png），写 {key}: images/{key}.png；不能引用外网的图片。",
            )


#: What an example value holds (the sample's footer says 示例, and zeros where the numbers go).
_EXAMPLE = re.compile(r"示例|0{7,}")


def examples(values: dict[str, str]) -> dict[str, str]:
    """The footer's values (as `footer` gives them) that are still examples, by key: the sample's
    (示例), or zeros where the numbers go. The inspection looks for real ones."""
    return {key: values[key] for key in FIELDS if key in values and _EXAMPLE.search(values[key])}


def footer(options, docs_dir: Path, problems: Problems, source: str = "mkdocs.yml") -> dict[str, str]:
    """The footer's values and the links they lead to; every problem named with its key and fix."""
    if options is None:
        return {}
    if not isinstance(options, dict):
        fix = "例如 extra.footer.sponsor: 某县人民政府办公室"
        problems.error(source, None, "extra.footer", "应为一组“键: 值”。", fix)
        return {}
    out: dict[str, str] = {}
    for key, value in sorted(options.items(), key=lambda item: str(item[0])):
        field = f"extra.footer.{key}"
        if key not in FIELDS:
            choices = "、".join(f"{k}（{v}）" for k, v in FIELDS.items())
            problems.error(source, None, field, "没有这一项。", "可写：" + choices)
            continue
        if value is None or value == "":
            continue
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            problems.error(source, None, field, f"{FIELDS[key]}应为文字，现在是 {value!r}。")
            continue
        out[key] = str(value).strip()
        # On every page, for everyone: plain text (as a title is) and no one's personal number.
        wrong = plaintext.problem(out[key])
        if wrong is not None:
            problems.error(source, None, field, f"{FIELDS[key]}{wrong[0]}", wrong[1])
            del out[key]
            continue
        for hit in pii.find(out[key], markup=False)[:1]:
            problems.error(
                source, None, field, f"{FIELDS[key]}有未遮盖的{pii.LABELS[hit.kind]}（{hit.shown}）。", _PERSONAL_FIX
            )
            del out[key]
    if "police" in out:
        code = _POLICE_CODE.search(out["police"])
        if code is None:
            problems.error(
                source,
                None,
                "extra.footer.police",
                f"公安机关备案号“{out['police']}”里没有 14 位备案编号，无法链接到备案查询。",
                "照备案证书写全，例如 police: 京公网安备11010202008000号",
            )
        else:
            out["police_link"] = POLICE_REGISTER + code.group()
    if "icp" in out:
        out["icp_link"] = ICP_REGISTER
        if not _ICP_NUMBER.search(out["icp"]):
            problems.warn(
                source,
                None,
                "extra.footer.icp",
                f"ICP备案号“{out['icp']}”不像工信部的备案号（省份简称、ICP备、数字、号）。",
                "照工信部备案系统（beian.miit.gov.cn）中本站的备案号写，如 浙ICP备12345678号 或 浙ICP备12345678号-1。",
            )
    if "phone" in out and len(_DIGITS.findall(out["phone"])) < 5:  # 12345, the government hotline, has five
        problems.warn(
            source,
            None,
            "extra.footer.phone",
            f"联系电话“{out['phone']}”里不到 5 位数字，不像电话号码。",
            "写单位的办公电话（含区号），如 phone: 0571-12345678。",
        )
    if "site_code" in out and not _SITE_CODE.fullmatch(out["site_code"]):
        problems.warn(
            source,
            None,
            "extra.footer.site_code",
            f"网站标识码“{out['site_code']}”不像全国政府网站的标识码（10 位数字，部委为 bm 加 8 位数字）。",
            "照网站标识码证书核对。",
        )
    if "conac_logo" in out:
        logo = out["conac_logo"].lstrip("/")
        path = docs_dir / logo
        if "://" in logo or Path(logo).suffix.lower() not in _IMAGE or not path.is_file():
            problems.error(
                source,
                None,
                "extra.footer.conac_logo",
                f"找不到党政机关网站标识图片 docs/{logo}（须是 docs 下的图片文件）。",
                "把开办单位收到的标识图片放进 docs（例如 docs/images/conac.png），写 conac_logo: images/conac.png；"
                "不能引用外网图片。",
            )
            del out["conac_logo"]
        else:
            out["conac_logo"] = logo
    if "conac_link" in out and not out["conac_link"].startswith(("https://", "http://")):
        problems.error(
            source,
            None,
            "extra.footer.conac_link",
            f"党政机关网站标识的链接“{out['conac_link']}”不是网址。",
            "写开办单位给出的完整网址，以 https:// 开头。",
        )
        del out["conac_link"]
    if "error_report" in out and not out["error_report"].startswith("https://"):
        problems.error(
            source,
            None,
            "extra.footer.error_report",
            f"“我为政府网站找错”的链接“{out['error_report']}”不是 https 网址。",
            "写全国政府网站找错平台给本站的完整网址，"
            "如 https://zfwzzc.www.gov.cn/check_web/errorInfo/jcInfo/…（以 https:// 开头）。",
        )
        del out["error_report"]
    return out

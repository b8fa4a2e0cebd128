"""The editor's Decap CMS configuration, generated from the record schema (gongkai.model.schema.FIELDS),
the site's taxonomy and its settings: never a hand-written copy of the field list.

Each field's `kind` says which Decap widget edits it; a kind without a widget here is an error
(`NotInEditor`), so a field the schema gains cannot be silently left out of the form. Labels and
hints are the schema's Chinese `label` and `doc`; choices are the schema's or the site's lists;
a field whose JSON Schema has a `pattern` gets it, with a Chinese message built from its example.
"""

from __future__ import annotations

import re
from pathlib import Path

from gongkai.clerk.newrecord import month_folders
from gongkai.model.fields import Attachments
from gongkai.model.schema import FIELDS, site_lists
from gongkai.model.settings import Settings
from gongkai.text import pii

#: The collection of records: its name is part of the editor's URLs (#/collections/records/…).
COLLECTION = "records"
#: The Markdown body, which is not a front-matter field.
BODY = "body"
#: The widget that shows the 索引号 without letting anyone type it (registered by editor.js):
#: a new record gets its number on save, a saved record's number never changes.
INDEX_NO_WIDGET = "gongkai-index-no"
#: The date widget (registered by editor.js): text written and shown YYYY-MM-DD, with a calendar
#: button. Decap's own datetime widget is the browser's date input, shown in the browser's language.
DATE_WIDGET = "gongkai-date"
#: Local mode's backend: Decap's proxy backend with lists a page at a time (registered by editor.js).
LOCAL_BACKEND = "gongkai"
#: Where uploaded files go, relative to the record's own folder (as the sample keeps them).
MEDIA_FOLDER = "files"


YEAR = re.compile(r"\d{4}")
DESCRIPTION = "每条记录一个文件；保存时检查，未通过检查的保存为草稿，不会发布。"


class NotInEditor(Exception):
    """A schema field of a kind the editor has no widget for."""


def decap_config(
    taxonomy,
    settings: Settings,
    backend: dict,
    site_url: str | None = None,
    hosted: bool = False,
    years: list[str] | tuple[str, ...] = (),
) -> dict:
    """The configuration passed to `CMS.init({config})` (with `load_config_file: false`). `hosted`:
    the editor at /admin/ of the portal, where no server of gongkai's assigns the 索引号 (it is
    typed, and the merge request's check refuses one used twice) and saves go through review.
    `years`: the year folders of the records folder, and the month folders of a year kept by month
    (`year_folders`), one list each: Decap shows every record of a list at once, which takes
    seconds per thousand (benchmarks/editor.py)."""
    collections = [year_collection(year, taxonomy, settings, hosted) for year in years]
    if not (hosted and years):
        # Records elsewhere (the local server leaves the year folders out of this list), and the
        # only list of a site without year folders.
        collections.append(records_collection(taxonomy, settings, hosted, others=bool(years)))
    config = {
        "load_config_file": False,
        "locale": "zh_Hans",
        "backend": backend,
        "media_folder": f"{settings.records_dir}/{MEDIA_FOLDER}",
        "public_folder": MEDIA_FOLDER,
        # Chinese titles stay Chinese in the names Decap makes for new entries (the server
        # names the file after the 索引号 anyway).
        "slug": {"encoding": "unicode", "clean_accents": False},
        "show_preview_links": False,
        "editor": {"preview": True},
        "collections": collections,
    }
    if hosted:
        config["publish_mode"] = "editorial_workflow"
    if site_url:
        config["site_url"] = site_url
        config["display_url"] = site_url
    return config


def year_folders(root: Path) -> list[str]:
    """The folders of the records folder that are lists of their own, newest first: each year
    folder (records/2025/), and in a year kept by month its month folders (records/2025/09/), the
    year itself only when records lie in it directly."""
    if not root.is_dir():
        return []
    out = []
    for year in sorted((p for p in root.iterdir() if p.is_dir() and YEAR.fullmatch(p.name)), reverse=True):
        months = month_folders(year)
        out += [f"{year.name}/{m}" for m in months]
        if not months or any(p.suffix == ".md" and not p.name.startswith(".") for p in year.iterdir()):
            out.append(year.name)
    return out


def year_collection(folder: str, taxonomy, settings: Settings, hosted: bool = False) -> dict:
    """The records of one year (or month) folder, any depth below it but its own list folders."""
    out = records_collection(taxonomy, settings, hosted)
    year, _, month = folder.partition("/")
    out.update(
        name=f"{COLLECTION}-{year}" + (f"-{month}" if month else ""),
        label=f"{year}年" + (f"{month}月" if month else ""),
        description=f"{settings.records_dir}/{folder}/ 中的记录。" + DESCRIPTION,
        folder=f"{settings.records_dir}/{folder}",
    )
    del out["path"]  # the server names a new record's file and folder (local); hosted: <folder>/<索引号>.md
    return out


def records_collection(taxonomy, settings: Settings, hosted: bool = False, others: bool = False) -> dict:
    return {
        "name": COLLECTION,
        "label": "其他位置的记录" if others else "政府信息公开记录",
        "label_singular": "记录",
        "description": ("不在年份目录中的记录。" if others else "") + DESCRIPTION,
        "folder": settings.records_dir,
        "extension": "md",
        "format": "frontmatter",
        # Records may live in any folder; new ones go to <year>/ (the server decides the
        # year and the name from the 发布日期 and the 索引号 it assigns).
        "path": "{{year}}/{{slug}}",
        # Local mode: the server names a new record's file after the 索引号 it assigns. Hosted: the
        # 索引号 typed in the form names it.
        "slug": "{{fields.index_no}}" if hosted else "{{slug}}",
        "create": True,
        "delete": False,
        "identifier_field": "title",
        # A draft (draft: true, or a save the check refused, kept beside its record) says so in the
        # list: it looked like a published record.
        "summary": "{{index_no}}　{{title}}　{{published}}{{draft | ternary('　（草稿，不发布）', '')}}",
        # Hosted, Decap sorts the whole list itself. Local, the server hands the list over newest
        # first, a page at a time (gongkai.editor.listing): a sort asked for in the form would
        # read the whole list again, so none is offered (an empty list, not Decap's defaults).
        "sortable_fields": SORTABLE if hosted else [],
        "view_filters": [
            {"label": "草稿", "field": "draft", "pattern": True},
        ],
        "media_folder": MEDIA_FOLDER,
        "public_folder": MEDIA_FOLDER,
        "fields": editor_fields(taxonomy, settings, hosted),
    }


SORTABLE = [
    {"field": "published", "label": "发布日期", "default_sort": "desc"},
    {"field": "index_no", "label": "索引号"},
    {"field": "title", "label": "标题"},
]


def editor_fields(taxonomy, settings: Settings, hosted: bool = False) -> list[dict]:
    """One Decap field per schema field, in the schema's order, then the site's own keys and the body."""
    site = site_lists(taxonomy, settings)
    out = [widget(f, site, settings, hosted) for f in FIELDS]
    known = {f.key for f in FIELDS}
    for key in (*settings.extra_keys, *settings.private_keys):
        if key not in known:
            private = key in settings.private_keys
            hint = "内部记录，不会发布。" if private else "本站 mkdocs.yml 中 extra_keys 允许的字段。"
            out.append({"name": key, "label": key, "widget": "string", "required": False, "hint": hint})
    out.append({"name": BODY, "label": "正文", "widget": "markdown", "required": False, "hint": body_hint(settings)})
    return out


INDEX_NO_HINT = (
    "不用填写：新记录保存时按发布机构和发布年份自动分配下一个未用的流水号（与 gongkai new 相同）；"
    "一经分配不再更改，网址由它生成。"
)
HOSTED_INDEX_NO_HINT = (
    "新记录取本机构本年度下一个未用的流水号（与 gongkai new 的规则相同）；"
    "两条审核中的记录用了同一个索引号时，合并请求的检查会指出，改用下一个即可。"
)


def body_hint(settings: Settings) -> str:
    """The body's hint, with an ID number masked as this site masks them (pii_mask_style)."""
    example = pii.masked_form("id_card", "110105199001011234", pii.MASK_STYLES[settings.pii_mask_style])
    return f"Markdown 格式：表格、脚注、提示框都可以用；身份证号、手机号码等个人信息须去标识化（如 {example}）。"


def widget(field, site, settings: Settings, hosted: bool = False) -> dict:
    """The Decap field of one schema field."""
    out = {"name": field.key, "label": field.label, "hint": field.doc, "required": field.required}
    kind = field.kind
    if kind == "text":
        out["widget"] = "text" if getattr(field, "multiline", False) else "string"
    elif kind == "date":
        out["widget"] = DATE_WIDGET  # the schema's pattern (below) checks what is typed
    elif kind == "bool":
        out.update(widget="boolean", default=bool(field.default))
    elif kind == "choice":
        options = field.choices if isinstance(field.choices, tuple) else site.lists.get(field.choices)
        if options:
            out.update(widget="select", options=list(options))
            if field.default is not None:
                out["default"] = field.default
        else:  # a site list the editor cannot know (no taxonomy): typed, and checked on save
            out["widget"] = "string"
    elif kind == "index_no" and hosted:
        out.update(widget="string", hint=field.doc + HOSTED_INDEX_NO_HINT)
    elif kind == "index_no":
        # Never typed: assigned on save by the rule of `gongkai new`, then fixed.
        out.update(widget=INDEX_NO_WIDGET, required=False, hint=INDEX_NO_HINT)
    elif kind == "ref":
        out["widget"] = "string"
    elif kind == "list":
        out.update(widget="list", allow_add=True, default=[])
    elif kind == "attachments":
        types = "、".join(settings.attachment_types)
        out.update(
            widget="list",
            label_singular="附件",
            summary="{{fields.title}}",
            allow_add=True,
            default=[],
            hint=f"{field.doc}可上传的类型：{types}；每个文件不超过 {settings.attachment_max_mb} MB。",
            fields=[
                {
                    "name": "file",
                    "label": Attachments.ITEM[0][1],
                    "widget": "file",
                    "required": True,
                    "media_folder": MEDIA_FOLDER,
                    "public_folder": MEDIA_FOLDER,
                    "choose_url": False,
                    "pattern": [
                        r"\.(" + "|".join(settings.attachment_types) + r")$",
                        f"：附件只能是以下类型：{types}",
                    ],
                },
                *(
                    {"name": key, "label": label, "widget": "string", "required": required, "hint": doc}
                    for key, label, required, doc in Attachments.ITEM
                    if key != "file"
                ),
            ],
        )
    elif kind == "exemption":
        out.update(
            widget="object",
            collapsed=True,
            fields=[
                # Not required in the form (the object itself is optional); the check on save
                # names a half-filled exemption.
                {
                    "name": "reason",
                    "label": "豁免理由",
                    "widget": "select",
                    "options": list(field.reasons),
                    "required": False,
                },
                {
                    "name": "kinds",
                    "label": "豁免的类别",
                    "widget": "select",
                    "multiple": True,
                    "options": list(field.kinds),
                    "required": False,
                },
            ],
        )
        out["required"] = False
    else:
        raise NotInEditor(f"schema field {field.key!r} is of kind {kind!r}, which the editor has no widget for")
    pattern = field.json(site).get("pattern")
    if pattern and (kind != "index_no" or hosted):
        # Decap says “<label>”不满足模式<message>.
        out["pattern"] = [pattern, f"：格式不对，应写成如 {field.example} 的样子。"]
    return out

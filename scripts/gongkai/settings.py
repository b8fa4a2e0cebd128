"""Site settings: the options of the `gongkai` plugin in mkdocs.yml.

Every option, its type and its default live here, once. The MkDocs plugin's
config class and the CLI both read them from this table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import yaml

from .defaults import GENRES
from .problems import InputError, Problems


@dataclass(frozen=True)
class Settings:
    """Options of the gongkai plugin (`plugins: - gongkai: {...}` in mkdocs.yml)."""

    #: Folder of the records, relative to mkdocs.yml.
    records_dir: str = "records"
    #: Taxonomy file, relative to `records_dir`.
    taxonomy: str = "taxonomy.yml"
    #: 索引号 pattern: {org} agency code, {YYYY} year of `published`, {N…} serial digits.
    index_no_pattern: str = "{org}/{YYYY}-{NNNNN}"
    #: First URL segment of every generated page.
    url_prefix: str = "xxgk"
    #: Records per index page.
    per_page: int = 50
    #: Records in the home page's latest list.
    home_latest: int = 10
    #: Front-matter keys accepted besides the record schema (kept, not shown).
    extra_keys: tuple[str, ...] = ()
    #: Front-matter keys for internal notes (经办人, 审核意见 …): accepted, and their values must never
    #: appear in the site (the build fails if one does).
    private_keys: tuple[str, ...] = ()
    #: Allowed 文种 values.
    genres: tuple[str, ...] = tuple(GENRES)
    #: File types that may be published as attachments or linked from a body (extensions).
    attachment_types: tuple[str, ...] = ("pdf", "ofd", "doc", "docx", "xls", "xlsx", "wps", "et", "jpg", "png", "zip")
    #: Largest file that may be published, in MB.
    attachment_max_mb: int = 50
    #: Kinds of personal data that block publication (身份证号, 手机号码, 银行卡号, 电子邮箱).
    pii_kinds: tuple[str, ...] = ("身份证号", "手机号码", "银行卡号")
    #: How `gongkai mask` and the messages mask: strict (35*************234, 138****5678), 6-4 or 4-4.
    pii_mask_style: str = "strict"
    #: E-mail addresses or domains that are not personal (the office's public mailbox).
    pii_allow_emails: tuple[str, ...] = ()
    #: Site search: pagefind (records indexed by Pagefind's extended build while the site renders) or off.
    search: str = "pagefind"
    #: Records per part of the search index. Pagefind holds a part in memory while it builds it
    #: (about 200 KB a record): a larger site is indexed in parts, one after another, and the
    #: results page searches them all (each part adds its own index files to a query's download).
    search_part_size: int = 12500
    #: gongkai inspect, the veto items of 国办秘函〔2019〕19号 (a veto when the count is MORE than these):
    #: 动态要闻类 (2 weeks) and 通知公告、政策文件类 (6 months) columns not updated;
    inspect_stale_max: int = 5
    #: columns not updated within their own `update_within` (any period);
    inspect_long_stale_max: int = 10
    #: empty columns (空白栏目);
    inspect_empty_max: int = 5
    #: 互动回应差: a request left unanswered for more than this many months (any one is a veto).
    inspect_unanswered_months: int = 3
    #: Days a 规章 or 行政规范性文件 may wait for its 解读 (the 2016 opinion says 同步: published together).
    inspect_interpretation_days: int = 3
    #: Days ahead that gongkai inspect warns of a column or the home page going stale.
    inspect_warn_days: int = 7

    @classmethod
    def option_types(cls) -> dict[str, type]:
        return {f.name: _TYPES[f.name] for f in fields(cls)}

    @classmethod
    def from_options(cls, options: dict[str, Any], source: str = "mkdocs.yml") -> Settings:
        """Build settings from plugin options, naming every bad option in Chinese."""
        problems = Problems()
        values: dict[str, Any] = {}
        types = cls.option_types()
        for key, value in sorted((options or {}).items()):
            if key not in types:
                problems.error(
                    source,
                    None,
                    f"plugins.gongkai.{key}",
                    "没有这个选项。",
                    "可用的选项：" + "、".join(types),
                )
                continue
            want = types[key]
            if want is tuple:
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    problems.error(source, None, f"plugins.gongkai.{key}", "应为文字列表。", f"例如 {key}: [甲, 乙]")
                    continue
                value = tuple(value)
            elif want is int:
                least = 0 if key in ZERO_ALLOWED else 1
                if isinstance(value, bool) or not isinstance(value, int) or value < least:
                    if least == 0:
                        problems.error(
                            source,
                            None,
                            f"plugins.gongkai.{key}",
                            f"应为 0 或正整数，现在是 {value!r}。",
                            f"例如 {key}: 5",
                        )
                        continue
                    problems.error(
                        source, None, f"plugins.gongkai.{key}", f"应为正整数，现在是 {value!r}。", f"例如 {key}: 50"
                    )
                    continue
            elif not isinstance(value, str) or not value.strip():
                problems.error(source, None, f"plugins.gongkai.{key}", f"应为非空文字，现在是 {value!r}。")
                continue
            values[key] = value
        prefix = values.get("url_prefix")
        if prefix is not None and not _PREFIX_RE.fullmatch(prefix):
            problems.error(
                source,
                None,
                "plugins.gongkai.url_prefix",
                f"网址前缀 {prefix!r} 只能用小写英文字母、数字和连字符（可用 / 分层）。",
                "网址不用中文，也不能有 .. 或开头的 /；例如 url_prefix: xxgk",
            )
        active = sorted({t.lower().lstrip(".") for t in values.get("attachment_types", ())} & ACTIVE_TYPES)
        if active:
            problems.error(
                source,
                None,
                "plugins.gongkai.attachment_types",
                f"{'、'.join(active)} 不能作为附件发布：浏览器把这类文件当网页或脚本，会绕过正文的清理和安全策略。",
                "删去这几项；网页内容写进记录正文，矢量图转成 PNG 或 PDF。",
            )
        from .pii import MASK_STYLES
        from .schema import PII_KINDS

        for kind in values.get("pii_kinds", ()):
            if kind not in PII_KINDS:
                problems.error(
                    source,
                    None,
                    "plugins.gongkai.pii_kinds",
                    f"没有“{kind}”这一类个人信息。",
                    "可写：" + "、".join(PII_KINDS),
                )
        for key, (what, options) in {
            "pii_mask_style": ("遮盖方式", MASK_STYLES),
            "search": ("搜索方式", SEARCH_ENGINES),
        }.items():
            value = values.get(key)
            if value is not None and value not in options:
                problems.error(
                    source, None, f"plugins.gongkai.{key}", f"没有{what}“{value}”。", "可写：" + "、".join(options)
                )
        if problems:
            raise InputError(problems)
        return cls(**values)

    def records_path(self, base: Path) -> Path:
        return (base / self.records_dir).resolve()


SEARCH_ENGINES = ("pagefind", "off")
#: Options where 0 means something: no stale column tolerated, the 解读 the same day.
ZERO_ALLOWED = frozenset(
    {
        "inspect_stale_max",
        "inspect_long_stale_max",
        "inspect_empty_max",
        "inspect_interpretation_days",
        "inspect_warn_days",
    }
)
#: File types a browser runs or renders as a page: published beside a record they would escape the
#: body's sanitiser and the page policy (an .md would even be rendered by MkDocs as a page of its own).
ACTIVE_TYPES = frozenset(
    {"md", "markdown", "html", "htm", "xhtml", "shtml", "svg", "svgz", "js", "mjs", "css", "xml", "xsl"}
)
_PREFIX_RE = re.compile(r"[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*")

_TYPES: dict[str, type] = {
    "records_dir": str,
    "taxonomy": str,
    "index_no_pattern": str,
    "url_prefix": str,
    "per_page": int,
    "home_latest": int,
    "extra_keys": tuple,
    "private_keys": tuple,
    "genres": tuple,
    "attachment_types": tuple,
    "attachment_max_mb": int,
    "pii_kinds": tuple,
    "pii_mask_style": str,
    "pii_allow_emails": tuple,
    "search": str,
    "search_part_size": int,
    "inspect_stale_max": int,
    "inspect_long_stale_max": int,
    "inspect_empty_max": int,
    "inspect_unanswered_months": int,
    "inspect_interpretation_days": int,
    "inspect_warn_days": int,
}


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without executing its tags (!ENV, !!python/name …)."""


def _ignore_tag(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_LenientLoader.add_multi_constructor("", _ignore_tag)


def read_mkdocs(config_file: Path) -> dict:
    """mkdocs.yml as data, its tags left unexecuted; `InputError` when it cannot be read."""
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8-sig"), Loader=_LenientLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        problems = Problems()
        problems.error(config_file, None, None, f"无法读取配置文件：{exc}")
        raise InputError(problems) from None
    return data if isinstance(data, dict) else {}


def read_mkdocs_settings(config_file: Path) -> Settings:
    """The gongkai options from an mkdocs.yml, without importing MkDocs."""
    data = read_mkdocs(config_file)
    plugins = data.get("plugins") or []
    if isinstance(plugins, dict):
        plugins = [{k: v} for k, v in plugins.items()]
    for item in plugins:
        if item == "gongkai":
            return Settings()
        if isinstance(item, dict) and "gongkai" in item:
            return Settings.from_options(item["gongkai"] or {}, config_file.name)
    return Settings()


def read_docs_dir(config_file: Path) -> Path:
    """MkDocs' ``docs_dir`` of an mkdocs.yml (default ``docs``), beside the file."""
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8-sig"), Loader=_LenientLoader) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        data = {}  # read_mkdocs_settings says what is wrong
    docs = data.get("docs_dir") if isinstance(data, dict) else None
    return config_file.parent / (docs if isinstance(docs, str) and docs else "docs")

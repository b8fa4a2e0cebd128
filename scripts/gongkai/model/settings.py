"""Site settings: the options of the `gongkai` plugin in mkdocs.yml, declared once.

Each option is a field of `Settings` holding an option object (as MkDocs' ``config_options`` and
gongkai.model.fields do): its default, what it means (the README's table is `options_markdown`), and
how it reads a value, saying what is wrong in Chinese. The MkDocs plugin's config class
(gongkai.plugin.config) and the CLI (gongkai.siteconfig) both derive from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from gongkai.model.defaults import GENRES
from gongkai.model.schema import PII_KINDS
from gongkai.text.pii import MASK_STYLES
from gongkai.text.problems import InputError, Problems

SEARCH_ENGINES = ("pagefind", "off")
#: The browser editor at /admin/ of the portal (hosted mode); `gongkai edit` (local mode) needs none.
EDITOR_BACKENDS = ("off", "github", "gitlab")
#: File types a browser runs or renders as a page: published beside a record they would escape the
#: body's sanitiser and the page policy (an .md would even be rendered by MkDocs as a page of its own).
ACTIVE_TYPES = frozenset(
    {"md", "markdown", "html", "htm", "xhtml", "shtml", "svg", "svgz", "js", "mjs", "css", "xml", "xsl"}
)
_PREFIX_RE = re.compile(r"[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*")


class Option:
    """One plugin option: its default, its meaning, how a value of it is read."""

    kind: type = str
    #: What YAML may give for it (the plugin's config class lets these through to `read`).
    types: tuple[type, ...] = (str,)

    def __init__(self, default, doc: str, shown: str | None = None):
        self.default = default
        self.doc = doc
        self.shown = shown  # the default as the README shows it, when not the value itself

    def read(self, key: str, value: Any) -> tuple[Any, tuple[str, ...] | None]:
        """(the value, None), or (None, (message, fix)) when it is wrong."""
        if not isinstance(value, str) or not value.strip():
            return None, (f"应为非空文字，现在是 {value!r}。",)
        return value, None

    def default_text(self) -> str:
        if self.shown is not None:
            return self.shown
        if isinstance(self.default, tuple):
            return "`[" + ", ".join(self.default) + "]`"
        return f"`{self.default}`"


class Text(Option):
    """Non-empty text."""


class OneOf(Option):
    """One of fixed words (a search engine, a masking style)."""

    def __init__(self, default, doc: str, choices, what: str):
        super().__init__(default, doc)
        self.choices, self.what = tuple(choices), what
        if "off" in self.choices:
            self.types = (str, bool)  # YAML 1.1 reads an unquoted `off` as false

    def read(self, key, value):
        if value is False and "off" in self.choices:
            value = "off"
        value, wrong = super().read(key, value)
        if wrong is None and value not in self.choices:
            return None, (f"没有{self.what}“{value}”。", "可写：" + "、".join(self.choices))
        return value, wrong


class MaybeText(Option):
    """Text that may be left empty (the default)."""

    def __init__(self, default, doc: str):
        super().__init__(default, doc, shown="—")

    def read(self, key, value):
        if value is None:
            return "", None
        if not isinstance(value, str):
            return None, (f"应为文字，现在是 {value!r}。",)
        return value.strip(), None


class Folder(Option):
    """A folder relative to mkdocs.yml, or `off` (none)."""

    types = (str, bool)  # YAML 1.1 reads an unquoted `off` as false

    def read(self, key, value):
        if value is False:
            return "off", None
        value, wrong = super().read(key, value)
        if wrong is None and (Path(value).is_absolute() or ".." in Path(value).parts):
            return None, (
                f"{value!r} 应为 mkdocs.yml 所在目录下的相对路径。",
                f"例如 {key}: .cache/gongkai；不要时写 off",
            )
        return value, wrong


class UrlPrefix(Option):
    """The URL folder of the generated pages: lower-case ASCII, digits, hyphens, / between levels."""

    def read(self, key, value):
        value, wrong = super().read(key, value)
        if wrong is None and not _PREFIX_RE.fullmatch(value):
            return None, (
                f"网址前缀 {value!r} 只能用小写英文字母、数字和连字符（可用 / 分层）。",
                "网址不用中文，也不能有 .. 或开头的 /；例如 url_prefix: xxgk",
            )
        return value, wrong


class Count(Option):
    """A whole number, at least 1 (``zero``: at least 0, where 0 means something)."""

    kind = int

    def __init__(self, default: int, doc: str, zero: bool = False):
        super().__init__(default, doc)
        self.zero = zero

    def read(self, key, value):
        least = 0 if self.zero else 1
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            if self.zero:
                return None, (f"应为 0 或正整数，现在是 {value!r}。", f"例如 {key}: 5")
            return None, (f"应为正整数，现在是 {value!r}。", f"例如 {key}: 50")
        return value, None


class Words(Option):
    """A list of words."""

    kind = tuple

    def read(self, key, value):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return None, ("应为文字列表。", f"例如 {key}: [甲, 乙]")
        return tuple(value), None


class FileTypes(Words):
    """File extensions that may be published: never those a browser runs or renders as a page."""

    def read(self, key, value):
        value, wrong = super().read(key, value)
        active = sorted({t.lower().lstrip(".") for t in value or ()} & ACTIVE_TYPES)
        if wrong is None and active:
            return None, (
                f"{'、'.join(active)} 不能作为附件发布：浏览器把这类文件当网页或脚本，会绕过正文的清理和安全策略。",
                "删去这几项；网页内容写进记录正文，矢量图转成 PNG 或 PDF。",
            )
        return value, wrong


class PiiKinds(Words):
    """Kinds of personal data, as clerks name them (gongkai.model.schema.PII_KINDS)."""

    def read(self, key, value):
        value, wrong = super().read(key, value)
        for kind in value or ():
            if kind not in PII_KINDS:
                return None, (f"没有“{kind}”这一类个人信息。", "可写：" + "、".join(PII_KINDS))
        return value, wrong


def option(o: Option):
    """A `Settings` field declared by the option object `o`."""
    return field(default=o.default, metadata={"option": o})


@dataclass(frozen=True)
class Settings:
    """Options of the gongkai plugin (`plugins: - gongkai: {...}` in mkdocs.yml)."""

    records_dir: str = option(Text("records", "where the records are, relative to `mkdocs.yml`"))
    taxonomy: str = option(Text("taxonomy.yml", "the taxonomy file inside `records_dir`"))
    index_no_pattern: str = option(
        Text(
            "{org}/{YYYY}-{NNNNN}",
            "the 索引号 format: `{org}` agency code, `{YYYY}` year of `published`, `{NNNNN}` serial with that "
            "many digits",
        )
    )
    url_prefix: str = option(UrlPrefix("xxgk", "the folder of all generated pages"))
    per_page: int = option(Count(50, "rows per index page"))
    home_latest: int = option(Count(10, "records listed on the home page"))
    extra_keys: tuple[str, ...] = option(Words((), "extra front-matter keys to accept (unknown keys are errors)"))
    private_keys: tuple[str, ...] = option(
        Words(
            (),
            "front-matter keys for internal notes (经办人, 审核意见…): accepted, never published; the build "
            "fails if one of their values appears anywhere in `site/`",
        )
    )
    genres: tuple[str, ...] = option(
        Words(tuple(GENRES), "the allowed `genre` values", shown="the 15 法定文种 + 公示, 方案, 规划, 其他")
    )
    attachment_types: tuple[str, ...] = option(
        FileTypes(
            ("pdf", "ofd", "doc", "docx", "xls", "xlsx", "wps", "et", "jpg", "png", "zip"),
            "file types that may be published (attachments and files linked from bodies); the content must "
            "match the extension; `.doc`/`.xls`/`.wps`/`.et` in the old binary form are refused by the "
            "personal-data guard (it cannot read them completely: save as `.docx`/`.xlsx` or PDF)",
            shown="`pdf ofd doc docx xls xlsx wps et jpg png zip`",
        )
    )
    attachment_max_mb: int = option(Count(50, "the largest file that may be published"))
    pii_kinds: tuple[str, ...] = option(
        PiiKinds(
            ("身份证号", "手机号码", "银行卡号"), "personal data that blocks publication (`电子邮箱` can be added)"
        )
    )
    pii_mask_style: str = option(
        OneOf(
            "strict",
            "how `gongkai mask` and the messages mask: `strict` (`35*************234`, `138****5678`, cards "
            "`***************0123`), `6-4` (`110105********1234`) or `4-4`",
            MASK_STYLES,
            "遮盖方式",
        )
    )
    pii_allow_emails: tuple[str, ...] = option(
        Words((), "with `电子邮箱` in `pii_kinds`: public addresses or domains that are not personal")
    )
    search: str = option(
        OneOf(
            "pagefind",
            "site search: `pagefind` (below) or `off`. Leave Material's own `search` plugin out of `plugins`",
            SEARCH_ENGINES,
            "搜索方式",
        )
    )
    search_part_size: int = option(
        Count(
            12500,
            "records per part of the search index: Pagefind holds a part in memory while building it (about "
            "200 KB a record), so a larger site is indexed in parts, one after another; each part adds its "
            "index files to a query's download",
        )
    )
    build_cache: str = option(
        Folder(
            ".cache/gongkai",
            "where a build keeps its pages and search index for the next (relative to `mkdocs.yml`; keep it "
            'between CI runs, see "Incremental builds"); `off`: none',
        )
    )
    editor: str = option(
        OneOf(
            "off",
            "the browser editor at `/admin/` of the portal (hosted mode, with the editorial workflow): `github`, "
            '`gitlab` or `off`; see "For the clerk: editing in the browser" (`gongkai edit`, the local mode, '
            "needs none of these)",
            EDITOR_BACKENDS,
            "编辑器后端",
        )
    )
    editor_repo: str = option(MaybeText("", "hosted editor: the repository, `owner/name` (GitLab: `group/project`)"))
    editor_branch: str = option(Text("main", "hosted editor: the branch it publishes to"))
    editor_base_url: str = option(
        MaybeText(
            "",
            "hosted editor: GitLab's address (`https://gitlab.example.gov.cn`; default gitlab.com), or for "
            "GitHub the address of your OAuth service",
        )
    )
    editor_app_id: str = option(MaybeText("", "hosted editor on GitLab: the Application ID of its OAuth application"))
    inspect_stale_max: int = option(
        Count(
            5,
            "`gongkai inspect`: more stale columns whose period is at most 6 months (动态要闻类, 通知公告、"
            "政策文件类) than this is the veto 栏目不更新",
            zero=True,
        )
    )
    inspect_long_stale_max: int = option(
        Count(10, "more columns of any period not updated within it than this is a veto", zero=True)
    )
    inspect_empty_max: int = option(Count(5, "more empty columns (空白栏目) than this is a veto", zero=True))
    inspect_unanswered_months: int = option(
        Count(3, "a request still unanswered this many months after it was received is the veto 互动回应差")
    )
    inspect_interpretation_days: int = option(
        Count(3, "days a 规章 or 行政规范性文件 may wait for its 解读 (同步: 0 asks for the same day)", zero=True)
    )
    inspect_warn_days: int = option(
        Count(7, "days ahead that `gongkai inspect` warns of a column or the home page going stale", zero=True)
    )

    @classmethod
    def options(cls) -> dict[str, Option]:
        """Every option object, by key, in the order declared."""
        return {f.name: f.metadata["option"] for f in fields(cls)}

    @classmethod
    def from_options(cls, options: dict[str, Any], source: str = "mkdocs.yml") -> Settings:
        """Build settings from plugin options, naming every bad option in Chinese."""
        problems = Problems()
        values: dict[str, Any] = {}
        known = cls.options()
        for key, value in sorted((options or {}).items()):
            if key not in known:
                problems.error(
                    source, None, f"plugins.gongkai.{key}", "没有这个选项。", "可用的选项：" + "、".join(known)
                )
                continue
            value, wrong = known[key].read(key, value)
            if wrong is not None:
                problems.error(source, None, f"plugins.gongkai.{key}", *wrong)
                continue
            values[key] = value
        _editor_needs(values, source, problems)
        if problems:
            raise InputError(problems)
        return cls(**values)

    @property
    def pii_scanned(self) -> tuple[str, ...]:
        """The guard's names of the kinds of personal data `pii_kinds` asks for."""
        return tuple(PII_KINDS[k] for k in self.pii_kinds)

    def records_path(self, base: Path) -> Path:
        return (base / self.records_dir).resolve()


def _editor_needs(values: dict, source: str, problems: Problems) -> None:
    """The hosted editor's backend needs its repository (and on GitLab its application)."""
    backend = values.get("editor", "off")
    if backend != "off" and not values.get("editor_repo"):
        problems.error(
            source,
            None,
            "plugins.gongkai.editor_repo",
            f"editor: {backend} 需要写明仓库。",
            "加上 editor_repo: 机构/仓库名（如 chengling/xxgk）",
        )
    if backend == "gitlab" and not values.get("editor_app_id"):
        problems.error(
            source,
            None,
            "plugins.gongkai.editor_app_id",
            "editor: gitlab 需要 GitLab 应用的 Application ID。",
            "在 GitLab 的“用户设置 → 应用”（或管理员的应用）中建立应用后，把 Application ID 写在这里。",
        )


def options_markdown() -> str:
    """The README's table of the plugin options (`gongkai schema --options`)."""
    rows = ["| option | default | meaning |", "|---|---|---|"]
    for key, o in Settings.options().items():
        rows.append(f"| `{key}` | {o.default_text()} | {o.doc} |")
    return "\n".join(rows) + "\n"

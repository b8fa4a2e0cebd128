"""The local backend's protocol of Decap CMS, in Python: what `decap-server` (Node) answers at
POST /api/v1, so that a clerk's machine needs no Node.

Each request is `{"action": …, "params": {…}}` (decap-server's middlewares/localFs and
middlewares/joi); paths are relative to the site's folder (mkdocs.yml's). Entries are answered as
`{"data": text, "file": {"path", "id"}}`, media files as `{"id", "content" (base64), "encoding",
"path", "name"}`. Differences, all for the records' sake: only the records folder is read or
written; a record is saved through gongkai.editor.saving (checked; kept as a draft when it fails);
a list's entries hold only the keys its rows show, and come a page at a time through gongkai's
own action `gongkaiEntries` (gongkai.editor.listing; the editor reads a record whole when it opens
it); deleting is refused (withdrawing a record is the 编辑指南's procedure); the editorial
workflow's actions are not offered (publish mode `simple`).
"""

from __future__ import annotations

import base64
import hashlib
import posixpath
import threading
from pathlib import Path
from typing import Any

from gongkai.clerk import inside
from gongkai.clerk.newrecord import DRAFT_SUFFIX, draft_of
from gongkai.editor.config import MEDIA_FOLDER, year_folders
from gongkai.editor.listing import MAX_PAGE, PAGE_SIZE, Listing
from gongkai.editor.saving import Refused, Saved, Saver, text_for_editor
from gongkai.model.records import RESERVED_DIRS
from gongkai.model.settings import Settings
from gongkai.text import plaintext, sanitize

WORKFLOW_ACTIONS = (
    "unpublishedEntries",
    "unpublishedEntry",
    "unpublishedEntryDataFile",
    "unpublishedEntryMediaFile",
    "deleteUnpublishedEntry",
    "updateUnpublishedEntryStatus",
    "publishUnpublishedEntry",
)


class Workspace:
    """The site on disk as the editor's backend sees it. Thread-safe: saves are one at a time."""

    def __init__(self, base: Path, settings: Settings, on_saved=None, render=None, config_file: Path | None = None):
        self.base = base.resolve()
        self.settings = settings
        self.root = settings.records_path(self.base)
        self.folder = self.root.relative_to(self.base).as_posix()
        #: The year (and month) folders, each a list of its own in the editor (gongkai.editor.config);
        #: the list of the records folder itself holds the records elsewhere.
        self.years = year_folders(self.root)
        self.listing = Listing(self.base, self.root, self.years)
        self.saver = Saver(self.base, settings, config_file)
        self.lock = threading.Lock()
        #: Where a new record the form named went: Decap names a new entry itself ({{year}}/{{slug}})
        #: before the server gives it its 索引号 and its file; the form goes on using that name.
        self.aliases: dict[str, str] = {}
        #: The records (paths) of the drafts this server kept for new records that did not pass: the
        #: only drafts a form's later save may name as its own (gkDraft).
        self.new_drafts: set[str] = set()
        #: Called with each `Saved` (the optional git commit).
        self.on_saved = on_saved
        #: body -> HTML as the portal renders it (gongkai.editor.preview), for the preview.
        self.render = render

    # -- the protocol -------------------------------------------------------------------------

    def handle(self, body: Any) -> tuple[int, Any]:
        """(HTTP status, JSON answer) for one request."""
        if not isinstance(body, dict) or not isinstance(body.get("action"), str):
            return 422, {"error": "请求格式不对：应为 {action, params}。"}
        action, params = body["action"], body.get("params") or {}
        if not isinstance(params, dict):
            return 422, {"error": "请求格式不对：params 应为对象。"}
        method = getattr(self, "do_" + action, None) if action.isidentifier() else None
        if method is None:
            if action in WORKFLOW_ACTIONS:
                return 422, {"error": f"本地编辑不使用审核流程（{action}）。"}
            known = "、".join(sorted(n[3:] for n in dir(self) if n.startswith("do_")))
            return 422, {"error": f"未知的操作 {action}：编辑器的接口认得 {known}。"}
        try:
            return 200, method(params)
        except Refused as exc:
            answer = {"error": exc.message, "problems": exc.problems}
            if exc.draft:
                answer["draft"] = exc.draft
            return exc.status, answer

    def do_info(self, params):
        return {"repo": self.base.name, "publish_modes": ["simple"], "type": "local_fs"}

    def do_entriesByFolder(self, params):
        folder = self.rel(params.get("folder"), folder=True)
        return self.list_entries(self.base / folder)

    def do_gongkaiEntries(self, params):
        """gongkai's own action: one page of a list, newest first (editor.js's backend)."""
        folder = self.rel(params.get("folder"), folder=True)
        number, size = params.get("page", 1), params.get("per_page", PAGE_SIZE)
        query = params.get("query")
        if not (isinstance(number, int) and isinstance(size, int) and number >= 1 and 1 <= size <= MAX_PAGE):
            raise Refused(f"分页参数不对：page 应为从 1 起的整数，per_page 应为 1 到 {MAX_PAGE}。", status=422)
        if query is not None and not (isinstance(query, str) and len(query) <= 200):
            raise Refused("查找的词不对：应为不超过 200 个字符的文字。", status=422)
        return self.listing.page(self.base / folder, number, size, query)

    def do_entriesByFiles(self, params):
        return [self.entry(self.rel(f.get("path"))) for f in _param(params, "files", list) if isinstance(f, dict)]

    def do_getEntry(self, params):
        return self.entry(self.rel(params.get("path")))

    def do_persistEntry(self, params):
        files = _param(params, "dataFiles", list) or ([params["entry"]] if params.get("entry") else [])
        if len(files) != 1 or not isinstance(files[0], dict):
            raise Refused("一次只能保存一条记录。")
        data = files[0]
        client = self.rel(data.get("path"), suffix=".md")
        if data.get("newPath"):
            raise Refused("记录文件不能在编辑器中改名或移动：网址由索引号决定。")
        raw = data.get("raw")
        if not isinstance(raw, str):
            raise Refused("编辑器送来的记录没有内容，没有保存。")
        with self.lock:
            real = self.aliases.get(client, client)
            earlier = self._own_draft(params.get("gkDraft")) if real == client else None
            replaced = None  # the form's earlier draft, when this save is the same record under another number
            if earlier is not None and not (self.base / real).is_file():
                # A new record's form saved again after a refusal, its title changed: Decap names
                # it after the new title; editor.js says which draft the form made. Its number is
                # kept, unless the agency or the year changed: then a number of theirs, and the
                # earlier draft goes.
                if self.saver.fits(self.base / earlier, raw):
                    real = earlier
                else:
                    replaced = earlier
            target = self.base / real
            existing = target.is_file() or draft_of(target).is_file()
            assets = self.assets(_param(params, "assets", list), posixpath.dirname(client))
            try:
                saved = self.saver.save(target if existing else None, raw, assets)
            except Refused as exc:
                if exc.draft:  # saving again (fixed) keeps the number the draft holds
                    kept = exc.draft[: -len(DRAFT_SUFFIX)]
                    self.aliases[client] = kept
                    if not (self.base / kept).is_file():
                        self.new_drafts.add(kept)
                    self._drop_draft(replaced, kept)
                raise
            self.new_drafts.discard(saved.path)
            self._drop_draft(replaced, saved.path)
            if earlier is not None and real == earlier:
                saved.new = True  # the form's new record, saved at last (committed as 新建)
            self.aliases[client] = saved.path
            self.listing.forget()
        if self.on_saved is not None:
            self.on_saved(saved)
        return self.answer(saved)

    def _own_draft(self, value) -> str | None:
        """The record path of the draft `value` names (`…/x.md.draft`), when this server kept it for a
        new record that did not pass and it is still pending (no record file beside it); else None."""
        if not isinstance(value, str) or not value.endswith(DRAFT_SUFFIX):
            return None
        try:
            record = self.rel(value[: -len(DRAFT_SUFFIX)], suffix=".md")
        except Refused:
            return None
        path = self.base / record
        if record not in self.new_drafts or not draft_of(path).is_file() or path.exists():
            return None
        return record

    def _drop_draft(self, record: str | None, now: str) -> None:
        """The form's earlier draft of `record`, replaced by `now` (another number): removed."""
        if record is not None and record != now:
            draft_of(self.base / record).unlink(missing_ok=True)
            self.new_drafts.discard(record)

    def do_getMedia(self, params):
        folder = self.rel(params.get("mediaFolder"), folder=True)
        path = self.base / folder
        if not path.is_dir():
            return []
        # A link is left out (media() refuses it): the library still opens.
        files = [p for p in sorted(path.iterdir()) if p.is_file() and not p.is_symlink() and _visible(p.name)]
        return [self.media(f"{folder}/{p.name}") for p in files]

    def do_getMediaFile(self, params):
        return self.media(self.rel(params.get("path")))

    def do_persistMedia(self, params):
        asset = _param(params, "asset", dict)
        rel = self.rel(asset.get("path"))
        name = posixpath.basename(rel)
        if posixpath.dirname(rel) == f"{self.folder}/{MEDIA_FOLDER}" and not self._records_at_top():
            # The library of the top bar: a file of no record, kept where no check reads it (a
            # site whose records lie in the records folder itself keeps their files there).
            raise Refused(
                f"{name}：附件要在记录的表单里上传（“附件”一栏的“新增附件”），和记录一起检查、发布。",
                status=422,
            )
        content = _decode(asset)
        with self.lock:
            self.saver.check_upload(name, content)
            self.saver.write_assets(self.base / posixpath.dirname(rel), [(name, content)])
            self.listing.forget()
        return self.media(rel)

    def _records_at_top(self) -> bool:
        return any(p.suffix == ".md" and p.name.lower() != "readme.md" and p.is_file() for p in self.root.iterdir())

    def do_deleteFile(self, params):
        raise Refused("编辑器不删除文件。撤回或废止记录请按《编辑指南》办理（改有效性、加替代文件或交网站管理员）。")

    def do_deleteFiles(self, params):
        return self.do_deleteFile(params)

    def do_getDeployPreview(self, params):
        return None

    def do_gongkaiPreview(self, params):
        """gongkai's own action: a body rendered as on the record page (editor.js's preview)."""
        body = params.get("body")
        if not isinstance(body, str) or self.render is None:
            raise Refused("预览需要正文。")
        refused = sanitize.refusals(body)
        if refused:
            # What the check refuses (some bodies for the time their conversion takes, which would
            # hold this server as long) is not previewed: the clerk is told why instead.
            raise Refused(f"预览不了：{refused[0][1]}改法：{refused[0][2]}")
        return {"html": self.render(body)}

    # -- helpers ------------------------------------------------------------------------------

    def rel(self, value, folder: bool = False, suffix: str | None = None) -> str:
        """A path the editor sent, checked: relative, inside the records folder, no `..`."""
        if not isinstance(value, str) or not value or "\\" in value or "\0" in value:
            raise Refused("路径不对。", status=422)
        if any(plaintext.invisible(ch) or ch in "\n\t" for ch in value):
            # ESC, BEL and their kind in a file's name drive the terminal of whoever lists it.
            raise Refused("路径中有看不见的控制字符：给文件换一个只含文字、数字和 - _ . 的名字。")
        norm = posixpath.normpath(value.strip("/"))
        parts = norm.split("/")
        if value.startswith("/") or ".." in parts or any(p.startswith(".") for p in parts):
            raise Refused(f"路径 {value} 不在记录目录中。")
        long = next((p for p in parts if len(p.encode("utf-8")) > MAX_NAME_BYTES), None)
        if long is not None:
            # The system's limit is 255 bytes a name, less the editor's own endings (.draft, .checking):
            # past it, the save failed with a traceback in the clerk's terminal.
            raise Refused(
                f"文件名“{long[:20]}…”太长（{len(long.encode('utf-8'))} 字节），保存不了。"
                f"改法：换一个短一些的名字（不超过 {MAX_NAME_BYTES} 字节，约 {MAX_NAME_BYTES // 3} 个汉字），"
                "如用文件的简称或编号。"
            )
        if not (norm == self.folder or norm.startswith(self.folder + "/")):
            raise Refused(f"路径 {value} 不在记录目录 {self.folder}/ 中。")
        if not folder and norm == self.folder:
            raise Refused(f"路径 {value} 是目录。")
        inside_path = norm[len(self.folder) + 1 :] if norm != self.folder else ""
        at_root = not folder and inside_path and "/" not in inside_path
        if inside_path.split("/")[0] in RESERVED_DIRS or (
            at_root and (not inside_path.endswith(".md") or inside_path.lower() == "readme.md")
        ):
            # The ledgers, the reports and the files beside the taxonomy are the webmaster's: a
            # record saved there replaced the annual report, and its draft stopped the build.
            raise Refused(
                f"路径 {value} 不是记录：编辑器只打开和保存记录（.md），"
                f"台账（requests/、appeals/）、年报（reports/）和 {self.folder}/ 下的设置文件由网站管理员修改。"
            )
        if suffix and not norm.endswith(suffix):
            raise Refused(f"记录文件应以 {suffix} 结尾：{value}")
        return norm

    def list_entries(self, folder: Path) -> list[dict]:
        """Every record file of the list `folder` (with its pending draft, if any, in its place) and
        every draft of a record not yet written, but those of the lists inside it (a year's month
        folders; the records folder's year folders), newest first as the list's pages are: the keys
        the list shows, for the 草稿 filter (which shows them in this order) and search."""
        return [row.entry() for row in self.listing.snapshot(folder).newest]

    def entry(self, rel: str) -> dict:
        real = self.aliases.get(rel, rel)
        path = self.base / real
        text = text_for_editor(self.root, path)
        if text is None or (real != rel and not path.is_file()):
            # A new record whose first save did not pass: its draft is found under its own name; the
            # form's name stays free, so that saving again keeps the number it was given.
            return {"data": None, "file": {"path": rel, "id": None}}
        return {"data": text, "file": {"path": real, "id": _id(text)}}

    def media(self, rel: str) -> dict:
        path = self.base / rel
        try:
            content = inside.read_bytes(self.root, path)
        except inside.NotInside as exc:
            raise Refused(str(exc)) from None
        except OSError:
            raise Refused(f"找不到文件 {rel}。", status=404) from None
        return {
            "id": hashlib.sha256(content).hexdigest(),
            "content": base64.b64encode(content).decode("ascii"),
            "encoding": "base64",
            "path": rel,
            "name": posixpath.basename(rel),
        }

    def assets(self, items: list, entry_folder: str) -> list[tuple[str, bytes]]:
        """Files uploaded with a record, named relative to the record's folder (the record may be
        written to another folder than the form's name for it)."""
        out = []
        for item in items:
            if not isinstance(item, dict):
                continue
            rel = self.rel(item.get("path"))
            name = posixpath.relpath(rel, entry_folder) if rel.startswith(entry_folder + "/") else None
            if name is None or name.startswith(".."):
                raise Refused(f"附件 {rel} 不在记录所在的目录中，没有保存。")
            out.append((name, _decode(item)))
        return out

    def answer(self, saved: Saved) -> dict:
        return {
            "message": "entry persisted",
            "path": saved.path,
            "index_no": saved.index_no,
            "new": saved.new,
            "warnings": saved.warnings,
        }


#: The longest name of a file or folder the editor takes, in UTF-8 bytes.
MAX_NAME_BYTES = 200


def _param(params: dict, key: str, kind: type):
    """`params[key]` if it is of `kind` (an empty one when absent): a malformed request is refused
    in Chinese, not answered with a traceback in the clerk's terminal."""
    value = params.get(key)
    if value is None:
        return kind()
    if not isinstance(value, kind):
        raise Refused(f"请求格式不对：{key} 应为{'列表' if kind is list else '对象'}。", status=422)
    return value


def _decode(asset: dict) -> bytes:
    if asset.get("encoding") != "base64" or not isinstance(asset.get("content"), str):
        raise Refused("上传的文件格式不对（应为 base64）。")
    try:
        return base64.b64decode(asset["content"], validate=True)
    except ValueError:
        raise Refused("上传的文件内容无法读取。") from None


def _id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _visible(name: str) -> bool:
    """Whether the media library offers the file: not a hidden one, an upload's partial file, a
    draft, or a record or settings file (a new record's picker opened on its year's folder)."""
    return not name.startswith(".") and not name.endswith((".partial", DRAFT_SUFFIX, ".md", ".yml", ".yaml"))

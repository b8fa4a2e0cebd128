"""`gongkai edit`: the browser editor on this machine. A small HTTP server on 127.0.0.1 serves the
admin page (Decap CMS from the pinned npm bundle, the configuration generated from the schema, and
gongkai's own editor.js) and answers the local backend's protocol at POST /api/v1
(gongkai.editor.protocol), writing into the records folder of the working tree.

Only this machine can reach it by default; a request whose Host is not the server's own address
(DNS rebinding) or that comes from another page's origin is refused. Nothing is fetched from
another host: the admin page's policy allows the server's own files only.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import sys
import threading
import traceback
from importlib import resources
from pathlib import Path

from gongkai.editor.config import LOCAL_BACKEND, decap_config
from gongkai.editor.listing import PAGE_SIZE, SEARCH_SIZE
from gongkai.editor.preview import renderer
from gongkai.editor.protocol import Workspace
from gongkai.model.schema import FIELD_BY_KEY
from gongkai.model.settings import Settings
from gongkai.publish.pages import META_BOX

#: The admin page's policy. Decap needs 'unsafe-eval' (its configuration is validated with ajv,
#: which compiles schemas to functions: decaporg/decap-cms#2138) and inline styles (CSS-in-JS);
#: everything comes from this server.
ADMIN_CSP = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "font-src 'self' data:",
        "connect-src 'self' blob:",
        "worker-src 'self' blob:",
        "frame-src 'self' blob:",
        "child-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    )
)
#: The files of the Decap bundle the page may load (scripts/install_decap.py installs them).
BUNDLE_FILE = re.compile(r"^(decap-cms\.js|\d+\.decap-cms\.js|[0-9a-f]+\.wasm)$")
TYPES = {".js": "text/javascript; charset=utf-8", ".wasm": "application/wasm", ".css": "text/css; charset=utf-8"}
#: The local backend's address (Decap's proxy_url).
API = "/api/v1"
#: What http.server itself refuses, said in Chinese (Handler.send_error).
HTTP_ERRORS = {
    400: "请求无法读取：不是有效的 HTTP 请求。",
    404: "没有这个页面。",
    408: "请求超时。",
    414: "请求的地址太长。",
    431: "请求头太大。",
    505: "不支持这个 HTTP 版本。",
}
METHOD_REFUSED = "不接受 {method} 请求：编辑器的页面用 GET，接口 {api} 用 POST（JSON：{{action, params}}）。"
MAX_BODY = 200 * 1024 * 1024  # a record with its attachments, base64 (attachments are at most 50 MB each by default)


def bundle_dir() -> Path:
    """Where the Decap bundle is: GONGKAI_DECAP, else where scripts/install_decap.py puts it."""
    named = os.environ.get("GONGKAI_DECAP")
    return Path(named) if named else Path(sys.prefix) / "share" / "gongkai" / "decap-cms"


class NoBundle(Exception):
    """The Decap bundle is not installed; the message says how to install it."""


def check_bundle(folder: Path) -> None:
    if not (folder / "decap-cms.js").is_file():
        raise NoBundle(
            f"找不到编辑器程序 Decap CMS（{folder}/decap-cms.js）。"
            "请先运行 make（或 .venv/bin/python scripts/install_decap.py）从 npm 安装；"
            "已自行下载的，用环境变量 GONGKAI_DECAP 指明其 dist 目录。"
        )


def admin_page(title: str, policy: str | None = None) -> str:
    """The admin page: its scripts are files of its own folder (the policy allows no inline script),
    at the end of the body, where Decap mounts itself. The policy is in a <meta> too, for static
    hosting (hosted mode), without frame-ancestors (which only a header can carry)."""
    policy = policy or ADMIN_CSP.replace("; frame-ancestors 'none'", "")
    return (
        "<!doctype html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex, nofollow">\n'
        '<link rel="icon" href="data:,">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        f"<title>{title}</title>\n</head>\n<body>\n"
        '<script src="config.js"></script>\n'
        '<script src="decap-cms.js"></script>\n'
        '<script src="editor.js"></script>\n'
        "</body>\n</html>\n"
    )


def config_script(config: dict, mode: str) -> str:
    """config.js: tells Decap to wait for `CMS.init` and hands editor.js the generated configuration
    and the layout of the record page's 信息索引 box (gongkai.publish.pages.META_BOX) for the preview, and the
    sizes of a page of a list and of a search's answer (local mode's backend)."""
    box = [[[key, FIELD_BY_KEY[key].label] for key in row] for row in META_BOX]
    setup = {"mode": mode, "config": config, "metaBox": box, "pageSize": PAGE_SIZE, "searchSize": SEARCH_SIZE}
    data = json.dumps(setup, ensure_ascii=False, sort_keys=True, indent=1)
    return f"window.CMS_MANUAL_INIT = true;\nwindow.GONGKAI_EDITOR = {data};\n"


def editor_script() -> bytes:
    return resources.files("gongkai.editor").joinpath("editor.js").read_bytes()


def preview_style() -> bytes:
    """The portal's stylesheets, for the preview of a record: Material's (admonitions, tables) when
    the theme is installed, gongkai's (the 信息索引 box), the preview's own."""
    parts = []
    try:
        folder = resources.files("material").joinpath("templates", "assets", "stylesheets")
        parts += [f.read_bytes() for f in sorted(folder.iterdir(), key=lambda f: f.name) if _main_css(f.name)]
    except (ModuleNotFoundError, OSError):
        pass
    parts.append(resources.files("gongkai").joinpath("assets", "gongkai.css").read_bytes())
    parts.append(resources.files("gongkai.editor").joinpath("preview.css").read_bytes())
    return b"\n".join(parts)


def _main_css(name: str) -> bool:
    return name.startswith("main.") and name.endswith(".min.css")


class EditorServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, workspace: Workspace, taxonomy, settings: Settings, bundle: Path, quiet=False):
        self.workspace = workspace
        self.bundle = bundle
        self.quiet = quiet
        # Decap's proxy backend with lists a page at a time (editor.js registers it).
        backend = {"name": LOCAL_BACKEND, "proxy_url": API, "branch": "main"}
        self.files = {
            "/admin/": ("text/html; charset=utf-8", admin_page("记录编辑器").encode()),
            "/admin/config.js": (
                TYPES[".js"],
                config_script(decap_config(taxonomy, settings, backend, years=workspace.years), "local").encode(),
            ),
            "/admin/editor.js": (TYPES[".js"], editor_script()),
            "/admin/preview.css": (TYPES[".css"], preview_style()),
        }
        super().__init__(address, Handler)

    def handle_error(self, request, client_address):
        # A browser that closes its tab or reloads while a file is on its way is no fault to report:
        # the clerk would see a traceback in the terminal. Anything else is still printed.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/admin/"


class Handler(http.server.BaseHTTPRequestHandler):
    server: EditorServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        if not self.server.quiet:
            super().log_message(format, *args)

    def allowed_host(self) -> bool:
        host, port = self.server.server_address[:2]
        return self.headers.get("Host") in (f"{host}:{port}", f"localhost:{port}", f"127.0.0.1:{port}")

    def send(self, status: int, body: bytes, kind: str, extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Content-Security-Policy", ADMIN_CSP)
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_json(self, status: int, data, extra: dict | None = None) -> None:
        self.send(status, json.dumps(data, ensure_ascii=False).encode(), "application/json; charset=utf-8", extra)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own refusals (a request it cannot read, a method no do_* answers) in Chinese,
        as JSON for the API's address (its clients read JSON), instead of its English HTML page."""
        path = (getattr(self, "path", None) or "").split("?", 1)[0]
        extra = {"Connection": "close"}
        if code == 501 and self.command:  # a method without a do_* method
            code = 405
            extra["Allow"] = "POST" if path == API else "GET, HEAD"
            text = METHOD_REFUSED.format(method=self.command, api=API)
        else:
            text = HTTP_ERRORS.get(code, f"请求无法处理（HTTP {code}）。")
        self.close_connection = True  # what is left of the request (a body) is not read
        if path.startswith("/api/"):
            self.send_json(code, {"error": text}, extra)
        else:
            self.send(code, text.encode(), "text/plain; charset=utf-8", extra)

    def do_GET(self):
        if not self.allowed_host():
            return self.send(403, "只接受本机地址的访问。".encode(), "text/plain; charset=utf-8")
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == API:
            refused = METHOD_REFUSED.format(method=self.command, api=API)
            return self.send_json(405, {"error": refused}, {"Allow": "POST"})
        if path in ("/", "/admin"):
            return self.send(302, b"", "text/plain", {"Location": "/admin/"})
        if path in self.server.files:
            kind, body = self.server.files[path]
            return self.send(200, body, kind)
        name = path[len("/admin/") :] if path.startswith("/admin/") else ""
        if BUNDLE_FILE.match(name):
            file = self.server.bundle / name
            if file.is_file():
                return self.send(200, file.read_bytes(), TYPES[file.suffix])
        self.send(404, "没有这个页面。".encode(), "text/plain; charset=utf-8")

    do_HEAD = do_GET

    def do_POST(self):
        if not self.allowed_host():
            return self.send_json(403, {"error": "只接受本机地址的访问。"})
        origin = self.headers.get("Origin")
        host = self.headers.get("Host")
        if origin is not None and origin != f"http://{host}":
            return self.send_json(403, {"error": "只接受编辑器页面本身的请求。"})
        if self.path.split("?", 1)[0] != API:
            return self.send_json(404, {"error": f"没有这个接口：编辑器的接口是 POST {API}。"})
        if not (self.headers.get("Content-Type") or "").startswith("application/json"):
            why = "请求应为 JSON：Content-Type 写 application/json，内容为 {action, params}。"
            return self.send_json(415, {"error": why})
        if self.headers.get("Content-Length") is None:
            self.close_connection = True  # a body of unknown length (chunked) is not read
            return self.send_json(411, {"error": "请求须写明 Content-Length（不接受分块传送）。"})
        try:
            length = int(self.headers["Content-Length"])
        except ValueError:
            length = -1
        if length <= 0:
            self.close_connection = True
            return self.send_json(400, {"error": "请求是空的：应为 JSON {action, params}。"})
        if length > MAX_BODY:
            self.close_connection = True
            return self.send_json(413, {"error": f"请求太大：超过 {MAX_BODY // (1024 * 1024)} MB（记录连同附件）。"})
        try:
            body = json.loads(self.rfile.read(length))
        except (ValueError, UnicodeDecodeError):
            return self.send_json(400, {"error": "请求不是有效的 JSON。"})
        try:
            status, answer = self.server.workspace.handle(body)
        except Exception as exc:  # noqa: BLE001 - the clerk gets a message, the terminal the details
            traceback.print_exc()
            why = f"服务器内部错误（{type(exc).__name__}），记录可能没有保存。"
            status, answer = 500, {"error": why + "请把运行 gongkai edit 的窗口中的信息告诉网站管理员。"}
        self.send_json(status, answer)


def serve(
    base: Path,
    settings: Settings,
    taxonomy,
    host: str = "127.0.0.1",
    port: int = 8010,
    on_saved=None,
    quiet: bool = False,
    config_file: Path | None = None,
) -> EditorServer:
    """The editor's server (not yet serving: call `serve_forever`, or `start` for a thread)."""
    bundle = bundle_dir()
    check_bundle(bundle)
    render = renderer(base / "mkdocs.yml") if config_file is None else renderer(config_file)
    workspace = Workspace(base, settings, on_saved=on_saved, render=render, config_file=config_file)
    server = EditorServer((host, port), workspace, taxonomy, settings, bundle, quiet=quiet)
    #: Every list read once, in the background: the clerk's first list comes from memory.
    server.warming = threading.Thread(target=workspace.listing.warm, daemon=True)
    server.warming.start()
    return server


def start(server: EditorServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return thread

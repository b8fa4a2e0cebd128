"""The page `mkdocs serve` shows instead of the site while the records have errors.

A clerk who saves a broken record sees, in the browser tab the preview reloads, what is wrong and
how to fix it (the text `gongkai check` prints), not a page that waits for ever. The page stands
alone (no theme, no stylesheet or script to fetch): whatever else is wrong, it can be shown.
"""

from __future__ import annotations

import itertools
import logging
import time
from html import escape

from mkdocs.structure.files import File, Files, InclusionLevel

from gongkai.text.problems import ERROR, Problem, Problems

_STYLE = """
body { margin: 0; font: 16px/1.6 system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
  color: #1f2328; background: #fff; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.4rem; color: #b42318; margin: 0 0 .5rem; }
h2 { font-size: 1rem; font-family: ui-monospace, monospace; margin: 1.5rem 0 .5rem; word-break: break-all; }
ol { list-style: none; padding: 0; margin: 0; }
li { border-left: 4px solid #b42318; background: #fef3f2; padding: .5rem .75rem; margin: .5rem 0; }
li.gk-warning { border-color: #b54708; background: #fffaeb; }
.gk-where { font-weight: bold; margin-right: .75rem; }
.gk-text { white-space: pre-wrap; overflow-wrap: anywhere; }
.gk-total { margin-top: 1.5rem; font-weight: bold; }
"""

#: On the 404 page only: MkDocs puts its live-reload script into the pages it serves, not into the
#: error page it answers a missing one with. This asks for the address again until it is a page, or
#: another answer than this build's (the records were changed), then reloads.
_POLL = """
(function () {
  var token = document.documentElement.getAttribute("data-gk-build");
  function again() { setTimeout(poll, 1000); }
  function poll() {
    fetch(location.href, {cache: "no-store"}).then(function (r) {
      return r.text().then(function (text) {
        if (r.ok || text.indexOf(token) < 0) { location.reload(); } else { again(); }
      });
    }, again);
  }
  again();
})();
"""


def problem_page(problems: Problems, site_name: str, token: str, *, not_found: bool = False) -> str:
    """The problem list as a whole HTML page; `token` names this build (see `_POLL`), `not_found`
    is for the 404 page."""
    errors, warnings = len(problems.errors), len(problems.warnings)
    items = sorted(problems.items, key=_in_file)
    groups = [(path, list(group)) for path, group in itertools.groupby(items, key=lambda p: p.path)]
    out = [
        "<!doctype html>",
        f'<html lang="zh-CN" data-gk-build="{escape(token)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>发现 {errors} 个错误 - {escape(site_name)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        '<main id="gongkai-problems">',
        f"<h1>发现 {errors} 个错误，预览暂停</h1>",
        "<p>请按下面的提示修改这些文件（与 <code>gongkai check</code> 的提示相同）。"
        "改好并保存后，本页会自动刷新为正常页面。</p>",
    ]
    for path, group in groups:
        out.append(f"<section><h2>{escape(path)}</h2><ol>")
        for p in group:
            where = f"第 {p.line} 行" if p.line is not None else "整个文件"
            css = "gk-error" if p.severity == ERROR else "gk-warning"
            out.append(
                f'<li class="{css}"><span class="gk-where">{where}</span>'
                f'<span class="gk-label">{p.label}</span><div class="gk-text">{escape(p.text())}</div></li>'
            )
        out.append("</ol></section>")
    out.append(f'<p class="gk-total">共 {errors} 个错误、{warnings} 个警告，涉及 {len(groups)} 个文件。</p>')
    out.append("</main>")
    if not_found:
        out.append(f"<script>{_POLL}</script>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def _in_file(p: Problem) -> tuple:
    """As `Problems.report` orders them: file, line, problems about the whole file last, errors first."""
    return (p.path, p.line is None, p.line or 0, p.severity != ERROR, p.field or "", p.message, p.hint)


log = logging.getLogger("mkdocs.plugins.gongkai")


def preview(config, problems: Problems, what: str):
    """Under `mkdocs serve`: the build goes on and writes the list of `problems` in place of every page
    (`problem_files`). Raising would keep the last site and hold the browser's requests until a build
    succeeds, the reason in the terminal only; this page comes with MkDocs' live-reload script, and
    the real page is back once the clerk saves the fix."""
    # Under `strict`, a warning or an error logged would make MkDocs abort the build after all.
    level = logging.INFO if config.strict else logging.ERROR
    log.log(
        level, f"{what}有 {len(problems.errors)} 个问题，浏览器中显示问题清单；改好后自动刷新。\n" + problems.report()
    )
    # Nothing of the theme: its 404 page and sitemap, and the overrides, need what was not loaded.
    config.theme.static_templates.clear()
    config.extra_templates = []
    config.nav = []
    return config


def problem_files(problems: Problems, config, served: set[str], files: Files) -> Files:
    """The problem page alone, at every address a browser may be on: the pages of the last build
    (`served`), the hand-written ones and the home page; 404.html (for any other) polls by itself."""
    token = f"gongkai-{time.time_ns()}"
    page = problem_page(problems, config.site_name, token)
    uris = served | {f.dest_uri for f in files if f.is_documentation_page()} | {"index.html"}
    uris.discard("404.html")
    out = [File.generated(config, uri, content=page, inclusion=InclusionLevel.INCLUDED) for uri in sorted(uris)]
    missing = problem_page(problems, config.site_name, token, not_found=True)
    out.append(File.generated(config, "404.html", content=missing, inclusion=InclusionLevel.INCLUDED))
    return Files(out)


class Preview:
    """Under `mkdocs serve`: the input's problems, shown in place of the site until they are fixed."""

    def __init__(self):
        #: The errors in the input: the build then writes the problem page only.
        self.broken: Problems | None = None
        #: The pages (dest_uri) of the last build: where a browser may be.
        self.served: set[str] = set()

    def show(self, config, problems: Problems, what: str):
        """The problems are shown in place of every page (`files`): see `preview`."""
        self.broken = problems
        return preview(config, problems, what)

    def files(self, config, files: Files) -> Files:
        return problem_files(self.broken, config, self.served, files)

    def seen(self, files: Files) -> None:
        """The pages of this build: where a browser may be when the next one shows the problems."""
        self.served = {f.dest_uri for f in files if f.dest_uri.endswith(".html")}

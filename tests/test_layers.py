"""The package's layout keeps its architecture: floors that import only the floors below them, a core
that never imports MkDocs, no import circles, imports at the top of a module.

Read from the source (the AST of every module), not by importing it: a violation is found even in a
branch no test runs."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "scripts" / "gongkai"

#: The floors, lowest first: a module imports modules of its own floor or of the floors below.
#: The adapters share the top floor and may import one another (the plugin mounts the editor).
FLOORS = (
    ("text",),
    ("model",),
    ("sitesearch",),
    ("guards",),
    ("portal",),
    ("publish",),
    ("clerk",),
    ("cli", "plugin", "editor", "siteconfig"),
)
ADAPTERS = set(FLOORS[-1])
#: What only an adapter may import: the core runs without MkDocs.
ENGINE = {"mkdocs", "material", "properdocs"}

#: Imports allowed inside a function, each for a reason: optional or heavy dependencies that only
#: one path needs. Everything else is imported at the top of its module.
#: (module, imported module) -> why
LATE_IMPORTS = {
    ("gongkai.text.attachtext", "pypdf"): "only a published PDF needs it; most builds have none",
    ("gongkai.clerk.pdftext", "pypdf"): "only `gongkai import` of a PDF needs it",
    ("gongkai.clerk.wordtext", "mammoth"): "only `gongkai import` of a .docx needs it",
    ("gongkai.clerk.wordtext", "markdownify"): "only `gongkai import` of a .docx needs it",
    ("gongkai.clerk.wordtext", "bs4"): "only `gongkai import` of a .docx needs it",
    ("gongkai.text.terminal", "ctypes"): "Windows only: the console's colour mode",
    ("gongkai.text.terminal", "msvcrt"): "Windows only: the console's handle",
}


@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    target: str  # the imported module (a gongkai module when it is one, else the top-level name)
    line: int
    late: bool  # inside a function
    typing: bool  # under `if TYPE_CHECKING:`
    commented: bool = False  # a comment on its line, or on an import just above it, says why
    #: gongkai.a, when a module imports gongkai.a.b: Python runs the package's __init__ first (an
    #: edge of the import graph, for circles; the import written is judged on its own).
    implicit: bool = False


def floor_of(module: str) -> int | None:
    """The floor of a gongkai module (None: the package root)."""
    parts = module.split(".")
    if len(parts) < 2:
        return None
    for n, names in enumerate(FLOORS):
        if parts[1] in names:
            return n
    raise AssertionError(f"{module} is in no floor of tests/test_layers.py: put it in a sub-package")


def modules_of(package: Path) -> dict[str, str]:
    """Every module's source by dotted name."""
    out = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path.read_text(encoding="utf-8")
    return out


def imports_of(sources: dict[str, str]) -> list[Import]:
    """Every import of every module, resolved to the module it loads."""
    return [i for module, text in sources.items() for i in _imports_of_module(module, text, sources)]


def _imports_of_module(module: str, text: str, sources: dict[str, str]) -> list[Import]:
    is_package = any(name.startswith(module + ".") for name in sources)

    def resolve(node: ast.ImportFrom) -> str:
        if not node.level:
            return node.module or ""
        base = module.split(".")
        if not is_package:
            base = base[:-1]
        base = base[: len(base) - (node.level - 1)]
        return ".".join(base + ([node.module] if node.module else []))

    def targets(node) -> list[str]:
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            base = resolve(node)
            names = [f"{base}.{a.name}" if f"{base}.{a.name}" in sources else base for a in node.names]
        out = []
        for name in names:
            if name.split(".")[0] == "gongkai":
                while name not in sources:
                    name = name.rpartition(".")[0]
            else:
                name = name.split(".")[0]
            out.append(name)
        return out

    lines = text.splitlines()

    def commented(node) -> bool:
        n = node.lineno - 1
        while n >= 0 and lines[n].strip().startswith(("import ", "from ")):
            if "#" in lines[n]:
                return True
            n -= 1
        return False

    found = []

    def visit(node, late: bool, typing: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                for target in dict.fromkeys(targets(child)):
                    if target != module:
                        found.append(Import(module, target, child.lineno, late, typing, commented(child)))
                    for parent in _parents(target):
                        if parent != module and not module.startswith(parent + "."):  # its own run already
                            found.append(Import(module, parent, child.lineno, late, typing, implicit=True))
                continue
            child_late = late or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            child_typing = typing or (
                isinstance(child, ast.If) and ast.unparse(child.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING")
            )
            visit(child, child_late, child_typing)

    visit(ast.parse(text), False, False)
    return found


def _parents(target: str) -> list[str]:
    """The sub-packages of gongkai above `target` (gongkai.a for gongkai.a.b)."""
    parts = target.split(".")
    if parts[0] != "gongkai":
        return []
    return [".".join(parts[:n]) for n in range(2, len(parts))]


def upward(imports: list[Import]) -> list[str]:
    """Imports from a floor to a higher one (type-only imports too: they point up all the same)."""
    out = []
    for i in imports:
        if not i.target.startswith("gongkai.") or i.source == "gongkai" or i.implicit:
            continue
        here, there = floor_of(i.source), floor_of(i.target)
        if there is not None and here is not None and there > here:
            out.append(f"{i.source}:{i.line} imports {i.target} (floor {FLOORS[there]} above {FLOORS[here]})")
    return out


def engine_in_core(imports: list[Import]) -> list[str]:
    return [
        f"{i.source}:{i.line} imports {i.target}"
        for i in imports
        if i.target in ENGINE and i.source.split(".")[1:2] and i.source.split(".")[1] not in ADAPTERS
    ]


def late(imports: list[Import]) -> list[str]:
    """Imports inside a function not allowed, or allowed but without a comment saying why."""
    return [
        f"{i.source}:{i.line} imports {i.target} inside a function"
        + (" without a comment saying why" if (i.source, i.target) in LATE_IMPORTS else "")
        for i in imports
        if i.late and not i.implicit and ((i.source, i.target) not in LATE_IMPORTS or not i.commented)
    ]


def circles(imports: list[Import]) -> list[list[str]]:
    """Import circles between modules (Tarjan's strongly connected components), type-only imports
    aside: they never run."""
    graph: dict[str, set[str]] = {}
    for i in imports:
        if i.target.startswith("gongkai") and not i.typing:
            graph.setdefault(i.source, set()).add(i.target)
            graph.setdefault(i.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return out


@pytest.fixture(scope="module")
def imports() -> list[Import]:
    return imports_of(modules_of(PACKAGE))


def test_every_module_is_on_a_floor():
    flat = [m for m in modules_of(PACKAGE) if m != "gongkai" and floor_of(m) is None]
    assert flat == []


def test_every_package_says_what_it_holds():
    for init in sorted(PACKAGE.rglob("__init__.py")):
        assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), init


def test_no_import_points_up(imports):
    assert upward(imports) == []


def test_the_core_never_imports_mkdocs(imports):
    assert engine_in_core(imports) == []


def test_no_import_circles(imports):
    assert circles(imports) == []


def test_imports_are_at_the_top_of_a_module(imports):
    assert late(imports) == []


def test_every_late_import_allowed_is_still_there(imports):
    present = {(i.source, i.target) for i in imports if i.late}
    assert set(LATE_IMPORTS) - present == set()


# The checker itself: each rule finds a violation planted in a small package.


def planted(**modules: str) -> list[Import]:
    return imports_of({"gongkai": "", **{f"gongkai.{k.replace('__', '.')}": v for k, v in modules.items()}})


def test_checker_finds_an_import_pointing_up():
    found = planted(text="", text__a="from gongkai.model import b\n", model="", model__b="")
    assert upward(found) == ["gongkai.text.a:1 imports gongkai.model.b (floor ('model',) above ('text',))"]
    # Down, or within a floor, is allowed; an adapter may import an adapter.
    found = planted(text="", text__a="", model="", model__b="from gongkai.text import a\n")
    assert upward(found) == []
    assert upward(planted(cli="from gongkai.plugin import p\n", plugin="", plugin__p="")) == []


def test_checker_finds_an_import_pointing_up_for_types_only():
    source = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from gongkai.portal.c import C\n"
    found = planted(model="", model__r=source, portal="", portal__c="")
    assert upward(found) == ["gongkai.model.r:3 imports gongkai.portal.c (floor ('portal',) above ('model',))"]
    assert circles(found) == []


def test_checker_finds_mkdocs_in_the_core():
    found = planted(
        publish="", publish__p="import mkdocs.plugins\n", plugin="", plugin__x="from mkdocs import config\n"
    )
    assert engine_in_core(found) == ["gongkai.publish.p:1 imports mkdocs"]


def test_checker_finds_a_circle():
    found = planted(
        model="",
        model__a="from gongkai.model import b\n",
        model__b="from gongkai.model.c import x\n",
        model__c=("def f():\n    from gongkai.model import a\n"),
    )
    assert circles(found) == [["gongkai.model.a", "gongkai.model.b", "gongkai.model.c"]]
    assert circles(planted(model="", model__a="from gongkai.model import b\n", model__b="")) == []


def test_checker_finds_a_circle_through_a_package_init():
    """editor.a imports cli.b, which runs cli/__init__.py first, which imports editor.a: a circle
    although no module names another that names it back."""
    found = planted(
        cli="from gongkai.cli import c\n",
        cli__b="",
        cli__c="from gongkai.editor import a\n",
        editor="",
        editor__a="from gongkai.cli.b import x\n",
    )
    assert circles(found) == [["gongkai.cli", "gongkai.cli.c", "gongkai.editor.a"]]
    assert upward(found) == [] and late(found) == [], "the package's own import is no import written"


def test_checker_finds_an_import_inside_a_function():
    found = planted(text="", text__a="import re\n\ndef f():\n    import json\n    return json\n")
    assert late(found) == ["gongkai.text.a:4 imports json inside a function"]
    found = planted(text="", text__attachtext="def f():\n    import pypdf  # only for PDFs\n")
    assert late(found) == []  # allowed, with its reason
    found = planted(text="", text__attachtext="def f():\n    import pypdf\n")
    assert late(found) == ["gongkai.text.attachtext:2 imports pypdf inside a function without a comment saying why"]


def test_checker_finds_a_module_outside_the_floors():
    with pytest.raises(AssertionError, match="gongkai.stray is in no floor"):
        floor_of("gongkai.stray")

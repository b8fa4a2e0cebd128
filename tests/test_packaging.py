"""A non-editable install (pip install gongkai, a wheel) carries every file the package reads: the
package-data globs of pyproject.toml cover each file of scripts/gongkai that is not Python."""

from __future__ import annotations

import glob
from pathlib import Path

import tomllib

from conftest import ROOT

PACKAGE = ROOT / "scripts" / "gongkai"


def globs() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["setuptools"]["package-data"]["gongkai"]


def shipped(package: Path = PACKAGE, patterns: list[str] | None = None) -> set[str]:
    """The files of `package` the globs take, as setuptools expands them (`*` within one folder)."""
    patterns = globs() if patterns is None else patterns
    return {p for pattern in patterns for p in glob.glob(pattern, root_dir=package) if (package / p).is_file()}


def data_files(package: Path = PACKAGE) -> set[str]:
    return {
        p.relative_to(package).as_posix()
        for p in package.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    }


def test_every_file_the_package_reads_is_in_its_package_data():
    data = data_files()
    assert "templates/gongkai-record.html" in data and "publish/pages/templates/record.html" in data
    assert sorted(data - shipped()) == []


def test_a_file_the_globs_miss_is_seen(tmp_path):
    # The same reading on a package of a few files: a template in a folder no glob names is missed.
    for rel in ("templates/a.html", "templates/partials/b.html", "templates/new/c.html", "x.py"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("", encoding="utf-8")
    missed = data_files(tmp_path) - shipped(tmp_path, ["templates/*.html", "templates/partials/*"])
    assert missed == {"templates/new/c.html"}

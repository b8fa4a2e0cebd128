"""A non-editable install (pip install gongkai, a wheel) carries every file the package reads: the
package-data globs of pyproject.toml cover each file of scripts/gongkai that is not Python."""

from __future__ import annotations

import glob

import tomllib

from conftest import ROOT

PACKAGE = ROOT / "scripts" / "gongkai"


def shipped() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["gongkai"]
    # setuptools expands the globs as glob does: `*` stays within one folder.
    return {p for pattern in patterns for p in glob.glob(pattern, root_dir=PACKAGE) if (PACKAGE / p).is_file()}


def test_every_file_the_package_reads_is_in_its_package_data():
    data = {
        p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    }
    assert data, "no data files found: the package moved?"
    assert sorted(data - shipped()) == []


def test_a_file_outside_the_globs_is_seen():
    # The check above reads the globs, not a list of its own: a template in a new folder is missed.
    assert "templates/gongkai-record.html" in shipped()
    assert "publish/pages/templates/nowhere/x.html" not in shipped()

"""constraints.txt installs on any machine: registry pins only, one for every declared dependency."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("check_constraints", ROOT / "scripts" / "check_constraints.py")
check_constraints = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_constraints)

PYPROJECT = """\
[project]
name = "x"
dependencies = ["mkdocs>=1.6,<2", "Markdown>=3.6", "pagefind[extended]>=1.5"]
[project.optional-dependencies]
test = ["pytest>=8"]
"""


def test_the_shipped_constraints_are_registry_pins_for_every_dependency():
    assert check_constraints.problems(ROOT / "constraints.txt", ROOT / "pyproject.toml") == []
    found, _ = check_constraints.pins((ROOT / "constraints.txt").read_text(encoding="utf-8"))
    for name in ("mkdocs", "mkdocs-material", "pyyaml", "markdown", "icu4py", "pytest", "playwright"):
        assert name in found


@pytest.mark.parametrize(
    "line",
    [
        "icu4py @ file:///tmp/icu/icu4py-1.2.0-cp311-cp311-manylinux_2_28_x86_64.whl#sha256=53ec",
        "icu4py @ https://example.org/icu4py-1.2.0.tar.gz",
        "./wheels/icu4py-1.2.0-py3-none-any.whl",
        "/tmp/icu/icu4py-1.2.0-py3-none-any.whl",
        "-e .",
        "-e git+https://example.org/x.git#egg=x",
        "icu4py>=1.2",
        "icu4py",
        "icu4py == 1.2.0 ; python_version < '3.12'",
        "--find-links /tmp/wheels",
    ],
)
def test_any_other_form_is_refused_at_its_line(tmp_path, line):
    constraints = tmp_path / "constraints.txt"
    constraints.write_text(f"# pins\nmkdocs==1.6.1\n{line}\nMarkdown==3.11.3\npagefind==1.6.0\npytest==9.2.0\n")
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    found = check_constraints.problems(constraints, tmp_path / "pyproject.toml")
    assert len(found) == 1 and found[0].startswith("constraints.txt:3: ") and "name==version" in found[0]


def test_a_declared_dependency_without_a_pin_is_named(tmp_path):
    (tmp_path / "constraints.txt").write_text("mkdocs==1.6.1\nmarkdown==3.11.3\n")
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    found = check_constraints.problems(tmp_path / "constraints.txt", tmp_path / "pyproject.toml")
    assert found == [
        "constraints.txt: no pin for pagefind, a dependency in pyproject.toml",
        "constraints.txt: no pin for pytest, a dependency in pyproject.toml",
    ]


def test_the_command_fails_loudly(tmp_path):
    (tmp_path / "constraints.txt").write_text("icu4py @ file:///tmp/icu4py.whl\n")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\ndependencies = ["icu4py"]\n')
    script = ROOT / "scripts" / "check_constraints.py"
    done = subprocess.run(
        [sys.executable, str(script), "constraints.txt"], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 1 and "constraints.txt:1:" in done.stderr
    (tmp_path / "constraints.txt").write_text("icu4py==1.2.0\n")
    done = subprocess.run(
        [sys.executable, str(script), "constraints.txt"], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 0 and done.stderr == ""


def make_recipe(target: str) -> str:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    match = re.search(rf"^{re.escape(target)}:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert match, f"no {target} target"
    return match.group(1)


def test_make_freezes_in_a_form_that_gives_pins_and_checks_before_it_replaces():
    recipe = make_recipe("constraints")
    assert "pip list --format=freeze" in recipe and "pip freeze" not in recipe
    check, replace = recipe.index("check_constraints.py constraints.new"), recipe.index("mv constraints.new")
    assert check < replace
    # The install step checks the pins first too: a wrong line is said before pip tries it.
    assert "check_constraints.py" in make_recipe("$(STAMP)")


def test_no_install_file_names_a_file_of_one_machine():
    files = ["constraints.txt", "pyproject.toml", "Makefile", ".ci/run", ".gitlab-ci.yml"]
    files += [str(p.relative_to(ROOT)) for p in (ROOT / ".github" / "workflows").glob("*.yml")]
    local = re.compile(r"file://|@ /|(?<![\w.])/(tmp|root|home|opt)/")
    for name in files:
        for n, line in enumerate((ROOT / name).read_text(encoding="utf-8").splitlines(), start=1):
            assert not local.search(line), f"{name}:{n} names a local file: {line}"

"""Check that a constraints file holds registry pins only, one for every dependency we declare.

    python scripts/check_constraints.py [constraints.txt] [--pyproject pyproject.toml]

Every line that is not blank or a comment must be `name==version`: a pin any machine can install
from the package registry. `name @ file://…`, `name @ https://…`, a path or `-e …` installs only
where that file or folder exists (a wheel left in a temporary folder made CI green on one machine
and broke every fresh clone). Every dependency of `pyproject.toml` (runtime and optional groups)
must have a pin. `make constraints` runs this on what it froze and keeps the old file when it fails.
Stdlib only: it runs in a fresh venv before anything else is installed.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python 3.10: pip ships the same parser
    from pip._vendor import tomli as tomllib

PIN = re.compile(r"^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)==([A-Za-z0-9][A-Za-z0-9.+!_-]*)$")
NAME = re.compile(r"^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)")


def normalise(name: str) -> str:
    """A package name as the registry compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(text: str, source: str = "constraints.txt") -> tuple[dict[str, str], list[str]]:
    """The pins of a constraints file (normalised name -> version) and a line per wrong line."""
    found: dict[str, str] = {}
    wrong: list[str] = []
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = PIN.match(line)
        if match is None:
            wrong.append(f"{source}:{n}: “{line}” is not name==version (a registry pin any machine can install)")
            continue
        name = normalise(match.group(1))
        if name in found:
            wrong.append(f"{source}:{n}: {match.group(1)} is pinned twice")
        found[name] = match.group(2)
    return found, wrong


def declared(pyproject: Path) -> list[str]:
    """Every dependency named in pyproject.toml: runtime and each optional group."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    specs = list(project.get("dependencies", []))
    for group in project.get("optional-dependencies", {}).values():
        specs.extend(group)
    return sorted({normalise(NAME.match(spec).group(1)) for spec in specs})


def problems(constraints: Path, pyproject: Path) -> list[str]:
    found, wrong = pins(constraints.read_text(encoding="utf-8"), constraints.name)
    missing = [name for name in declared(pyproject) if name not in found]
    return wrong + [f"{constraints.name}: no pin for {name}, a dependency in {pyproject.name}" for name in missing]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("constraints", nargs="?", type=Path, default=Path("constraints.txt"))
    parser.add_argument("--pyproject", type=Path, default=Path("pyproject.toml"))
    args = parser.parse_args(argv)
    found = problems(args.constraints, args.pyproject)
    for line in found:
        print(line, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

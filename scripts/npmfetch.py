"""What the pinned-npm installers share: fetch one package's tarball from the npm registry (no Node
needed; NPM_CONFIG_REGISTRY names a mirror), check it against npm's `dist.integrity` pinned in the
installer, and write files so a reader never finds half of one.

Stdlib only: the installers run before anything else is installed.
"""

from __future__ import annotations

import base64
import hashlib
import os
import urllib.request
from collections.abc import Callable
from pathlib import Path

REGISTRY = os.environ.get("NPM_CONFIG_REGISTRY", "https://registry.npmjs.org/").rstrip("/")


def tarball_url(package: str, version: str, registry: str = REGISTRY) -> str:
    """npm's address of a package's tarball (`@scope/name/-/name-1.0.0.tgz` for a scoped one)."""
    return f"{registry}/{package}/-/{package.rpartition('/')[2]}-{version}.tgz"


def fetch(url: str, integrity: str, pinned_in: str, unreachable: Callable[[str], BaseException], timeout=60) -> bytes:
    """The tarball at `url`, checked against `integrity` ("sha512-<base64>"). When the registry
    cannot be reached, raises what `unreachable(why)` makes (the installer's own advice)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            data = response.read()
    except OSError as exc:
        raise unreachable(f"cannot fetch {url} ({exc})") from None
    algorithm, _, expected = integrity.partition("-")
    if base64.b64encode(hashlib.new(algorithm, data).digest()).decode() != expected:
        raise SystemExit(f"{url}: digest differs from the one pinned in {pinned_in}; nothing installed")
    return data


def is_current(stamp: Path, line: str) -> bool:
    """Whether `stamp` says the pinned version (`line`: version and integrity) is installed."""
    return stamp.is_file() and stamp.read_text().strip() == line


def write_file(path: Path, content: bytes, mode: int | None = None) -> None:
    """Write `path` through a partial file renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.write_bytes(content)
    if mode is not None:
        partial.chmod(mode)
    partial.replace(path)

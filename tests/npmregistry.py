"""A stand-in for the npm registry in the installers' tests (scripts/install_*.py, scripts/npmfetch.py)."""

from __future__ import annotations

import base64
import hashlib
import io
import tarfile
import urllib.request


def package(files: dict[str, bytes]) -> bytes:
    """An npm tarball holding `files` (names as inside it: package/...)."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as archive:
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    return out.getvalue()


def integrity(data: bytes) -> str:
    """npm's `dist.integrity` of a tarball."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


class _Response(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def serve(monkeypatch, data: bytes) -> list[str]:
    """Every fetch answers `data`; returns the list the addresses asked for are appended to."""
    asked = []

    def urlopen(url, timeout):
        asked.append(url)
        return _Response(data)

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    return asked


def offline(monkeypatch, why: str = "Network is unreachable") -> None:
    """Every fetch fails as on a machine that reaches no registry."""

    def urlopen(url, timeout):
        raise OSError(why)

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)

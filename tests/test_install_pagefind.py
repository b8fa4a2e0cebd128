"""scripts/install_pagefind.py: the pinned Pagefind from npm, checked, or nothing; and which
binary gongkai then runs."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import io
import sys
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def installer(monkeypatch):
    spec = importlib.util.spec_from_file_location("install_pagefind", ROOT / "scripts" / "install_pagefind.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module.platform, "system", lambda: "Linux")
    monkeypatch.setattr(module.platform, "machine", lambda: "x86_64")
    return module


def npm_package(binary: bytes) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as archive:
        info = tarfile.TarInfo("package/bin/pagefind_extended")
        info.size = len(binary)
        archive.addfile(info, io.BytesIO(binary))
    return out.getvalue()


def serve(monkeypatch, module, data: bytes, pin: bytes | None = None) -> list[str]:
    """The registry answers `data`; the pinned digest is that of `pin` (default: `data`)."""
    asked = []

    class Response(io.BytesIO):
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def urlopen(url, timeout):
        asked.append(url)
        return Response(data)

    digest = "sha512-" + base64.b64encode(hashlib.sha512(pin if pin is not None else data).digest()).decode()
    monkeypatch.setattr(module.urllib.request, "urlopen", urlopen)
    monkeypatch.setitem(module.PACKAGES, ("Linux", "x86_64"), ("linux-x64", digest))
    return asked


def test_the_pinned_package_is_fetched_checked_and_installed_once(installer, monkeypatch, tmp_path):
    asked = serve(monkeypatch, installer, npm_package(b"#!/bin/sh\necho pagefind\n"))
    assert installer.install(tmp_path) == f"Pagefind {installer.VERSION} installed: {tmp_path / 'pagefind_extended'}"
    binary = tmp_path / "pagefind_extended"
    assert binary.read_bytes() == b"#!/bin/sh\necho pagefind\n" and binary.stat().st_mode & 0o111
    assert asked == [f"{installer.REGISTRY}/@pagefind/linux-x64/-/linux-x64-{installer.VERSION}.tgz"]
    assert "already" in installer.install(tmp_path) and len(asked) == 1


def test_a_package_that_is_not_the_pinned_one_installs_nothing(installer, monkeypatch, tmp_path):
    serve(monkeypatch, installer, npm_package(b"something else"), pin=npm_package(b"the real one"))
    with pytest.raises(SystemExit, match="digest differs"):
        installer.install(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_no_network_or_another_platform_leaves_the_wheel_in_use(installer, monkeypatch, tmp_path):
    def offline(url, timeout):
        raise OSError("Network is unreachable")

    monkeypatch.setattr(installer.urllib.request, "urlopen", offline)
    assert "the pagefind[extended] wheel is used" in installer.install(tmp_path)
    monkeypatch.setattr(installer.platform, "machine", lambda: "riscv64")
    assert "no package for Linux riscv64" in installer.install(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_gongkai_runs_the_named_binary_then_the_one_beside_python_then_the_wheels(monkeypatch, tmp_path):
    from gongkai import searchindex

    monkeypatch.setenv("GONGKAI_PAGEFIND", "/opt/pagefind/pagefind_extended")
    assert searchindex.executable() == Path("/opt/pagefind/pagefind_extended")
    monkeypatch.delenv("GONGKAI_PAGEFIND")
    (tmp_path / "pagefind_extended").write_bytes(b"")
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    assert searchindex.executable() == tmp_path / "pagefind_extended"
    (tmp_path / "pagefind_extended").unlink()
    wheel = searchindex.executable()
    assert wheel is None or "pagefind_bin_extended" in str(wheel)

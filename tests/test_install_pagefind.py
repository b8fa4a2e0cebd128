"""scripts/install_pagefind.py: the pinned Pagefind from npm, checked, or an error saying what to do;
and which binary gongkai then runs."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

import npmregistry

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
    return npmregistry.package({"package/bin/pagefind_extended": binary})


def serve(monkeypatch, module, data: bytes, pin: bytes | None = None) -> list[str]:
    """The registry answers `data`; the pinned digest is that of `pin` (default: `data`)."""
    digest = npmregistry.integrity(pin if pin is not None else data)
    monkeypatch.setitem(module.PACKAGES, ("Linux", "x86_64"), ("linux-x64", digest))
    return npmregistry.serve(monkeypatch, data)


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


def test_no_network_or_another_platform_is_an_error_that_says_what_to_do(installer, monkeypatch, tmp_path):
    monkeypatch.delenv("GONGKAI_PAGEFIND", raising=False)
    npmregistry.offline(monkeypatch)
    with pytest.raises(SystemExit) as stopped:
        installer.install(tmp_path)
    said = str(stopped.value.code)
    assert f"Pagefind {installer.VERSION} was not installed: cannot fetch" in said and "Network is unreachable" in said
    assert "NPM_CONFIG_REGISTRY=" in said and "GONGKAI_PAGEFIND=" in said and "search: off" in said
    monkeypatch.setattr(installer.platform, "machine", lambda: "riscv64")
    with pytest.raises(SystemExit, match="no Pagefind package pinned here for Linux riscv64"):
        installer.install(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_the_script_exits_non_zero_when_it_installs_nothing(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "NPM_CONFIG_REGISTRY": "http://127.0.0.1:9"}  # nothing listens there
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "install_pagefind.py"), "--bin", str(tmp_path)],
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert done.returncode == 1 and "was not installed" in done.stderr and list(tmp_path.iterdir()) == []


def test_a_binary_named_by_gongkai_pagefind_is_not_replaced(installer, monkeypatch, tmp_path):
    asked = serve(monkeypatch, installer, npm_package(b"x"))
    monkeypatch.setenv("GONGKAI_PAGEFIND", "/srv/pagefind/pagefind_extended")
    assert "GONGKAI_PAGEFIND names /srv/pagefind/pagefind_extended" in installer.install(tmp_path)
    assert asked == [] and list(tmp_path.iterdir()) == []


def test_the_pinned_version_is_the_one_gongkai_expects(installer):
    from gongkai.sitesearch import searchindex

    assert installer.VERSION == searchindex.PAGEFIND_VERSION


def test_gongkai_runs_the_named_binary_then_the_one_beside_python_and_no_other(monkeypatch, tmp_path):
    from gongkai.sitesearch import searchindex

    monkeypatch.setenv("GONGKAI_PAGEFIND", "/opt/pagefind/pagefind_extended")
    assert searchindex.executable() == Path("/opt/pagefind/pagefind_extended")
    monkeypatch.delenv("GONGKAI_PAGEFIND")
    (tmp_path / "pagefind_extended").write_bytes(b"")
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    assert searchindex.executable() == tmp_path / "pagefind_extended"
    (tmp_path / "pagefind_extended").unlink()
    assert searchindex.executable() is None
    with pytest.raises(searchindex.SearchIndexError, match="没有找到 Pagefind 扩展版 1.6.0.*make site"):
        searchindex.PartedIndex(100)


def test_the_version_is_read_from_the_binary(tmp_path):
    from gongkai.sitesearch import searchindex

    fake = tmp_path / "pagefind_extended"
    fake.write_text("#!/bin/sh\necho 'pagefind 1.5.2'\n")
    fake.chmod(0o755)
    assert searchindex.version(fake) == "1.5.2"
    assert searchindex.PartedIndex(100, binary=fake).version == "1.5.2"

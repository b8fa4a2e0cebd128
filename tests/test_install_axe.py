"""scripts/install_axe.py: the pinned axe-core from npm, checked against its digest, for the browser
tests only."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import npmregistry

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def installer(monkeypatch):
    monkeypatch.delenv("GONGKAI_AXE", raising=False)
    spec = importlib.util.spec_from_file_location("install_axe", ROOT / "scripts" / "install_axe.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def serve(monkeypatch, module, script: bytes, pin: bytes | None = None) -> list[str]:
    """The registry answers a package holding `script`; the pinned digest is that of `pin` (default: it)."""
    data = npmregistry.package({"package/axe.min.js": script})
    monkeypatch.setattr(module, "INTEGRITY", npmregistry.integrity(pin if pin is not None else data))
    return npmregistry.serve(monkeypatch, data)


def test_the_pinned_package_is_fetched_checked_and_installed_once(installer, monkeypatch, tmp_path):
    asked = serve(monkeypatch, installer, b"window.axe = {};")
    assert "installed" in installer.install(tmp_path)
    assert (tmp_path / "axe.min.js").read_bytes() == b"window.axe = {};"
    assert asked == [f"{installer.REGISTRY}/axe-core/-/axe-core-{installer.VERSION}.tgz"]
    assert "already" in installer.install(tmp_path)
    assert len(asked) == 1


def test_a_package_that_is_not_the_pinned_one_is_refused(installer, monkeypatch, tmp_path):
    serve(monkeypatch, installer, b"window.axe = {};", pin=b"something else")
    with pytest.raises(SystemExit, match="digest differs"):
        installer.install(tmp_path)
    assert not (tmp_path / "axe.min.js").exists()


def test_a_copy_named_by_gongkai_axe_is_used_as_it_is(installer, monkeypatch, tmp_path):
    asked = serve(monkeypatch, installer, b"")
    monkeypatch.setenv("GONGKAI_AXE", "/somewhere/axe.min.js")
    assert "nothing fetched" in installer.install(tmp_path)
    assert asked == [] and not (tmp_path / "axe.min.js").exists()

"""scripts/install_decap.py: the pinned Decap CMS bundle from npm, checked against its digest, with
only the files a browser loads (no source maps), or an error saying what to do."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import npmregistry

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def installer(monkeypatch):
    spec = importlib.util.spec_from_file_location("install_decap", ROOT / "scripts" / "install_decap.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.delenv("GONGKAI_DECAP", raising=False)
    return module


PACKAGE = {
    "package/package.json": b"{}",
    "package/dist/decap-cms.js": b"/* entry */",
    "package/dist/1077.decap-cms.js": b"/* chunk */",
    "package/dist/f728dc876b39e5273411.wasm": b"\0asm",
    "package/dist/decap-cms.js.map": b"{}",
    "package/dist/cms.js": b"/* the old name */",
    "package/dist/decap-cms.js.LICENSE.txt": b"MIT",
}


def serve(monkeypatch, module, data: bytes, pin: bytes | None = None) -> list[str]:
    monkeypatch.setattr(module, "INTEGRITY", npmregistry.integrity(pin if pin is not None else data))
    return npmregistry.serve(monkeypatch, data)


def test_the_pinned_bundle_is_fetched_checked_and_installed_once(installer, monkeypatch, tmp_path):
    asked = serve(monkeypatch, installer, npmregistry.package(PACKAGE))
    target = tmp_path / "decap-cms"
    assert installer.install(target).startswith(f"Decap CMS {installer.VERSION} installed")
    assert asked == [f"https://registry.npmjs.org/decap-cms/-/decap-cms-{installer.VERSION}.tgz"]
    names = sorted(p.name for p in target.iterdir() if not p.name.startswith("."))
    assert names == ["1077.decap-cms.js", "decap-cms.js", "decap-cms.js.LICENSE.txt", "f728dc876b39e5273411.wasm"]
    assert installer.install(target).startswith(f"Decap CMS {installer.VERSION} already in")
    assert len(asked) == 1


def test_a_bundle_whose_digest_differs_is_not_installed(installer, monkeypatch, tmp_path):
    serve(monkeypatch, installer, npmregistry.package(PACKAGE), pin=b"something else")
    with pytest.raises(SystemExit, match="digest differs"):
        installer.install(tmp_path / "decap-cms")
    assert not (tmp_path / "decap-cms").exists()


def test_an_unreachable_registry_says_what_to_do(installer, monkeypatch, tmp_path):
    npmregistry.offline(monkeypatch, "no route to host")
    with pytest.raises(SystemExit) as exc:
        installer.install(tmp_path / "decap-cms")
    assert "NPM_CONFIG_REGISTRY" in str(exc.value) and "GONGKAI_DECAP" in str(exc.value)


def test_a_bundle_of_ones_own_is_not_fetched(installer, monkeypatch, tmp_path):
    monkeypatch.setenv("GONGKAI_DECAP", str(tmp_path / "mine"))
    assert "nothing fetched" in installer.install(tmp_path / "decap-cms")


def test_the_pin_is_npms_integrity_of_the_version():
    text = (ROOT / "scripts" / "install_decap.py").read_text(encoding="utf-8")
    assert 'VERSION = "3.16.3"' in text and 'INTEGRITY = "sha512-' in text

"""Fixtures: small throw-away sites on disk, records written as real files."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BIN = Path(sys.executable).parent

MKDOCS_YML = """\
site_name: 测试县政府信息公开
site_url: https://xxgk.example.gov.cn/
docs_dir: docs
theme:
  name: material
  language: zh
  font: false
plugins:
  - gongkai:
{options}
"""


class Site:
    """A site folder: mkdocs.yml, docs/, records/ with the fixture taxonomy."""

    def __init__(self, root: Path, **options):
        self.root = root
        (root / "docs").mkdir(parents=True, exist_ok=True)
        (root / "records").mkdir(exist_ok=True)
        shutil.copy(FIXTURES / "taxonomy.yml", root / "records" / "taxonomy.yml")
        self.configure(**options)

    def configure(self, **options):
        lines = "".join(f"      {k}: {v!r}\n".replace("'", '"') for k, v in options.items()) or "      {}\n"
        if not options:
            text = MKDOCS_YML.replace("  - gongkai:\n{options}", "  - gongkai")
        else:
            text = MKDOCS_YML.format(options=lines)
        (self.root / "mkdocs.yml").write_text(text, encoding="utf-8")

    def record(self, rel: str, text: str | None = None, body: str = "正文第一段。\n", **fields) -> Path:
        """Write records/<rel>; `fields` become front matter unless raw `text` is given."""
        path = self.root / "records" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if text is None:
            text = "---\n" + "".join(_yaml_line(k, v) for k, v in fields.items()) + "---\n" + body
        path.write_text(text, encoding="utf-8")
        return path

    def good(self, rel: str = "2024/czj-00001.md", **overrides) -> Path:
        """A valid record, with fields replaced (None removes a field)."""
        fields = dict(
            title="测试县财政局关于2024年预算公开的说明",
            index_no="czj/2024-00001",
            agency="测试县财政局",
            category="财政信息/财政预算",
            published="2024-01-26",
        )
        fields.update(overrides)
        return self.record(rel, **{k: v for k, v in fields.items() if v is not None})

    def gongkai(self, *args) -> subprocess.CompletedProcess:
        return subprocess.run([str(BIN / "gongkai"), *args], cwd=self.root, capture_output=True, text=True)

    def mkdocs(self, *args) -> subprocess.CompletedProcess:
        env = {"PATH": str(BIN), "NO_MKDOCS_2_WARNING": "1", "HOME": str(self.root)}
        return subprocess.run([str(BIN / "mkdocs"), *args], cwd=self.root, capture_output=True, text=True, env=env)

    def html(self, rel: str) -> str:
        return (self.root / "site" / rel).read_text(encoding="utf-8")


def _yaml_line(key, value) -> str:
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            items = "".join("  - {" + ", ".join(f"{k}: {v}" for k, v in item.items()) + "}\n" for item in value)
            return f"{key}:\n{items}"
        return f"{key}: [{', '.join(map(str, value))}]\n"
    if value is True:
        return f"{key}: true\n"
    return f"{key}: {value}\n"


@pytest.fixture
def site(tmp_path) -> Site:
    return Site(tmp_path / "site-src")

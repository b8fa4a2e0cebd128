"""Put the pinned axe-core, the accessibility engine the browser tests run in each page, into the venv.

    python scripts/install_axe.py [--dir DIR]

axe-core is published on npm as one package whose `axe.min.js` runs in any page. This fetches the
pinned release from the npm registry (no Node needed; NPM_CONFIG_REGISTRY names a mirror), checks
it against the SHA-512 digest pinned below, and writes `axe.min.js` into DIR (default:
<venv>/share/axe-core, where tests/test_a11y.py looks for it). It is for the tests only: nothing of
it goes into site/. With GONGKAI_AXE set (a copy of your own), nothing is fetched.
Stdlib only: it runs before anything else is installed.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tarfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # npmfetch, beside this file

import npmfetch  # noqa: E402

VERSION = "4.14.1"
#: The package's `dist.integrity` on npm (SHA-512 of the tarball).
INTEGRITY = "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
REGISTRY = npmfetch.REGISTRY
DEFAULT_DIR = Path(sys.prefix) / "share" / "axe-core"


class NotInstalled(SystemExit):
    """axe-core could not be fetched; the message says what to do."""

    def __init__(self, why: str):
        super().__init__(
            f"axe-core {VERSION} was not installed: {why}.\n"
            "  The browser tests' accessibility checks need it. Name a mirror of the npm registry\n"
            "  (NPM_CONFIG_REGISTRY=https://<your npm mirror>/) or a copy: export GONGKAI_AXE=/path/to/axe.min.js"
        )


def install(target: Path) -> str:
    """Install axe.min.js into `target`; returns what was done, in a line. Raises SystemExit when it cannot."""
    if os.environ.get("GONGKAI_AXE"):
        return f"axe-core: GONGKAI_AXE names {os.environ['GONGKAI_AXE']}; nothing fetched"
    script = target / "axe.min.js"
    stamp = target / ".axe.version"
    if script.is_file() and npmfetch.is_current(stamp, f"{VERSION} {INTEGRITY}"):
        return f"axe-core {VERSION} already in {script}"
    url = npmfetch.tarball_url("axe-core", VERSION, REGISTRY)
    data = npmfetch.fetch(url, INTEGRITY, __file__, NotInstalled)
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        member = archive.extractfile("package/axe.min.js")
        if member is None:
            raise SystemExit(f"{url}: no package/axe.min.js inside; nothing installed")
        content = member.read()
    npmfetch.write_file(script, content)
    stamp.write_text(f"{VERSION} {INTEGRITY}\n")
    return f"axe-core {VERSION} installed: {script}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="folder to put axe.min.js in")
    args = parser.parse_args()
    print(install(args.dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())

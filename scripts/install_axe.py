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
import base64
import hashlib
import io
import os
import sys
import tarfile
import urllib.request
from pathlib import Path

VERSION = "4.14.1"
#: The package's `dist.integrity` on npm (SHA-512 of the tarball).
INTEGRITY = "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
REGISTRY = os.environ.get("NPM_CONFIG_REGISTRY", "https://registry.npmjs.org/").rstrip("/")
DEFAULT_DIR = Path(sys.prefix) / "share" / "axe-core"


def install(target: Path) -> str:
    """Install axe.min.js into `target`; returns what was done, in a line. Raises SystemExit when it cannot."""
    if os.environ.get("GONGKAI_AXE"):
        return f"axe-core: GONGKAI_AXE names {os.environ['GONGKAI_AXE']}; nothing fetched"
    script = target / "axe.min.js"
    stamp = target / ".axe.version"
    if script.is_file() and stamp.is_file() and stamp.read_text().strip() == f"{VERSION} {INTEGRITY}":
        return f"axe-core {VERSION} already in {script}"
    url = f"{REGISTRY}/axe-core/-/axe-core-{VERSION}.tgz"
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            data = response.read()
    except OSError as exc:
        raise SystemExit(
            f"axe-core {VERSION} was not installed: cannot fetch {url} ({exc}).\n"
            "  The browser tests' accessibility checks need it. Name a mirror of the npm registry\n"
            "  (NPM_CONFIG_REGISTRY=https://<your npm mirror>/) or a copy: export GONGKAI_AXE=/path/to/axe.min.js"
        ) from None
    algorithm, _, expected = INTEGRITY.partition("-")
    if base64.b64encode(hashlib.new(algorithm, data).digest()).decode() != expected:
        raise SystemExit(f"{url}: digest differs from the one pinned in {__file__}; nothing installed")
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        member = archive.extractfile("package/axe.min.js")
        if member is None:
            raise SystemExit(f"{url}: no package/axe.min.js inside; nothing installed")
        content = member.read()
    target.mkdir(parents=True, exist_ok=True)
    partial = script.with_suffix(".partial")
    partial.write_bytes(content)
    partial.replace(script)
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

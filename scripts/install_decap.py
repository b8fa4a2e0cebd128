"""Put the pinned Decap CMS bundle where `gongkai edit` and the build find it: the browser editor's
script, never fetched by a browser from another host.

    python scripts/install_decap.py [--dir DIR]

Decap CMS publishes its browser bundle on npm (the package `decap-cms`, `dist/decap-cms.js` and
the chunks and WebAssembly it loads from its own folder). This fetches the pinned version's
tarball from the npm registry (no Node needed; NPM_CONFIG_REGISTRY names a mirror), checks it
against the SHA-512 digest pinned below (npm's `dist.integrity`), and writes those files (no
source maps) into DIR (default: <venv>/share/gongkai/decap-cms). With GONGKAI_DECAP set (a folder
holding a bundle of your own), nothing is fetched. Stdlib only: it runs before anything else is
installed.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import sys
import tarfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # npmfetch, beside this file

import npmfetch  # noqa: E402

VERSION = "3.16.3"
#: `dist.integrity` of decap-cms@3.16.3 on registry.npmjs.org.
INTEGRITY = "sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw=="
REGISTRY = npmfetch.REGISTRY
#: The files of dist/ a browser loads: the entry script, its chunks (loaded from the entry's own
#: folder by webpack's automatic public path) and their WebAssembly, and the licence notice.
WANTED = re.compile(r"^(decap-cms\.js|\d+\.decap-cms\.js|[0-9a-f]+\.wasm|decap-cms\.js\.LICENSE\.txt)$")
STAMP = ".decap-cms.version"


def default_dir() -> Path:
    return Path(sys.prefix) / "share" / "gongkai" / "decap-cms"


class NotInstalled(SystemExit):
    """The pinned bundle could not be installed; the message says why and what to do."""

    def __init__(self, why: str):
        super().__init__(
            f"Decap CMS {VERSION} was not installed: {why}.\n"
            "  The browser editor (gongkai edit) needs it; the portal itself does not.\n"
            "  - Check that this machine reaches the npm registry, or name a mirror of it:\n"
            "      NPM_CONFIG_REGISTRY=https://<your npm mirror>/ make\n"
            f"  - Or unpack decap-cms@{VERSION}'s dist/ folder yourself and name it:\n"
            "      export GONGKAI_DECAP=/path/to/dist"
        )


def install(target: Path) -> str:
    """Install the bundle into `target`; returns what was done, in a line. Raises NotInstalled."""
    named = os.environ.get("GONGKAI_DECAP")
    if named:
        return f"Decap CMS: GONGKAI_DECAP names {named}; nothing fetched"
    stamp = target / STAMP
    if (target / "decap-cms.js").is_file() and npmfetch.is_current(stamp, installed_line()):
        return f"Decap CMS {VERSION} already in {target}"
    url = npmfetch.tarball_url("decap-cms", VERSION, REGISTRY)
    data = npmfetch.fetch(url, INTEGRITY, __file__, NotInstalled, timeout=120)
    files = {}
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        for member in archive.getmembers():
            folder, _, name = member.name.rpartition("/")
            if folder == "package/dist" and member.isfile() and WANTED.match(name):
                files[name] = archive.extractfile(member).read()
    if "decap-cms.js" not in files:
        raise SystemExit(f"{url}: no package/dist/decap-cms.js inside; nothing installed")
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    for name, content in sorted(files.items()):
        (partial / name).write_bytes(content)
    (partial / STAMP).write_text(installed_line() + "\n")
    shutil.rmtree(target, ignore_errors=True)
    partial.replace(target)
    return f"Decap CMS {VERSION} installed: {target} ({len(files)} files)"


def installed_line() -> str:
    return f"{VERSION} {INTEGRITY}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=default_dir(), help="folder to put it in")
    args = parser.parse_args()
    print(install(args.dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Put the pinned Pagefind extended binary beside the venv's Python: the one Pagefind every site
is built with.

    python scripts/install_pagefind.py [--bin DIR]

Pagefind publishes its releases on npm, one package per platform holding the binary. This fetches
the package of this platform from the npm registry (no Node needed; NPM_CONFIG_REGISTRY names a
mirror), checks it against the SHA-512 digest pinned below, and writes `pagefind_extended` into
DIR (default: the folder of this Python, where gongkai looks for it). 1.6 answers a query on
50,000 records in under a second where 1.5.2, the newest `pagefind[extended]` wheel on PyPI,
takes 13-24 s for common words, and segments Chinese differently: a site built with another
version is another site, so there is no fallback. When the fetch fails, or there is no package
for this platform, it stops with a message saying what to do, and nothing is installed.
With GONGKAI_PAGEFIND set (a binary of your own), nothing is fetched.
Stdlib only: it runs before anything else is installed.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import sys
import tarfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # npmfetch, beside this file

import npmfetch  # noqa: E402

VERSION = "1.6.0"

#: npm package per (system, machine) and its `dist.integrity` (SHA-512 of the tarball).
PACKAGES = {
    ("Linux", "x86_64"): (
        "linux-x64",
        "sha512-IbMSx/+Vr/Xk0TTBlLkjgK+rvnbOXGmmb2/MKxQu99AR5DsqQoV3NKEA9PQz2tAhuCZjeD5xJBp4w5N5DHIC7Q==",
    ),
    ("Linux", "aarch64"): (
        "linux-arm64",
        "sha512-SLB2I+XqCZma8NvIGIH8nyKblgKIxw5PmqsVtofWOKxNHhEtOEsddbqU+hsrNcT3EV0faM6UmKDHVIxcPYq29w==",
    ),
    ("Darwin", "x86_64"): (
        "darwin-x64",
        "sha512-rd3ZbtuxyYqjASKZAPuIV7eeQQHJ7VYpoNKKG8CvglaD3g30eT5Nb7XGNLYwVReBsCccpkURwrGwWjSwr8nyQQ==",
    ),
    ("Darwin", "arm64"): (
        "darwin-arm64",
        "sha512-611gl64aqN12UcMyKPtZ8+vRWBKlJFSh2JgO8uScxa1Eyjo1dXz9r4wZuRno0yCUE/KN0FauEoKZ3KEwUYHCCg==",
    ),
}

REGISTRY = npmfetch.REGISTRY


class NotInstalled(SystemExit):
    """The pinned binary could not be installed; the message says why and what to do."""

    def __init__(self, why: str):
        super().__init__(
            f"Pagefind {VERSION} was not installed: {why}.\n"
            "  The site search is built with this one version only (another segments Chinese differently).\n"
            "  - Check that this machine reaches the npm registry, or name a mirror of it:\n"
            "      NPM_CONFIG_REGISTRY=https://<your npm mirror>/ make site\n"
            f"  - Or download @pagefind/<platform>@{VERSION} yourself and name its binary:\n"
            "      export GONGKAI_PAGEFIND=/path/to/pagefind_extended\n"
            "  - Or build without site search: `search: off` under the gongkai plugin in mkdocs.yml."
        )


def install(target: Path) -> str:
    """Install the binary into `target`; returns what was done, in a line. Raises NotInstalled."""
    named = os.environ.get("GONGKAI_PAGEFIND")
    if named:
        return f"Pagefind: GONGKAI_PAGEFIND names {named}; nothing fetched"
    key = (platform.system(), platform.machine())
    if key not in PACKAGES:
        raise NotInstalled(f"npm has no Pagefind package pinned here for {key[0]} {key[1]}")
    name, integrity = PACKAGES[key]
    binary = target / "pagefind_extended"
    stamp = target / ".pagefind_extended.version"
    if binary.is_file() and npmfetch.is_current(stamp, f"{VERSION} {integrity}"):
        return f"Pagefind {VERSION} already in {binary}"
    url = npmfetch.tarball_url(f"@pagefind/{name}", VERSION, REGISTRY)
    data = npmfetch.fetch(url, integrity, __file__, NotInstalled)
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        member = archive.extractfile("package/bin/pagefind_extended")
        if member is None:
            raise SystemExit(f"{url}: no package/bin/pagefind_extended inside; nothing installed")
        content = member.read()
    npmfetch.write_file(binary, content, mode=0o755)
    stamp.write_text(f"{VERSION} {integrity}\n")
    return f"Pagefind {VERSION} installed: {binary}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", type=Path, default=Path(sys.executable).parent, help="folder to put it in")
    args = parser.parse_args()
    print(install(args.bin))
    return 0


if __name__ == "__main__":
    sys.exit(main())

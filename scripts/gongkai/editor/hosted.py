"""The editor at /admin/ of the portal (hosted mode), written by the build when mkdocs.yml enables
it (`editor: github` or `gitlab`): the same page and form as `gongkai edit`, with Decap's GitHub
or GitLab backend and the editorial workflow (a clerk's save becomes a pull or merge request that
CI checks). Only the admin page loads the bundle; its policy allows the repository's API host,
nothing else outside the site.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit

from gongkai.editor.config import decap_config, year_folders
from gongkai.editor.server import (
    ADMIN_CSP,
    BUNDLE_FILE,
    NoBundle,
    admin_page,
    bundle_dir,
    check_bundle,
    config_script,
    editor_script,
    preview_style,
)
from gongkai.model.settings import Settings

GITHUB_API = "https://api.github.com"
GITLAB = "https://gitlab.com"


def backend(settings: Settings) -> dict:
    """Decap's backend configuration for the site's hosted editor."""
    if settings.editor == "github":
        out = {"name": "github", "repo": settings.editor_repo, "branch": settings.editor_branch}
        if settings.editor_base_url:
            out["base_url"] = settings.editor_base_url.rstrip("/")  # the county's OAuth service
        return out
    base = (settings.editor_base_url or GITLAB).rstrip("/")
    return {
        "name": "gitlab",
        "repo": settings.editor_repo,
        "branch": settings.editor_branch,
        "auth_type": "pkce",
        "app_id": settings.editor_app_id,
        "base_url": base,
        "api_root": f"{base}/api/v4",
        "auth_endpoint": "oauth/authorize",
    }


def policy(settings: Settings) -> str:
    """The admin page's policy: the local one, plus the hosts the backend talks to."""
    hosts = []
    if settings.editor == "github":
        hosts = [GITHUB_API, "https://avatars.githubusercontent.com"]
        if settings.editor_base_url:
            hosts.append(_origin(settings.editor_base_url))
    else:
        hosts = [_origin(settings.editor_base_url or GITLAB)]
    extra = " ".join(dict.fromkeys(hosts))
    return (
        ADMIN_CSP.replace("connect-src 'self' blob:", f"connect-src 'self' blob: {extra}")
        .replace("img-src 'self' data: blob:", f"img-src 'self' data: blob: {extra}")
        .replace("; frame-ancestors 'none'", "")
    )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def write_admin(
    site_dir: Path, records_base: Path, taxonomy, settings: Settings, site_url: str | None = None
) -> list[str]:
    """Write admin/ into the built site (`records_base`: the folder of mkdocs.yml); returns the files
    written (relative to the site). Raises NoBundle when the Decap bundle is not installed."""
    bundle = bundle_dir()
    check_bundle(bundle)
    folder = site_dir / "admin"
    folder.mkdir(parents=True, exist_ok=True)
    years = year_folders(settings.records_path(records_base))
    config = decap_config(taxonomy, settings, backend(settings), site_url=site_url, hosted=True, years=years)
    files = {
        "index.html": admin_page("记录编辑器", policy=policy(settings)).encode(),
        "config.js": config_script(config, "hosted").encode(),
        "editor.js": editor_script(),
        "preview.css": preview_style(),
    }
    for name, content in files.items():
        (folder / name).write_bytes(content)
    copied = sorted(p.name for p in bundle.iterdir() if BUNDLE_FILE.match(p.name))
    for name in copied:
        shutil.copyfile(bundle / name, folder / name)
    return [f"admin/{name}" for name in sorted([*files, *copied])]


__all__ = ["NoBundle", "backend", "policy", "write_admin"]

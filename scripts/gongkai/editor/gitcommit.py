"""`gongkai edit --commit`: each record saved from the editor committed with the clerk's name and a
message in Chinese (only the files of that save: the clerk's other changes stay as they were)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from gongkai.editor.saving import Saved

AUTHOR = re.compile(r"^[^<>]+ <[^<>@\s]+@[^<>\s]+>$")


class Committer:
    def __init__(self, base: Path, author: str, log=print):
        self.base = base
        self.author = author
        self.log = log

    def __call__(self, saved: Saved) -> None:
        files = [saved.path, *saved.assets]
        what = "新建" if saved.new else "修改"
        message = f"{what}记录 {saved.index_no}（浏览器编辑器）"
        add = subprocess.run(["git", "add", "--", *files], cwd=self.base, capture_output=True, text=True)
        name, _, email = self.author.rstrip(">").partition(" <")
        # The clerk commits: also where git knows no one on this machine.
        identity = ["-c", f"user.name={name}", "-c", f"user.email={email}"]
        commit = subprocess.run(
            ["git", *identity, "commit", "-q", f"--author={self.author}", "-m", message, "--", *files],
            cwd=self.base,
            capture_output=True,
            text=True,
        )
        if add.returncode or commit.returncode:
            self.log(f"已保存 {saved.path}，但没能提交到 git：{(add.stderr or commit.stderr or commit.stdout).strip()}")
        else:
            self.log(f"已提交：{message}")

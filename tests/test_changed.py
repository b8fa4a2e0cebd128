"""`gongkai check --changed`: the files changed against main, and the rules across records."""

from __future__ import annotations

import json
import shutil
import subprocess

from conftest import BIN, flat


def git(site, *args):
    subprocess.run(["git", *args], cwd=site.root, check=True, capture_output=True)


def committed(site):
    (site.root / ".gitignore").write_text("/.cache/\n/site/\n", encoding="utf-8")  # as the sample's
    git(site, "init", "-q", "-b", "main")
    git(site, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A")
    git(site, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "records")


def test_only_changed_records_are_read_and_cross_rules_still_hold(site):
    site.good()
    site.good("2024/czj-00002.md", index_no="czj/2024-00002")
    # A broken file already on main: --changed does not read it (the full check would).
    site.record("2024/old.md", "---\ntitle: 旧文件\nindex_no: czj/2024-00003\nagency: 无此机构\n---\n")
    committed(site)
    assert site.gongkai("check").returncode == 1
    out = site.gongkai("check", "--changed")
    assert out.returncode == 0 and "OK, 0 changed records" in out.stdout, out.stderr

    new = site.good("2024/czj-00004.md", index_no="czj/2024-00002", superseded_by="czj/2024-09999")
    out = site.gongkai("check", "--changed")
    assert out.returncode == 1
    assert "records/2024/czj-00004.md" in out.stderr
    assert "索引号 czj/2024-00002 重复：records/2024/czj-00002.md 已使用" in out.stderr
    assert "如 czj/2024-00004（这一段的下一个）" in out.stderr  # 00003 is taken by a file with errors
    assert "替代文件 czj/2024-09999 在本站不存在" in out.stderr
    assert "无此机构" not in out.stderr  # the unchanged file is not read

    new.write_text(new.read_text(encoding="utf-8").replace("czj/2024-00002", "czj/2024-00004"), "utf-8")
    new.write_text(new.read_text(encoding="utf-8").replace("superseded_by: czj/2024-09999\n", ""), "utf-8")
    out = site.gongkai("check", "--changed")
    assert out.returncode == 0 and "OK, 1 changed records" in out.stdout, out.stderr


def test_a_changed_taxonomy_or_no_git_means_the_whole_check(site):
    site.good()
    out = site.gongkai("check", "--changed")  # not a git work tree
    assert out.returncode == 0 and "改为检查全部记录" in out.stderr and "OK, 1 records" in out.stdout
    committed(site)
    taxonomy = site.root / "records" / "taxonomy.yml"
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8") + "\n", "utf-8")
    out = site.gongkai("check", "--changed")
    assert out.returncode == 0 and "OK, 1 records" in out.stdout


def test_a_deleted_record_means_the_whole_check(site):
    site.good()
    site.good("2024/czj-00002.md", index_no="czj/2024-00002", validity="失效", abolished="2024-12-31",
              superseded_by="czj/2024-00001")  # fmt: skip
    committed(site)
    (site.root / "records/2024/czj-00001.md").unlink()  # what czj/2024-00002 points to
    out = site.gongkai("check", "--changed")
    assert out.returncode == 1
    assert "records/2024/czj-00002.md" in out.stderr and "替代文件 czj/2024-00001 在本站不存在" in out.stderr


def test_a_published_index_no_changed_or_deleted_is_warned_of(site):
    # The 索引号 is the page's address: renumbering a published record broke every link to it, unsaid.
    first = site.good()
    site.good("2024/czj-00002.md", index_no="czj/2024-00002")
    site.good("2024/czj-00003.md", index_no="czj/2024-00003", draft=True)
    site.good("2099/czj-00004.md", index_no="czj/2099-00004", published="2099-01-01", title="定时发布的")
    committed(site)
    for rel, number in (
        ("2024/czj-00001", "2024-00001"),
        ("2024/czj-00003", "2024-00003"),
        ("2099/czj-00004", "2099-00004"),
    ):
        path = site.root / f"records/{rel}.md"
        path.write_text(path.read_text(encoding="utf-8").replace(number, number[:5] + "1" + number[6:]), "utf-8")
    out = site.gongkai("check", "--changed")
    said = flat(out.stderr)
    assert out.returncode == 0, out.stderr
    assert "records/2024/czj-00001.md:3: 警告 index_no（索引号）：索引号 czj/2024-00001 已经发布" in said, said
    assert "改法：改回 index_no: czj/2024-00001。" in said
    assert "czj/2024-00003" not in said and "czj/2099-00004" not in said  # a draft's, a scheduled one's
    git(site, "checkout", "-q", ".")
    (site.root / "records/2024/czj-00002.md").unlink()  # taken down: the whole check, with the warning
    out = site.gongkai("check", "--changed")
    assert out.returncode == 0 and "OK, 3 records" in out.stdout, out.stderr  # the scheduled one too
    said = flat(out.stderr)
    assert "records/2024/czj-00002.md: 警告 index_no（索引号）：索引号 czj/2024-00002 已经发布" in said, said
    assert "改法：误删或误移的，把文件恢复原样。确实要撤下" in said
    assert first.is_file()


def test_a_published_index_no_others_refer_to_is_an_error_when_renumbered(site):
    # The warning said it could be ignored, while the whole check and the build then refused the
    # references to the old number.
    site.good()
    site.good("2024/czj-00002.md", index_no="czj/2024-00002", interprets="czj/2024-00001")
    committed(site)
    path = site.root / "records/2024/czj-00001.md"
    path.write_text(path.read_text(encoding="utf-8").replace("czj/2024-00001", "czj/2024-00009"), "utf-8")
    out = site.gongkai("check", "--changed")
    said = flat(out.stderr)
    assert out.returncode == 1, out.stderr
    assert "records/2024/czj-00001.md:3: 错误 index_no（索引号）：索引号 czj/2024-00001 已经发布" in said, said
    assert "records/2024/czj-00002.md 还引用着它。改法：改回 index_no: czj/2024-00001。" in said
    assert "可以不管" not in said
    # A body that links its page by its address refers to it too (the whole check refuses the link).
    site.good("2024/czj-00002.md", index_no="czj/2024-00002", body="见[预算说明](/xxgk/czj/2024-00001/)。\n")
    said = flat(site.gongkai("check", "--changed").stderr)
    assert "records/2024/czj-00002.md 还引用着它。" in said and "可以不管" not in said, said


def test_a_record_taken_back_while_published_records_refer_to_it_is_refused_by_the_hook(site):
    # A clerk made it a draft (撤回): the hook passed it, and the whole check and the build then
    # refused the two records that still named it, so the site stopped updating.
    site.good()
    others = {
        "2023/czj-00003.md": dict(published="2023-05-01", superseded_by="czj/2024-00001"),
        "2024/czj-00002.md": dict(interprets="czj/2024-00001"),
        "2024/czj-00004.md": dict(body="见[预算说明](czj-00001.md)。\n\n```\n[不是链接](czj-00001.md)\n```\n"),
        "2024/czj-00005.md": dict(body="无关。\n"),
        "2024/czj-00006.md": dict(body="索引号为 czj/2024-00001 的说明已更新。\n"),
    }
    for rel, fields in others.items():
        number = rel.removesuffix(".md").replace("czj-", "czj/" + rel[:4] + "-").split("/", 1)[1]
        site.good(rel, index_no=number, title=f"测试县财政局第{number[-1]}号说明", **fields)
    (site.root / "docs/guide.md").write_text("# 指南\n\n参见《测试县财政局关于2024年预算公开的说明》。\n", "utf-8")
    committed(site)
    path = site.root / "records/2024/czj-00001.md"
    path.write_text(path.read_text(encoding="utf-8").replace("\n---\n", "\ndraft: true\n---\n", 1), "utf-8")
    line = path.read_text(encoding="utf-8").split("\n").index("draft: true") + 1
    whole, hook = site.gongkai("check"), site.gongkai("check", "--changed")
    assert whole.returncode == hook.returncode == 1
    said = flat(hook.stderr)
    assert f"records/2024/czj-00001.md:{line}: 错误 draft（草稿）：已发布的信息还引用着 czj/2024-00001：" in said, said
    refs = (
        "docs/guide.md（标题）；records/2023/czj-00003.md（superseded_by）；records/2024/czj-00002.md（interprets）；"
        "records/2024/czj-00004.md（正文链接）；records/2024/czj-00006.md（索引号 czj/2024-00001）。"
    )
    assert refs in said and "czj-00005" not in said, said
    # Dated later instead: the same, at its date.
    path.write_text(path.read_text(encoding="utf-8").replace("draft: true\n", "").replace("2024-01-26", "2024-09-01"))
    said = flat(site.gongkai("check", "--changed", "--as-of", "2024-06-01").stderr)
    assert "错误 published（发布日期）：已发布的信息还引用着 czj/2024-00001" in said
    assert "推迟到 2024-09-01 发布以后" in said
    # A draft nobody names is the clerk's to take back.
    fifth = dict(index_no="czj/2024-00005", title="测试县财政局第5号说明", body="无关。\n", draft=True)
    site.good("2024/czj-00005.md", **fifth)
    path.write_text(path.read_text(encoding="utf-8").replace("2024-09-01", "2024-01-26"))
    out = site.gongkai("check", "--changed")
    assert out.returncode == 0, out.stderr


def test_a_record_saved_with_a_bom_is_read_at_the_base_too(site):
    path = site.good()
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())  # Windows Notepad's UTF-8
    committed(site)
    path.write_bytes(path.read_bytes().replace(b"czj/2024-00001", b"czj/2024-00009"))
    out = site.gongkai("check", "--changed")
    assert out.returncode == 0 and "索引号 czj/2024-00001 已经发布" in out.stderr, out.stderr


def test_warnings_of_changed_records_are_printed_as_the_whole_check_prints_them(site):
    site.good()
    committed(site)
    site.good("2024/czj-00002.md", index_no="czj/2024-00002", doc_no="澄财发[2024]3号")
    out = site.gongkai("check", "--changed")
    assert out.returncode == 0 and "OK, 1 changed records" in out.stdout
    assert "records/2024/czj-00002.md:7: 警告 doc_no（发文字号）" in flat(out.stderr)
    assert "写成 澄财发〔2024〕3号" in out.stderr


def test_a_changed_attachment_brings_in_the_records_that_name_it(site):
    from conftest import make_pdf

    (site.root / "records/2024/files").mkdir(parents=True)
    (site.root / "records/2024/files/table.pdf").write_bytes(make_pdf("budget table"))
    site.good(attachments=[{"file": "files/table.pdf", "title": "预算表"}])
    site.good("2024/czj-00002.md", index_no="czj/2024-00002")
    committed(site)
    # The PDF replaced by one with a mobile number in its text layer: the record that publishes it fails.
    (site.root / "records/2024/files/table.pdf").write_bytes(make_pdf("contact 13812345678"))
    out = site.gongkai("check", "--changed")
    assert out.returncode == 1 and "改为检查全部记录" not in out.stderr
    assert "records/2024/czj-00001.md" in out.stderr and "手机号码" in out.stderr
    assert "czj-00002.md" not in out.stderr
    (site.root / "records/2024/files/table.pdf").write_bytes(make_pdf("budget table 2"))
    out = site.gongkai("check", "--changed")
    assert out.returncode == 0 and "OK, 1 changed records" in out.stdout, out.stderr


def test_a_staged_record_whose_attachment_is_not_staged_is_refused_by_the_hook(site):
    # The hook reads the work tree, where the new PDF is; the commit, CI and the build would not
    # have it (never added, or left out by .gitignore).
    from conftest import make_pdf

    site.good()
    committed(site)
    (site.root / "records/2024/files").mkdir(parents=True)
    (site.root / "records/2024/files/new.pdf").write_bytes(make_pdf("budget table"))
    site.good("2024/czj-00002.md", index_no="czj/2024-00002", attachments=[{"file": "files/new.pdf", "title": "表"}])
    out = site.gongkai("check", "--changed")  # nothing staged yet: the clerk checks before git add
    assert out.returncode == 0, out.stderr
    git(site, "add", "records/2024/czj-00002.md")
    said = "records/2024/czj-00002.md:7: 错误 attachments（附件）：文件 records/2024/files/new.pdf 还没有加入 git"
    for args in (["check", "--changed"], ["check", "--changed", "--base", "main"]):
        out = site.gongkai(*args)
        assert out.returncode == 1 and said in flat(out.stderr), out.stderr
        assert "运行 git add :/records/2024/files/new.pdf（" in flat(out.stderr)  # from the top, as pre-commit
    # When more than records changed the hook runs the whole check: it reads the index too.
    taxonomy = site.root / "records" / "taxonomy.yml"
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8") + "\n", "utf-8")
    out = site.gongkai("check", "--changed")
    assert out.returncode == 1 and "改为检查全部记录" not in out.stderr and said in flat(out.stderr), out.stderr
    (site.root / ".gitignore").write_text("/.cache/\n/site/\n*.pdf\n", encoding="utf-8")
    git(site, "add", "-A")  # the PDF is left out by .gitignore
    assert said in flat(site.gongkai("check", "--changed").stderr)
    git(site, "add", "-f", "records/2024/files/new.pdf")
    out = site.gongkai("check", "--changed")
    assert out.returncode == 0, out.stderr
    assert site.gongkai("check").returncode == 0  # the clerk's own whole check reads the work tree
    # A file the body links is said at the link's line.
    (site.root / "records/2024/files/more.pdf").write_bytes(make_pdf("more"))
    record = site.root / "records/2024/czj-00002.md"
    record.write_text(record.read_text(encoding="utf-8") + "\n另见[明细](files/more.pdf)。\n", encoding="utf-8")
    git(site, "add", "records/2024/czj-00002.md")
    line = record.read_text(encoding="utf-8").split("\n").index("另见[明细](files/more.pdf)。") + 1
    said = flat(site.gongkai("check", "--changed").stderr)
    assert f"records/2024/czj-00002.md:{line}: 错误 文件 records/2024/files/more.pdf 还没有加入 git" in said
    # A published record's file taken out of the index, the record itself unchanged: its commit too
    # would lack the file.
    git(site, "add", "-f", "records/2024/files/more.pdf")
    git(site, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "more")
    git(site, "rm", "-q", "--cached", "records/2024/files/new.pdf")
    said = flat(site.gongkai("check", "--changed").stderr)
    assert "czj-00002.md:7: 错误 attachments（附件）：文件 records/2024/files/new.pdf 还没有加入 git" in said
    # Moved away in the index only (git names it a rename, under the new name only): the same.
    git(site, "add", "-f", "records/2024/files/new.pdf")
    shutil.copy(site.root / "records/2024/files/new.pdf", site.root / "records/2024/files/copy.pdf")
    git(site, "add", "-f", "records/2024/files/copy.pdf")
    git(site, "rm", "-q", "--cached", "records/2024/files/new.pdf")
    assert "文件 records/2024/files/new.pdf 还没有加入 git" in flat(site.gongkai("check", "--changed").stderr)
    # The record taken out with its file: neither is in the commit, nothing to say of them.
    git(site, "add", "-f", "records/2024/files/new.pdf")
    git(site, "rm", "-q", "--cached", "records/2024/czj-00002.md", "records/2024/files/new.pdf")
    assert "还没有加入 git" not in site.gongkai("check", "--changed").stderr


def test_a_changed_drafts_personal_data_is_the_warning_of_the_whole_check(site):
    mobile = "13912345678"
    site.good()
    committed(site)
    path = site.good("2024/czj-00002.md", index_no="czj/2024-00002", draft=True, body=f"联系人手机{mobile}。\n")
    whole, changed = site.gongkai("check"), site.gongkai("check", "--changed")
    assert whole.returncode == 0 and changed.returncode == 0, changed.stderr
    assert "OK, 1 changed records" in changed.stdout
    problem = (
        "records/2024/czj-00002.md:9: 警告 正文有未遮盖的手机号码。"
        "改法：草稿（draft: true）暂不发布，发布前须遮盖：写成 139****5678，"
        "或运行 gongkai mask records/2024/czj-00002.md 自动遮盖；"
    )
    assert problem in flat(changed.stderr) and problem in flat(whole.stderr)
    as_json = site.gongkai("check", "--changed", "--format", "json")
    assert as_json.returncode == 0
    data = json.loads(as_json.stdout)
    assert data["ok"] is True
    assert [(p["file"], p["line"], p["message"], p["severity"]) for p in data["problems"]] == [
        ("records/2024/czj-00002.md", 9, "正文有未遮盖的手机号码。", "warning")
    ]
    assert mobile not in changed.stderr + as_json.stdout

    path.write_text(path.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    out = site.gongkai("check", "--changed")
    assert out.returncode == 1
    assert "records/2024/czj-00002.md:8: 错误 正文有未遮盖的手机号码。改法：写成 139****5678" in flat(out.stderr)
    assert mobile not in out.stderr


def test_a_changed_hand_written_page_is_checked_by_the_hook_as_by_the_build(site):
    """The pre-commit hook (check --changed) reads no page itself: a page or mkdocs.yml changed makes
    it the whole check, which reads docs/ as the build does."""
    site.good()
    committed(site)
    assert site.gongkai("check", "--changed").returncode == 0
    (site.root / "docs" / "contact.md").write_text("# 联系我们\n\n经办人手机 13912345678\n", encoding="utf-8")
    out = site.gongkai("check", "--changed")
    assert out.returncode == 1
    assert "docs/contact.md:3: 错误 有未遮盖的手机号码。" in flat(out.stderr), out.stderr


def test_a_record_saved_under_another_ending_is_named_by_check_changed_and_the_build(site):
    """Notepad's `.md.txt`, an upper-case `.MD`, a record saved as `.txt` are not read as records:
    said at the file with the name to give it, by the whole check, --changed and the build alike,
    where they used to be left out without a word; a note in a .txt stays a note."""
    record = site.good()
    committed(site)
    text = record.read_text(encoding="utf-8").replace("czj/2024-00001", "czj/2024-00002")
    folder = record.parent
    (folder / "czj-00002.md.txt").write_text(text, encoding="utf-8")
    (folder / "说明.txt").write_text("这个文件夹放 2024 年的记录。\n", encoding="utf-8")
    for done in (site.gongkai("check", "--changed"), site.gongkai("check"), site.mkdocs("build")):
        err = flat(done.stderr)
        assert done.returncode == 1, err
        assert "records/2024/czj-00002.md.txt" in err and "文件名以 .txt 结尾，不会当作记录读取，也不会发布" in err
        assert "把文件改名为 czj-00002.md" in err and "说明.txt" not in err
    (folder / "czj-00002.md.txt").rename(folder / "czj-00002.MD")
    done = site.gongkai("check")
    assert done.returncode == 1 and "records/2024/czj-00002.MD" in done.stderr
    assert "扩展名是小写的 .md" in done.stderr and "把文件改名为 czj-00002.md" in done.stderr
    (folder / "czj-00002.MD").rename(folder / "czj-00002.md")
    done = site.gongkai("check")
    assert done.returncode == 0 and "OK, 2 records" in done.stdout, done.stderr


def test_a_changed_file_with_a_chinese_name_or_a_space_is_checked(site):
    """git quotes such paths in its output ("records/2024/\\345…"), and they were dropped: the
    pre-commit hook said OK for a record the full check refuses."""
    site.good()
    committed(site)
    git(site, "checkout", "-q", "-b", "work")
    site.good("2024/关于 测试的通知.md", index_no="czj/2024-00002", agency="无此机构")
    git(site, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A")
    git(site, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "a record")
    site.good("2024/未提交的 记录.md", index_no="czj/2024-00003", agency="也无此机构")  # untracked
    out = site.gongkai("check", "--changed")
    said = flat(out.stderr)
    assert out.returncode == 1, out.stdout
    assert "records/2024/关于 测试的通知.md" in said and "无此机构" in said, said
    assert "records/2024/未提交的 记录.md" in said and "也无此机构" in said, said


def test_a_site_in_a_folder_of_its_repository_finds_its_new_files(site):
    """git ls-files names untracked files from the folder it runs in, diff from the top: both are
    read from the top (a new record was looked for at the repository's root, and not checked)."""
    site.good()
    top = site.root.parent
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=top, check=True)
    for args in (["add", "-A"], ["commit", "-qm", "site"]):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=top, check=True)
    site.good("2024/新 记录.md", index_no="czj/2024-00002", agency="无此机构")  # untracked
    out = site.gongkai("check", "--changed")
    assert out.returncode == 1 and "无此机构" in out.stderr, out.stdout + out.stderr


def test_a_new_link_is_judged_where_it_lies_not_where_it_points(site):
    """A symbolic link git names was followed to its target before it was placed: `docs/g` to
    `../.git` (which the build would publish whole) lay outside docs/ and records/, and a record
    file linked to a file outside records/ was no record, so the hook said OK for both while the
    whole check and the build refuse them."""
    site.good()
    committed(site)
    (site.root / "docs" / "g").symlink_to("../.git")
    out = site.gongkai("check", "--changed")
    assert out.returncode == 1, out.stdout
    assert "docs/g" in out.stderr and "指向 docs/ 之外" in out.stderr, out.stderr
    (site.root / "docs" / "g").unlink()
    outside = site.root / "notes.md"
    outside.write_text(site.good().read_text(encoding="utf-8"), encoding="utf-8")
    (site.root / "records" / "2024" / "czj-00002.md").symlink_to(outside)
    out = site.gongkai("check", "--changed")
    assert out.returncode == 1, out.stdout
    assert "records/2024/czj-00002.md" in out.stderr and "指向 records 目录之外的链接" in out.stderr, out.stderr


def test_a_build_cache_committed_to_git_is_refused_by_check_and_build(site):
    """The cache holds drafts' text: committed, it is published to whoever reads the repository; and
    a cache that came with the repository (planted, say) is not what a build wrote."""
    site.good()
    assert site.gongkai("check").returncode == 0  # writes .cache/gongkai/records/…
    assert (site.root / ".cache" / "gongkai").is_dir()
    git(site, "init", "-q", "-b", "main")
    git(site, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A")
    git(site, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "cache too")
    with_git = {"PATH": f"{BIN}:/usr/bin:/bin"}  # the tests' commands run with the venv's PATH alone
    record = site.root / "records/2024/czj-00001.md"
    record.write_text(record.read_text(encoding="utf-8") + "\n补充一段。\n", encoding="utf-8")
    changed = site.gongkai("check", "--changed")  # the pre-commit hook refuses it as the build does
    for done in (site.gongkai("check"), changed, site.mkdocs("build", env=with_git)):
        assert done.returncode == 1, done.stderr
        said = flat(done.stderr)
        assert "plugins.gongkai.build_cache" in said and "已提交进 git" in said, said
        assert "git rm -r --cached .cache/gongkai 并提交" in said and "Traceback" not in said
    git(site, "rm", "-rq", "--cached", ".cache")
    assert site.gongkai("check").returncode == 0


def test_the_git_add_hint_is_one_word_in_any_shell():
    from gongkai.clerk.changed import _shell_word

    assert _shell_word(":/records/2024/files/预算表.pdf") == ":/records/2024/files/预算表.pdf"
    assert _shell_word(":/records/预算 表.pdf") == '":/records/预算 表.pdf"'  # cmd.exe takes double quotes
    assert _shell_word(":/records/预算$2024.pdf") == "':/records/预算$2024.pdf'"  # bash and PowerShell expand $

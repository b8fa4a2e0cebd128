"""The CI files that publish the portal (GitHub Actions, GitLab CI): parsed, their commands run
against the Makefile and the CLI, their jobs in the right order. A typo fails here, not a merge."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import BIN, ROOT
from gongkai.model.settings import Settings

GITHUB = ROOT / ".github" / "workflows" / "publish.yml"
GITLAB = ROOT / ".gitlab-ci.yml"


def github() -> dict:
    data = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def gitlab() -> dict:
    return yaml.safe_load(GITLAB.read_text(encoding="utf-8"))


def commands() -> list[str]:
    """Every shell line the two files run."""
    out = []
    for job in github()["jobs"].values():
        out += [step["run"] for step in job.get("steps", []) if "run" in step]
    for job in gitlab().values():
        if isinstance(job, dict) and "script" in job:
            out += job["script"]
    return [line for command in out for line in command.splitlines() if line.strip()]


def test_github_checks_every_pull_request_and_publishes_main_daily_too():
    wf = github()
    assert "pull_request" in wf["on"] and wf["on"]["push"]["branches"] == ["main"]
    # 00:05 in Beijing is 16:05 UTC: records dated that day are published (定时发布).
    assert [s["cron"] for s in wf["on"]["schedule"]] == ["5 16 * * *"]
    jobs = wf["jobs"]
    assert jobs["build"]["needs"] == "check" and jobs["deploy"]["needs"] == "build"
    assert "pull_request" in jobs["deploy"]["if"] and "refs/heads/main" in jobs["deploy"]["if"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    uses = [step["uses"] for job in jobs.values() for step in job["steps"] if "uses" in step]
    assert "actions/deploy-pages@v4" in uses and "actions/upload-pages-artifact@v3" in uses
    upload = next(s for s in jobs["build"]["steps"] if s.get("uses", "").startswith("actions/upload-pages"))
    assert upload["with"]["path"] == "site"
    # The check's problems are annotations on the pull request.
    assert any("gongkai check --format github" in step.get("run", "") for step in jobs["check"]["steps"])
    assert all(re.fullmatch(r"actions/[\w-]+(/restore)?@v\d+", u) for u in uses), uses


def test_publishing_waits_for_the_check_and_the_build_not_for_gongkais_own_tests():
    """gongkai's tests check its sample portal (澄岭县): a county's records in its place would fail
    them and nothing would ever be published. They run beside the check, never before a build, and
    not in the daily run (which only publishes what is due)."""
    jobs = github()["jobs"]
    needed = {jobs[name].get("needs") for name in jobs} - {None}
    assert "tests" not in needed and needed == {"check", "build"}
    runs = [line for job in jobs.values() for step in job["steps"] for line in step.get("run", "").splitlines()]
    assert [line for line in runs if line.startswith(".ci/")] == [".ci/run-if-sample"]
    assert jobs["tests"]["if"] == "github.event_name != 'schedule'" and "needs" not in jobs["tests"]
    ci = gitlab()
    assert ci["tests"]["script"] == [".ci/run-if-sample"] and ci["tests"]["needs"] == []
    assert ci["tests"]["rules"][0] == {"if": '$CI_PIPELINE_SOURCE == "schedule"', "when": "never"}
    assert all("tests" not in (job.get("needs") or []) for job in ci.values() if isinstance(job, dict))
    assert not any(line.startswith(".ci/run") and line != ".ci/run-if-sample" for line in commands())


def test_the_tests_job_runs_the_tests_on_the_sample_and_says_why_not_on_a_countys_records(tmp_path):
    script = (ROOT / ".ci" / "run-if-sample").read_text(encoding="utf-8")
    marker = re.search(r"grep -q '(.+?)' records/taxonomy.yml", script).group(1)
    # The sample's taxonomy names the sample's government: the tests run here (.ci/run).
    assert re.search(marker, (ROOT / "records" / "taxonomy.yml").read_text(encoding="utf-8"), re.M)
    # A county's: they do not, and the log says why.
    copy = tmp_path / "county"
    (copy / ".ci").mkdir(parents=True)
    (copy / "records").mkdir()
    (copy / ".ci" / "run-if-sample").write_text(script, encoding="utf-8")
    (copy / ".ci" / "run").write_text("#!/bin/sh\necho RAN\nexit 1\n", encoding="utf-8")
    (copy / ".ci" / "run").chmod(0o755)
    (copy / "records" / "taxonomy.yml").write_text("government: 某县人民政府\n", encoding="utf-8")
    out = subprocess.run(["bash", str(copy / ".ci" / "run-if-sample")], capture_output=True, text=True)
    assert out.returncode == 0 and "RAN" not in out.stdout and "gongkai 自带的测试针对示例站点，不再运行" in out.stdout
    (copy / "records" / "taxonomy.yml").write_text("government: 澄岭县人民政府\n", encoding="utf-8")
    out = subprocess.run(["bash", str(copy / ".ci" / "run-if-sample")], capture_output=True, text=True)
    assert out.returncode == 1 and "RAN" in out.stdout  # the sample's: the tests run, and their failure is the job's


def test_gitlab_publishes_the_default_branch_after_the_check():
    ci = gitlab()
    assert ci["pages"]["needs"] == ["check"] and ci["pages"]["stage"] == "publish"
    assert ci["pages"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert ci["pages"]["artifacts"]["paths"] == ["public"]
    assert ci["check"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert any(line.endswith("> gl-code-quality-report.json") for line in ci["check"]["script"])
    assert "mv site public" in " ".join(ci["pages"]["script"])
    assert ci["stages"] == ["check", "publish"]


def _assert_github_cache(steps: list[dict], prefix: str, path: str, before: str, save: bool = True) -> None:
    """`path` is kept by actions/cache before the step that runs `before` (with `save`: saved by every
    run, the daily one too, whose key would otherwise be the last commit's, found and never saved
    again; else only restored), restored from the branch's newest, else main's."""
    action = "actions/cache@v4" if save else "actions/cache/restore@v4"
    cache = next(i for i, s in enumerate(steps) if s.get("uses") == action)
    assert cache < next(i for i, s in enumerate(steps) if before in s.get("run", ""))
    options = steps[cache]["with"]
    assert options["path"] == path
    assert options["key"] == prefix + "-${{ github.ref_name }}-${{ github.sha }}-${{ github.run_id }}"
    assert options["restore-keys"].splitlines() == [prefix + "-${{ github.ref_name }}-", prefix + "-main-"]


def test_the_builds_keep_the_build_cache_between_runs():
    """The last build's pages and search index (build_cache, incremental builds) are restored before
    `make site` and saved after it: on GitHub under the commit, restored from the branch's newest
    (else main's); on GitLab one per branch."""
    default = Settings.options()["build_cache"].default
    jobs = github()["jobs"]
    _assert_github_cache(jobs["build"]["steps"], "gongkai-build", default, before="make site")
    # The inspection builds from the same cache and leaves saving it to the build job.
    _assert_github_cache(jobs["inspect"]["steps"], "gongkai-build", default, before="make site", save=False)
    ci = gitlab()
    for name in ("pages", "inspect"):
        caches = {c["key"]: c for c in ci[name]["cache"]}
        assert caches["gongkai-build-$CI_COMMIT_REF_SLUG"]["paths"] == [default]
        assert caches["pip"]["paths"] == ci["cache"]["paths"]  # the job's list replaces the global one
    assert ci["inspect"]["cache"][1]["policy"] == "pull"


def test_the_check_keeps_the_records_it_read_between_runs():
    """`gongkai check` keeps what it read of each record file in build_cache's records/ (the records'
    cache): restored before the check and saved after it, so that a change is checked by reading
    the files it touched. A check reads its own kind of entries (drafts too), not the build's."""
    records = f"{Settings.options()['build_cache'].default}/records"
    _assert_github_cache(github()["jobs"]["check"]["steps"], "gongkai-check", records, before="gongkai check")
    ci = gitlab()
    caches = {c["key"]: c for c in ci["check"]["cache"]}
    assert caches["gongkai-check-$CI_COMMIT_REF_SLUG"]["paths"] == [records]
    # Keys every self-hosted GitLab knows (fallback_keys came with 16.0: an older one refuses the file).
    assert all(
        set(c) <= {"key", "paths", "policy"}
        for job in ci.values()
        if isinstance(job, dict)
        for c in job.get("cache", [])
        if isinstance(c, dict)
    )
    assert caches["pip"]["paths"] == ci["cache"]["paths"]  # the job's list replaces the global one


def test_the_inspection_runs_on_main_and_daily_and_never_holds_back_publishing():
    jobs = github()["jobs"]
    inspect = jobs["inspect"]
    assert inspect["if"] == "github.event_name != 'pull_request'"  # push to main, the schedule, by hand
    assert "needs" not in inspect and all(job.get("needs") != "inspect" for job in jobs.values())
    runs = [step["run"] for step in inspect["steps"] if "run" in step]
    assert runs == ["make site", ".venv/bin/gongkai inspect --site site --ahead 7 --format github"]
    ci = gitlab()
    job = ci["inspect"]
    # The default branch: its pushes and the daily schedule (which README asks for) run there.
    assert job["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}] and job["needs"] == []
    assert ci["pages"]["needs"] == ["check"]
    assert (
        job["script"][-1] == ".venv/bin/gongkai inspect --site site --ahead 7 --format gitlab > gl-inspect-report.json"
    )
    assert job["artifacts"]["reports"]["codequality"] == "gl-inspect-report.json"


@pytest.mark.parametrize("target", sorted({m for c in commands() for m in re.findall(r"\bmake ([\w./-]+)", c)}))
def test_every_make_target_they_run_exists(target):
    result = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_every_gongkai_command_they_run_works_on_the_sample():
    # gongkai inspect runs on a built site, on the sample's own newest date: tests/test_linkcheck.py.
    lines = [
        c for c in commands() if c.startswith(".venv/bin/gongkai") and not c.startswith(".venv/bin/gongkai inspect")
    ]
    assert lines
    for line in lines:
        words = shlex.split(line)
        args = words[1 : words.index(">")] if ">" in words else words[1:]
        result = subprocess.run([str(BIN / "gongkai"), *args], cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, (line, result.stderr)
        if "gitlab" in args:  # stdout is the report the merge request reads: JSON alone (the sample's
            # ledger has a request past its deadline on purpose: a warning)
            assert {issue["severity"] for issue in json.loads(result.stdout)} <= {"minor"}


def test_the_scripts_they_run_exist_and_installs_are_pinned():
    for line in commands():
        first = shlex.split(line)[0]
        if first.startswith("."):
            assert (ROOT / first).is_file(), line
    assert (ROOT / ".ci" / "run").stat().st_mode & 0o111
    # make installs with the committed constraints: a merge publishes with known versions.
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "pip install --quiet -c constraints.txt -e '.[test]'" in makefile
    pins = dict(
        line.split("==")
        for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.startswith("#")
    )
    for package in ("mkdocs", "mkdocs-material", "PyYAML", "Markdown"):
        assert package in pins, package
    # Pagefind comes from npm, pinned by version and digest (scripts/install_pagefind.py), never from PyPI.
    assert "pagefind" not in {name.lower() for name in pins}
    assert "install_pagefind.py" in makefile


def test_check_annotations_point_at_the_file_and_line(site):
    site.good(agency="无此机构")
    out = site.gongkai("check", "--format", "github")
    assert out.returncode == 1
    line = next(x for x in out.stdout.splitlines() if x.startswith("::error "))
    assert line.startswith("::error file=records/2024/czj-00001.md,line=4,title=agency（发布机构）::")
    assert "%0A改法：" in line and "\n" not in line


def test_check_writes_a_code_quality_report_for_gitlab(site):
    site.good(agency="无此机构")
    out = site.gongkai("check", "--format", "gitlab")
    assert out.returncode == 1
    [issue] = json.loads(out.stdout)
    assert issue["location"] == {"path": "records/2024/czj-00001.md", "lines": {"begin": 4}}
    assert issue["severity"] == "major" and "无此机构" in issue["description"] and "改法" in issue["description"]
    assert len(issue["fingerprint"]) == 32
    assert "无此机构" in out.stderr  # the clerk's report is still there, on stderr


def test_pre_commit_hooks_run_the_check_on_record_changes():
    ours = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [hook] = ours["repos"][0]["hooks"]
    offered = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [shared] = offered
    for h in (hook, shared):
        assert h["id"] == "gongkai-check" and h["pass_filenames"] is False
        assert re.match(h["files"], "records/2025/czj-00042.md") and re.match(h["files"], "mkdocs.yml")
        assert not re.match(h["files"], "docs/index.md")
    result = subprocess.run(shlex.split(hook["entry"]), cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert shared["entry"] == "gongkai check --changed" and shared["language"] == "python"


def test_the_pull_request_template_has_the_reviewers_checklist():
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    for item in ("保密审查", "附件能打开", "没有个人信息", "gongkai check"):
        assert item in text


def test_check_in_json_for_tools(site):
    site.good(agency="无此机构")
    out = site.gongkai("check", "--format", "json")
    report = json.loads(out.stdout)
    assert out.returncode == 1 and report["ok"] is False
    [problem] = report["problems"]
    assert problem["file"] == "records/2024/czj-00001.md" and problem["line"] == 4
    assert problem["field"] == "agency（发布机构）" and problem["severity"] == "error" and problem["fix"]


def test_every_browser_test_skips_with_the_one_reason_the_summary_counts():
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        if path.name == Path(__file__).name:
            continue
        text = path.read_text(encoding="utf-8")
        assert "chromium is not installed (" not in text.lower(), path.name  # write reason=NO_CHROMIUM
        if "executable_path=CHROMIUM" in text:
            assert "reason=NO_CHROMIUM" in text or "pytestmark = needs_chromium" in text, path.name


def test_every_github_job_stops_within_half_an_hour():
    """A build hung on a runner (a process waiting forever) would otherwise run GitHub's 6 hours."""
    assert {name: job.get("timeout-minutes") for name, job in github()["jobs"].items()} == dict.fromkeys(
        github()["jobs"], 30
    )

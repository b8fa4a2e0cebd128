"""The leak scan's memo (gongkai.plugin.scanmemo): what a build that passed read is not read again by
a build with the same secrets and rules, and anything else is: a new secret, a new rule, an
exemption taken away, or a day past a birth date the last build judged, finds what the last build's
rules let through.

Each test is two builds' worth of the page scan (gongkai.guards.pagescan, with its worker) over one
cache folder: the first passes and keeps its memo, the second scans under its own context."""

from __future__ import annotations

import datetime as dt

from gongkai.guards import leaks
from gongkai.guards.pagescan import PageScan
from gongkai.guards.personal import OutputScanner
from gongkai.model.settings import Settings
from gongkai.plugin import scanmemo
from gongkai.text.secret import Secret
from test_personal import id_number

DRAFT = Secret("尚未审核的征地补偿草稿", "草稿 fgj/2025-00002 的标题")
CASE = Secret("YSQ-2024-007", "依申请公开台账的申请编号", whole=True)
DAY = dt.date(2026, 12, 1)
PAGE = "xxgk/fgj/2025-00001/index.html"
HTML = "<html><body><p>关于尚未审核的征地补偿草稿的说明。联系电话 13912345678。</p></body></html>"
URL = "xxgk/fgj/2025-00001/"
ENTRY = (f"pagefind/（{URL} 的索引条目）", URL, "尚未审核的征地补偿草稿 13912345678")


def _memo(folder, secrets, scanner) -> scanmemo.ScanMemo:
    return scanmemo.ScanMemo(folder, scanmemo.context(leaks.secrets_digest(secrets), scanner.digest()), scanner.day)


def _build(folder, secrets, scanner, html: str = HTML) -> tuple[list[leaks.Leak], scanmemo.ScanMemo, PageScan]:
    """One build's page scan of the page and its search entry; its memo is kept if it found nothing."""
    memo = _memo(folder, secrets, scanner)
    scan = PageScan(secrets, scanner, memo)
    assert scan.process is not None
    scan.submit(PAGE, html)
    assert scan.submit_texts([ENTRY])
    found, done = scan.finish()
    assert PAGE in done  # read by the worker or passed by the memo: not read again after the build
    if not found:
        memo.keep(scan.days)
    return found, memo, scan


def _scanner(exempt: frozenset[str] = frozenset({"mobile"}), kinds=None, day=DAY) -> OutputScanner:
    settings = Settings() if kinds is None else Settings(pii_kinds=kinds)
    return OutputScanner(settings, {URL: exempt}, frozenset(), day)


def _whys(found: list[leaks.Leak]) -> set[tuple[str, str]]:
    return {(leak.file, leak.why) for leak in found}


def test_what_a_build_passed_is_not_read_again_under_the_same_secrets_and_rules(tmp_path):
    found, first, _ = _build(tmp_path, [CASE], _scanner())
    assert found == [] and first.skipped == 0 and len(first.read) == 2
    found, again, _ = _build(tmp_path, [CASE], _scanner())
    assert found == [] and again.skipped == 2 and again.read == first.read
    # A page that differs by one character is read again.
    memo = scanmemo.ScanMemo(tmp_path, again.key, DAY)
    assert memo.known("page", PAGE, HTML) and not memo.known("page", PAGE, HTML + " ")
    assert not memo.known("page", "xxgk/other/index.html", HTML)  # the same text elsewhere: another file


def test_a_new_secret_is_found_in_a_page_the_last_build_passed(tmp_path):
    assert _build(tmp_path, [CASE], _scanner())[0] == []
    found, memo, _ = _build(tmp_path, [CASE, DRAFT], _scanner())  # a draft added: its title is secret
    assert memo.skipped == 0
    assert (PAGE, DRAFT.why) in _whys(found)
    assert any(leak.file.startswith("pagefind/") and leak.why == DRAFT.why for leak in found)


def test_an_exemption_taken_away_or_a_rule_added_is_applied_to_every_page_again(tmp_path):
    scanner = _scanner(kinds=("身份证号", "银行卡号"))
    assert _build(tmp_path, [CASE], _scanner())[0] == []  # the page may show its mobile number
    assert _build(tmp_path, [CASE], scanner)[0] == []  # mobile numbers not looked for
    for changed in (_scanner(exempt=frozenset()), _scanner(kinds=("身份证号", "手机号码"), exempt=frozenset())):
        found, memo, _ = _build(tmp_path, [CASE], changed)
        assert memo.skipped == 0 and (PAGE, "未遮盖的手机号码") in _whys(found)


def test_another_day_reads_nothing_again_unless_a_birth_date_lies_between(tmp_path, monkeypatch):
    """The day decides only whether a number born after it is a 身份证号 yet: a memo holds on the days
    the birth dates its scan judged allow (a CI build on the day after the last one's skips as much)."""
    assert _build(tmp_path, [CASE], _scanner())[0] == []
    assert _build(tmp_path, [CASE], _scanner(day=DAY + dt.timedelta(days=30)))[1].skipped == 2
    born = DAY + dt.timedelta(days=3)
    number = id_number("110105" + born.strftime("%Y%m%d") + "123")
    html = HTML.replace("</p>", f"编号 {number}。</p>")
    found, memo, _ = _build(tmp_path, [CASE], _scanner(), html)  # not born yet as of DAY: no ID
    assert found == [] and memo.skipped == 1  # its search entry, unchanged
    assert _build(tmp_path, [CASE], _scanner(day=born - dt.timedelta(days=1)), html)[1].skipped == 2
    found, memo, _ = _build(tmp_path, [CASE], _scanner(day=born), html)
    assert memo.skipped == 0 and (PAGE, "未遮盖的身份证号") in _whys(found)
    monkeypatch.setattr(scanmemo, "code_digest", lambda: "another release")
    assert _build(tmp_path, [CASE], _scanner())[1].skipped == 0


def test_only_the_last_context_is_kept_and_a_damaged_memo_passes_nothing(tmp_path):
    _build(tmp_path, [CASE], _scanner())
    _build(tmp_path, [CASE, DRAFT], _scanner(exempt=frozenset({"mobile"})))  # fails: not kept
    _build(tmp_path, [DRAFT.__class__("另一件事", "草稿的标题")], _scanner())
    assert len(list((tmp_path / scanmemo.KIND).glob("*/*"))) == 1
    (entry,) = (tmp_path / scanmemo.KIND).glob("*/*")
    raw = bytearray(entry.read_bytes())
    raw[-1] ^= 0xFF
    entry.write_bytes(bytes(raw))
    found, memo, _ = _build(tmp_path, [DRAFT.__class__("另一件事", "草稿的标题")], _scanner())
    assert found == [] and memo.skipped == 0


def test_without_a_worker_the_memo_passes_nothing(tmp_path):
    """Without a worker every file is read after the build (PageScan.finish hands all back)."""
    _build(tmp_path, [CASE], _scanner())
    memo = _memo(tmp_path, [CASE], _scanner())
    scan = PageScan([CASE], _scanner(), memo)
    scan.cancel()
    scan.process = None
    scan.submit(PAGE, HTML)
    assert memo.skipped == 0 and scan.sent == set() and scan.finish() == ([], frozenset())


def test_a_memo_whose_days_are_not_days_passes_nothing(tmp_path):
    found, first, _ = _build(tmp_path, [CASE], _scanner())
    assert found == [] and len(first.read) == 2
    digests = b"".join(sorted(first.read))
    for head in (scanmemo._DAYS.pack(0xFFFFFFFF, 0), scanmemo._DAYS.pack(0, 0), b"\0" * 3):
        first.store.put(scanmemo.KIND, first.key, head + digests, compress=False)
        memo = _memo(tmp_path, [CASE], _scanner())
        assert memo.passed == frozenset() and not memo.known("page", PAGE, HTML)

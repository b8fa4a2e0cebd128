"""The portal's statistics: published records counted by year, category, agency and month, and the
依申请公开 figures. Counts only; every figure comes from the catalog (drafts excluded)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from gongkai.model.defaults import APPLICANTS, OUTCOMES
from gongkai.model.ledgers import Request
from gongkai.model.taxonomy import Agency, Category
from gongkai.portal.catalog import Catalog


@dataclass(frozen=True)
class RequestFigures:
    """One year's applications: received, replied (on time or late), what was decided, still open."""

    year: int
    received: int
    replied: int
    on_time: int
    late: int
    open_at_end: int
    overdue_at_end: int  # of those open at the end, past their deadline already
    outcomes: dict[str, int]  # OUTCOMES order
    applicants: dict[str, int]  # APPLICANTS order, of those received

    @property
    def on_time_rate(self) -> float | None:
        """按期答复率 in percent, of the requests replied in the year; None when none was."""
        return None if not self.replied else round(100 * self.on_time / self.replied, 1)


class Stats:
    """Counts over one catalog; `stats.by_category(2024)` reads like the table it fills."""

    def __init__(self, catalog: Catalog):
        self.cat = catalog
        self.tax = catalog.taxonomy

    def years(self) -> list[int]:
        """Years with published records, oldest first (tables read left to right)."""
        return sorted(self.cat.years())

    def by_year(self) -> dict[int, int]:
        return {y: len(self.cat.by_year(y)) for y in self.years()}

    def by_category(self, year: int | None = None) -> dict[Category, int]:
        """Every category (sub-categories after their parent), counting the sub-categories' records too."""
        return {c: self._count(self.cat.by_category(c), year) for c in self.tax.all_categories()}

    def by_agency(self, year: int | None = None) -> dict[Agency, int]:
        return {a: self._count(self.cat.by_agency(a), year) for a in self.tax.agencies}

    def by_group(self, year: int | None = None) -> dict[str, int]:
        """Agency groups (县直部门, 乡镇…): the seed report's "县级部门 7000余条、乡镇 2900余条"."""
        out = dict.fromkeys(self.tax.groups(), 0)
        for agency, n in self.by_agency(year).items():
            out[agency.group] += n
        return out

    def by_month(self, year: int) -> dict[int, int]:
        months = Counter(r.published.month for r in self.cat.by_year(year))
        return {m: months[m] for m in range(1, 13)}

    def requests(self, year: int, scope: Agency | None = None) -> RequestFigures:
        """The applications of `year`: received in it, replied in it (按期 against the legal deadline)."""
        mine = [r for r in self.cat.ledgers.requests if scope is None or r.agency == scope]
        replied = [r for r in mine if r.replied is not None and r.replied.year == year]
        late = [r for r in replied if self.is_late(r)]
        received = [r for r in mine if r.received.year == year]
        outcomes = Counter(r.outcome for r in replied)
        applicants = Counter(r.applicant for r in received)
        end = dt.date(year, 12, 31)
        return RequestFigures(
            year=year,
            received=len(received),
            replied=len(replied),
            on_time=len(replied) - len(late),
            late=len(late),
            open_at_end=sum(r.open_at_end_of(end) for r in mine),
            overdue_at_end=len(self.overdue(end, scope)),
            outcomes={o: outcomes[o] for o in OUTCOMES},
            applicants={a: applicants[a] for a in APPLICANTS},
        )

    def request_years(self) -> list[int]:
        """Years with any application received or replied, oldest first."""
        years = {r.received.year for r in self.cat.ledgers.requests}
        years |= {r.replied.year for r in self.cat.ledgers.requests if r.replied}
        return sorted(years)

    def is_late(self, request: Request) -> bool:
        """Replied after the deadline of its rule (gongkai.model.rules: 20 working days, 40 when extended; 15 and 30
        under the 2007 条例)."""
        return request.id in self.cat.deadlines.late

    def overdue(self, day: dt.date, scope: Agency | None = None) -> list[Request]:
        """Requests still open at the end of `day` whose deadline had passed."""
        mine = [r for r in self.cat.ledgers.requests if scope is None or r.agency == scope]
        return self.cat.deadlines.overdue(mine, day)

    @staticmethod
    def _count(records, year: int | None) -> int:
        return len(records) if year is None else sum(r.year == year for r in records)

"""How the movement spread: who answered QĐ 1497/QĐ-TTg, where, when, and how long after their parent.

Dates are used with the precision the originals give. A date without its day is a span (the
month, or the year), never a guessed day: it is counted in its span, and a delay is computed
only between two full dates. Figures are plain functions of the documents, so the pages and
open data made from them change only when the documents do.
"""

from __future__ import annotations

import calendar
import datetime
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

from thidua.model import LEVELS, DocDate, Document

# The order of the cascade; departments (sở, ngành) stand beside their province.
CASCADE_LEVELS = ("central", "province", "department", "district", "commune")


def day(date: DocDate) -> datetime.date | None:
    """The date as a day, or None when the original gives only the month or the year."""
    return datetime.date(date.year, date.month, date.day) if date.day else None


def span(date: DocDate) -> tuple[datetime.date, datetime.date]:
    """First and last day the date may stand for: the day itself, its month or its year."""
    if date.day:
        d = datetime.date(date.year, date.month, date.day)
        return d, d
    if date.month:
        return datetime.date(date.year, date.month, 1), datetime.date(date.year, date.month,
                                                                       calendar.monthrange(date.year, date.month)[1])
    return datetime.date(date.year, 1, 1), datetime.date(date.year, 12, 31)


def week_start(d: datetime.date) -> datetime.date:
    """The Monday of d's week: the timeline counts documents per week."""
    return d - datetime.timedelta(days=d.weekday())


@dataclass(frozen=True)
class Delay:
    """How long after its parent a document was issued: `days` when both dates are full days, else None
    and `why` says which date lacks its day."""

    parent: Document
    days: int | None
    why: str | None = None


def delay(doc: Document, parent: Document | None) -> Delay | None:
    """None for a document that implements nothing (the root)."""
    if parent is None:
        return None
    mine, theirs = day(doc.date), day(parent.date)
    if mine and theirs:
        return Delay(parent, (mine - theirs).days)
    if not mine:
        return Delay(parent, None, f"văn bản gốc chỉ ghi {doc.date.vi}")
    return Delay(parent, None, f"văn bản cấp trên chỉ ghi {parent.date.vi}")


def delay_sentence(d: Delay) -> str:
    """The plan page's line, in Vietnamese, never with a guessed day."""
    if d.days is not None:
        when = "cùng ngày với" if d.days == 0 else f"{d.days} ngày sau" if d.days > 0 else f"{-d.days} ngày trước"
        return f"Ban hành {when} văn bản cấp trên"
    return f"Không tính được số ngày sau văn bản cấp trên: {d.why}"


def median(values: list[int]) -> float | None:
    return statistics.median(values) if values else None


def days_vi(value: float | None) -> str:
    """"12 ngày", "12,5 ngày" (Vietnamese decimal comma), "—" when nothing could be computed."""
    if value is None:
        return "—"
    text = f"{value:g}".replace(".", ",")
    return f"{text} ngày"


@dataclass
class Tally:
    """Documents of one group (a province, the whole country) by level and by when they were issued."""

    by_level: Counter
    full_text: int
    weeks: dict[str, Counter]  # Monday (ISO) -> level -> documents dated to a day in that week
    months: dict[str, Counter]  # "2021-09" -> level -> documents dated only to that month
    years: dict[str, Counter]  # "2021" -> level -> documents dated only to that year
    delays: dict[str, list[int]]  # level -> days after the parent, for documents whose delay is known
    first: datetime.date | None

    @property
    def total(self) -> int:
        return sum(self.by_level.values())

    def median(self, level: str | None = None) -> float | None:
        if level:
            return median(self.delays.get(level, []))
        return median([v for values in self.delays.values() for v in values])


def tally(docs: list[Document], parents: dict[str, Document]) -> Tally:
    """Counts of `docs`; `parents` maps a document's id to the document it implements."""
    t = Tally(Counter(), 0, defaultdict(Counter), defaultdict(Counter), defaultdict(Counter), defaultdict(list), None)
    for d in docs:
        level = d.issuer.level
        t.by_level[level] += 1
        t.full_text += d.full_text
        when = day(d.date)
        if when:
            t.weeks[week_start(when).isoformat()][level] += 1
            t.first = min(t.first, when) if t.first else when
        elif d.date.month:
            t.months[d.date.iso][level] += 1
        else:
            t.years[d.date.iso][level] += 1
        gap = delay(d, parents.get(d.id))
        if gap and gap.days is not None:
            t.delays[level].append(gap.days)
    return t


def level_name(level: str) -> str:
    return LEVELS[level]

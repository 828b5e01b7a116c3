"""Dates and the header's number and dateline: "Số: 215/KH-UBND", "Yên Thành, ngày 05 tháng 10 năm 2021"."""

from __future__ import annotations

import re

NUMBER = re.compile(r"\bSố\s*:?\s*(?P<n>\d*)\s*/\s*(?P<sym>[^\s,;]*[^\W\d_][^\s,;]*)", re.I)
DATELINE = re.compile(r"(?P<place>[^\W\d_][^,;:/\n]{0,40}?)\s*,\s*ngày\s*(?P<d>\d{1,2})?\s*(?:tháng|/)\s*"
                       r"(?P<m>\d{1,2})?\s*(?:năm|/)\s*(?P<y>(?:19|20)\d{2})\b", re.I)


def iso_date(day: str | None, month: str | None, year: str) -> str | None:
    """"26", "10", "2021" -> "2021-10-26"; blanks give the real precision; None if it cannot exist."""
    import calendar

    y = int(year)
    if not month:
        return f"{y:04d}"
    m = int(month)
    if not 1 <= m <= 12:
        return None
    if not day:
        return f"{y:04d}-{m:02d}"
    d = int(day)
    return f"{y:04d}-{m:02d}-{d:02d}" if 1 <= d <= calendar.monthrange(y, m)[1] else None




def year_of(cite: dict) -> int | None:
    """The year of a cited document: its date's, else one printed in its number ("…/2021/NĐ-CP")."""
    if cite.get("date"):
        return int(cite["date"][:4])
    year = re.search(r"(?<!\d)(?:19|20)\d{2}(?!\d)", cite.get("number") or "")
    return int(year.group()) if year else None


_OPEN_DATELINE = re.compile(r",\s*ngày\s*\d{0,2}\s*(?:tháng\s*\d{0,2}\s*(?:năm)?)?\s*$", re.I)
_YEAR_PART = re.compile(r"^\s*(?:(?:tháng\s*\d{1,2}\s*)?năm\s*)?(?:19|20)\d{2}\s*$", re.I)


def rejoin_dateline(lines: list[str]) -> list[str]:
    """A place-and-date line a narrow column wrapped ("Thanh Hóa, ngày 08 tháng 10" … "năm 2021"), the
    rest wherever the columns left it in the header, put back on its line."""
    at = next((i for i, ln in enumerate(lines) if _OPEN_DATELINE.search(ln)), None)
    if at is None:
        return lines
    rest = next((j for j, ln in enumerate(lines) if j != at and _YEAR_PART.match(ln)), None)
    if rest is None:
        return lines
    out = list(lines)
    out[at] = f"{lines[at].rstrip()} {lines[rest].strip()}"
    del out[rest]
    return out

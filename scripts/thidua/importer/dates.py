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

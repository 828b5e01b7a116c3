"""Checks a schema cannot make, shared by every kind of source: references to other
lists and records (with a suggestion for a typo) and real dates, each failure a
Problem at file:line:field."""

from __future__ import annotations

from thidua import model as m
from thidua.errors import Problem, did_you_mean
from thidua.sources.reader import Source, format_key
from thidua.sources.schema import parse_date

DATE_EXPECTED = 'expected "2021-10-26", "2021-09" or "2021"'


class FieldChecker:
    """Collects the problems of one source into `problems`."""

    def __init__(self, src: Source, problems: list[Problem]):
        self.src, self.problems, self._before = src, problems, len(problems)

    @property
    def failed(self) -> bool:
        return len(self.problems) > self._before

    def fail(self, key: tuple, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(self.src.path, line or self.src.line_of(key), format_key(key), message))

    def known(self, key: tuple, value: str, table: dict, what: str, listed: str):
        """table[value], or None with "unknown <what> '<value>' (did you mean …?); <listed>"."""
        if value in table:
            return table[value]
        self.fail(key, f"unknown {what} '{value}'{did_you_mean(value, table)}; {listed}")
        return None

    def date(self, key: tuple, value) -> m.DocDate | None:
        parsed = parse_date(str(value))
        if parsed is None:
            self.fail(key, f"{value!r} is not a real date ({DATE_EXPECTED})")
        return parsed


# Where each list lives, for "unknown …" messages.
UNITS_LISTED = "units are the 2021 units of the pinned datasets (see plans/reference/units.yaml), e.g. 'tu-ky', 'tu-ky-xa-an-thanh'"
AWARDS_LISTED = "forms are listed in plans/reference/awards.yaml"
THEMES_LISTED = "themes are listed in plans/reference/themes.yaml"

"""Problems found in sources, reported all at once with file, line and field."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one source file."""

    path: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class ArchiveError(Exception):
    """Raised with every problem of a build, so a clerk fixes them in one pass."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line or 0, p.field))
        super().__init__(self.report())

    def report(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the archive sources:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


def did_you_mean(value: str, choices) -> str:
    """" (did you mean 'x'?)" for the closest of `choices`, or "" when none is close."""
    guess = difflib.get_close_matches(value, list(choices), n=1)
    return f" (did you mean '{guess[0]}'?)" if guess else ""

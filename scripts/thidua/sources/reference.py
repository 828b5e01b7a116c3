"""The reference lists under plans/reference/: units, award forms, practices, themes.

Each list is a mapping keyed by an id (it becomes a URL or a reference), checked
against its JSON Schema in plans/schema/ like every other source.
"""

from __future__ import annotations

import re
from pathlib import Path

from thidua import model as m
from thidua.errors import Problem
from thidua.sources import units
from thidua.sources.reader import Source, read_source
from thidua.sources.schema import validate_schema


def load_units(path: Path, show, problems: list[Problem]) -> dict[str, m.Unit]:
    src = _read(path, "units", show, problems)
    if src is None:
        return {}
    return units.build(src, problems)  # the 2021 units of the pinned datasets, units.yaml applied


def province_name(name: str) -> str:
    """"Tỉnh Hải Dương" / "Thành phố Hà Nội" -> "Hải Dương" / "Hà Nội"."""
    return re.sub(r"^(Tỉnh|Thành phố)\s+", "", name)


def load_awards(path: Path, show, problems: list[Problem]) -> dict[str, m.AwardForm]:
    src = _read(path, "awards", show, problems)
    return {key: m.AwardForm(key, a["name"], a["decided_by"], a["rank"], a.get("note"))
            for key, a in (src.data.items() if src else ())}


def load_practices(path: Path, show, problems: list[Problem]) -> dict[str, m.Practice]:
    src = _read(path, "practices", show, problems)
    return {key: m.Practice(key, p["name"], p["explanation"], p.get("explanation_status", "general"), tuple(p["patterns"]))
            for key, p in (src.data.items() if src else ())}


def load_themes(path: Path, show, problems: list[Problem]) -> dict[str, m.Theme]:
    src = _read(path, "themes", show, problems)
    return {key: m.Theme(key, t["name"], tuple(t["keywords"])) for key, t in (src.data.items() if src else ())}


def _read(path: Path, schema: str, show, problems: list[Problem]) -> Source | None:
    """The list's source if it is valid against its schema; else None, with its problems added."""
    if not path.exists():
        problems.append(Problem(show(path), None, "", "reference file is missing"))
        return None
    src = read_source(path, show(path))
    problems += src.problems
    if src.problems or src.data is None:
        return None
    errors = validate_schema(src, schema)
    problems += errors
    return None if errors else src

"""The reference lists under plans/reference/: units, award forms, practices, themes.

Small mappings keyed by slug, checked by hand (they are few and flat).
"""

from __future__ import annotations

import re
from pathlib import Path

from thidua import model as m
from thidua.errors import Problem
from thidua.sources.reader import Source, read_source


def load_units(path: Path, show, problems: list[Problem]) -> dict[str, m.Unit]:
    src = _read(path, show, problems)
    if src is None:
        return {}
    units: dict[str, m.Unit] = {}
    raw = src.data
    for key, u in raw.items():
        if not _has(src, key, u, ("name", "level", "successor"), problems):
            continue
        prov_key = key if u["level"] == "province" else u.get("province")
        prov = raw.get(prov_key) if prov_key else None
        if not isinstance(prov, dict) or prov.get("level") != "province":
            problems.append(Problem(src.path, src.line_of((key, "province")), f"{key}.province",
                                    "expected the key of a province-level unit in this file"))
            continue
        s = u["successor"]
        successor = m.Successor(s["text"], s.get("status", "unconfirmed"), s.get("basis"), tuple(s.get("sources") or ()))
        units[key] = m.Unit(key, u["name"], u["level"], province_name(prov["name"]), prov_key, u.get("code_2021"), successor)
    return units


def province_name(name: str) -> str:
    """"Tỉnh Hải Dương" / "Thành phố Hà Nội" -> "Hải Dương" / "Hà Nội"."""
    return re.sub(r"^(Tỉnh|Thành phố)\s+", "", name)


def load_awards(path: Path, show, problems: list[Problem]) -> dict[str, m.AwardForm]:
    src = _read(path, show, problems)
    if src is None:
        return {}
    return {key: m.AwardForm(key, a["name"], a["decided_by"], int(a["rank"]), a.get("note"))
            for key, a in src.data.items() if _has(src, key, a, ("name", "decided_by", "rank"), problems)}


def load_practices(path: Path, show, problems: list[Problem]) -> dict[str, m.Practice]:
    src = _read(path, show, problems)
    if src is None:
        return {}
    return {key: m.Practice(key, p["name"], p["explanation"], p.get("explanation_status", "general"), tuple(p["patterns"]))
            for key, p in src.data.items() if _has(src, key, p, ("name", "explanation", "patterns"), problems)}


def load_themes(path: Path, show, problems: list[Problem]) -> dict[str, m.Theme]:
    src = _read(path, show, problems)
    if src is None:
        return {}
    return {key: m.Theme(key, t["name"], tuple(t["keywords"]))
            for key, t in src.data.items() if _has(src, key, t, ("name", "keywords"), problems)}


def _has(src: Source, key: str, value, fields: tuple[str, ...], problems: list[Problem]) -> bool:
    missing = [f for f in fields if not isinstance(value, dict) or f not in value]
    for f in missing:
        problems.append(Problem(src.path, src.line_of((key,)), f"{key}.{f}", "required field is missing"))
    return not missing


def _read(path: Path, show, problems: list[Problem]) -> Source | None:
    if not path.exists():
        problems.append(Problem(show(path), None, "", "reference file is missing"))
        return None
    src = read_source(path, show(path))
    problems += src.problems
    return None if src.problems or src.data is None else src

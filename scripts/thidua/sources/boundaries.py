"""The provinces' boundaries for the map page: plans/reference/ban-do/tinh.json, as committed.

Written once by `python -m scripts map-data` (commands/map_data.py says from what and how); the
build only reads it. It carries shapes and keys, never names: names come from the unit list.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from thidua.errors import ArchiveError, Problem

BOUNDARIES = Path(__file__).resolve().parents[3] / "plans" / "reference" / "ban-do" / "tinh.json"
SHOWN = "plans/reference/ban-do/tinh.json"

Ring = tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Shape:
    key: str  # a 2021 province's unit key, or a 2025 province's key in vietnamadminunits
    rings: tuple[Ring, ...]
    name: str | None = None  # 2025 provinces only (the pinned mapping's name)
    members: tuple[str, ...] = ()  # 2025: the 2021 provinces it joins; 2021: its own key


@dataclass(frozen=True)
class Island:
    key: str
    name: str
    province: str  # the 2021 province it belongs to (unit key)
    bbox: tuple[float, float, float, float]


@dataclass(frozen=True)
class Boundaries:
    provinces_2021: tuple[Shape, ...]
    provinces_2025: tuple[Shape, ...]
    islands: tuple[Island, ...]


def load_boundaries(province_keys: set[str], path: Path = BOUNDARIES) -> Boundaries:
    """The committed boundaries, checked against the archive's 2021 provinces (their unit keys)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ArchiveError([Problem(SHOWN, None, "", f"cannot read the map's boundaries ({exc.strerror}); "
                                    "run `python -m scripts map-data`")]) from None
    boundaries = _parse(raw)
    problems = [Problem(SHOWN, None, f"provinces_2021[{s.key}]", "not a 2021 province of plans/reference/units.yaml "
                        "or the unit datasets") for s in boundaries.provinces_2021 if s.key not in province_keys]
    missing = province_keys - {s.key for s in boundaries.provinces_2021}
    problems += [Problem(SHOWN, None, "provinces_2021", f"no shape for the 2021 province '{k}'") for k in sorted(missing)]
    if problems:
        raise ArchiveError(problems)
    return boundaries


@lru_cache(maxsize=2)
def _parse(raw: bytes) -> Boundaries:
    try:
        data = json.loads(raw)

        def shapes(items):
            return tuple(Shape(p["key"], tuple(tuple((x, y) for x, y in ring) for ring in p["rings"]),
                               p.get("name"), tuple(p.get("members") or (p["key"],))) for p in items)
        return Boundaries(shapes(data["provinces_2021"]), shapes(data["provinces_2025"]),
                          tuple(Island(k, v["name"], v["province"], tuple(v["bbox"])) for k, v in data["islands"].items()))
    except (ValueError, KeyError, TypeError) as exc:
        raise ArchiveError([Problem(SHOWN, None, "", f"not the map-data command's format ({type(exc).__name__}: {exc}); "
                                    "run `python -m scripts map-data` again")]) from None

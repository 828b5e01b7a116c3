"""What the importer knows of the archive: units, award names and known documents (`Reference`).

`load_reference` reads them from a plans directory (plans/reference/units.yaml,
plans/reference/awards.yaml, plans/*.yaml and plans/directives/*.yaml); matching
cited documents and naming units runs against the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from thidua.sources.reference import province_name
from thidua.text import fold

# -- What the importer knows of the archive ------------------------------------


@dataclass(frozen=True)
class Known:
    """A document the archive already has, reduced to what matching needs."""

    id: str
    kind: str
    number: str | None
    year: int | None
    province: str | None
    title: str = ""


@dataclass
class Reference:
    """Units, award names and known documents: the data matching runs against."""

    units: dict[str, dict] = field(default_factory=dict)      # key -> {name, level, province}
    documents: list[Known] = field(default_factory=list)
    awards: dict[str, str] = field(default_factory=dict)  # key -> name, from plans/reference/awards.yaml

    def without(self, doc_id: str) -> Reference:
        """The same reference minus one document (an evaluation must not see its answer)."""
        return Reference(self.units, [d for d in self.documents if d.id != doc_id], self.awards)

    def unit_names(self) -> tuple[str, ...]:
        """Bare unit names as printed ("Hải Phòng", "Tứ Kỳ"), for restoring an OCR text."""
        return tuple(re.sub(r"^(?:Tỉnh|Thành phố|Huyện|Thị xã|Quận|Xã|Phường|Thị trấn)\s+", "", u["name"])
                     for u in self.units.values())

    def province_key(self, name: str | None) -> str | None:
        return self.unit_named(name, "province") if name else None

    def province_of(self, unit_key: str | None) -> str | None:
        unit = self.units.get(unit_key or "")
        if not unit:
            return None
        prov = self.units.get(unit["province"])
        return province_name(prov["name"]) if prov else None

    def unit_named(self, name: str, level: str | None = None) -> str | None:
        """Key of the unit called `name` ("Tứ Kỳ", "Hai Phong"), optionally of one level."""
        want = fold(name)
        for key, unit in self.units.items():
            bare = re.sub(r"^(?:tinh|thanh pho|huyen|thi xa|quan|xa|phuong|thi tran)\s+", "", fold(unit["name"]))
            if bare == want and (level is None or unit["level"] == level):
                return key
        return None


def load_reference(plans_dir: Path) -> Reference:
    """Read units, award names and every known document under `plans_dir` (unreadable files are skipped)."""
    plans_dir = Path(plans_dir)
    ref = Reference()
    raw_units = _read_yaml(plans_dir / "reference" / "units.yaml") or {}
    for key, u in raw_units.items():
        if isinstance(u, dict) and "name" in u and "level" in u:
            ref.units[key] = {"name": u["name"], "level": u["level"],
                              "province": key if u["level"] == "province" else u.get("province")}
    for key, a in (_read_yaml(plans_dir / "reference" / "awards.yaml") or {}).items():
        if isinstance(a, dict) and "name" in a:
            ref.awards[key] = a["name"]
    for path in sorted(plans_dir.glob("*.yaml")) + sorted((plans_dir / "directives").glob("*.yaml")):
        d = _read_yaml(path)
        if isinstance(d, dict) and isinstance(d.get("issuer"), dict):
            year = re.match(r"\d{4}", str(d.get("date") or ""))
            unit = d["issuer"].get("unit")
            ref.documents.append(Known(path.stem, str(d.get("kind") or ""), d.get("number"),
                                       int(year.group()) if year else None, ref.province_of(unit),
                                       str(d.get("short_title") or d.get("title") or "")))
    return ref


def _read_yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None

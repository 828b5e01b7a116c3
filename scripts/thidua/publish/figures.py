"""Open data behind the map and the timeline (du-lieu/ban-do.*, du-lieu/dong-thoi-gian.*): the same figures
the pages show, as JSON and as CSV (UTF-8 with BOM, for Excel). Documented on the open-data page."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

from thidua import paths
from thidua.graph import Graph
from thidua.graph.cascade import CASCADE_LEVELS, delay, tally
from thidua.model import Archive
from thidua.pages.map import counts_by_province
from thidua.sources.boundaries import load_boundaries
from thidua.text import sort_key

LEVEL_COLUMNS = [lv for lv in CASCADE_LEVELS if lv != "central"]
MAP_FIELDS = ["key", "name", "code_2021", "province_2025", "documents", "full_text", *LEVEL_COLUMNS]
TIMELINE_FIELDS = ["id", "url", "date", "level", "province", "implements", "implements_date", "days_after_implements"]


def _csv(fields: list[str], rows: list[dict]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({k: "" if v is None else v for k, v in row.items()} for row in rows)
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1) + "\n"


def figure_files(archive: Archive, graph: Graph) -> dict[str, str | bytes]:
    provinces = {u.key: u for u in archive.units.values() if u.level == "province"}
    boundaries = load_boundaries(set(provinces))
    counts = counts_by_province(archive, graph)
    successor = {k: s for s in boundaries.provinces_2025 for k in s.members}
    rows_2021 = []
    for key in sorted(provinces, key=lambda k: sort_key(provinces[k].province)):
        c = counts.get(key, Counter())
        rows_2021.append({"key": key, "name": provinces[key].province, "code_2021": provinces[key].code_2021,
                          "province_2025": successor[key].name, "documents": sum(c[lv] for lv in CASCADE_LEVELS),
                          "full_text": c["full_text"], **{lv: c[lv] for lv in LEVEL_COLUMNS}})
    rows_2025 = [{"key": s.key, "name": s.name, "provinces_2021": list(s.members),
                  "documents": sum(sum(counts.get(k, Counter())[lv] for lv in CASCADE_LEVELS) for k in s.members)}
                 for s in sorted(boundaries.provinces_2025, key=lambda s: sort_key(s.name))]
    root = archive.root
    docs = graph.descendants(root)
    parents = {d.id: archive.documents[d.implements.ref] for d in docs if d.implements}
    t = tally([root, *docs], parents)
    per_doc = []
    for d in sorted(docs, key=lambda d: (d.date.sort_key(), d.id)):
        parent = parents.get(d.id)
        gap = delay(d, parent)
        per_doc.append({"id": d.id, "url": paths.url(paths.document(d.id)), "date": d.date.iso, "level": d.issuer.level,
                        "province": d.issuer.province, "implements": parent.id if parent else None,
                        "implements_date": parent.date.iso if parent else None,
                        "days_after_implements": gap.days if gap else None})
    timeline = {
        "root": {"id": root.id, "date": root.date.iso},
        "weeks": [{"week_start": w, **{lv: t.weeks[w][lv] for lv in CASCADE_LEVELS}} for w in sorted(t.weeks)],
        "months_without_day": [{"month": m, **{lv: t.months[m][lv] for lv in CASCADE_LEVELS}} for m in sorted(t.months)],
        "years_without_month": [{"year": y, **{lv: t.years[y][lv] for lv in CASCADE_LEVELS}} for y in sorted(t.years)],
        "levels": [{"level": lv, "documents": t.by_level[lv], "with_days": len(t.delays.get(lv, [])),
                    "median_days_after_implements": t.median(lv)} for lv in LEVEL_COLUMNS],
        "documents": per_doc,
    }
    return {
        paths.MAP_JSON: _json({"provinces_2021": rows_2021, "provinces_2025": rows_2025}),
        paths.MAP_CSV: _csv(MAP_FIELDS, rows_2021),
        paths.TIMELINE_JSON: _json(timeline),
        paths.TIMELINE_CSV: _csv(TIMELINE_FIELDS, per_doc),
    }

"""Plans and directives: a validated YAML source becomes a Document with its body tree and anchors."""

from __future__ import annotations

import re

from thidua import model as m
from thidua.errors import Problem
from thidua.sources.fields import AWARDS_LISTED, UNITS_LISTED, FieldChecker
from thidua.sources.reader import Source


# -- Building documents -----------------------------------------------------


def build_document(doc_id: str, src: Source, units: dict, awards: dict, problems: list[Problem]) -> m.Document | None:
    """The Document of a schema-valid source, or None with its problems added to `problems`."""
    d = src.data
    check = FieldChecker(src, problems)
    date = check.date(("date",), d["date"])
    unit = _issuer_unit(d["issuer"], units, check)
    award_forms = [check.known(("awards", i), key, awards, "award form", AWARDS_LISTED) for i, key in enumerate(d.get("awards") or [])]
    routes = [m.Route(award, r["for"], r.get("proposer"), r["section"])
              for i, r in enumerate(d.get("commendation_routes") or [])
              if (award := check.known(("commendation_routes", i, "award"), r["award"], awards, "award form", AWARDS_LISTED))]
    if check.failed:
        return None
    body = build_body(d.get("body") or [])
    anchors = {n.anchor for node in body for n in node.walk()}
    for i, r in enumerate(routes):
        if r.section not in anchors:
            check.fail(("commendation_routes", i, "section"), f"no body item has the anchor '{r.section}'")
            return None
    return m.Document(
        id=doc_id,
        path=src.path,
        kind=d["kind"],
        number=d.get("number"),
        symbol=d.get("symbol"),
        date=date,
        issuer=m.Issuer(d["issuer"]["name"], d["issuer"]["level"], unit),
        title=d["title"],
        implements=_link(d.get("implements")),
        cites=tuple(m.Citation(c) if isinstance(c, str) else m.Citation(c["ref"], c.get("detail")) for c in d.get("cites") or []),
        awards=tuple(award_forms),
        signer=_signer(d.get("signer")),
        place=d.get("place"),
        dateline=d.get("dateline"),
        movement=d.get("movement"),
        short_title=d.get("short_title"),
        recipients=tuple(d.get("recipients") or ()),
        provenance=_provenance(d.get("provenance")),
        body=body,
        routes=tuple(routes),
        status=d.get("status", "confirmed"),
        summary=d.get("summary"),
        facts=tuple(m.Fact(f["text"], f["status"], tuple(f.get("sources") or ())) for f in d.get("facts") or []),
        sources=tuple(m.SourceRef(s["publisher"], s.get("url"), s.get("note")) for s in d.get("sources") or []),
        lines=src.lines,
    )


def _issuer_unit(issuer: dict, units: dict, check: FieldChecker) -> m.Unit | None:
    if issuer.get("unit") is not None:
        return check.known(("issuer", "unit"), issuer["unit"], units, "unit", UNITS_LISTED)
    if issuer["level"] != "central":
        check.fail(("issuer", "unit"), "required for every level but central: the 2021 unit (tỉnh, huyện …) of the issuer")
    return None


def _link(implements) -> m.Link | None:
    """`implements` as written: an id, or {ref, status, note}."""
    if isinstance(implements, str):
        return m.Link(implements)
    if isinstance(implements, dict):
        return m.Link(implements["ref"], implements.get("status", "confirmed"), implements.get("note"))
    return None


def _signer(s: dict | None) -> m.Signer | None:
    return m.Signer(s.get("name"), s.get("title"), s.get("capacity"), tuple(s.get("block") or ()), s.get("note")) if s else None


def _provenance(p: dict | None) -> m.Provenance | None:
    return m.Provenance(p["source"], p["ocr"], p["notes"], tuple(p.get("corrections") or ())) if p else None


# -- Body tree and anchors --------------------------------------------------


def label_slug(label: str) -> str:
    """"II." -> "ii", "a)" and "b," -> "a", "b", "(1)" -> "1", "1.2." -> "1-2"; bullets have none."""
    core = label.strip().strip(".,)(").replace(".", "-").lower()
    return core.replace("đ", "d") if re.fullmatch(r"[0-9a-zđ]+(-[0-9a-zđ]+)*", core) else ""


def build_body(raw: list) -> tuple[m.Node, ...]:
    """Turn the YAML body into Nodes with stable anchors ("muc-ii-3-a")."""
    used: set[str] = set()

    def build(items: list, prefix: str) -> tuple[m.Node, ...]:
        out = []
        bullets = paragraphs = 0
        for item in items:
            if isinstance(item, str):
                paragraphs += 1  # "đoạn" (paragraph) n under this parent
                out.append(m.Node(anchor=f"{prefix}-d{paragraphs}", text=item))
                continue
            label = item["label"]
            part = label_slug(label)
            if not part:
                bullets += 1
                part = f"y{bullets}"  # "ý" (bullet point) n under this parent
            anchor = f"{prefix}-{part}"
            base, n = anchor, 2
            while anchor in used:
                anchor, n = f"{base}-{n}", n + 1
            used.add(anchor)
            out.append(m.Node(anchor, label, item.get("title"), item.get("text"), build(item.get("children") or [], anchor)))
        return tuple(out)

    return build(raw, "muc")

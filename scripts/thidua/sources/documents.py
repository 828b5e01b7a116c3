"""Plans and directives: a validated YAML source becomes a Document with its body tree and anchors."""

from __future__ import annotations

import difflib
import re

from thidua import model as m
from thidua.errors import Problem
from thidua.sources.reader import Source, format_key
from thidua.sources.schema import parse_date


# -- Building documents -----------------------------------------------------


def build_document(doc_id: str, src: Source, units, awards, problems: list[Problem]) -> m.Document | None:
    d = src.data
    n_before = len(problems)

    def fail(key: tuple, message: str) -> None:
        problems.append(Problem(src.path, src.line_of(key), format_key(key), message))

    date = parse_date(str(d["date"]))
    if date is None:
        fail(("date",), f"{d['date']!r} is not a real date (expected \"2021-10-26\", \"2021-09\" or \"2021\")")

    unit = None
    unit_key = d["issuer"].get("unit")
    if unit_key is not None:
        unit = units.get(unit_key)
        if unit is None:
            guess = difflib.get_close_matches(unit_key, list(units), n=1)
            hint = f" (did you mean '{guess[0]}'?)" if guess else ""
            fail(("issuer", "unit"), f"unknown unit '{unit_key}'{hint}; units are listed in plans/reference/units.yaml")
    elif d["issuer"]["level"] != "central":
        fail(("issuer", "unit"), "required for every level but central: the 2021 unit (tỉnh, huyện …) of the issuer")

    award_forms = []
    for i, key in enumerate(d.get("awards") or []):
        if key not in awards:
            guess = difflib.get_close_matches(key, list(awards), n=1)
            hint = f" (did you mean '{guess[0]}'?)" if guess else ""
            fail(("awards", i), f"unknown award form '{key}'{hint}; forms are listed in plans/reference/awards.yaml")
        else:
            award_forms.append(awards[key])

    routes = []
    for i, r in enumerate(d.get("commendation_routes") or []):
        if r["award"] not in awards:
            fail(("commendation_routes", i, "award"), f"unknown award form '{r['award']}'; forms are listed in plans/reference/awards.yaml")
            continue
        routes.append(m.Route(awards[r["award"]], r["for"], r.get("proposer"), r["section"]))

    if len(problems) > n_before:
        return None
    body = build_body(d.get("body") or [])
    anchors = {n.anchor for node in body for n in node.walk()}
    for i, r in enumerate(routes):
        if r.section not in anchors:
            fail(("commendation_routes", i, "section"), f"no body item has the anchor '{r.section}'")
            return None

    implements = d.get("implements")
    if isinstance(implements, str):
        implements = m.Link(implements)
    elif isinstance(implements, dict):
        implements = m.Link(implements["ref"], implements.get("status", "confirmed"), implements.get("note"))

    cites = tuple(m.Citation(c) if isinstance(c, str) else m.Citation(c["ref"], c.get("detail")) for c in d.get("cites") or [])
    signer = None
    if d.get("signer"):
        s = d["signer"]
        signer = m.Signer(s.get("name"), s.get("title"), s.get("capacity"), tuple(s.get("block") or ()), s.get("note"))
    prov = None
    if d.get("provenance"):
        p = d["provenance"]
        prov = m.Provenance(p["source"], p["ocr"], p["notes"], tuple(p.get("corrections") or ()))

    return m.Document(
        id=doc_id,
        path=src.path,
        kind=d["kind"],
        number=d.get("number"),
        symbol=d.get("symbol"),
        date=date,
        issuer=m.Issuer(d["issuer"]["name"], d["issuer"]["level"], unit),
        title=d["title"],
        implements=implements,
        cites=cites,
        awards=tuple(award_forms),
        signer=signer,
        place=d.get("place"),
        dateline=d.get("dateline"),
        movement=d.get("movement"),
        short_title=d.get("short_title"),
        recipients=tuple(d.get("recipients") or ()),
        provenance=prov,
        body=body,
        routes=tuple(routes),
        status=d.get("status", "confirmed"),
        summary=d.get("summary"),
        facts=tuple(m.Fact(f["text"], f["status"], tuple(f.get("sources") or ())) for f in d.get("facts") or []),
        sources=tuple(m.SourceRef(s["publisher"], s.get("url"), s.get("note")) for s in d.get("sources") or []),
        lines=src.lines,
    )


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

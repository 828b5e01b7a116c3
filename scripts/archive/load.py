"""Load and validate every source into an Archive, collecting all problems in one run.

Layout of the sources directory (`plans/` by default):
    <id>.yaml                 plans with full text          (schema/plan.schema.json)
    directives/<id>.yaml      directives and cited documents (schema/directive.schema.json)
    reference/units.yaml      2021 administrative units and their 2025 successors
    reference/awards.yaml     award forms (hình thức khen thưởng)
    reference/practices.yaml  named practices; reference/themes.yaml: themes
    cases/<id>.md             exemplary cases (schema/case.schema.json; see cases.py)
Field checks come from the JSON Schemas (schema.py); links between documents are
checked once everything is read (graph.py).
"""

from __future__ import annotations

import difflib
import multiprocessing
import os
import re
from pathlib import Path

from . import model as m
from . import reference
from .cases import load_cases
from .graph import check_graph
from .schema import ID_RE, parse_date, validate_schema
from .errors import ArchiveError, Problem
from .source import Source, format_key, read_source



def load_archive(plans_dir: Path, display_root: Path | None = None) -> m.Archive:
    """Read, validate and link every source under `plans_dir`.

    Raises ArchiveError listing every problem found; never returns a partial archive.
    """
    plans_dir = Path(plans_dir)
    root = display_root or plans_dir.parent
    problems: list[Problem] = []
    if not plans_dir.is_dir():
        raise ArchiveError([Problem(str(plans_dir), None, "", "the sources directory does not exist")])

    def show(p: Path) -> str:
        try:
            return str(p.relative_to(root))
        except ValueError:
            return str(p)

    ref = plans_dir / "reference"
    units = reference.load_units(ref / "units.yaml", show, problems)
    awards = reference.load_awards(ref / "awards.yaml", show, problems)
    practices = reference.load_practices(ref / "practices.yaml", show, problems)
    themes = reference.load_themes(ref / "themes.yaml", show, problems)

    documents: dict[str, m.Document] = {}
    seen: dict[str, str] = {}
    files = [(p, "plan") for p in sorted(plans_dir.glob("*.yaml"))]
    files += [(p, "directive") for p in sorted((plans_dir / "directives").glob("*.yaml"))]
    strays = sorted(p for p in plans_dir.glob("*.yml")) + sorted((plans_dir / "directives").glob("*.yml"))
    for p in strays:
        problems.append(Problem(show(p), None, "", "sources must end in .yaml (rename the file)"))
    wanted = []
    for path, schema in files:
        doc_id = path.stem
        if not ID_RE.match(doc_id):
            problems.append(Problem(show(path), None, "", f"file name '{path.name}' is not a valid id: "
                                    "use lowercase ASCII words joined by '-', e.g. ha-noi-ubnd-kh-61-2021.yaml"))
            continue
        if doc_id in seen:
            problems.append(Problem(show(path), None, "", f"duplicate id '{doc_id}': {seen[doc_id]} has the same file name"))
            continue
        seen[doc_id] = show(path)
        wanted.append((path, show(path), schema))
    for (path, _, _), (src, errs) in zip(wanted, _read_all(wanted)):
        problems += src.problems + errs
        if src.data is None or src.problems or errs:
            continue
        doc = _build_document(path.stem, src, units, awards, problems)
        if doc:
            documents[path.stem] = doc

    cases = load_cases(plans_dir / "cases", show, documents, units, awards, themes, problems)
    archive = m.Archive(documents, units, awards, cases, practices, themes)
    if not problems:
        problems += check_graph(archive)
    if problems:
        raise ArchiveError(problems)
    return archive


# Below this many files, starting worker processes costs more than it saves.
PARALLEL_FROM = 200


def _read_and_validate(item: tuple[Path, str, str]) -> tuple[Source, list[Problem]]:
    path, display, schema = item
    src = read_source(path, display)
    if src.data is None or src.problems:
        return src, []
    return src, validate_schema(src, schema)


def _read_all(items: list[tuple[Path, str, str]]) -> list[tuple[Source, list[Problem]]]:
    """Parse and validate each file; thousands of plans are spread over every core.

    Files are independent until they are linked, and parsing and schema checks are
    most of the loading time.
    """
    if len(items) < PARALLEL_FROM or (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [_read_and_validate(i) for i in items]
    with multiprocessing.get_context("fork").Pool(os.cpu_count()) as pool:
        return pool.map(_read_and_validate, items, chunksize=16)


# -- Building documents -----------------------------------------------------


def _build_document(doc_id: str, src: Source, units, awards, problems: list[Problem]) -> m.Document | None:
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

"""Load and validate every source into an Archive, collecting all problems in one run.

Layout of the sources directory (`plans/` by default):
    <id>.yaml                 plans with full text          (schema/plan.schema.json)
    directives/<id>.yaml      directives and cited documents (schema/directive.schema.json)
    reference/units.yaml      2021 administrative units and their 2025 successors
    reference/awards.yaml     award forms (hình thức khen thưởng)
The JSON Schemas are the single description of the fields: editors use them to
complete and check YAML as it is typed, and this module validates with them.
"""

from __future__ import annotations

import calendar
import difflib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource

from . import model as m
from . import reference
from .cases import load_cases
from .errors import ArchiveError, Problem
from .source import Source, format_key, read_source

SCHEMA_DIR = "schema"
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def load_archive(plans_dir: Path, display_root: Path | None = None) -> m.Archive:
    """Read, validate and link every source under `plans_dir`.

    Raises ArchiveError listing every problem found; never returns a partial archive.
    """
    from .graph import check_graph  # graph checks need documents, so they run last

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
        src = read_source(path, show(path))
        problems += src.problems
        if src.data is None or src.problems:
            continue
        errs = validate_schema(src, schema)
        problems += errs
        if errs:
            continue
        doc = _build_document(doc_id, src, units, awards, problems)
        if doc:
            documents[doc_id] = doc

    cases = load_cases(plans_dir / "cases", show, documents, units, awards, themes, problems)
    archive = m.Archive(documents, units, awards, cases, practices, themes)
    if not problems:
        problems += check_graph(archive)
    if problems:
        raise ArchiveError(problems)
    return archive


# -- Schema validation ------------------------------------------------------


@lru_cache(maxsize=None)
def _validators() -> dict[str, jsonschema.Draft202012Validator]:
    here = Path(__file__).resolve().parents[2] / "plans" / SCHEMA_DIR
    resources = {}
    for name in ("plan", "directive", "case"):
        resources[name] = json.loads((here / f"{name}.schema.json").read_text(encoding="utf-8"))
    registry = Registry().with_resources(
        (f"{name}.schema.json", Resource.from_contents(schema)) for name, schema in resources.items()
    )
    return {name: jsonschema.Draft202012Validator(s, registry=registry) for name, s in resources.items()}


def validate_schema(src: Source, schema: str) -> list[Problem]:
    validator = _validators()[schema]
    out = []
    for err in validator.iter_errors(src.data):
        out += _explain(src, err)
    # One message per field is enough: a wrong type also fails its pattern.
    unique: dict[tuple, Problem] = {}
    for p in out:
        unique.setdefault((p.line, p.field), p)
    return list(unique.values())


def _explain(src: Source, err: jsonschema.ValidationError) -> list[Problem]:
    key = tuple(err.absolute_path)
    field = format_key(key)
    line = src.line_of(key)
    v, schema, inst = err.validator, err.schema, err.instance
    if v == "anyOf" and isinstance(inst, dict) and "label" in inst:
        return [Problem(src.path, line, field, "a body item needs a 'title' (heading) or a 'text' (item)")]
    if v in ("oneOf", "anyOf") and err.context:
        # Report the alternative that got furthest, as jsonschema's best_match does.
        best = jsonschema.exceptions.best_match(err.context)
        if best is not None and v == "oneOf":
            return _explain(src, best)
    if v == "required":
        missing = re.findall(r"'([^']+)' is a required property", err.message)
        name = missing[0] if missing else "?"
        return [Problem(src.path, line, format_key(key + (name,)), "required field is missing")]
    if v == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extra = [k for k in inst if k not in allowed]
        out = []
        for k in extra:
            guess = difflib.get_close_matches(k, allowed, n=1)
            hint = f" (did you mean '{guess[0]}'?)" if guess else f"; allowed: {', '.join(allowed)}"
            out.append(Problem(src.path, src.line_of(key + (k,)), format_key(key + (k,)), f"unknown field '{k}'{hint}"))
        return out
    if v == "enum":
        choices = ", ".join(f'"{c}"' for c in schema["enum"])
        return [Problem(src.path, line, field, f"expected one of {choices}; got {_show(inst)}")]
    if v == "type":
        want = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        hint = " (put quotes around it)" if "string" in want and isinstance(inst, (int, float, bool)) else ""
        return [Problem(src.path, line, field, f"expected {' or '.join(_TYPE_NAMES[t] for t in want)}; got {_type_name(inst)} {_show(inst)}{hint}")]
    if v == "pattern":
        want = schema.get("x-expected") or f"text matching {schema['pattern']}"
        return [Problem(src.path, line, field, f"expected {want}; got {_show(inst)}")]
    if v in ("minLength", "minItems"):
        return [Problem(src.path, line, field, "must not be empty")]
    if v == "maxLength":
        return [Problem(src.path, line, field, f"is {len(inst)} characters long; at most {schema['maxLength']} are allowed (split it into paragraphs)")]
    return [Problem(src.path, line, field, err.message)]


_TYPE_NAMES = {"string": "text", "object": "a mapping (key: value)", "array": "a list", "null": "null",
               "boolean": "true or false", "integer": "a whole number", "number": "a number"}


def _type_name(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", bool: "a boolean", int: "a number",
            float: "a number", type(None): "nothing (null)"}.get(type(value), type(value).__name__)


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, (dict, list)) else ""
    return text if len(text) <= 80 else text[:77] + '…"'


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


def parse_date(text: str) -> m.DocDate | None:
    """"2021-10-26" -> DocDate(2021, 10, 26); None if the date does not exist."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return m.DocDate(year, month, day)


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

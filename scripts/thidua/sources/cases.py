"""Load and validate exemplary cases: plans/cases/<id>.md, YAML front matter + Markdown.

The front matter is checked against schema/case.schema.json like any source; the
body is Markdown written by the propaganda office, so links in it must be http(s)
and raw HTML is later shown as text, never run.
"""

from __future__ import annotations

import re
from pathlib import Path

from thidua import model as m
from thidua.errors import Problem
from thidua.sources.fields import AWARDS_LISTED, THEMES_LISTED, UNITS_LISTED, FieldChecker
from thidua.sources.reader import Source, parse_source, read_text
from thidua.sources.schema import ID_RE, validate_schema

# Markdown links and autolinks with a scheme: [text](scheme:...) and <scheme:...>
_LINK = re.compile(r"\]\(\s*<?([a-zA-Z][a-zA-Z0-9+.-]*):|<([a-zA-Z][a-zA-Z0-9+.-]*):[^>\s]*>")


def load_cases(folder: Path, show, documents, units, awards, themes, problems: list[Problem]) -> dict[str, m.Case]:
    cases: dict[str, m.Case] = {}
    if not folder.is_dir():
        return cases
    for path in sorted(folder.glob("*.md")):
        display = show(path)
        if not ID_RE.match(path.stem):
            problems.append(Problem(display, None, "", f"file name '{path.name}' is not a valid id: use lowercase ASCII words joined by '-'"))
            continue
        text = read_text(path, display, problems)
        if text is None:
            continue
        match = re.match(r"---[ \t]*\n(.*?\n)---[ \t]*\n?(.*)\Z", text, re.S)
        if not match:
            problems.append(Problem(display, 1, "", "expected front matter: a first line '---', the fields, then a line '---'"))
            continue
        src = parse_source(match.group(1), display, first_line=2)
        problems += src.problems
        if src.data is None or src.problems:
            continue
        errs = validate_schema(src, "case")
        problems += errs
        if errs:
            continue
        body_start = 2 + match.group(1).count("\n") + 1
        case = _build_case(path.stem, src, match.group(2), body_start, documents, units, awards, themes, problems)
        if case:
            cases[case.id] = case
    return cases


def _build_case(case_id, src: Source, body: str, body_start: int, documents, units, awards, themes, problems):
    d = src.data
    check = FieldChecker(src, problems)
    when = check.date(("date",), d["date"])
    published = check.date(("published",), d["published"]) if d.get("published") else when
    if d["where"]["unit"] is not None:
        check.known(("where", "unit"), d["where"]["unit"], units, "unit", UNITS_LISTED)
    if d["under"] is not None:
        check.known(("under",), d["under"], documents, "document", "give the id of a plan or directive (plans/, "
                    "plans/directives/), or the movement's root thu-tuong-qd-1497-2021")
    elif not d.get("under_note"):
        check.fail(("under_note",), "required when under is null: say why the case is not filed under any document")
    for i, t in enumerate(d["themes"]):
        check.known(("themes", i), t, themes, "theme", THEMES_LISTED)
    recognition = []
    for i, r in enumerate(d["recognition"]):
        award = check.known(("recognition", i, "award"), r["award"], awards, "award form", AWARDS_LISTED)
        date = check.date(("recognition", i, "date"), r["date"]) if r.get("date") else None
        if award:
            recognition.append(m.Recognition(award, r["by"], r.get("class"), r.get("decision"), date, bool(r.get("posthumous"))))
    if not d["recognition"] and not d.get("recognition_note"):
        check.fail(("recognition_note",), "required when recognition is empty: say what the sources report instead")
    sources = [m.CaseSource(s["url"], s["publisher"], check.date(("sources", i, "date"), s["date"]) if s.get("date") else None,
                            s.get("title")) for i, s in enumerate(d["sources"])]
    for n, line in enumerate(body.splitlines(), body_start):
        for match in _LINK.finditer(line):
            scheme = (match.group(1) or match.group(2)).lower()
            if scheme not in ("http", "https", "mailto"):
                check.fail(("body",), f"link with scheme '{scheme}:' in the text; only http(s) links are allowed", line=n)
    if not body.strip():
        check.fail(("body",), "the text after the front matter is empty: say what they did, in your own words", line=body_start)
    if check.failed:
        return None
    return m.Case(
        id=case_id, path=src.path, title=d["title"], date=when, published=published,
        who=tuple(m.Person(w["name"], w["kind"], w.get("role")) for w in d["who"]),
        where=d["where"]["printed"], unit=units.get(d["where"]["unit"] or ""),
        themes=tuple(themes[t] for t in d["themes"]), recognition=tuple(recognition),
        under=d["under"], sources=tuple(sources), body=body.strip() + "\n",
        recognition_note=d.get("recognition_note"), under_note=d.get("under_note"),
        image=(d["image"]["src"], d["image"]["alt"]) if d.get("image") else None,
    )

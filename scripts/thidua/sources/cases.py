"""Load and validate exemplary cases: plans/cases/<id>.md, YAML front matter + Markdown.

The front matter is checked against schema/case.schema.json like any source; the
body is Markdown written by the propaganda office, so links in it must be http(s)
and raw HTML is later shown as text, never run.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from thidua import model as m
from thidua.errors import Problem
from thidua.sources.schema import ID_RE, parse_date, validate_schema
from thidua.sources.reader import Source, format_key, parse_source

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
        raw = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(Problem(display, raw[: exc.start].count(b"\n") + 1, "", "the file is not UTF-8 text; save it as UTF-8"))
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
    n_before = len(problems)

    def fail(key: tuple, message: str, line: int | None = None) -> None:
        problems.append(Problem(src.path, line or src.line_of(key), format_key(key), message))

    def known(key: tuple, value: str, table: dict, what: str, where: str) -> bool:
        if value in table:
            return True
        guess = difflib.get_close_matches(value, list(table), n=1)
        hint = f" (did you mean '{guess[0]}'?)" if guess else ""
        fail(key, f"unknown {what} '{value}'{hint}; {where}")
        return False

    def date(key: tuple, value):
        parsed = parse_date(str(value))
        if parsed is None:
            fail(key, f"{value!r} is not a real date (expected \"2021-10-26\", \"2021-09\" or \"2021\")")
        return parsed

    when = date(("date",), d["date"])
    published = date(("published",), d["published"]) if d.get("published") else when
    if d["where"]["unit"] is not None:
        known(("where", "unit"), d["where"]["unit"], units, "unit", "units are listed in plans/reference/units.yaml")
    if d["under"] is not None:
        known(("under",), d["under"], documents, "document", "give the id of a plan or directive (plans/, plans/directives/), "
              "or the movement's root thu-tuong-qd-1497-2021")
    elif not d.get("under_note"):
        fail(("under_note",), "required when under is null: say why the case is not filed under any document")
    for i, t in enumerate(d["themes"]):
        known(("themes", i), t, themes, "theme", "themes are listed in plans/reference/themes.yaml")
    recognition = []
    for i, r in enumerate(d["recognition"]):
        if known(("recognition", i, "award"), r["award"], awards, "award form", "forms are listed in plans/reference/awards.yaml"):
            recognition.append(m.Recognition(awards[r["award"]], r["by"], r.get("class"), r.get("decision"),
                                             date(("recognition", i, "date"), r["date"]) if r.get("date") else None,
                                             bool(r.get("posthumous"))))
    if not d["recognition"] and not d.get("recognition_note"):
        fail(("recognition_note",), "required when recognition is empty: say what the sources report instead")
    sources = []
    for i, s in enumerate(d["sources"]):
        sources.append(m.CaseSource(s["url"], s["publisher"], date(("sources", i, "date"), s["date"]) if s.get("date") else None, s.get("title")))
    for n, line in enumerate(body.splitlines(), body_start):
        for match in _LINK.finditer(line):
            scheme = (match.group(1) or match.group(2)).lower()
            if scheme not in ("http", "https", "mailto"):
                fail(("body",), f"link with scheme '{scheme}:' in the text; only http(s) links are allowed", line=n)
    if not body.strip():
        fail(("body",), "the text after the front matter is empty: say what they did, in your own words", line=body_start)
    if len(problems) > n_before:
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

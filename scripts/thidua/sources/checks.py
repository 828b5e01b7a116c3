"""Checks across sources, once every file is read: links, loops, the chain to the root, numbers.

Every document's chain of `implements` must end at QĐ 1497/QĐ-TTg, the movement's
root; two records of one document would split its backlinks.
"""

from __future__ import annotations

import re

from thidua import model as m
from thidua.errors import Problem, did_you_mean
from thidua.sources.reader import format_key, line_of
from thidua.text import fold


def check_graph(archive: m.Archive) -> list[Problem]:
    """Dangling references, loops, chains that miss the root, impossible dates, duplicate numbers."""
    docs = archive.documents
    problems: list[Problem] = []

    def problem(doc: m.Document, key: tuple, message: str) -> None:
        problems.append(Problem(doc.path, line_of(doc.lines, key), format_key(key), message))

    def unknown(ref: str) -> str:
        return f"unknown document '{ref}'{did_you_mean(ref, docs)}; every reference needs a file plans/<id>.yaml or plans/directives/<id>.yaml"

    if archive.root_id not in docs:
        problems.append(Problem("plans/directives", None, "", f"the root document '{archive.root_id}' (QĐ 1497/QĐ-TTg) is missing"))
        return problems

    cited = {c.ref for d in docs.values() for c in d.cites} | {c.under for c in archive.cases.values() if c.under}

    for doc in docs.values():
        link = doc.implements
        if doc.id == archive.root_id:
            if link:
                problem(doc, ("implements",), "QĐ 1497/QĐ-TTg is the root of the movement: implements must be null")
            continue
        if link is None:
            # Only the root and documents that are merely cited (a decree, a law) stand outside the chain.
            if doc.full_text:
                problem(doc, ("implements",), "expected the id of the directive this plan carries out; only QĐ 1497/QĐ-TTg has none")
            elif doc.id not in cited:
                problem(doc, ("implements",), "this record implements nothing and nothing cites it: give the directive it carries out, or remove it")
            continue
        if link.ref == doc.id:
            problem(doc, ("implements",), "a document cannot implement itself")
            continue
        if link.ref not in docs:
            problem(doc, ("implements",), unknown(link.ref))
            continue
        parent = docs[link.ref]
        if not doc.date.may_precede(parent.date):
            problem(doc, ("date",), f"{doc.date.iso} is before {parent.date.iso}, the date of the directive it implements ({parent.label})")
        for i, c in enumerate(doc.cites):
            if c.ref not in docs:
                problem(doc, ("cites", i), unknown(c.ref))
            elif c.ref == doc.id:
                problem(doc, ("cites", i), "a document cannot cite itself")

    # Loops and chains that never reach the root, reported once per document.
    for doc in docs.values():
        if doc.implements is None:
            continue
        path, cur = [doc.id], doc
        while cur.implements and cur.implements.ref in docs:
            nxt = cur.implements.ref
            if nxt in path:
                loop = " → ".join(path[path.index(nxt):] + [nxt])
                problem(doc, ("implements",), f"the chain of directives loops: {loop}")
                break
            path.append(nxt)
            cur = docs[nxt]
        else:
            if cur.id != archive.root_id and (cur.implements is None or cur.implements.ref in docs):
                problem(doc, ("implements",), f"the chain {' → '.join(path)} ends without reaching QĐ 1497/QĐ-TTg ({archive.root_id})")

    # Two records of the same document would split its backlinks.
    by_number: dict[str, m.Document] = {}
    for doc in docs.values():
        if not doc.number:
            continue
        # Local plans reuse numbers ("09/KH-UBND" in every province): one issuer, one number.
        key = number_key(doc.number, doc.date.year) + "|" + fold(doc.issuer.name)
        other = by_number.get(key)
        if other:
            problem(doc, ("number",), f"number {doc.number} is already used by {other.id} ({other.path}); one document, one record")
        else:
            by_number[key] = doc
    return problems


def number_key(number: str, year: int) -> str:
    """Identity of a document number: "09/KH-HĐTĐKT" and "9/KH-HDTDKT" in the same year are one."""
    parts = re.split(r"[/-]", fold(number).upper())
    parts = [p.lstrip("0") or "0" for p in parts]
    return f"{year}:{'/'.join(parts)}"

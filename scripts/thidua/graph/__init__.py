"""The links between documents: who implements whom, who cites whom.

Every document's chain of `implements` must end at QĐ 1497/QĐ-TTg, the movement's
root. Backlinks ("implemented by", "cited by") are known before any page renders,
so pages can carry them as plain Markdown links that MkDocs checks.
"""

from __future__ import annotations

from collections import defaultdict

from thidua import model as m


class Graph:
    """Edges of an archive, with the walks pages need."""

    def __init__(self, archive: m.Archive):
        self.archive = archive
        self.implementers: dict[str, list[m.Document]] = defaultdict(list)
        self.cases_under: dict[str, list[m.Case]] = defaultdict(list)
        for case in sorted(archive.cases.values(), key=lambda c: (c.date.sort_key(), c.id), reverse=True):
            self.cases_under[case.under].append(case)
        self.cited_by: dict[str, list[m.Document]] = defaultdict(list)
        for doc in archive.documents.values():
            if doc.implements:
                self.implementers[doc.implements.ref].append(doc)
            for c in doc.cites:
                if doc not in self.cited_by[c.ref]:
                    self.cited_by[c.ref].append(doc)
        for lst in (*self.implementers.values(), *self.cited_by.values()):
            lst.sort(key=lambda d: (d.date.sort_key(), d.id))

    def chain(self, doc: m.Document) -> list[m.Document]:
        """The document's ancestors, nearest first, ending at the root."""
        out, seen = [], {doc.id}
        while doc.implements and doc.implements.ref not in seen:
            doc = self.archive.documents[doc.implements.ref]
            seen.add(doc.id)
            out.append(doc)
        return out

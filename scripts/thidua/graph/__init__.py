"""The links between documents: who implements whom, who cites whom.

Every document's chain of `implements` must end at QĐ 1497/QĐ-TTg, the movement's
root. Backlinks ("implemented by", "cited by") are known before any page renders,
so pages can carry them as plain Markdown links that MkDocs checks.
"""

from __future__ import annotations

from collections import defaultdict

from thidua import model as m


class Graph:
    """Edges of an archive, with the walks and groupings pages need, worked out once per build."""

    def __init__(self, archive: m.Archive):
        self.archive = archive
        self._reuse = None
        self._group(archive)
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

    @property
    def reuse(self):
        """The text each document shares with others (graph/reuse.py), worked out on first use."""
        if self._reuse is None:
            from thidua.graph.reuse import Reuse  # numpy, loaded when the reuse is first asked for
            self._reuse = Reuse(self.archive, self.chain)
        return self._reuse

    def district(self, doc: m.Document) -> m.Unit | None:
        """The 2021 district-level unit a district's or commune's document comes from; None above it or when unknown."""
        unit = doc.issuer.unit
        if unit and unit.level == "commune" and unit.district:
            unit = self.archive.units.get(unit.district)
        return unit if unit and unit.level == "district" else None

    def descendants(self, doc: m.Document) -> list[m.Document]:
        """Every document below `doc` along `implements`, depth first."""
        out, stack = [], list(reversed(self.implementers.get(doc.id, [])))
        while stack:
            d = stack.pop()
            out.append(d)
            stack += reversed(self.implementers.get(d.id, []))
        return out

    def _group(self, archive: m.Archive) -> None:
        """Documents and cases by 2021 province (its name), by level and by award form (its key)."""
        self.by_province: dict[str, list[m.Document]] = defaultdict(list)
        self.by_level: dict[str, list[m.Document]] = defaultdict(list)
        self.by_award: dict[str, list[m.Document]] = defaultdict(list)
        for doc in archive.documents.values():
            if doc.issuer.province:
                self.by_province[doc.issuer.province].append(doc)
            self.by_level[doc.issuer.level].append(doc)
            for a in doc.awards:
                self.by_award[a.key].append(doc)
        self.cases_by_province: dict[str, list[m.Case]] = defaultdict(list)
        self.cases_by_award: dict[str, list[m.Case]] = defaultdict(list)
        for case in archive.cases.values():
            if case.unit:
                self.cases_by_province[case.unit.province].append(case)
            for key in dict.fromkeys(r.award.key for r in case.recognition):
                self.cases_by_award[key].append(case)

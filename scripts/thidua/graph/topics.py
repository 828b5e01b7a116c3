"""Where the plans name a practice or touch a theme: matching on folded whole words."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from dataclasses import dataclass

from thidua.cache import Kept
from thidua.model import Archive, Document, Node
from thidua.text import fold

_NON_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Occurrence:
    """A place in a plan: the node whose text names the practice or theme."""

    doc: Document
    node: Node
    heading: str  # the heading path above the node, for display
    text: str  # the node's own title and text
    folded: str  # fold(text): same length, so positions found in it hold in text

    @property
    def anchor(self) -> str:
        return self.node.anchor


def _key(folded: str) -> str:
    return " " + _NON_WORD.sub(" ", folded).strip() + " "


class PlanNodes:
    """The folded text of one plan's body nodes, the phrases found in it, and what pages made of them.

    Kept from one build to the next while the plan's Document is the same object (the loader
    hands back unchanged documents as they were under `mkdocs serve`): an edit to one plan
    then folds and searches that plan alone.
    """

    def __init__(self, doc: Document):
        self.doc = doc
        self.occurrences: list[Occurrence] = []
        keys, self.starts, at = [], [], 0
        for node, heading in _walk(doc.body, []):
            text = " ".join(filter(None, [node.title, node.text]))
            folded = fold(text)
            self.occurrences.append(Occurrence(doc, node, heading, text, folded))
            key = _key(folded) + "\n"  # keys start and end with a space: no match spans two
            keys.append(key)
            self.starts.append(at)
            at += len(key)
        self.keys = "".join(keys)
        self.found: dict[tuple[str, ...], list[Occurrence]] = {}
        self.rendered: dict = {}  # what a page made of this plan's occurrences (pages/topics.py)

    def find(self, phrases: tuple[str, ...]) -> list[Occurrence]:
        if phrases not in self.found:
            # Matches do not overlap, but two that would overlap lie in the same node: it is found.
            hits = {bisect.bisect_right(self.starts, m.start()) - 1 for m in _pattern(phrases).finditer(self.keys)}
            self.found[phrases] = [self.occurrences[i] for i in sorted(hits)]
        return self.found[phrases]


@lru_cache(maxsize=None)
def _pattern(phrases: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(re.escape(_key(fold(p))) for p in phrases))


class NodeIndex:
    """Where phrases occur in the body nodes of every plan (folded, whole words), in archive order."""

    _kept = Kept()  # each plan's PlanNodes, from one build to the next
    _last: NodeIndex | None = None  # the last build's index, whose answers this one starts from

    def __init__(self, archive: Archive):
        NodeIndex._kept.new_build()
        self.plans = [NodeIndex._kept.get((doc,), lambda doc=doc: PlanNodes(doc))
                      for doc in sorted(archive.plans, key=lambda d: (d.issuer.province or "", d.id))]
        self._answers: dict[tuple[str, ...], list] = {}
        # An edit changes a plan or two: each phrase's plans are last build's, less the plans
        # gone, plus the new ones searched (a hundred phrases over every plan is a tenth of a
        # second of each edit at 1,000 plans).
        last, NodeIndex._last = NodeIndex._last, self
        self._position = {id(plan): i for i, plan in enumerate(self.plans)}
        self._was = last._answers if last is not None else None
        self._new = [plan for plan in self.plans if last is None or id(plan) not in last._position]
        self._same = last is not None and not self._new and len(last.plans) == len(self.plans)

    def by_plan(self, phrases: tuple[str, ...]) -> list[tuple[PlanNodes, list[Occurrence]]]:
        """The plans where `phrases` occur, each with its occurrences, in archive order."""
        answer = self._answers.get(phrases)
        if answer is None:
            was = self._was.get(phrases) if self._was is not None else None
            if was is None:
                answer = [(plan, found) for plan in self.plans if (found := plan.find(phrases))]
            elif self._same:
                answer = was
            else:
                kept = [(plan, found) for plan, found in was if id(plan) in self._position]
                added = [(plan, found) for plan in self._new if (found := plan.find(phrases))]
                answer = sorted(kept + added, key=lambda pair: self._position[id(pair[0])])
            self._answers[phrases] = answer
        return answer


def _walk(nodes, trail):
    for node in nodes:
        yield node, " › ".join(trail)
        title = f"{node.label} {node.title}" if node.is_heading else None
        yield from _walk(node.children, trail + [title] if title else trail)

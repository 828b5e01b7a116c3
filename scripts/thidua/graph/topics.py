"""Where the plans name a practice or touch a theme: matching on folded whole words."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

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


class NodeIndex:
    """The folded text of every body node of every plan, worked out once per build.

    The keys are joined into one string, so finding a phrase is one regex pass over
    the whole archive rather than one test per node.
    """

    def __init__(self, archive: Archive):
        self.occurrences: list[Occurrence] = []
        keys, self.starts, at = [], [], 0
        for doc in sorted(archive.plans, key=lambda d: (d.issuer.province or "", d.id)):
            for node, heading in _walk(doc.body, []):
                text = " ".join(filter(None, [node.title, node.text]))
                folded = fold(text)
                self.occurrences.append(Occurrence(doc, node, heading, text, folded))
                key = _key(folded) + "\n"  # keys start and end with a space: no match spans two
                keys.append(key)
                self.starts.append(at)
                at += len(key)
        self.keys = "".join(keys)

    def find(self, phrases: tuple[str, ...]) -> list[Occurrence]:
        """Every node whose own text holds one of `phrases` (folded, whole words), in archive order."""
        pattern = re.compile("|".join(re.escape(_key(fold(p))) for p in phrases))
        # Matches do not overlap, but two that would overlap lie in the same node: it is found.
        hits = {bisect.bisect_right(self.starts, m.start()) - 1 for m in pattern.finditer(self.keys)}
        return [self.occurrences[i] for i in sorted(hits)]


def _walk(nodes, trail):
    for node in nodes:
        yield node, " › ".join(trail)
        title = f"{node.label} {node.title}" if node.is_heading else None
        yield from _walk(node.children, trail + [title] if title else trail)

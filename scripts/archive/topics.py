"""Where the plans name a practice or touch a theme: matching on folded whole words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Archive, Document, Node
from .text import fold

_NON_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Occurrence:
    """A place in a plan: the node whose text names the practice or theme."""

    doc: Document
    node: Node
    heading: str  # the heading path above the node, for display

    @property
    def anchor(self) -> str:
        return self.node.anchor


def _key(text: str) -> str:
    return " " + _NON_WORD.sub(" ", fold(text)).strip() + " "


class NodeIndex:
    """The folded text of every body node of every plan, worked out once per build."""

    def __init__(self, archive: Archive):
        self.entries = []
        for doc in sorted(archive.plans, key=lambda d: (d.issuer.province or "", d.id)):
            for node, heading in _walk(doc.body, []):
                self.entries.append((_key(" ".join(filter(None, [node.title, node.text]))), doc, node, heading))

    def find(self, phrases: tuple[str, ...]) -> list[Occurrence]:
        """Every node whose own text holds one of `phrases` (folded, whole words)."""
        wanted = [_key(p) for p in phrases]
        return [Occurrence(doc, node, heading) for key, doc, node, heading in self.entries if any(w in key for w in wanted)]


def _walk(nodes, trail):
    for node in nodes:
        yield node, " › ".join(trail)
        title = f"{node.label} {node.title}" if node.is_heading else None
        yield from _walk(node.children, trail + [title] if title else trail)

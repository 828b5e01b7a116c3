"""The hierarchy as a static SVG: no diagram library, nothing fetched from a CDN."""

from __future__ import annotations

import textwrap

from thidua import paths
from thidua.graph import Graph
from thidua.pages.markdown import attr
from thidua.model import Document

BOX_W, BOX_H, GAP_X, GAP_Y = 200, 78, 16, 46
# A drawing is worth it only while it can be taken in: a larger or wider tree is listed and
# folded instead (he-thong/). Six columns already scroll sideways on a phone.
MAX_BOXES, MAX_COLUMNS = 30, 6


def hierarchy_svg(graph: Graph, here: str, keep: set[str] | None = None) -> str | None:
    """An SVG tree from QĐ 1497/QĐ-TTg down to the documents in `keep` (every document when
    None) through their chains; each box links to its document page. None when larger than
    MAX_BOXES boxes or MAX_COLUMNS leaves."""
    root = graph.archive.root
    shown = {root.id}
    for doc_id in graph.archive.documents if keep is None else keep:
        chain = [graph.archive.documents[doc_id], *graph.chain(graph.archive.documents[doc_id])]
        if chain[-1].id == root.id:
            shown.update(d.id for d in chain)
    parents = {graph.archive.documents[d].implements.ref for d in shown - {root.id}}
    if len(shown) > MAX_BOXES or len(shown - parents) > MAX_COLUMNS or len(shown) == 1:
        return None
    placed: list[tuple[Document, float, int]] = []
    edges: list[tuple[float, int, float, int, bool]] = []
    next_leaf = [0]

    def place(doc: Document, depth: int) -> float:
        children = [c for c in graph.implementers.get(doc.id, []) if c.id in shown]
        if not children:
            x = next_leaf[0] * (BOX_W + GAP_X)
            next_leaf[0] += 1
        else:
            xs = [place(c, depth + 1) for c in children]
            x = (xs[0] + xs[-1]) / 2
            for c, cx in zip(children, xs):
                edges.append((x, depth, cx, depth + 1, c.implements.status == "confirmed"))
        placed.append((doc, x, depth))
        return x

    place(root, 0)
    depth_max = max(d for _, _, d in placed)
    width = max(next_leaf[0], 1) * (BOX_W + GAP_X) - GAP_X + 2
    height = (depth_max + 1) * (BOX_H + GAP_Y) - GAP_Y + 2
    out = [f'<svg class="hierarchy" role="group" aria-labelledby="hierarchy-title" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
           '<title id="hierarchy-title">Sơ đồ hệ thống văn bản từ Quyết định 1497/QĐ-TTg</title>']
    for x1, d1, x2, d2, confirmed in edges:
        y1 = d1 * (BOX_H + GAP_Y) + BOX_H + 1
        y2 = d2 * (BOX_H + GAP_Y) + 1
        dash = "" if confirmed else ' stroke-dasharray="5 4"'
        out.append(f'<path d="M{x1 + BOX_W / 2 + 1:.0f} {y1} V{(y1 + y2) / 2:.0f} H{x2 + BOX_W / 2 + 1:.0f} V{y2}" class="edge"{dash}/>')
    for doc, x, depth in placed:
        y = depth * (BOX_H + GAP_Y) + 1
        href = paths.href(here, paths.document(doc.id))
        cls = "node plan" if doc.full_text else "node directive"
        # The issuer is on the lines below, so an unnumbered document shows kind and date only.
        first = doc.short_label if doc.number or doc.short_title else f"{doc.kind} ({doc.date.vi})"
        lines = [first] + textwrap.wrap(doc.issuer.name, 30)[:2]
        out.append(f'<a href="{attr(href)}" class="{cls}"><rect x="{x + 1:.0f}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6"/>')
        for i, line in enumerate(lines):
            weight = ' font-weight="bold"' if i == 0 else ""
            out.append(f'<text x="{x + 1 + BOX_W / 2:.0f}" y="{y + 22 + i * 18}" text-anchor="middle"{weight}>{attr(line)}</text>')
        out.append("</a>")
    out.append("</svg>")
    return "\n".join(out) + "\n"

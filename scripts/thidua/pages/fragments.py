"""Pieces several page families share: the chain breadcrumb, the metadata card, links
to documents and cases, a unit's successor. Built once here so every page says them alike."""

from __future__ import annotations

from thidua import paths
from thidua.model import Case, Document, Unit
from thidua.pages.markdown import esc, link, table


def chain_nav(chain: list[Document], here: str, current: str | None = None) -> str:
    """Breadcrumb from QĐ 1497/QĐ-TTg (first in `chain`) down, each a link; `current` ends it unlinked."""
    items = [link(d.short_label, paths.link(here, paths.document(d.id))) for d in chain]
    if current is not None:
        items.append(f"**{esc(current)}**")
    return '<nav class="doc-chain" aria-label="Chuỗi văn bản chỉ đạo" markdown>\n' + " › ".join(items) + "\n</nav>\n"


def card(rows: list[list[str]]) -> str:
    """The metadata card at the top of a document or case page; cells are escaped Markdown."""
    return '<div class="doc-card" markdown>\n\n' + table(["Thông tin", "Nội dung"], rows) + "\n\n</div>\n"


def doc_link(doc: Document, here: str) -> str:
    """The document's headline, linked ("Kế hoạch số 61/KH-HĐTĐKT ngày 26/10/2021 của …")."""
    return link(doc.headline, paths.link(here, paths.document(doc.id)))


def case_item(case: Case, here: str) -> str:
    """A list item for a case: its title, linked, then place and date."""
    return f"- {link(case.title, paths.link(here, paths.case(case.id)))} ({esc(case.province)}, {esc(case.date.vi)})"


def successor(unit: Unit) -> str:
    """What the 2021 unit became, marked when no public source confirms it."""
    mark = "" if unit.successor.status == "confirmed" else " *(chưa xác nhận)*"
    return esc(unit.successor.text) + mark

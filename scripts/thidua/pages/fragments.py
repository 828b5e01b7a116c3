"""Pieces several page families share: the chain breadcrumb, the metadata card, links
to documents and cases, a unit's successor. Built once here so every page says them alike."""

from __future__ import annotations

from thidua import paths
from thidua.model import Case, Document, Unit
from thidua.pages.markdown import attr, esc, html_esc, link, table


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


def successor_html(unit: Unit) -> str:
    """`successor` as HTML, for a cell of `html_table`."""
    mark = "" if unit.successor.status == "confirmed" else " <em>(chưa xác nhận)</em>"
    return html_esc(unit.successor.text) + mark


def search_within(here: str, topic: str, what: str, province: str | None = None) -> str:
    """A search box limited to one theme or practice (`topic`: its page, e.g. "chu-de/<key>/index.md"),
    and to a province: the results page's filters, set by hidden fields."""
    hidden = [("topic", paths.url(topic).rstrip("/"))] + ([("province", province)] if province else [])
    fields = "".join(f'<input type="hidden" name="{name}" value="{attr(value)}">' for name, value in hidden)
    label = attr(f"Tìm trong các đoạn {what}")
    return (f'<form class="search-form" role="search" action="{paths.href(here, paths.SEARCH)}" method="get">{fields}'
            f'<input type="search" name="q" aria-label="{label}" placeholder="{label}"><button type="submit">Tìm</button></form>\n')


def pager(here: str, number: int, count: int, page_path, total: str) -> str:
    """The way between the pages of any list cut into pages: "Trang 2/3 (`total`): 1 · **2** · 3",
    page n at `page_path(n)`; nothing for a list of one page."""
    if count == 1:
        return ""
    return ('<nav class="listing-pages" aria-label="Các trang của danh sách" markdown>\n'
            f"Trang {number}/{count} ({total}): "
            + " · ".join(f"**{n}**" if n == number else link(str(n), paths.link(here, page_path(n))) for n in range(1, count + 1))
            + "\n</nav>\n")

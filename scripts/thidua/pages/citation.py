""""Trích dẫn" (cite this) for a document: its permanent address and a citation in the usual
Vietnamese form — issuer (year), kind and number, date, title, where it is published, URL,
date accessed. Pure text; the theme (overrides/partials/cite.html) shows it with a copy button.
"""

from __future__ import annotations

from thidua.model import Document


def when(doc: Document) -> str:
    """ "ngày 26/10/2021", "tháng 9/2021", "năm 2021"."""
    return f"ngày {doc.date.vi}" if doc.date.day else doc.date.vi


def document_name(doc: Document) -> str:
    """ "Kế hoạch số 61/KH-HĐTĐKT ngày 26/10/2021", or "Kế hoạch (không số) tháng 9/2021"."""
    number = f"số {doc.number}" if doc.number else "(không số)"
    return f"{doc.kind} {number} {when(doc)}"


def citation(doc: Document, site_name: str) -> tuple[str, str]:
    """The citation's text before the URL and between the URL and the date accessed:
    "Issuer (2021), Kế hoạch số … ngày …, “Title”, Site, " + URL + ", truy cập ngày " + date + "."."""
    before = f"{doc.issuer.name} ({doc.date.year}), {document_name(doc)}, “{doc.title}”, {site_name}, "
    return before, ", truy cập ngày "

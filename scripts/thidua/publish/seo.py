"""What search engines and link previews read: robots.txt, each page's description and
structured data (schema.org JSON-LD: `Legislation` for documents, `Article` for cases).

URLs are absolute under the site's address; without one they are relative to the page
(JSON-LD resolves them against the page's own URL).
"""

from __future__ import annotations

import json

from thidua import paths
from thidua.cache import Kept
from thidua.graph import Graph
from thidua.model import Case, Document
from thidua.pages.citation import citation, document_name

LANGUAGE = "vi"
COUNTRY = "Việt Nam"


def robots_txt(site_url: str) -> str:
    # The editorial desk is for the office, not for search engines.
    return f"User-agent: *\nAllow: /\nDisallow: /{paths.DESK}\n\nSitemap: {paths.absolute(site_url, paths.SITEMAP)}\n"


def _url(site_url: str | None, here: str, src: str) -> str:
    return paths.absolute(site_url, src) or paths.href(here, src)


def document_description(doc: Document) -> str:
    """From the document's own fields: kind, number, date, issuer, title."""
    return f"{document_name(doc)} của {doc.issuer.name}: {doc.title}"


def _jurisdiction(doc: Document) -> dict:
    unit = doc.issuer.unit
    if unit is None:
        return {"@type": "Country", "name": COUNTRY}
    name = unit.name if unit.level == "province" else f"{unit.name}, {unit.province}"
    return {"@type": "AdministrativeArea", "name": name, "containedInPlace": {"@type": "Country", "name": COUNTRY}}


def _doc_ref(doc: Document, site_url: str | None, here: str) -> dict:
    url = _url(site_url, here, paths.document(doc.id))
    ref = {"@type": "Legislation", "@id": url, "url": url, "name": doc.headline, "legislationType": doc.kind}
    if doc.number:
        ref["legislationIdentifier"] = doc.number
    return ref


def document_jsonld(doc: Document, graph: Graph, site_url: str | None) -> dict:
    here = paths.document(doc.id)
    url = _url(site_url, here, here)
    data = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "@id": url,
        "url": url,
        "mainEntityOfPage": url,
        "name": doc.title,
        "alternateName": doc.headline,
        "description": document_description(doc),
        "legislationType": doc.kind,
        "legislationPassedBy": {"@type": "GovernmentOrganization", "name": doc.issuer.name},
        "legislationJurisdiction": _jurisdiction(doc),
        "inLanguage": LANGUAGE,
    }
    if doc.number:
        data["legislationIdentifier"] = doc.number
    # schema.org dates are ISO 8601; a month or year alone is kept apart from a full date.
    if doc.date.day:
        data["legislationDate"] = doc.date.iso
    else:
        data["temporalCoverage"] = doc.date.iso
    if doc.implements:
        data["isBasedOn"] = _doc_ref(graph.archive.documents[doc.implements.ref], site_url, here)
    if doc.cites:
        data["citation"] = [_doc_ref(graph.archive.documents[c.ref], site_url, here) for c in doc.cites]
    if doc.full_text and doc.provenance and doc.provenance.source.startswith("originals/"):
        data["associatedMedia"] = {"@type": "MediaObject", "contentUrl": _url(site_url, here, paths.original(doc.id)),
                                   "encodingFormat": "text/plain", "inLanguage": LANGUAGE}
    return data


def case_description(case: Case) -> str:
    return f"Gương điển hình ({case.province}, {case.date.vi}): {case.title}"


def case_jsonld(case: Case, graph: Graph, site_url: str | None) -> dict:
    here = paths.case(case.id)
    url = _url(site_url, here, here)
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "@id": url,
        "url": url,
        "mainEntityOfPage": url,
        "headline": case.title,
        "description": case_description(case),
        "inLanguage": LANGUAGE,
        "datePublished": case.published.iso,
        "about": [{"@type": "Organization" if p.kind == "collective" else "Person", "name": p.name} for p in case.who],
        "contentLocation": {"@type": "Place", "name": case.where},
        "keywords": [t.name for t in case.themes],
        "citation": [s.url for s in case.sources],
    }
    if case.under:
        data["isBasedOn"] = _doc_ref(graph.archive.documents[case.under], site_url, here)
    return data


def script_tag(data: dict) -> str:
    """JSON-LD inside <script>: "</" and "<!--" can't end or open anything there."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return ('<script type="application/ld+json">' + text.replace("<", "\\u003c") + "</script>")


_heads = Kept()


def _document_head(doc: Document, graph: Graph, site_url: str | None, site_name: str) -> dict:
    before, after = citation(doc, site_name)
    src = paths.document(doc.id)
    return {"description": document_description(doc), "jsonld": script_tag(document_jsonld(doc, graph, site_url)),
            "og_type": "article", "cite": {"url": paths.absolute(site_url, src), "before": before, "after": after}}


def page_head(graph: Graph, site_url: str | None, site_name: str) -> dict[str, dict]:
    """{page source: what the theme prints for it}: description, JSON-LD, Open Graph type, citation."""
    out = {}
    archive = graph.archive
    _heads.new_build()
    for doc in archive.documents.values():
        # Made from the document and those it names (its parent, what it cites): kept while they are the same objects.
        named = (doc, *(archive.documents[r.ref] for r in ([doc.implements] if doc.implements else []) + list(doc.cites)))
        out[paths.document(doc.id)] = _heads.get(named, lambda doc=doc: _document_head(doc, graph, site_url, site_name),
                                                 (site_url, site_name))
    for case in archive.cases.values():
        out[paths.case(case.id)] = {"description": case_description(case),
                                    "jsonld": script_tag(case_jsonld(case, graph, site_url)), "og_type": "article"}
    return out

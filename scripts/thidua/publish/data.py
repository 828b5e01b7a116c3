"""Open data: every document as JSON and CSV, a public interface documented on the site."""

from __future__ import annotations

import csv
import io
import json

from thidua import paths
from thidua.cache import Kept
from thidua.model import Archive, Document

# Column order of documents.csv; documents.json objects carry the same keys.
FIELDS = ["id", "url", "kind", "number", "date", "issuer", "level", "province", "title", "signer",
          "implements", "cites", "awards", "full_text"]


def document_record(doc: Document) -> dict:
    return {
        "id": doc.id,
        "url": paths.url(paths.document(doc.id)),
        "kind": doc.kind,
        "number": doc.number,
        "date": doc.date.iso,
        "issuer": doc.issuer.name,
        "level": doc.issuer.level,
        "province": doc.issuer.province,
        "title": doc.title,
        "signer": doc.signer.name if doc.signer else None,
        "implements": doc.implements.ref if doc.implements else None,
        "cites": [c.ref for c in doc.cites],
        "awards": [a.name for a in doc.awards],
        "full_text": doc.full_text,
    }


def documents_json(archive: Archive) -> str:
    _rows.new_build()
    return "[\n" + ",\n".join(_row(d)[0] for d in sorted(archive.documents.values(), key=lambda d: d.id)) + "\n]\n"


def documents_csv(archive: Archive) -> bytes:
    """UTF-8 with BOM so Excel shows Vietnamese correctly; lists joined with "; "."""
    buf = io.StringIO()
    csv.DictWriter(buf, fieldnames=FIELDS, lineterminator="\r\n").writeheader()
    buf.writelines(_row(d)[1] for d in sorted(archive.documents.values(), key=lambda d: d.id))
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


# Each document's JSON object and CSV line, kept while it is the same object (an edit then
# writes one row anew, not 12,000).
_rows = Kept()


def _row(doc: Document) -> tuple[str, str]:
    return _rows.get((doc,), lambda: _make_row(doc))


def _make_row(doc: Document) -> tuple[str, str]:
    record = document_record(doc)
    # As json.dumps(list, indent=1) prints an item of the list: one space deeper.
    as_json = "\n".join(" " + line for line in json.dumps(record, ensure_ascii=False, indent=1).splitlines())
    record["cites"] = "; ".join(record["cites"])
    record["awards"] = "; ".join(record["awards"])
    record["full_text"] = "true" if record["full_text"] else "false"
    buf = io.StringIO()
    csv.DictWriter(buf, fieldnames=FIELDS, lineterminator="\r\n").writerow({k: "" if v is None else v for k, v in record.items()})
    return as_json, buf.getvalue()

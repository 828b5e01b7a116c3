"""Open data: every document as JSON and CSV, a public interface documented on the site."""

from __future__ import annotations

import csv
import io
import json

from thidua import paths
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
    records = [document_record(d) for d in sorted(archive.documents.values(), key=lambda d: d.id)]
    return json.dumps(records, ensure_ascii=False, indent=1) + "\n"


def documents_csv(archive: Archive) -> bytes:
    """UTF-8 with BOM so Excel shows Vietnamese correctly; lists joined with "; "."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for d in sorted(archive.documents.values(), key=lambda d: d.id):
        row = document_record(d)
        row["cites"] = "; ".join(row["cites"])
        row["awards"] = "; ".join(row["awards"])
        row["full_text"] = "true" if row["full_text"] else "false"
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")

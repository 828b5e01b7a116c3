"""Each plan's original text (plans/originals/), offered for download beside its page."""

from __future__ import annotations

from pathlib import Path

from thidua import paths
from thidua.model import Archive


def original_files(archive: Archive, plans_dir: Path) -> dict[str, bytes]:
    """{paths.original(id): bytes of the file provenance.source names} for every plan whose original is here."""
    out = {}
    for doc in archive.plans:
        if doc.provenance:
            source = plans_dir / doc.provenance.source
            if source.is_file():
                out[paths.original(doc.id)] = source.read_bytes()
    return out

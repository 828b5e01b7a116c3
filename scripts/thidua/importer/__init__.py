"""Import a plan's plain text as a draft source, so the archive can grow past hand-typed plans.

Owns the way from a text as it reaches the office (the text layer of a PDF, a Word or
Markdown conversion, an OCR scan) to a draft `plans/<id>.yaml` that a person checks:
layout repair (line wraps, page breaks, converter markup, OCR debris), the fields of
plans/FORMAT.md, the body tree, matching every cited document against the archive's
records (unknown ones become directive drafts), and a `# KIỂM TRA` mark on every field
the importer is unsure of.

`import_text` and `to_plan_yaml` are pure. Reading and writing files happens only in
`load_reference` (units and known documents under plans/) and the command (`run_import`).

Modules, in the order a text passes through them:

- lines.py      reading and cleaning the text: NFC, converter markup, page and OCR debris,
                the diacritics measure and restoring known phrases (`TextImportError`, `Line`)
- body.py       the layout (head, kind line, title, body, recipients, signature), labels
                and the body tree (`Label`, `parse_label`, `BodyBuilder`)
- reference.py  what the importer knows of the archive (`Reference`, `load_reference`)
- awards.py     the award forms a plan names
- header.py     the bodies the header names (issuer under its parent body)
- dates.py      the number and dateline, dates as the archive writes them
- issuer.py     issuer, level, 2021 unit and province; ids
- parent.py     cited documents, matched against the archive; the parent a plan carries out
- signature.py  the signature block: capacity, title, name
- routes.py     awards named in prose, with who proposes and who decides
- metadata.py   the fields of one text, noting what to check; `import_text`, the whole import
- output.py     `Draft` and its YAML and JSON forms, directive drafts
- command.py    `python -m scripts import FILE`: reading the file, writing the drafts

This module only re-exports the public API.
"""

from .body import Label, parse_label
from .command import run_import, source_label, write_draft
from .lines import TextImportError
from .dates import iso_date
from .metadata import import_text
from .parent import match_citation
from .output import Draft, directive_yaml, json_record, plan_source, to_plan_yaml
from .reference import Reference, load_reference

__all__ = [
    "Draft", "Label", "Reference", "TextImportError", "directive_yaml", "import_text", "iso_date", "json_record",
    "load_reference", "match_citation", "parse_label", "plan_source", "run_import",
    "source_label", "to_plan_yaml", "write_draft",
]

"""The `python -m scripts import FILE` command: reading the file, importing it, writing the drafts.

Reading and writing files happens only here and in `load_reference` (reference.py);
`run_import` reports bad input as one line naming the file.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from .lines import TextImportError
from .metadata import import_text
from .output import Draft, json_record, to_plan_yaml
from .reference import load_reference


# -- Command line: `python -m scripts import FILE` -----------------------------------------------------------


def read_text_file(path: Path) -> str:
    """The file as UTF-8 text; TextImportError when missing, unreadable or not UTF-8."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise TextImportError("no such file") from None
    except IsADirectoryError:
        raise TextImportError("is a directory, not a text file") from None
    except OSError as exc:
        raise TextImportError(f"cannot read it ({exc.strerror or exc})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TextImportError("not UTF-8 text (binary file, or another encoding: convert it to UTF-8 first)") from None


def source_label(path: Path) -> str:
    """How provenance names the file: "originals/<name>" when it lies in a plans/originals/ folder."""
    resolved = Path(path).resolve()
    if resolved.parent.name == "originals":
        return f"originals/{resolved.name}"
    return resolved.name  # elsewhere: the draft asks for a copy in plans/originals/


def write_draft(draft: Draft, plans_dir: Path, force: bool) -> list[Path]:
    """Write the plan and its directive drafts atomically; never replace a file unless `force`.

    Each file is written to a temporary file in its own folder, then linked into place
    (os.link fails if the name exists) or, with `force`, renamed over it (os.replace).
    """
    plans_dir = Path(plans_dir)
    targets = {plans_dir / f"{draft.record['id']}.yaml": to_plan_yaml(draft)}
    targets |= {plans_dir / "directives" / f"{i}.yaml": text for i, text in draft.directives.items()}
    existing = [p for p in targets if p.exists()]
    if existing and not force:
        raise FileExistsError(existing[0])
    temps: dict[Path, str] = {}
    try:
        for path, text in targets.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
            temps[path] = tmp
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
        for path, tmp in temps.items():
            os.replace(tmp, path) if force else os.link(tmp, path)
    finally:
        for tmp in temps.values():
            if os.path.exists(tmp):
                os.unlink(tmp)
    return list(targets)


def run_import(file: Path, plans_dir: Path, *, to_stdout: bool = False, fmt: str = "yaml", force: bool = False,
               out=None, err=None) -> int:
    """The `import` command: 0 on success, 1 with a one-line message naming the file otherwise."""
    import sys

    out, err = out or sys.stdout, err or sys.stderr
    if not Path(plans_dir).is_dir():
        print(f"import: {file}: the sources directory {plans_dir} does not exist; nothing written", file=err)
        return 1
    try:
        draft = import_text(read_text_file(file), source_label(file), load_reference(plans_dir))
    except TextImportError as exc:
        print(f"import: {file}: {exc}", file=err)
        return 1
    if fmt == "json":
        print(json.dumps(json_record(draft), ensure_ascii=False, indent=1), file=out)
        return 0
    if to_stdout:
        print(to_plan_yaml(draft), end="", file=out)
        return 0
    try:
        written = write_draft(draft, plans_dir, force)
    except FileExistsError as exc:
        print(f"import: {file}: {exc.args[0]} already exists; nothing written (use --force to replace it)", file=err)
        return 1
    except OSError as exc:
        print(f"import: {file}: cannot write the draft ({exc})", file=err)
        return 1
    print(draft.report(), file=out)
    print("Đã ghi: " + ", ".join(str(p) for p in written), file=out)
    return 0

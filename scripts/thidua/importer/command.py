"""The `python -m scripts import FILE` command: reading the file, importing it, writing the drafts.

Reading and writing files happens only here and in `load_reference` (reference.py);
`run_import` reports bad input as one line naming the file.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

from .formats import read_any
from .lines import TextImportError
from .metadata import import_text
from .output import Draft, json_record, to_plan_yaml
from .reference import load_reference


# -- Command line: `python -m scripts import FILE` -----------------------------------------------------------


def source_label(path: Path) -> str:
    """How provenance names the file: "originals/<name>" when it lies in a plans/originals/ folder."""
    resolved = Path(path).resolve()
    if resolved.parent.name == "originals":
        return f"originals/{resolved.name}"
    return resolved.name  # elsewhere: the draft asks for a copy in plans/originals/


def original_copy(file: Path, plans_dir: Path) -> tuple[str, Path | None]:
    """Where the original read goes beside the draft: (provenance.source, path to write or None).

    A file already in plans/originals/ stays where it is; otherwise it is copied there under
    its own name, or "<name>-2", "-3"… when another original has that name (never replaced);
    an identical copy already there is reused.
    """
    resolved, originals = Path(file).resolve(), (Path(plans_dir) / "originals").resolve()
    if resolved.parent == originals:
        return f"originals/{resolved.name}", None
    data = resolved.read_bytes()
    for name in original_names(resolved.name):
        candidate = originals / name
        if not candidate.exists() or candidate.read_bytes() == data:
            return f"originals/{name}", None if candidate.exists() else candidate


def original_names(name: str):
    """The names an original called `name` may take in plans/originals/, in order: its own, made safe
    for any file system and URL, then "<name>-2", "-3"… (the first free one, or the one with its bytes)."""
    safe = re.sub(r"[^0-9A-Za-z_.-]+", "_", name).lstrip(".") or "van-ban.txt"
    stem, suffix = os.path.splitext(safe)
    yield safe
    n = 2
    while True:
        yield f"{stem}-{n}{suffix}"
        n += 1


def write_draft(draft: Draft, plans_dir: Path, force: bool, original: tuple[Path, Path] | None = None) -> list[Path]:
    """Write the plan, its directive drafts and the copy of its original (`original`: (from, to)) atomically;
    never replace a file unless `force` (the original's copy never: original_copy picks a free name).

    Each file is written to a temporary file in its own folder, then linked into place
    (os.link fails if the name exists) or, with `force`, renamed over it (os.replace).
    """
    plans_dir = Path(plans_dir)
    targets: dict[Path, str | bytes] = {plans_dir / f"{draft.record['id']}.yaml": to_plan_yaml(draft)}
    targets |= {plans_dir / "directives" / f"{i}.yaml": text for i, text in draft.directives.items()}
    copy = {original[1]: Path(original[0]).read_bytes()} if original else {}
    existing = [p for p in targets if p.exists()]
    if existing and not force:
        raise FileExistsError(existing[0])
    temps: dict[Path, str] = {}
    try:
        for path, content in (targets | copy).items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
            temps[path] = tmp
            with os.fdopen(fd, "wb") as f:
                f.write(content if isinstance(content, bytes) else content.encode("utf-8"))
                f.flush()
                os.fsync(f.fileno())
        for path, tmp in temps.items():
            os.replace(tmp, path) if force and path not in copy else os.link(tmp, path)
    finally:
        for tmp in temps.values():
            if os.path.exists(tmp):
                os.unlink(tmp)
    return list(targets) + list(copy)


def run_import(file: Path, plans_dir: Path, *, to_stdout: bool = False, fmt: str = "yaml", force: bool = False,
               out=None, err=None) -> int:
    """The `import` command: 0 on success, 1 with a one-line message naming the file otherwise."""
    import sys

    out, err = out or sys.stdout, err or sys.stderr
    if not Path(plans_dir).is_dir():
        print(f"import: {file}: the sources directory {plans_dir} does not exist; nothing written", file=err)
        return 1
    writes = not (to_stdout or fmt == "json")
    try:
        read = read_any(file, progress=lambda message: print(message, file=err))
        label, copy_to = original_copy(file, plans_dir) if writes else (source_label(file), None)
        draft = import_text(read.text, label, load_reference(plans_dir))
        draft.origin = read
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
        written = write_draft(draft, plans_dir, force, (file, copy_to) if copy_to else None)
    except FileExistsError as exc:
        print(f"import: {file}: {exc.args[0]} already exists; nothing written (use --force to replace it)", file=err)
        return 1
    except OSError as exc:
        print(f"import: {file}: cannot write the draft ({exc})", file=err)
        return 1
    print(draft.report(), file=out)
    if read.format != "text":
        ocr = f"; nhận dạng bằng {read.engine}, {len(read.unsure)} dòng không chắc" if read.engine else ""
        print(f"Tệp {read.format}: {read.pages} trang, {read.seconds:.1f} giây{ocr}", file=out)
    print("Đã ghi: " + ", ".join(str(p) for p in written), file=out)
    return 0

"""A plan's file becomes a draft for review: a branch `cms/plans/<id>` as Decap names one.

The importer reads the file as `python -m scripts import` does; the plan, the directive drafts it
needs and the original as received are committed on a branch made from the published one, labelled
a draft: exactly what Decap makes when an entry is saved in the editorial workflow, so the draft
shows on the desk's "Quy trình" board, opens in the form, and is reviewed and published like any
other. `make desk`'s intake server (desk_intake) and the inbox's CI step (inbox) both make them.

The branch is made with git's plumbing (a private index, `commit-tree`), never by checking
anything out: decap-server works in the same clone and may be on another branch meanwhile.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from thidua.importer import TextImportError, import_text, load_reference, to_plan_yaml
from thidua.importer.command import original_names
from thidua.importer.formats import read_any
from thidua.publish.cms import MAX_PLAN_FILE_BYTES

DRAFT_LABEL = "decap-cms/draft"  # decap-server's label of a draft (cmsLabelPrefix "decap-cms/", status "draft")
MAX_BYTES = MAX_PLAN_FILE_BYTES


class IntakeError(Exception):
    """Why a file was not taken, in words for the office."""


@dataclass
class Intake:
    """What became of one file: the plan's id, its draft branch, and what a person must check."""

    id: str
    branch: str
    title: str
    files: list[str]
    check: dict[str, str] = field(default_factory=dict)


def git(repo: Path, *args: str, stdin: bytes | None = None, env: dict | None = None) -> bytes:
    """git's output as bytes (a file's content may be binary); a failure is an IntakeError naming the command."""
    result = subprocess.run(["git", "-C", str(repo), *args], input=stdin, capture_output=True,
                            env={**os.environ, **(env or {})})
    if result.returncode != 0:
        raise IntakeError(f"git {args[0]}: {result.stderr.decode('utf-8', 'replace').strip()}")
    return result.stdout


def _git(clone: Path, *args: str, stdin: bytes | None = None, env: dict | None = None) -> str:
    return git(clone, *args, stdin=stdin, env=env).decode("utf-8").strip()


def _exists(clone: Path, rev: str, path: str) -> bool:
    return subprocess.run(["git", "-C", str(clone), "cat-file", "-e", f"{rev}:{path}"], capture_output=True).returncode == 0


def _original_name(clone: Path, base: str, name: str, data: bytes) -> tuple[str, bool]:
    """(the name the original has in plans/originals/ on `base`, whether it is new there): the first of
    importer's `original_names` that is free, or that holds these very bytes already."""
    blob = _git(clone, "hash-object", "--stdin", stdin=data)
    for candidate in original_names(name):
        if not _exists(clone, base, f"plans/originals/{candidate}"):
            return candidate, True
        if _git(clone, "rev-parse", f"{base}:plans/originals/{candidate}") == blob:
            return candidate, False
    raise AssertionError("original_names never ends")


def draft_branch(clone: Path, base: str, name: str, data: bytes) -> Intake:
    """Import `data` (a file called `name`) into a draft branch `cms/plans/<id>` made from `base`."""
    if not data:
        raise IntakeError(f"{name}: tệp rỗng")
    if len(data) > MAX_BYTES:
        raise IntakeError(f"{name}: tệp lớn hơn {MAX_BYTES // (1024 * 1024)} MB")
    original, new = _original_name(clone, base, name, data)
    with tempfile.TemporaryDirectory(prefix="nhap-tep-") as tmp:
        path = Path(tmp) / original  # provenance.source names it as kept: originals/<original>
        path.write_bytes(data)
        try:
            read = read_any(path)
            # The reference (units, known documents) is the clone's, as published on `base`.
            draft = import_text(read.text, f"originals/{path.name}", load_reference(clone / "plans"))
        except TextImportError as exc:
            raise IntakeError(f"{name}: {exc}") from None
    draft.origin = read
    plan_id = draft.record["id"]
    branch = f"cms/plans/{plan_id}"
    if _exists(clone, base, f"plans/{plan_id}.yaml"):
        raise IntakeError(f"{name}: kho đã có kế hoạch này (plans/{plan_id}.yaml: cùng số, cơ quan ban hành và năm)")
    # A draft waiting for review, here or on the host (a CI checkout has the host's branches as remote ones).
    if _git(clone, "for-each-ref", "--count=1", f"refs/heads/{branch}", f"refs/remotes/*/{branch}"):
        raise IntakeError(f"{name}: đã có bản nháp của kế hoạch này trên bàn biên tập ({plan_id}); hãy mở nó trong “Quy trình”")
    files: dict[str, bytes] = {f"plans/{plan_id}.yaml": to_plan_yaml(draft).encode("utf-8")}
    files |= {f"plans/directives/{i}.yaml": text.encode("utf-8") for i, text in draft.directives.items()
              if not _exists(clone, base, f"plans/directives/{i}.yaml")}
    if new:
        files[f"plans/originals/{original}"] = data
    _commit_branch(clone, base, branch, files, f"Thêm kế hoạch {plan_id} từ tệp {name}")
    return Intake(plan_id, branch, draft.record.get("title") or "", sorted(files), dict(draft.uncertain))


def _commit_branch(clone: Path, base: str, branch: str, files: dict[str, bytes], message: str) -> None:
    """A commit of `base` plus `files` on a new branch labelled a draft, the work tree left alone."""
    _git(clone, "branch", branch, commit(clone, base, files, message))  # fails if another upload made it meanwhile
    _git(clone, "config", f"branch.{branch}.description", DRAFT_LABEL)


def commit(repo: Path, base: str, changes: dict[str, bytes | None], message: str) -> str:
    """A commit on top of `base` with `changes` (path: new bytes, or None to remove it), made in a private
    index so that no work tree or branch is touched; returns its id."""
    with tempfile.TemporaryDirectory(prefix="nhap-tep-index-") as tmp:
        env = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
        _git(repo, "read-tree", base, env=env)
        for path, content in changes.items():
            if content is None:
                _git(repo, "update-index", "--force-remove", path, env=env)
            else:
                blob = _git(repo, "hash-object", "-w", "--stdin", stdin=content)
                _git(repo, "update-index", "--add", "--cacheinfo", f"100644,{blob},{path}", env=env)
        tree = _git(repo, "write-tree", env=env)
    return _git(repo, "commit-tree", tree, "-p", base, "-m", message)

"""The inbox of a published desk, emptied by CI: each plan's file uploaded there becomes a draft.

With a git host the desk is a static page: nothing of ours runs where it is served, so it cannot
import a file. The officer uploads the file through the "Hộp thư tệp" form instead, which commits
it under inbox/ (publish/cms.py, INBOX), away from the sources. This command, the CI step the
README gives (run on a push that touches inbox/), imports each new file into a draft branch
`cms/plans/<id>` (drafts.draft_branch), pushes it and opens its pull or merge request labelled a
draft, which is how Decap finds a draft on a git host. On the published branch, an imported
file leaves the inbox (it is kept on the draft's branch under plans/originals/), and a refused
one stays with its reason written into its entry, for the officer to read in the form. Entries
with a reason are not tried again, so a second run does nothing twice.
"""

from __future__ import annotations

import json
import posixpath
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from thidua.commands.drafts import DRAFT_LABEL, Intake, IntakeError, commit, draft_branch, git
from thidua.publish.cms import INBOX

REFUSED = "refused"  # the entry's field that holds why its file was not imported

# How a draft's request is opened on each host, by its own command-line client.
REQUESTS = {
    "github": lambda base, branch, title, body: [
        ["gh", "pr", "create", "--base", base, "--head", branch, "--title", title, "--body", body, "--label", DRAFT_LABEL]],
    "gitlab": lambda base, branch, title, body: [
        ["glab", "mr", "create", "--target-branch", base, "--source-branch", branch, "--title", title,
         "--description", body, "--label", DRAFT_LABEL, "--yes"]],
}
LABEL_FIRST = {"github": ["gh", "label", "create", DRAFT_LABEL, "--force", "--color", "ededed",
                          "--description", "Bản nháp của bàn biên tập (Decap CMS)"]}


class InboxError(Exception):
    """Why the inbox could not be emptied, in words for the office."""


@dataclass
class Outcome:
    """What became of one entry of the inbox."""

    entry: str  # inbox/<slug>.yaml
    file: str  # the uploaded file's path in the repository
    intake: Intake | None = None
    reason: str | None = None


def _file_path(value: object) -> str | None:
    """The repository path of an entry's `file` (Decap writes it relative to the inbox), if inside it."""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    path = posixpath.normpath(value.lstrip("/") if value.startswith("/") else posixpath.join(INBOX, value))
    return path if path.startswith(INBOX + "/") else None


def pending(repo: Path, base: str) -> list[tuple[str, bytes, dict | None]]:
    """(path, text, entry or None if unreadable) of each inbox entry on `base` not yet refused."""
    names = git(repo, "ls-tree", "--name-only", base, INBOX + "/").decode("utf-8").split("\n")
    out = []
    for path in sorted(p for p in names if p.endswith((".yaml", ".yml"))):
        text = git(repo, "show", f"{base}:{path}")
        try:
            entry = yaml.safe_load(text)
        except yaml.YAMLError:
            entry = None
        if not isinstance(entry, dict):
            if not _REFUSED_LINE.search(text):  # unreadable, and not yet told so
                out.append((path, text, None))
        elif not entry.get(REFUSED):
            out.append((path, text, entry))
    return out


def take(repo: Path, base: str, path: str, entry: dict | None) -> Outcome:
    """Import one entry's file into its draft branch; any failure becomes the entry's reason."""
    file = _file_path(entry.get("file")) if entry else None
    if file is None:
        return Outcome(path, "", reason=f"{posixpath.basename(path)}: mục hộp thư không có tệp đính kèm đọc được "
                                        "(trường file); hãy tải tệp lên lại bằng một mục mới")
    name = posixpath.basename(file)
    try:
        data = git(repo, "show", f"{base}:{file}")
    except IntakeError:
        return Outcome(path, file, reason=f"{name}: không thấy tệp trong hộp thư ({file})")
    try:
        return Outcome(path, file, intake=draft_branch(repo, base, name, data))
    except IntakeError as exc:
        return Outcome(path, file, reason=str(exc))
    except Exception as exc:  # one bad file never stops the rest; its entry says what went wrong
        return Outcome(path, file, reason=f"{name}: lỗi khi nhập ({type(exc).__name__}: {exc})")


_REFUSED_LINE = re.compile(rb"^refused:.*$", re.M)


def _refused_text(text: bytes, reason: str) -> bytes:
    # One line (a JSON string is a YAML double-quoted scalar), in place of an empty one the form left, else
    # appended: the officer's other lines stay as written.
    line = f"{REFUSED}: {json.dumps(reason, ensure_ascii=False)}".encode("utf-8")
    if _REFUSED_LINE.search(text):
        return _REFUSED_LINE.sub(lambda _: line, text, count=1)
    return text.rstrip(b"\n") + b"\n" + line + b"\n"


def record(repo: Path, base: str, old: str, outcomes: list[Outcome], texts: dict[str, bytes]) -> str:
    """One commit on `base`: imported files leave the inbox, refused ones get their reason. Returns it."""
    changes: dict[str, bytes | None] = {}
    for o in outcomes:
        if o.intake:
            changes |= {o.entry: None, o.file: None}
        else:
            changes[o.entry] = _refused_text(texts[o.entry], o.reason)
    done = sum(1 for o in outcomes if o.intake)
    new = commit(repo, old, changes, f"Hộp thư: {done} tệp thành bản nháp, {len(outcomes) - done} tệp không nhập được")
    git(repo, "update-ref", f"refs/heads/{base}", new, old)
    # The checkout follows when it is on `base` (CI's is); git refuses if that would lose a local change.
    head = subprocess.run(["git", "-C", str(repo), "symbolic-ref", "-q", "HEAD"], capture_output=True, text=True)
    if head.stdout.strip() == f"refs/heads/{base}":  # not when detached
        git(repo, "read-tree", "-m", "-u", old, new)
    return new


def open_requests(host: str, base: str, drafts: list[Intake]) -> None:
    commands = [LABEL_FIRST[host]] if host in LABEL_FIRST and drafts else []
    for d in drafts:
        body = "Bản nháp tạo từ tệp trong hộp thư; mở trong bàn biên tập (Quy trình) để kiểm tra rồi công bố."
        if d.check:
            body += "\n\nCần kiểm tra (# KIỂM TRA trong tệp):\n" + "\n".join(f"- {k}: {v}" for k, v in d.check.items())
        commands += REQUESTS[host](base, d.branch, f"Thêm kế hoạch {d.id}", body)
    for command in commands:
        try:
            result = subprocess.run(command, capture_output=True, text=True)
        except FileNotFoundError:
            raise InboxError(f"không có lệnh {command[0]} để mở yêu cầu hợp nhất trên {host}") from None
        if result.returncode != 0:
            raise InboxError(f"{' '.join(command[:3])}: {result.stderr.strip()}")


def empty_inbox(repo: Path, base: str | None = None, push: str | None = None, requests: str | None = None) -> int:
    if subprocess.run(["git", "-C", str(repo), "rev-parse", "--verify", "HEAD"], capture_output=True).returncode:
        raise InboxError(f"{repo}: không phải kho git có ít nhất một commit (not a git repository)")
    base = base or git(repo, "rev-parse", "--abbrev-ref", "HEAD").decode().strip()
    old = git(repo, "rev-parse", f"refs/heads/{base}").decode().strip()
    entries = pending(repo, old)
    if not entries:
        print(f"Không có tệp mới trong hộp thư ({INBOX}/).")
        return 0
    outcomes = []
    for path, _, entry in entries:
        outcome = take(repo, old, path, entry)
        outcomes.append(outcome)
        if outcome.intake:
            checks = f"; cần kiểm tra: {', '.join(outcome.intake.check)}" if outcome.intake.check else ""
            print(f"Đã tạo bản nháp: {posixpath.basename(outcome.file)} → {outcome.intake.branch}{checks}")
        else:
            print(f"Không nhập: {outcome.reason}")
    record(repo, base, old, outcomes, {path: text for path, text, _ in entries})
    drafts = [o.intake for o in outcomes if o.intake]
    if push:
        git(repo, "push", "--quiet", "--atomic", push, f"refs/heads/{base}", *(f"refs/heads/{d.branch}" for d in drafts))
    else:
        print(f"Chưa đẩy lên máy chủ git: git push --atomic <remote> {base} " + " ".join(d.branch for d in drafts))
    if requests:
        open_requests(requests, base, drafts)
    return 0


def run(repo: Path, base: str | None, push: str | None, requests: str | None) -> int:
    try:
        return empty_inbox(repo, base, push, requests)
    except (InboxError, IntakeError) as exc:  # IntakeError: a git command failed
        print(f"Lỗi hộp thư: {exc}", file=sys.stderr)
        return 1

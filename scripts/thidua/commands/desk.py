"""`make desk`: the editorial desk on one machine, with review (Decap's editorial workflow).

decap-server in git mode keeps each draft on a branch `cms/<collection>/<id>` and publishes by
merging it. To do that it checks branches out, rebases and runs `git add .` in the repository it
serves: run in the officer's own working copy, it would sweep their uncommitted edits into a
draft's commit or trip over them. So it never does: it serves its own clone, `.desk/repo/`, made
from the committed state of the current branch, and the site of `make desk` is built from that
clone (what is published there). The officer brings published work home with
`git pull .desk/repo <branch>` — git's own merge, which refuses to overwrite uncommitted changes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from thidua.commands import desk_intake

ROOT = Path(__file__).resolve().parents[3]
DECAP_SERVER = ROOT / "desk" / "node_modules" / "decap-server" / "dist" / "index.js"
CLONE = Path(".desk") / "repo"


class DeskError(Exception):
    """Why the desk cannot start, in words for the office."""


def _git(repo: Path, *args: str, check: bool = True) -> str:
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)
    if check and result.returncode != 0:
        raise DeskError(f"git {' '.join(args)} ({repo}): {result.stderr.strip()}")
    return result.stdout.strip()


def prepare(project: Path, clone: Path) -> str:
    """Make or bring up to date the desk's clone of `project`; returns the branch it publishes to.

    Only the committed state of `project` is read; nothing in `project` is written."""
    if subprocess.run(["git", "-C", str(project), "rev-parse", "--verify", "HEAD"], capture_output=True).returncode:
        raise DeskError(f"{project}: không phải kho git có ít nhất một commit; bàn biên tập cần git "
                        "(not a git repository with a commit)")
    branch = _git(project, "rev-parse", "--abbrev-ref", "HEAD")
    if branch == "HEAD":
        raise DeskError(f"{project}: đang ở trạng thái detached HEAD; hãy chuyển sang một nhánh (git switch main)")
    if not (clone / ".git").exists():
        clone.parent.mkdir(parents=True, exist_ok=True)
        _git(project, "clone", "--quiet", "--branch", branch, str(project.resolve()), str(clone.resolve()))
        for key, default in (("user.name", "Bàn biên tập"), ("user.email", "ban-bien-tap@localhost")):
            _git(clone, "config", key, _git(project, "config", key, check=False) or default)
        _install_hook(clone)
        return branch
    _install_hook(clone)
    _git(clone, "fetch", "--quiet", "origin", branch)
    current = _git(clone, "rev-parse", "--abbrev-ref", "HEAD")
    if current != branch:
        raise DeskError(f"{clone}: đang ở nhánh {current}, không phải {branch}; "
                        f"hãy đổi nhánh trong kho của bạn về {current}, hoặc xoá thư mục {clone} để tạo lại")
    ahead = _git(clone, "rev-list", "--count", f"origin/{branch}..{branch}")
    if ahead != "0":
        print(f"Bàn biên tập: {ahead} commit đã công bố trên bàn chưa về kho của bạn; "
              f"đưa về bằng: git pull {clone} {branch}", file=sys.stderr)
    if subprocess.run(["git", "-C", str(clone), "merge", "--quiet", "--ff-only", f"origin/{branch}"],
                      capture_output=True).returncode:
        print(f"Bàn biên tập: kho của bạn và bàn biên tập đã rẽ nhánh; bàn làm việc tiếp trên bản của nó. "
              f"Hãy chạy git pull {clone} {branch} rồi khởi động lại `make desk`.", file=sys.stderr)
    return branch


def _install_hook(clone: Path) -> None:
    hook = Path(_git(clone, "rev-parse", "--git-path", "hooks"))
    hook = (hook if hook.is_absolute() else clone / hook) / "post-merge"
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text(POST_MERGE.format(python=sys.executable), encoding="utf-8")
    hook.chmod(0o755)


def follow_published(clone: Path) -> list[str]:
    """Move the other drafts onto what was just published; returns the branches moved.

    decap-server shows a draft as the difference between its branch and the published branch
    (two dots, not from where they parted), so once one draft is published every draft made
    before it lists the published files as deleted, and the editor hangs opening it. After each
    publish (the post-merge hook `prepare` installs) each `cms/…` branch whose files the
    publish did not touch gets one commit on top of the published state holding its own files
    as they are on the branch. A draft that touches a file the publish changed is left as it
    is: its version would undo the publish (decap-server rebases it when it is next saved)."""
    clone = Path(clone)
    branch = _git(clone, "rev-parse", "--abbrev-ref", "HEAD")
    moved = []
    for draft in _git(clone, "for-each-ref", "--format=%(refname:short)", "refs/heads/cms/").splitlines():
        base = _git(clone, "merge-base", branch, draft)
        if base == _git(clone, "rev-parse", branch):
            continue
        own = _git(clone, "diff", "--name-only", "--no-renames", base, draft).splitlines()
        published = set(_git(clone, "diff", "--name-only", "--no-renames", base, branch).splitlines())
        if not own or published & set(own):
            continue
        with tempfile.TemporaryDirectory(prefix="desk-index-") as tmp:
            env = {**os.environ, "GIT_INDEX_FILE": str(Path(tmp) / "index")}
            subprocess.run(["git", "-C", str(clone), "read-tree", branch], env=env, check=True)
            for path in own:
                entry = _git(clone, "ls-tree", draft, "--", path)
                if entry:
                    mode, _, rest = entry.partition(" ")
                    blob = rest.split()[1]
                    subprocess.run(["git", "-C", str(clone), "update-index", "--add", "--cacheinfo", f"{mode},{blob},{path}"],
                                   env=env, check=True)
                else:
                    subprocess.run(["git", "-C", str(clone), "update-index", "--force-remove", "--", path], env=env, check=True)
            tree = subprocess.run(["git", "-C", str(clone), "write-tree"], env=env, check=True, capture_output=True,
                                  text=True).stdout.strip()
        message = _git(clone, "log", "-1", "--format=%B", draft)
        commit = _git(clone, "commit-tree", tree, "-p", branch, "-m", message)
        _git(clone, "update-ref", f"refs/heads/{draft}", commit, _git(clone, "rev-parse", draft))
        moved.append(draft)
    return moved


POST_MERGE = """#!/bin/sh
# Installed by `make desk` (thidua.commands.desk.follow_published): after a draft is published,
# the other drafts move onto the published state (decap-server would list its files as deleted).
exec "{python}" -c 'from thidua.commands.desk import follow_published; follow_published(".")'
"""


def start_backend(clone: Path, port: int) -> subprocess.Popen:
    """decap-server in git mode on loopback, serving the clone."""
    return subprocess.Popen(
        ["node", str(DECAP_SERVER)], cwd=clone,
        env={**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "MODE": "git",
             "GIT_REPO_DIRECTORY": str(clone.resolve())})


def run(project: Path, port: int, addr: str) -> int:
    clone = project / CLONE
    try:
        branch = prepare(project, clone)
    except DeskError as exc:
        print(f"make desk: {exc}", file=sys.stderr)
        return 1
    print(f"Bàn biên tập: http://{addr}/quan-tri/ (bản sao {clone}, nhánh {branch}; Ctrl+C để dừng)")
    # Ctrl+C or a plain kill: both servers stop with this command.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    backend = start_backend(clone, port)
    # "Thêm kế hoạch từ tệp": uploads become draft branches of the clone, on the next port.
    env = {**os.environ, "DESK_LOCAL_PORT": str(port), "DESK_BRANCH": branch}
    try:
        intake = desk_intake.start(clone, branch, port + 1, f"http://{addr}")
        env["DESK_INTAKE_URL"] = f"http://127.0.0.1:{port + 1}/"
    except OSError as exc:
        intake = None
        print(f"Bàn biên tập: không mở được cổng {port + 1} ({exc.strerror}); trang “Thêm kế hoạch từ tệp” "
              f"sẽ không nhập được tệp (chọn cổng khác: make desk DESK_PORT=…)", file=sys.stderr)
    env.pop("ARCHIVE_PLANS", None)
    site = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--strict", "--dirty", "--dev-addr", addr],
                            cwd=clone, env=env)
    try:
        return site.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        if intake is not None:
            intake.shutdown()
        for proc in (site, backend):
            proc.terminate()
            proc.wait(timeout=10)

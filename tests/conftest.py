"""Shared fixtures: the real archive, one strict build of the site, a local server, Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
PLANS_DIR = ROOT / "plans"  # provenance.source is relative to it: "originals/<file>"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
MKDOCS = [sys.executable, "-m", "mkdocs"]
# No build cache: each test build starts from nothing (tests/test_incremental.py tests the cache).
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ARCHIVE_CACHE": ""}
SITE_URL = "https://kho.example.vn/"  # the address the test build is published at (never fetched)


def run_build(site_dir: Path, plans: Path | None = None, site_url: str | None = None) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of the project (for GitHub Pages, the default host), optionally from another
    plans directory, at an address."""
    env = dict(ENV)
    env.pop("ARCHIVE_PLANS", None)
    env.pop("SITE_URL", None)
    env.pop("ARCHIVE_HOSTING", None)
    if plans:
        env["ARCHIVE_PLANS"] = str(plans)
    if site_url:
        env["SITE_URL"] = site_url
    return subprocess.run([*MKDOCS, "build", "--strict", "--site-dir", str(site_dir)],
                          cwd=ROOT, env=env, capture_output=True, text=True)


def project_copy(dest: Path, *skip: str) -> Path:
    """A copy of the project to run `make` or MkDocs in, sharing this one's installed parts:
    .venv and the npm folders are linked, not copied or installed again. The build cache (.cache/) and
    the desk's clone (.desk/) stay behind: a test running beside this one (make test runs two) may be
    writing this project's cache, and a copy taken meanwhile is a torn SQLite file."""
    shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(
        ".venv", "site", ".site-*", ".git", "__pycache__", "node_modules", ".pytest_cache", ".hypothesis",
        ".cache", ".desk", *skip))
    (dest / ".venv").symlink_to(ROOT / ".venv")
    for folder in ("desk", "tests"):
        if (ROOT / folder / "node_modules").exists() and (dest / folder).exists():
            (dest / folder / "node_modules").symlink_to(ROOT / folder / "node_modules")
    return dest


@pytest.fixture(scope="session")
def archive():
    from thidua.sources import load_archive

    return load_archive(ROOT / "plans")


@pytest.fixture(scope="session")
def graph(archive):
    from thidua.graph import Graph

    return Graph(archive)


@pytest.fixture
def minimal_tree(tmp_path) -> Path:
    """A writable copy of the smallest valid archive (root, a city plan, a district plan)."""
    dest = tmp_path / "plans"
    shutil.copytree(FIXTURES / "minimal", dest)
    return dest


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("site")
    result = run_build(site, site_url=SITE_URL)  # built as published: at a public address
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"
    return site


@pytest.fixture(scope="session")
def site_url(site_dir) -> str:
    """The built site served on loopback (the project's one static server)."""
    from thidua.commands.server import serve_site

    server, base = serve_site(site_dir)
    yield base
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


@pytest.fixture
def page(browser, site_url):
    """A fresh page; fails the test on any script error or request that leaves the site."""
    context = browser.new_context()
    pg = context.new_page()
    errors, outside = [], []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("request", lambda req: None if req.url.startswith(site_url) or req.url.startswith("data:") else outside.append(req.url))
    pg.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
    yield pg
    context.close()
    assert not errors, f"script errors: {errors}"
    assert not outside, f"requests left the site: {outside}"

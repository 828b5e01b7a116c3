"""`make deploy`: MkDocs' own gh-deploy pushes the built site to the gh-pages branch of origin
(here a bare repository on this machine), at the address given, without precompressed copies."""

from __future__ import annotations

import os
import subprocess

from conftest import ROOT, project_copy

ADDRESS = "https://nguoi-dung.github.io/kho-thi-dua/"


def git(*args, cwd):
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


def test_make_deploy_pushes_the_site_to_gh_pages(tmp_path):
    remote = tmp_path / "origin.git"
    git("init", "--bare", "--quiet", str(remote), cwd=tmp_path)
    work = tmp_path / "repo"
    project_copy(work)
    git("init", "--quiet", "-b", "main", cwd=work)
    git("-c", "user.name=Kho", "-c", "user.email=kho@example.invalid", "add", "-A", cwd=work)
    git("-c", "user.name=Kho", "-c", "user.email=kho@example.invalid", "commit", "--quiet", "-m", "Kho", cwd=work)
    git("remote", "add", "origin", str(remote), cwd=work)
    env = {"GIT_AUTHOR_NAME": "Kho", "GIT_AUTHOR_EMAIL": "kho@example.invalid",
           "GIT_COMMITTER_NAME": "Kho", "GIT_COMMITTER_EMAIL": "kho@example.invalid"}
    result = subprocess.run(["make", "deploy", f"SITE_URL={ADDRESS}"], cwd=work, capture_output=True, text=True,
                            env={**os.environ, **env})
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    files = git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).splitlines()
    assert "index.html" in files and "van-ban/hai-phong-ubnd-thanh-pho-kh-2021/index.html" in files
    assert "robots.txt" in files and ".nojekyll" in files
    assert not [f for f in files if f.endswith((".br", ".html.gz"))]  # Pages compresses by itself
    robots = git("show", "gh-pages:robots.txt", cwd=remote)
    assert f"Sitemap: {ADDRESS}sitemap.xml" in robots


def test_make_deploy_refuses_without_an_address():
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    result = subprocess.run(["make", "deploy"], cwd=ROOT, capture_output=True, text=True, env=env)
    assert result.returncode != 0 and "make deploy needs SITE_URL" in result.stdout

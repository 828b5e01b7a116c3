"""Serve a built site on loopback with the hosting recipe (deploy/nginx/kho-thi-dua.conf), as
a host would: the same server block, only `root` and `listen` replaced. Used by the hosting
test and the bench. Needs Debian's nginx (`make test` and `make bench` install it)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
CONF = ROOT / "deploy" / "nginx"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_config(site: Path, work: Path, port: int, tls: tuple[Path, Path] | None = None) -> Path:
    """A main nginx.conf in `work` serving `site` on 127.0.0.1:`port` (HTTPS with `tls` = (cert, key))."""
    server = (CONF / "kho-thi-dua.conf").read_text(encoding="utf-8")
    server = server.replace("root /srv/kho-thi-dua/site;", f"root {site};")
    listen = f"listen 127.0.0.1:{port}" + (" ssl http2" if tls else "") + ";"
    if tls:
        listen += f"\n    ssl_certificate {tls[0]};\n    ssl_certificate_key {tls[1]};"
    server = server.replace("listen 80;", listen).replace("    listen [::]:80;\n", "")
    (work / "kho-thi-dua.conf").write_text(server, encoding="utf-8")
    shutil.copy(CONF / "archive-precompressed.conf", work / "archive-precompressed.conf")
    temp = "\n".join(f"    {kind}_temp_path {work}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    main = work / "nginx.conf"
    # As root, workers would switch to an unprivileged user that may not read a private temp dir.
    main.write_text(f"""{"user root;" if os.geteuid() == 0 else ""}
daemon off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
{temp}
    include {work}/kho-thi-dua.conf;
}}
""", encoding="utf-8")
    return main


def self_signed(work: Path) -> tuple[Path, Path]:
    """A throwaway certificate for 127.0.0.1 (browsers offer brotli over HTTPS only)."""
    cert, key = work / "cert.pem", work / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


class Nginx:
    """nginx in the foreground as a child process; stop() ends it."""

    def __init__(self, site: Path, work: Path, tls: bool = False):
        work.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        main = write_config(site, work, self.port, self_signed(work) if tls else None)
        self.base = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}/"
        self.proc = subprocess.Popen([NGINX, "-p", str(work), "-e", str(work / "error.log"), "-c", str(main)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _ in range(100):  # up to 10 s for the port to open
            if self.proc.poll() is not None:
                raise RuntimeError(f"nginx stopped: {self.proc.stderr.read().decode()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("nginx did not open its port")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)

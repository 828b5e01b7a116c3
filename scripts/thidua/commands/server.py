"""A local static server for a built site, shared by search-eval, the bench and the tests."""

from __future__ import annotations

import functools
import http.server
import multiprocessing
import sys
from pathlib import Path


class _Quiet(http.server.SimpleHTTPRequestHandler):
    # Keep-alive and no Nagle delay, as a static host serves: Python's defaults (a new
    # connection per request, 40 ms waits for delayed ACKs) would time this server, not the site.
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A page that has what it needs drops the rest (Pagefind's UI does): not the server's error.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class _Server:
    """A local static server in its own process, so it never waits on the browser driver's share of the GIL."""

    def __init__(self, site: Path):
        self.httpd = _QuietServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
        self.process = multiprocessing.get_context("fork").Process(target=self.httpd.serve_forever, daemon=True)
        self.process.start()

    def shutdown(self) -> None:
        self.process.terminate()
        self.process.join()
        self.httpd.server_close()


def serve_site(site: Path):
    """A quiet local HTTP server for a built site: (server, base URL)."""
    server = _Server(site)
    return server, f"http://127.0.0.1:{server.httpd.server_address[1]}/"

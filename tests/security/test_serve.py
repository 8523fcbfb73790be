"""`kohtaanto serve` runs a production WSGI server (gunicorn), not Django's development
server (ASVS 14.1.3), with the same headers as in the tests' client."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_serve_runs_gunicorn_and_serves_the_login_page(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    # DEBUG asked for, yet serve turns it off: a debug page would show uploaded data and URLs.
    env.update(KOHTAANTO_DATA_DIR=str(tmp_path), KOHTAANTO_DEBUG="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "kohtaanto.cli", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 150
        body = headers = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5) as r:
                    body, headers = r.read().decode(), r.headers
                break
            except OSError:
                time.sleep(0.5)
        assert body is not None, f"server did not answer; exit code {proc.poll()}"
        assert 'name="password"' in body
        assert "gunicorn" in (headers.get("Server") or "")
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/no-such-page/", timeout=5)
            raise AssertionError("a missing page answered 2xx")
        except urllib.error.HTTPError as exc:
            missing = exc.read().decode()
            assert exc.code == 404
        assert "Sivua ei löytynyt" in missing and 'class="site-header"' in missing
        assert "URLconf" not in missing and "Traceback" not in missing
    finally:
        proc.terminate()
        try:
            out, _ = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
    assert "runserver" not in out and "development server" not in out.lower()

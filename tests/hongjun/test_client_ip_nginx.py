"""Through a real nginx (deploy/nginx.conf's proxy headers): one client's wrong passwords
do not lock another client out of the same account."""

import http.client
import os
import re
import shutil
import socket
import subprocess
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.factories import PASSWORD

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
DEPLOY_CONF = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"

pytestmark = pytest.mark.skipif(not Path(NGINX).exists(), reason="Debian's nginx is not installed")


def proxy_headers():
    """The `proxy_set_header` lines of deploy/nginx.conf's `location /`, as deployed."""
    text = DEPLOY_CONF.read_text()
    block = text[text.index("location / {") :]
    block = block[: block.index("}")]
    lines = [ln.strip() for ln in block.splitlines() if ln.strip().startswith("proxy_set_header")]
    assert any("X-Forwarded-For $proxy_add_x_forwarded_for" in ln for ln in lines)
    return "\n".join(lines)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def nginx(live_server, tmp_path, settings):
    settings.PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = ["127.0.0.1/32"]
    port = free_port()
    upstream = live_server.url.removeprefix("http://")
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        f"""
worker_processes 1;
{"user root;" if os.geteuid() == 0 else ""}
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {tmp_path}/body;
    proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fastcgi;
    uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
    upstream hongjun_web {{ server {upstream}; }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://hongjun_web;
            {proxy_headers()}
        }}
    }}
}}
"""
    )
    process = subprocess.Popen(  # noqa: S603 (our own nginx, our own config)
        [NGINX, "-p", str(tmp_path), "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if process.poll() is not None:
                    pytest.fail(process.stderr.read().decode())
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


class Browser:
    """A client at its own loopback address (127.0.0.2, 127.0.0.3…), talking to nginx."""

    def __init__(self, port, address):
        self.port, self.address, self.cookies = port, address, SimpleCookie()

    def request(self, method, path, form=None):
        conn = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=30, source_address=(self.address, 0)
        )
        headers = {"Cookie": "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        content = response.read().decode(errors="replace")
        for value in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(value)
        conn.close()
        return response.status, content

    def log_in(self, username, password):
        status, page = self.request("GET", "/accounts/login/")
        assert status == 200, page[:500]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, _page = self.request(
            "POST",
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "username": username, "password": password},
        )
        return status


@pytest.mark.django_db(transaction=True)
def test_one_clients_wrong_passwords_do_not_lock_another_behind_nginx(nginx, alice):
    from axes.models import AccessAttempt

    thief = Browser(nginx, "127.0.0.2")
    statuses = [thief.log_in("alice", "wrong") for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth failure locks
    assert thief.log_in("alice", PASSWORD) == 429
    # The attempts were counted against the thief's address, not nginx's.
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.2"}

    alice_at_work = Browser(nginx, "127.0.0.3")
    assert alice_at_work.log_in("alice", PASSWORD) == 302

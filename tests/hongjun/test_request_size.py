"""A request body over MAX_REQUEST_BYTES is refused from its Content-Length, unread."""

import io

from django.urls import reverse

from branches.models import Activity


class Body(io.RawIOBase):
    """A request body of `size` bytes made on demand, counting what the portal reads."""

    def __init__(self, size):
        self.size, self.read_bytes = size, 0

    def readable(self):
        return True

    def readinto(self, buffer):
        n = min(len(buffer), self.size - self.read_bytes)
        buffer[:n] = b"\0" * n
        self.read_bytes += n
        return n


def post_body(client, url, size):
    body = Body(size)
    response = client.generic(
        "POST",
        url,
        CONTENT_TYPE="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(size),
        **{"wsgi.input": body},
    )
    return response, body


def test_a_fifty_megabyte_upload_is_refused_before_its_body_is_read(client_for, sam):
    url = reverse("branches:activity_create", args=[sam.branch.pk])
    response, body = post_body(client_for(sam), url, 50 * 1024 * 1024)
    assert response.status_code == 413
    page = response.content.decode()
    assert "超过 25 MB" in page and "没有保存" in page
    assert body.read_bytes == 0
    assert not Activity.objects.exists()


def test_the_limit_comes_from_settings(client_for, sam, settings):
    settings.MAX_REQUEST_BYTES = 1024 * 1024
    url = reverse("branches:activity_create", args=[sam.branch.pk])
    response, body = post_body(client_for(sam), url, 1024 * 1024 + 1)
    assert response.status_code == 413 and "超过 1 MB" in response.content.decode()
    assert body.read_bytes == 0
    response, body = post_body(client_for(sam), url, 1024 * 1024)
    assert response.status_code != 413 and body.read_bytes > 0


def test_nginx_allows_the_same_body_size_as_the_portal(settings):
    from pathlib import Path

    conf = (Path(settings.BASE_DIR) / "deploy" / "nginx.conf").read_text()
    mb = settings.MAX_REQUEST_BYTES // (1024 * 1024)
    assert f"client_max_body_size {mb}m;" in conf

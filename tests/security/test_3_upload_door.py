"""Item 3 (the HTTP door; the audio checks are the label area's): Reflex's upload
endpoint on the running app refuses before reading the body: no session, no or too
large a `Content-Length`, more than the account's free storage. A 400 MB upload
without a session is refused after the server read less than 1 MB."""

from __future__ import annotations

import select
import socket
import sqlite3
import time
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import BrowserContext, expect

from tests.apprunner import RunningApp
from tests.e2e.conftest import demo_login, sign_up, unique_email

pytestmark = pytest.mark.e2e
MB = 1024 * 1024


def raw_upload(url: str, declared: int | None, cookie: str = "", limit: int = 400 * MB) -> tuple[int, int, float]:
    """POST a multipart body of zeros to `/_upload` as fast as the server takes it;
    returns (status, bytes the client could hand over, seconds until the answer).

    The client's send buffer is small, so bytes handed over are what the server read
    plus what the two kernels buffer: an upper bound of what the server read."""
    parts = urlsplit(url)
    sock = socket.create_connection((parts.hostname, parts.port or 80))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 32 * 1024)
    sock.setblocking(False)
    head = [f"POST /_upload HTTP/1.1", f"Host: {parts.netloc}", "Content-Type: multipart/form-data; boundary=xyz",
            "Reflex-Client-Token: t", "Reflex-Event-Handler: state.label.label_state.upload_takes"]
    head += [f"Content-Length: {declared}"] if declared is not None else ["Transfer-Encoding: chunked"]
    head += [f"Cookie: {cookie}"] if cookie else []
    sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
    chunk = b"\0" * 64 * 1024
    sent, began, answer, last_progress = 0, time.monotonic(), b"", time.monotonic()
    while time.monotonic() - began < 30:
        readable, writable, _ = select.select([sock], [sock] if sent < limit else [], [], 0.05)
        if readable:
            try:
                data = sock.recv(65536)
            except ConnectionError:
                data = b""
            answer += data
            if not data or b"\r\n\r\n" in answer:
                break
        if writable:
            try:
                sent += sock.send(chunk)
                last_progress = time.monotonic()
            except (BlockingIOError, ConnectionError):
                pass
        elif sent and time.monotonic() - last_progress > 10:
            break  # the server stopped reading and never answered
    sock.close()
    status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else 0
    return status, sent, time.monotonic() - began


def test_a_400_mb_upload_without_a_session_is_refused_after_reading_under_1_mb(app_server: RunningApp) -> None:
    status, sent, seconds = raw_upload(app_server.url, 400 * MB)
    assert status == 401
    assert sent < 1 * MB, f"{sent / MB:.1f} MB went in before the refusal"
    assert seconds < 5


def test_a_signed_in_upload_needs_a_size_within_the_caps(app_server: RunningApp, context: BrowserContext) -> None:
    page = context.new_page()
    sign_up(page, unique_email("door"))
    cookie = "sbm_session=" + next(c["value"] for c in context.cookies() if c["name"] == "sbm_session")

    status, sent, _ = raw_upload(app_server.url, 400 * MB, cookie)  # over UPLOAD_MAX_MB
    assert status == 413 and sent < 1 * MB
    status, sent, _ = raw_upload(app_server.url, None, cookie)  # no length: refused before reading
    assert status == 411 and sent < 1 * MB

    small = httpx.post(f"{app_server.url}/_upload", content=b"--xyz--\r\n", headers={
        "Cookie": cookie, "Content-Type": "multipart/form-data; boundary=xyz"})
    assert small.status_code == 400 and "reflex-client-token" in small.text  # through the door, to Reflex's checks
    refused = httpx.post(f"{app_server.url}/_upload", content=b"--xyz--\r\n", headers={
        "Content-Type": "multipart/form-data; boundary=xyz"})
    assert refused.status_code == 401 and refused.json()["detail"] == "Sign in to upload files."


def test_an_upload_larger_than_the_free_storage_is_refused_at_the_door(app_server: RunningApp, context: BrowserContext) -> None:
    page = context.new_page()
    demo_login(page)  # a demo account has 300 MB of storage: 260 MB are taken by old work here
    page.goto("/account")
    email = page.get_by_test_id("account-email")
    expect(email).to_contain_text("@")
    db = sqlite3.connect(app_server.data_dir / "app.db", timeout=10)
    try:
        (user_id,) = db.execute("SELECT id FROM user WHERE email = ?", (email.inner_text(),)).fetchone()
    finally:
        db.close()
    old = app_server.data_dir / "media" / str(user_id) / "1"
    old.mkdir(parents=True, exist_ok=True)
    with open(old / "old-mix.wav", "wb") as sparse:  # counted at its size, costs no disk
        sparse.truncate(260 * MB)
    cookie = "sbm_session=" + next(c["value"] for c in context.cookies() if c["name"] == "sbm_session")
    status, sent, _ = raw_upload(app_server.url, 100 * MB, cookie)  # within the upload cap, not within the room left
    assert status == 413 and sent < 1 * MB

"""Emails that tell a person about their account: confirmation and reset links, and
security notices (failed sign-ins, a sign-up for an address that has an account, a
changed password).

The account layer decides when and what; the mail layer delivers (SMTP when configured,
else the outbox). Mail depends on accounts already (through the quotas it charges), so
accounts never import it: `services.mail` registers its sender here with `deliver_with`
when it is imported (as it is with the table models, in every process).

Messages go out on a small worker pool, after the answer: the sign-up, reset and
sign-in forms answer in the same time whether or not they sent a mail, however slow
the mail server is (`drain` waits for them, for tests and the CLI).
"""

from __future__ import annotations

import html as html_lib
import logging
import re
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait

from services import ratelimit
from services.config import get_settings

log = logging.getLogger(__name__)

NOTICE_EVERY = 24 * 3600.0  # at most one failed sign-in notice per account per day
Sender = Callable[[int, str, str, str, str], None]  # (user_id, to, subject, text, html)
_senders: list[Sender] = []
# One sender thread: mail leaves in the order it was asked for (a resent link after the first).
_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="account-mail")
_pending: set[Future[bool]] = set()
_lock = threading.Lock()
_URL = re.compile(r"(https?://[^\s<>\"]+)")


def deliver_with(sender: Sender) -> Sender:
    """Register the function that sends account notices (the mail package's)."""
    if sender not in _senders:
        _senders.append(sender)
    return sender


def as_html(text: str) -> str:
    """The plain text's paragraphs as HTML, links clickable (everything else escaped)."""
    paragraphs = []
    for para in text.strip().split("\n\n"):
        escaped = html_lib.escape(para).replace("\n", "<br>")
        paragraphs.append("<p>" + _URL.sub(r'<a href="\1">\1</a>', escaped) + "</p>")
    return "".join(paragraphs)


def _send_now(user_id: int, to: str, subject: str, text: str) -> bool:
    if not _senders:
        log.error("no mail sender is registered: %r to user %s is not sent", subject, user_id)
        return False
    try:
        for send in _senders:
            send(user_id, to, subject, text, as_html(text))
    except Exception:
        log.exception("could not send %r to user %s", subject, user_id)
        return False
    return True


def send(user_id: int, to: str, subject: str, text: str) -> Future[bool]:
    """Queue one account email; the caller never waits on the mail server (see `drain`)."""
    future = _pool.submit(_send_now, user_id, to, subject, text)
    with _lock:
        _pending.add(future)
    future.add_done_callback(lambda f: _forget(f))
    return future


def _forget(future: Future[bool]) -> None:
    with _lock:
        _pending.discard(future)


def drain(timeout: float = 30.0) -> None:
    """Wait until every queued account email went out (or failed)."""
    with _lock:
        pending = list(_pending)
    wait(pending, timeout=timeout)


def link(path: str) -> str:
    """An absolute link into this instance (`APP_URL`)."""
    return get_settings().public_url.rstrip("/") + path


def send_failed_sign_in_notice(user_id: int, email: str, failures: int) -> bool:
    """Tell the owner that someone keeps failing to sign in; True when a notice was queued
    (False when one was already sent today: sign-in never waits on it)."""
    if ratelimit.take(f"signin-notice:user:{int(user_id)}", 1.0, 1.0 / NOTICE_EVERY) > 0:
        return False
    text = (
        f"Someone tried to sign in to your Simple Balance Music account {failures} times in the last hour "
        "with a wrong password.\n\nIf it was you, nothing is wrong: wait a moment and try again. If it was not, "
        "your account is safe: nobody signed in, and each wrong guess makes the next one wait longer. You can "
        f"still sign in as usual at {link('/login')}. Choose a long, unique password if yours is short.\n"
    )
    send(user_id, email, "Failed sign-ins to your account", text)
    log.warning("sign-in notice sent to user %s after %s failures", user_id, failures)
    return True

"""HTTP routes of the release digest's email links (wired into `app/routes.py`).

`GET /releases/confirm?token=` confirms the digest address the link was sent to.
`GET /releases/unsubscribe?token=` only shows a confirmation page (mail scanners open
links: a GET changes nothing); its button POSTs back, and `POST` unsubscribes, which
is also RFC 8058's one-click `List-Unsubscribe=One-Click` from mail clients (every
digest carries `List-Unsubscribe` and `List-Unsubscribe-Post`). The signed token is
the only credential: no sign-in is needed, and a forged or expired token changes
nothing. Each answers with a small standalone page that says what happened.
"""

from __future__ import annotations

import asyncio
import html
import logging
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse

from services import releases
from services.releases import DigestError, TokenError
from services.releases.tokens import read_token

log = logging.getLogger(__name__)

_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}


def _page(title: str, message: str, ok: bool, status: int, testid: str, action: str = "") -> HTMLResponse:
    colour = "#16a34a" if ok else "#dc2626"
    body = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>{html.escape(title)} · Simple Balance Music</title>
<style>
body{{margin:0;font-family:system-ui,-apple-system,Segoe UI,sans-serif;background:#f6f6f9;color:#1c1c24;display:flex;min-height:100vh;align-items:center;justify-content:center;padding:16px;box-sizing:border-box}}
main{{background:#fff;max-width:440px;width:100%;padding:28px;border-radius:14px;box-shadow:0 4px 24px rgba(0,0,0,.08)}}
h1{{font-size:20px;margin:0 0 8px;color:{colour}}} p{{line-height:1.5;margin:0 0 18px;color:#444}}
a.button,button{{display:inline-block;border:0;font:inherit;cursor:pointer;background:#6e56cf;color:#fff;text-decoration:none;padding:10px 16px;border-radius:8px;font-weight:600}}
.brand{{font-size:13px;color:#888;margin-bottom:14px}}
</style></head>
<body><main data-testid="{testid}"><div class="brand">Simple Balance Music · Release digest</div>
<h1 data-testid="link-title">{html.escape(title)}</h1><p data-testid="link-message">{html.escape(message)}</p>
{action or '<a class="button" href="/releases" data-testid="to-releases">Open your release feed</a>'}</main></body></html>"""
    return HTMLResponse(body, status_code=status, headers=_HEADERS)


async def digest_confirm(request: Request) -> HTMLResponse:
    """The confirmation link from the opt-in email: digests start."""
    token = request.query_params.get("token", "")
    try:
        view = await asyncio.to_thread(releases.confirm, token)
    except (TokenError, DigestError) as exc:
        return _page("This link did not work", f"{exc.message} Nothing was changed.", False, 400, "link-error")
    except Exception:
        log.exception("digest confirmation failed")
        return _page("Something went wrong", "The digest could not be confirmed. Nothing was changed; please try the link again later.", False, 500, "link-error")
    return _page(
        "Your digest is confirmed",
        f"New releases will be emailed to {view.email}: {view.description}. Every digest has a one-click unsubscribe link.",
        True, 200, "link-ok",
    )


async def digest_unsubscribe_page(request: Request) -> HTMLResponse:
    """The link in every digest: asks before unsubscribing (a GET changes nothing)."""
    token = request.query_params.get("token", "")
    try:
        await asyncio.to_thread(read_token, "unsubscribe", token)
    except TokenError as exc:
        return _page("This link did not work", f"{exc.message} Nothing was changed.", False, 400, "link-error")
    form = (f'<form method="post" action="/releases/unsubscribe?{html.escape(urlencode({"token": token}))}">'
            '<input type="hidden" name="List-Unsubscribe" value="One-Click">'
            '<button class="button" type="submit" data-testid="confirm-unsubscribe">Unsubscribe</button></form>')
    return _page("Unsubscribe from release digests?",
                 "Press the button to stop the release digest emails. You can opt in again on the Releases page.",
                 True, 200, "link-confirm", action=form)


async def digest_unsubscribe(request: Request) -> HTMLResponse:
    """Unsubscribe: the confirmation page's button, or a mail client's RFC 8058 one-click POST."""
    token = request.query_params.get("token", "")  # RFC 8058: the token is in the URL, the body only says "One-Click"
    try:
        view = await asyncio.to_thread(releases.unsubscribe, token)
    except (TokenError, DigestError) as exc:
        return _page("This link did not work", f"{exc.message} Nothing was changed.", False, 400, "link-error")
    except Exception:
        log.exception("digest unsubscribe failed")
        return _page("Something went wrong", "You could not be unsubscribed just now. Please try the link again, or turn the digest off on the Releases page.", False, 500, "link-error")
    return _page(
        "You are unsubscribed",
        f"No more release digests will be sent to {view.email}. Changed your mind? Opt in again on the Releases page.",
        True, 200, "link-ok",
    )

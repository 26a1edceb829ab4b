"""A party bot on the `/api/v1` API: adds a track to a party room's queue by searching the
host's music, then says so in the room's chat. Everyone with the room page open sees the
track and the message arrive live.

    export SBM_TOKEN=sbm_…            # account page → API tokens, with "Party rooms: Read and write"
    python scripts/party_bot.py --url http://localhost:3000 --room ABC123 "midnight city"

The bot's person joins the room first (by its code, like anyone with the code); a retry of
the same add is harmless (`Idempotency-Key`). Errors arrive as problem+json and are printed
with their `detail` (e.g. "The Free plan allows 10 people in a party room…").
"""

from __future__ import annotations

import argparse
import os
import sys
import uuid

import httpx


def add_track(api: httpx.Client, code: str, query: str) -> dict | None:
    """Join room `code`, queue the first track matching `query`, say so in the chat;
    returns the queue entry (None when nothing matched). Raises `httpx.HTTPStatusError`."""
    room = f"/api/v1/party/rooms/{code.upper()}"
    api.post(f"{room}/join", json={"display_name": "Party bot"}).raise_for_status()
    found = api.get(f"{room}/search", params={"q": query}).raise_for_status().json()
    if not found:
        return None
    added = api.post(f"{room}/queue", json={"track_id": found[0]["track_id"]},
                     headers={"Idempotency-Key": str(uuid.uuid4())}).raise_for_status().json()
    api.post(f"{room}/chat", json={"text": f"🤖 queued “{added['title']}” by {added['artists']}"}).raise_for_status()
    return added


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("query", help="what to search for in the host's music")
    parser.add_argument("--room", required=True, help="the room's code")
    parser.add_argument("--url", default="http://localhost:3000", help="the app's address")
    parser.add_argument("--token", default=os.environ.get("SBM_TOKEN", ""), help="a personal access token (or SBM_TOKEN)")
    args = parser.parse_args()
    if not args.token:
        parser.error("give a token with --token or SBM_TOKEN")
    with httpx.Client(base_url=args.url, headers={"Authorization": f"Bearer {args.token}"}, timeout=30) as api:
        try:
            added = add_track(api, args.room, args.query)
        except httpx.HTTPStatusError as err:
            problem = err.response.json() if err.response.headers.get("content-type", "").endswith("json") else {}
            print(f"{err.response.status_code}: {problem.get('detail') or err.response.text}", file=sys.stderr)
            return 2
    if added is None:
        print(f"Nothing found for “{args.query}”.")
        return 1
    print(f"Queued “{added['title']}” at position {added['position'] + 1}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

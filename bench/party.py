"""How fast a vote reaches every page of a party room, against a reference peer (issues 12, 26).

    .venv/bin/python bench/party.py [--pages 10 30 50] [--raw 10 30 50 100] [--votes 20] [--tracks 1]
                                    [--no-browser] [--no-raw] [--no-peer] [--peer-no-deflate]

Starts the real app (production mode, `PARTY_TRACE=1`) on a throw-away data dir
and the reference peer `bench/_party_peer.py` (a plain python-socketio ASGI room
on uvicorn: same page test ids, same vote, one `emit(..., to=room)`), each in
its own process on a free port. Then, in one run, cells alternate app / peer
for each N (`bench/_party_cells.py`):

- browser cells (`--pages`): N headless pages in ONE Chromium, each in its own
  browser context (a guest is a browser: its signed cookie), join a fresh room
  as guests through the join screen; one page casts `--votes` votes
  (alternately up and withdrawn) and every page records, in the page, the
  moment its `queue-score` shows the new score. The main-thread time per vote
  of the last three pages (never the voter's) is read over the DevTools protocol
  and pooled (`page/vote`: the p50 of a listener page's time per vote).
- raw cells (`--raw`, no browser): N websocket clients (`bench/_sio_wire.py`,
  `bench/_party_members.py`) join the room the way a page does, each with its
  own guest cookie. On the app they speak Reflex 0.10's protocol: connect to
  `/_event/?token=<uuid>` with the `hydrate_and_load` event in the CONNECT auth
  (router data for `/party/CODE`: the backend runs the page's on_load), then
  `PartyMeState.join {form: {display_name}}` and `PartyMeState.vote {item_id,
  value: 1}` (the same again withdraws). A client counts a vote as seen when a
  delta carries the room's queue (a var whose key ends with `queue_rx_state_`)
  with the new score on the item: by content, so any transport that delivers
  the queue is measured alike.

After the joins each cell waits until the server is idle (the `settle` column:
how long the joins' follow-up work kept it busy), so that work stays out of
the vote figures. Printed per cell (`bench/_party_report.py`): p50/p95 of the
time until the LAST page/client showed the vote (from the click or send), and of
single pages and clients; the server's fan-out time (from the lines `party-fanout
code= version= sockets= received= written=` that the app logs on `state.party`
with `PARTY_TRACE=1` and the peer prints: receiving the vote to the emit to the
room returning; "n/a" when the server logs none) and what came after it (`after`:
the last frame written until the last page or client showed the vote, i.e. the
browsers' side of a vote); the server's CPU per vote, mean and median vote (user +
system of its process tree from /proc schedstat, over each vote's window only:
send until every page/client saw it, plus 50 ms; `bench/_party_cpu.py`); its
resident memory per connection; a listener page's main-thread time per vote; and
the ratio app / peer. Last, the websocket compression each server accepted and
the done criteria: p50 ratio <= 1.3 in the browser cells at N = 10, 30, 50, a
listener page's main-thread time per vote <= 1.5x the peer's, the raw fan-out
time from the smallest to the largest N (flat in N), and CPU ratio <= 2 in the
raw cell at N = 100. The load average is printed before and after: the
machine's 2 cores are shared, so figures from a busy run are upper bounds.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
DATA = Path(tempfile.mkdtemp(prefix="sbm-bench-party-")) / "data"
os.environ["DATA_DIR"] = str(DATA)
os.environ.pop("DB_URL", None)

from playwright.async_api import async_playwright  # noqa: E402

from _party_cells import NEGOTIATED, Cell, browser_cell, raw_cell  # noqa: E402
from _party_report import HEADER, cell_line, ratio_line, verdict  # noqa: E402
from _party_servers import Server, start_peer, stop_peer  # noqa: E402
from tests.apprunner import CHROMIUM, CHROMIUM_ARGS, start_app  # noqa: E402


async def run_cells(kind: str, sizes: list[int], servers: list[Server], votes: int, browser=None) -> list[Cell]:
    cells = []
    for n in sizes:
        pair = []
        for server in servers:  # alternate app / peer for each N
            if kind == "pages":
                cell = await browser_cell(server, browser, n, votes)
            else:
                cell = await raw_cell(server, n, votes)
            print(cell_line(cell), flush=True)
            pair.append(cell)
        if len(pair) == 2:
            print(ratio_line(pair[0], pair[1]), flush=True)
        cells += pair
    return cells


async def main(args: argparse.Namespace) -> None:
    started = time.monotonic()
    load = os.getloadavg()
    print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores", flush=True)
    app = start_app(DATA, extra_env={"PARTY_TRACE": "1"})
    servers = [Server("app", app.url, app.process, app.log_path, include_root=False, tracks=args.tracks)]
    try:
        if not args.no_peer:  # after the app: its build provides the socket.io client script
            servers.append(start_peer(DATA.parent, deflate=not args.peer_no_deflate, tracks=args.tracks))
        print("  ".join(f"{s.name} at {s.url}" for s in servers)
              + f"; {args.votes} votes per cell, {args.tracks} queued track(s) per room", flush=True)
        print(HEADER, flush=True)
        cells: list[Cell] = []
        if args.pages and not args.no_browser:
            async with async_playwright() as pw:
                browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                cells += await run_cells("pages", args.pages, servers, args.votes, browser)
                await browser.close()
        if args.raw:
            cells += await run_cells("raw", args.raw, servers, args.votes)
        if NEGOTIATED:
            print("websocket compression with the raw clients (browsers offer the same): " + ", ".join(
                f"{name} {'+'.join(ext) or 'none'}" for name, ext in NEGOTIATED.items()))
        for line in verdict(cells):
            print(line)
        load = os.getloadavg()
        print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; run took {time.monotonic() - started:.0f} s", flush=True)
    finally:
        for server in servers[1:]:
            stop_peer(server)
        app.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="*", default=[10, 30, 50], help="browser cells: pages per room")
    parser.add_argument("--raw", type=int, nargs="*", default=[10, 30, 50, 100], help="raw cells: websocket clients per room")
    parser.add_argument("--votes", type=int, default=20, help="votes per cell")
    parser.add_argument("--tracks", type=int, default=1, help="queued tracks in each room, on both servers (a vote changes the first)")
    parser.add_argument("--no-browser", action="store_true", help="skip the browser cells")
    parser.add_argument("--no-raw", action="store_true", help="skip the raw-client cells")
    parser.add_argument("--no-peer", action="store_true", help="measure the app alone")
    parser.add_argument("--peer-no-deflate", action="store_true", help="the peer refuses websocket compression, like the app")
    cli = parser.parse_args()
    if cli.no_raw:
        cli.raw = []
    asyncio.run(main(cli))

"""The party bench's printout (`bench/party.py`): one line per cell, the app/peer
ratios, and the issues' done criteria."""

from __future__ import annotations

from _party_cells import Cell
from _party_cpu import pct

HEADER = (
    f"{'cell':<6} {'N':>4}  {'server':<8} {'all p50':>8} {'all p95':>8} {'one p50':>8} {'one p95':>8}"
    f"  {'fan-out p50/p95 /sockets':>24}  {'after p50':>9}  {'CPU/vote mean (p50)':>19}  {'MB/conn':>7}  {'settle':>6}  {'load':>5}  {'page/vote':>9}"
)


def cell_line(c: Cell) -> str:
    fan = "n/a"
    if c.fanout_ms:  # "/N sockets", and how many votes had a line when not all did
        fan = f"{pct(c.fanout_ms, 0.5):.1f}/{pct(c.fanout_ms, 0.95):.1f} ms /{c.fanout_sockets}"
        fan += f" ({len(c.fanout_ms)}/{c.votes})" if len(c.fanout_ms) < c.votes else ""
    after = f"{pct(c.delivery_ms, 0.5):.1f} ms" if c.delivery_ms else "n/a"
    page = f"{pct(c.page_ms, 0.5):.1f} ms" if c.page_ms else "n/a"
    return (
        f"{c.kind:<6} {c.n:>4}  {c.server:<8} {pct(c.all_done, 0.5):>5.0f} ms {pct(c.all_done, 0.95):>5.0f} ms"
        f" {pct(c.each, 0.5):>5.0f} ms {pct(c.each, 0.95):>5.0f} ms  {fan:>24}  {after:>9}  {c.cpu_ms:>6.1f} ({c.cpu_p50_ms:>5.1f}) ms  {c.mb_per_conn:>7.2f}  {c.settle_s:>4.0f} s  {c.load:>5.2f}  {page:>9}"
    )


def ratios(app: Cell, peer: Cell) -> dict[str, float]:
    return {
        "p50": pct(app.all_done, 0.5) / max(pct(peer.all_done, 0.5), 0.1),
        "p95": pct(app.all_done, 0.95) / max(pct(peer.all_done, 0.95), 0.1),
        "cpu": app.cpu_ms / max(peer.cpu_ms, 0.01),
        "cpu_p50": app.cpu_p50_ms / max(peer.cpu_p50_ms, 0.01),
        "page": pct(app.page_ms, 0.5) / max(pct(peer.page_ms, 0.5), 0.01) if app.page_ms and peer.page_ms else 0.0,
    }


def ratio_line(app: Cell, peer: Cell) -> str:
    r = ratios(app, peer)
    return f"{'':<6} {'':>4}  {'app/peer':<8} {r['p50']:>7.1f}x {r['p95']:>7.1f}x {'':>8} {'':>8}  {'':>24}  {'':>9}  {r['cpu']:>6.1f}x ({r['cpu_p50']:.1f}x)"


def verdict(cells: list[Cell]) -> list[str]:
    """The issue's done criteria, for the cells this run has."""
    by = {(c.kind, c.n, c.server): c for c in cells}
    out = []
    for n in (10, 30, 50):
        if ("pages", n, "app") in by and ("pages", n, "peer") in by:
            app, peer = by["pages", n, "app"], by["pages", n, "peer"]
            r = ratios(app, peer)["p50"]
            line = f"pages N={n}: all-pages p50 app/peer {r:.2f} (<= 1.3: {'yes' if r <= 1.3 else 'NO'})"
            if app.delivery_ms:  # the browser side alone, against the whole of the peer's vote
                after = pct(app.delivery_ms, 0.5)
                line += (f"; the app's pages alone (last frame written -> last page) p50 {after:.0f} ms"
                         f" = {after / max(pct(peer.all_done, 0.5), 0.1):.2f}x the peer's whole vote")
            out.append(line)
            if app.page_ms and peer.page_ms:
                page = ratios(app, peer)["page"]
                out.append(f"pages N={n}: a listener page's main-thread time per vote p50 app {pct(app.page_ms, 0.5):.1f} ms,"
                           f" peer {pct(peer.page_ms, 0.5):.1f} ms = {page:.2f}x (<= 1.5: {'yes' if page <= 1.5 else 'NO'})")
    raw_app = sorted((c for c in cells if c.kind == "raw" and c.server == "app" and c.fanout_ms), key=lambda c: c.n)
    if len(raw_app) >= 2:
        low, high = raw_app[0], raw_app[-1]
        growth = pct(high.fanout_ms, 0.5) / max(pct(low.fanout_ms, 0.5), 0.01)
        out.append(f"raw fan-out p50 N={low.n} {pct(low.fanout_ms, 0.5):.1f} ms -> N={high.n} {pct(high.fanout_ms, 0.5):.1f} ms"
                   f" = {growth:.2f}x for {high.n / low.n:.0f}x the sockets")
    if ("raw", 100, "app") in by and ("raw", 100, "peer") in by:
        r = ratios(by["raw", 100, "app"], by["raw", 100, "peer"])["cpu"]
        out.append(f"raw N=100: CPU per vote app/peer {r:.2f} (<= 2: {'yes' if r <= 2 else 'NO'})")
    return out

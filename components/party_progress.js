// The party room's progress bar (components/party_now.py). The position comes from the
// server's clock (start time, or where a paused track stopped) and is redrawn by a timer
// once a second: an open page does no per-frame work. A CSS animation is ticked at the
// frame rate even in steps(), which cost ~1.3% of a core per open page in headless
// Chromium (measured with 10 pages), and a room can have 50 of them on one machine.
import { createElement, useEffect, useState } from "react";

export function PartyProgress({ startedMs = 0, durationMs = 0, paused = false, positionMs = 0, fill, track }) {
  const position = () => (paused ? positionMs : Date.now() - startedMs);
  const [now, setNow] = useState(position);
  useEffect(() => {
    setNow(position());
    if (paused || !durationMs) return undefined;
    const timer = setInterval(() => setNow(position()), 1000);
    return () => clearInterval(timer);
  }, [startedMs, durationMs, paused, positionMs]);
  const percent = durationMs ? Math.min(100, Math.max(0, (now / durationMs) * 100)) : 0;
  return createElement(
    "div",
    { style: { height: "6px", width: "100%", background: track, borderRadius: "999px", overflow: "hidden" } },
    createElement("div", {
      "data-testid": "np-progress",
      style: { height: "100%", width: `${percent}%`, background: fill },
    }),
  );
}

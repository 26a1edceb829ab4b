// The progress bar of something that plays on a clock (components/progress.py `clock_bar`,
// e.g. the party room's now playing). The position comes from the server's clock (start
// time, or where a paused track stopped) and is redrawn by a timer once a second,
// straight on the fill's transform (no React render): the fill is a layer of its own, so
// a tick costs no layout and no paint. A CSS animation is ticked at the frame rate even
// in steps() (~1.3% of a core per open page in headless Chromium), a width set through
// React state each second ~0.8%; a room can have 50 pages on one machine.
import { createElement, useLayoutEffect, useRef } from "react";

export function ClockProgress({ startedMs = 0, durationMs = 0, paused = false, positionMs = 0, fill, track, testid }) {
  const fillRef = useRef(null);
  // A layout effect: the first draw lands before the browser paints, so a new bar never flashes empty.
  useLayoutEffect(() => {
    const draw = () => {
      const at = paused ? positionMs : Date.now() - startedMs;
      const ratio = durationMs ? Math.min(1, Math.max(0, at / durationMs)) : 0;
      const transform = `scaleX(${ratio.toFixed(4)})`;
      if (fillRef.current && fillRef.current.style.transform !== transform) {
        fillRef.current.style.transform = transform;
      }
    };
    draw();
    if (paused || !durationMs) return undefined;
    const timer = setInterval(draw, 1000);
    return () => clearInterval(timer);
  }, [startedMs, durationMs, paused, positionMs]);
  return createElement(
    "div",
    { style: { height: "6px", width: "100%", background: track, borderRadius: "999px", overflow: "hidden" } },
    createElement("div", {
      ref: fillRef,
      "data-testid": testid,
      style: { height: "100%", width: "100%", background: fill, transformOrigin: "left", transform: "scaleX(0)", willChange: "transform" },
    }),
  );
}

// The progress bar of something that plays on a clock (components/progress.py `clock_bar`,
// e.g. the party room's now playing). The position comes from the server's clock (start
// time, or where a paused track stopped) and is redrawn once a second by the page's
// clock tick (`everySecond`), straight on the fill's transform (no React render): the fill
// is a layer of its own, so a tick costs no layout and no paint. A CSS animation is ticked
// at the frame rate even in steps() (~1.3% of a core per open page in headless Chromium),
// a width set through React state each second ~0.8%; a room can have 50 pages on one machine.
import { createElement, useLayoutEffect, useRef } from "react";

// One timer per phase for everything a page draws from a clock (this bar, the party room's
// elapsed and remaining time in clock_audio.js): their changes land in the same task and so
// in ONE frame a second, where a timer each cost a frame each. It fires just after each
// whole second counted from `phaseMs` (the track's start), so "0:07" turns to "0:08" when
// the eighth second begins, on every page at once, instead of up to a second late.
const ticks = new Map(); // phase (0-999 ms) -> {listeners, timer}

export function everySecond(listener, phaseMs = 0) {
  const phase = ((Math.round(phaseMs) % 1000) + 1000) % 1000;
  let tick = ticks.get(phase);
  if (!tick) {
    tick = { listeners: new Set(), timer: null };
    const fire = () => {
      for (const fn of [...tick.listeners]) {
        try { fn(); } catch (e) { console.error(e); }
      }
      if (tick.listeners.size) schedule(); else tick.timer = null;
    };
    const schedule = () => {
      const wait = ((phase - (Date.now() % 1000) + 1000) % 1000) || 1000;
      tick.timer = setTimeout(fire, wait + 15); // +15 ms: a timer is never early, a clock may be
    };
    tick.schedule = schedule;
    ticks.set(phase, tick);
  }
  tick.listeners.add(listener);
  if (tick.timer === null) tick.schedule();
  return () => {
    tick.listeners.delete(listener);
    if (!tick.listeners.size) {
      clearTimeout(tick.timer);
      ticks.delete(phase);
    }
  };
}

// Text drawn outside React (the party room's time, a queued track's score): change the text
// node's data (a characterData change), and only when it differs, so nothing is laid out again
// and no childList observer wakes for it. React, rendering the same element later with the
// same source of truth, finds the same text.
export function setText(el, text) {
  if (!el) return;
  const node = el.firstChild;
  if (node && node.nodeType === 3) { if (node.data !== text) node.data = text; } else el.textContent = text;
}

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
    return everySecond(draw, startedMs);
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

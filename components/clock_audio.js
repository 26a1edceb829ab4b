// The party room's sound and time (components/party_sound.py `room_sound`). Demo rooms
// have no recordings: each track has a short demo sound rendered on the server (looped);
// every page places it on the room's clock (start time, or where a pause stopped), so all
// listeners hear the same second: position = elapsed modulo the clip's length, corrected
// whenever it drifts more than 40 ms. Elapsed and remaining time are written straight into
// their text nodes on the page's clock tick (`everySecond` in clock_progress.js, shared with
// the progress bar so both land in one frame a second; no React render per tick). Browsers only play sound after a
// click, so the sound starts with the "Play sound" button; the choice and the volume are
// remembered in this browser.
import { createElement as h, useEffect, useRef, useState } from "react";
import { everySecond, setText } from "$/public/external/components/progress/clock_progress.js";

const KEY = "sbm-party-sound";
const fmt = (ms) => {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};
const remembered = (name, fallback) => {
  try { const v = window.localStorage.getItem(`${KEY}-${name}`); return v === null ? fallback : v; } catch (e) { return fallback; }
};
const remember = (name, value) => { try { window.localStorage.setItem(`${KEY}-${name}`, String(value)); } catch (e) { /* private mode */ } };

export function ClockAudio({ src = "", startedMs = 0, durationMs = 0, paused = false, positionMs = 0, label = "", testid = "room-sound" }) {
  const audioRef = useRef(null);
  const elapsedRef = useRef(null);
  const remainRef = useRef(null);
  const [on, setOn] = useState(() => remembered("on", "0") === "1");
  const [volume, setVolume] = useState(() => Number(remembered("volume", "0.8")) || 0.8);
  const [blocked, setBlocked] = useState(false);

  useEffect(() => {
    const audio = audioRef.current;
    const at = () => (paused ? positionMs : Date.now() - startedMs);
    const tick = () => {
      const ms = durationMs ? Math.min(durationMs, Math.max(0, at())) : 0;
      setText(elapsedRef.current, fmt(ms));
      setText(remainRef.current, `-${fmt(durationMs - ms)}`);
      if (!audio || !src) return;
      audio.volume = volume;
      const live = on && !paused && durationMs > 0 && at() < durationMs;
      if (!live) { if (!audio.paused) audio.pause(); return; }
      const len = audio.duration;
      if (!len || !Number.isFinite(len)) return; // not loaded yet: loadedmetadata ticks again
      const want = (Math.max(0, at()) / 1000) % len;
      let drift = audio.currentTime - want;
      if (drift > len / 2) drift -= len;
      if (drift < -len / 2) drift += len;
      if (Math.abs(drift) > 0.04) audio.currentTime = want;
      if (audio.paused) audio.play().then(() => setBlocked(false)).catch(() => setBlocked(true));
    };
    tick();
    const stopTicking = paused || !durationMs ? () => {} : everySecond(tick, startedMs);
    // While the sound plays, its drift is checked twice a second (no DOM change unless the text changes).
    const timer = on && src && !paused ? setInterval(tick, 500) : null;
    if (audio) { audio.addEventListener("loadedmetadata", tick); audio.addEventListener("playing", tick); }
    return () => {
      stopTicking();
      if (timer !== null) clearInterval(timer);
      if (audio) { audio.removeEventListener("loadedmetadata", tick); audio.removeEventListener("playing", tick); }
    };
  }, [src, startedMs, durationMs, paused, positionMs, on, volume]);

  const toggle = () => { const next = !on; setOn(next); remember("on", next ? "1" : "0"); if (!next && audioRef.current) audioRef.current.pause(); };
  const small = { fontSize: "12px", color: "var(--gray-11)", fontVariantNumeric: "tabular-nums" };
  const children = [
    h("span", { key: "e", ref: elapsedRef, "data-testid": `${testid}-elapsed`, style: small }, "0:00"),
    h("span", { key: "r", ref: remainRef, "data-testid": `${testid}-remaining`, style: small }, "-0:00"),
  ];
  if (src) {
    children.push(
      h("audio", { key: "a", ref: audioRef, src, loop: true, preload: "auto", "data-testid": `${testid}-audio` }),
      h("button", {
        key: "b", type: "button", onClick: toggle, "data-testid": `${testid}-toggle`, "aria-pressed": on,
        className: "rt-reset rt-BaseButton rt-r-size-1 rt-variant-soft rt-Button",
      }, on ? "Mute" : "Play sound"),
      h("input", {
        key: "v", type: "range", min: 0, max: 1, step: 0.05, value: volume, "aria-label": "Volume",
        "data-testid": `${testid}-volume`, style: { width: "80px" },
        onChange: (e) => { const v = Number(e.target.value); setVolume(v); remember("volume", v); },
      }),
      h("span", { key: "l", style: small, "data-testid": `${testid}-label` }, blocked ? "Press Play sound to hear it" : label),
    );
  }
  return h("div", { style: { display: "flex", alignItems: "center", gap: "8px", flexWrap: "wrap", width: "100%" }, "data-testid": testid }, children);
}

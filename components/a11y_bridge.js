// Accessibility fixes the app's React components cannot take as props (components/layout.py).
// Radix's single-thumb slider names its root, not the thumb that has role="slider", so a
// screen reader announces an unnamed slider: the thumb takes its root's aria-label. A scroll
// area whose content overflows (a wide table on a phone) must be reachable by keyboard to
// scroll it: it joins the tab order while it overflows. An element that says it is a button
// (role="button", not a <button>) is clicked by Enter or Space, as a real button is.
import { useEffect } from "react";

function nameThumbs(root) {
  root.querySelectorAll(".rt-SliderRoot[aria-label]").forEach((slider) => {
    slider.querySelectorAll('[role="slider"]:not([aria-label])').forEach((thumb) => {
      thumb.setAttribute("aria-label", slider.getAttribute("aria-label"));
    });
  });
}

function focusableScrollers(root) {
  root.querySelectorAll("[data-radix-scroll-area-viewport]").forEach((viewport) => {
    const overflows = viewport.scrollWidth > viewport.clientWidth + 1 || viewport.scrollHeight > viewport.clientHeight + 1;
    if (overflows && !viewport.hasAttribute("tabindex")) {
      viewport.setAttribute("tabindex", "0");
      viewport.dataset.sbmScroller = "1";
    } else if (!overflows && viewport.dataset.sbmScroller) {
      viewport.removeAttribute("tabindex");
      delete viewport.dataset.sbmScroller;
    }
  });
}

function pressRoleButton(event) {
  const target = event.target;
  if (!(event.key === "Enter" || event.key === " ") || event.defaultPrevented || event.repeat) return;
  if (!target || target.tagName === "BUTTON" || target.getAttribute("role") !== "button") return;
  event.preventDefault(); // Space would scroll the page
  target.click();
}

const SLIDER = ".rt-SliderRoot[aria-label]";
const VIEWPORT = "[data-radix-scroll-area-viewport]";
const concerns = (node) =>
  node.nodeType === 1 &&
  (node.matches(`${SLIDER}, ${VIEWPORT}`) || node.querySelector(`${SLIDER}, ${VIEWPORT}`) !== null || node.closest(SLIDER) !== null);
const inScroller = (node) => {
  const element = node.nodeType === 1 ? node : node.parentElement;
  return element !== null && element.closest(VIEWPORT) !== null;
};

// Only changes that can matter wake the fixes: a slider or scroll area added, or content
// changing inside a scroll area (its overflow). A live page (a party room's votes, a clock's
// seconds) changes the DOM all the time elsewhere; each fix reads layout.
const relevant = (mutations) => mutations.some((m) => inScroller(m.target) || Array.from(m.addedNodes).some(concerns));

export function AriaBridge() {
  useEffect(() => {
    document.addEventListener("keydown", pressRoleButton);
    return () => document.removeEventListener("keydown", pressRoleButton);
  }, []);
  useEffect(() => {
    let pending = null;
    const fix = () => {
      pending = null;
      nameThumbs(document);
      focusableScrollers(document);
    };
    const soon = () => { if (!pending) pending = requestAnimationFrame(fix); };
    fix();
    const observer = new MutationObserver((mutations) => { if (relevant(mutations)) soon(); });
    observer.observe(document.body, { childList: true, subtree: true });
    window.addEventListener("resize", soon);
    return () => {
      observer.disconnect();
      window.removeEventListener("resize", soon);
      if (pending) cancelAnimationFrame(pending);
    };
  }, []);
  return null;
}

// A list that follows new lines (the party chat, components/party.py `chat_card`): when a
// new last line arrives (`lastKey` changes) and the reader is at the bottom, it scrolls to
// it; when they scrolled up to read, it stays put and shows a "New messages" marker that
// takes them down. The first render starts at the bottom.
import { createElement as h, useLayoutEffect, useRef, useState } from "react";

export function AutoScroll({ children, lastKey = "", maxHeight = "320px", testid = "chat" }) {
  const box = useRef(null);
  const atEnd = useRef(true);
  const [unread, setUnread] = useState(false);
  const toEnd = () => {
    const el = box.current;
    if (el) el.scrollTop = el.scrollHeight;
    atEnd.current = true;
    setUnread(false);
  };
  const onScroll = () => {
    const el = box.current;
    if (!el) return;
    atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
    if (atEnd.current) setUnread(false);
  };
  useLayoutEffect(() => {
    if (atEnd.current) toEnd();
    else if (lastKey) setUnread(true);
  }, [lastKey]);
  return h(
    "div",
    { style: { position: "relative", width: "100%" } },
    h("div", { ref: box, onScroll, "data-testid": testid, style: { maxHeight, overflowY: "auto", width: "100%" } }, children),
    unread
      ? h("button", {
          type: "button", onClick: toEnd, "data-testid": `${testid}-unread`,
          className: "rt-reset rt-BaseButton rt-r-size-1 rt-variant-solid rt-Button",
          style: { position: "absolute", bottom: "8px", left: "50%", transform: "translateX(-50%)" },
        }, "New messages ↓")
      : null,
  );
}

// A waiting track's score in the party room's queue (components/party_queue.py `_score`).
// It reads Reflex's state store directly and, when the scores change, writes its number
// straight into its text node (`setText`, as the room's clock does): a vote renders nothing
// in React and changes one text node on each page. Measured on a listener page (one track),
// main-thread time per vote 3.1 -> 2.4 ms against React re-rendering the number.
import { createElement, useContext, useLayoutEffect, useRef } from "react";
import { StateStoreContext, app } from "$/utils/context-registry";
import { setText } from "$/public/external/components/progress/clock_progress.js";

export function ItemScore({ stateName, field, itemId, className = "", testid = "" }) {
  const store = useContext(StateStoreContext);
  const ref = useRef(null);
  const read = () => String((store.getSnapshot(stateName) ?? app.initialState?.[stateName])?.[field]?.[itemId] ?? "0");
  // A layout effect: it subscribes before the browser paints and draws once right away, so a
  // change that arrives between the render and the subscription is never missed.
  useLayoutEffect(() => {
    const draw = () => setText(ref.current, read());
    draw();
    return store.subscribe(stateName, draw);
  }, [store, stateName, field, itemId]);
  // The number sits in a box of fixed size (`.sbm-score-box` in assets/party.css): the
  // browser's frame for a vote starts and ends there.
  return createElement(
    "p",
    { className, "data-testid": testid },
    createElement("span", { className: "sbm-score-box" }, createElement("span", { ref }, read())),
  );
}

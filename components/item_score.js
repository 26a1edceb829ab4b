// A waiting track's score in the party room's queue (components/party_queue.py `_score`).
// It reads Reflex's state store through a selector: React re-renders a component only when
// what its selector returns changes, so a vote re-renders the one number it changed, not
// every score of the queue (a component reading the scores map re-renders on any change).
import { createElement, useContext, useMemo, useSyncExternalStore } from "react";
import { StateStoreContext, app } from "$/utils/context-registry";

export function ItemScore({ stateName, field, itemId, className = "", testid = "" }) {
  const store = useContext(StateStoreContext);
  const [subscribe, read] = useMemo(() => {
    const current = () => store.getSnapshot(stateName) ?? app.initialState?.[stateName];
    return [
      (listener) => store.subscribe(stateName, listener),
      () => String(current()?.[field]?.[itemId] ?? "0"),
    ];
  }, [store, stateName, field, itemId]);
  const score = useSyncExternalStore(subscribe, read, read);
  return createElement("p", { className, "data-testid": testid }, score);
}

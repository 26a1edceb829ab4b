"""Helpers of the security tests: tabs that send real state
events in-process (a root state with the tab's cookie header, client address and
path, exactly what Reflex builds from a websocket handshake)."""

from __future__ import annotations

import inspect
from typing import Any
from urllib.parse import urlencode

import reflex as rx
from reflex.istate.data import RouterData


class Tab:
    """One browser tab's state tree, as the server holds it during an event."""

    def __init__(self, *, token: str = "", cookies: dict[str, str] | None = None, peer: str = "127.0.0.1",
                 forwarded_for: str = "", path: str = "/", query: dict[str, str] | None = None) -> None:
        jar = dict(cookies or {})
        if token:
            jar["sbm_session"] = token
        headers = {"cookie": "; ".join(f"{k}={v}" for k, v in jar.items())}
        if forwarded_for:
            headers["x-forwarded-for"] = forwarded_for
        self.root = rx.State(_reflex_internal_init=True)  # type: ignore[call-arg]
        self.root.router = RouterData.from_router_data({
            "headers": headers, "ip": peer, "token": f"tab-{id(self)}", "pathname": path,
            "asPath": path + (f"?{urlencode(query)}" if query else ""), "query": query or {},
        })

    def state(self, cls: type[rx.State]) -> Any:
        return self.root.get_substate(cls.get_full_name().split(".")[1:])

    async def send(self, handler: Any, *args: Any) -> list[Any]:
        """Run one event handler of this tab (plain, generator or background) to its end;
        returns the effects it returned or yielded."""
        state = self.state(handler.state if hasattr(handler, "state") else _owner(handler))
        result = handler.fn(state, *args)
        effects: list[Any] = []
        if inspect.isasyncgen(result):
            async for effect in result:
                effects.append(effect)
        elif inspect.isawaitable(result):
            effects.append(await result)
        return [e for e in _flatten(effects) if e is not None]


def _owner(handler: Any) -> type[rx.State]:
    qualname = handler.fn.__qualname__.split(".")[0]
    for cls in rx.State.class_subclasses | _all_states():
        if cls.__name__ == qualname:
            return cls
    raise LookupError(qualname)


def _all_states() -> set[type[rx.State]]:
    seen: set[type[rx.State]] = set()
    todo = [rx.State]
    while todo:
        cls = todo.pop()
        for sub in cls.class_subclasses:
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return seen


def _flatten(items: list[Any]) -> list[Any]:
    out: list[Any] = []
    for item in items:
        out.extend(_flatten(list(item)) if isinstance(item, (list, tuple)) else [item])
    return out


def script_of(effects: list[Any]) -> str:
    """The JavaScript of the `rx.call_script` among an event's effects ("" if none)."""
    for effect in effects:
        for name, value in getattr(effect, "args", ()):
            if getattr(name, "_js_expr", "") == "javascript_code":
                return str(getattr(value, "_var_value", ""))
    return ""

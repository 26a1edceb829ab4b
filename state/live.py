"""Push a change to open pages from anywhere: a job, a webhook or another person's action.

`push_to_user(user_id, SomeState, apply)` runs `apply(state)` on that user's copy of
`SomeState` in every tab they have open, through `app.modify_state` with the tab's
state token; Reflex sends the resulting delta over each tab's websocket. With
`REDIS_URL` set the states live in Redis, so a push from one worker reaches tabs
connected to another.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar

import reflex as rx

from services import live

log = logging.getLogger(__name__)
S = TypeVar("S", bound=rx.State)
Apply = Callable[[Any], "Awaitable[None] | None"]
_app: rx.App | None = None


def bind(app: rx.App) -> None:
    """Remember the running app (called by the lifespan task)."""
    global _app
    _app = app


def _running_app() -> rx.App:
    if _app is not None:
        return _app
    from reflex_base.registry import RegistrationContext  # type: ignore[import-not-found]

    return RegistrationContext.get().app


async def push_to_tokens(tokens: Iterable[str], state_cls: type[S], apply: Apply) -> int:
    """Apply a change to `state_cls` for each client token; returns how many were reached."""
    app = _running_app()
    reached = 0
    for token in set(tokens):
        try:
            async with app.modify_state(rx.BaseStateToken(ident=token, cls=state_cls)) as root:
                target = await root.get_state(state_cls)
                result = apply(target)
                if inspect.isawaitable(result):
                    await result
            reached += 1
        except Exception:  # one dead tab never stops the others
            log.warning("push to a tab failed", exc_info=True)
    return reached


async def push_to_user(user_id: int, state_cls: type[S], apply: Apply) -> int:
    """Apply a change to every open tab of one user."""
    tokens = await asyncio.to_thread(live.tokens_for_user, user_id)
    return await push_to_tokens(tokens, state_cls, apply)


def connected_tokens() -> list[str]:
    """Tabs connected to this worker right now."""
    namespace = _running_app().event_namespace
    return list(namespace.token_to_sid.keys()) if namespace else []


class Watchers:
    """Tabs (client tokens) of this worker that show a panel fed by a broadcast
    topic, so a change reaches those tabs and not every connected one."""

    def __init__(self) -> None:
        self._tokens: set[str] = set()

    def add(self, token: str) -> None:
        self._tokens.add(token)

    def connected(self) -> list[str]:
        """The watchers still connected (the others are forgotten)."""
        live_tokens = set(connected_tokens())
        self._tokens &= live_tokens
        return list(self._tokens)


def on_change(topic: str, state_cls: type[S], apply: Apply) -> None:
    """Wire a services topic to a state: each published change is pushed to the
    tabs it concerns (one user's when the change names a user, else every
    connected tab)."""

    async def deliver(change: live.Change) -> None:
        if change.user_id is not None:
            await push_to_user(change.user_id, state_cls, apply)
        else:
            await push_to_tokens(connected_tokens(), state_cls, apply)

    deliver.__qualname__ = f"deliver[{topic}->{state_cls.__name__}]"
    live.subscribe(topic, deliver)

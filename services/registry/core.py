"""The registry's machinery: services, their adapters, and choosing one from the settings.

An `Adapter` names what to build (`"package.module:Class"`, imported only when it is
chosen, or any callable) and when it applies (the keys of a `vendor` in
`services.config.SERVICE_KEYS`, or a `when(settings)` test). A `Service` has live
adapters in order of preference and one offline default that always applies. The
registry builds the chosen adapter once per settings object (tests that change the
environment call `get_settings.cache_clear()`, which makes a new one) and hands the
same instance to every caller, so each vendor client is built once.

Adapters are referred to by import path so that this package depends on nothing but
`services.config`: every area can ask the registry without an import cycle.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from services.config import Mode, Settings, get_settings

Target = str | Callable[..., Any]


class UnknownService(KeyError):
    """A service name the registry does not define."""


@dataclass(frozen=True)
class Adapter:
    """One way to provide a service.

    `kwargs(settings)` gives the constructor's arguments, so the settings an adapter
    needs are read here, in one place, and adapters stay plain classes.
    """

    name: str
    target: Target
    vendor: str = ""
    when: Callable[[Settings], bool] | None = None
    kwargs: Callable[[Settings], Mapping[str, Any]] | None = None
    label: str = ""

    def applies(self, settings: Settings) -> bool:
        """Whether this adapter may be chosen under `settings` (an offline default always may)."""
        if self.when is not None:
            return bool(self.when(settings))
        if self.vendor:
            return settings.mode(self.vendor) == "live"
        return True

    def build(self, settings: Settings) -> Any:
        factory = resolve(self.target)
        return factory(**(self.kwargs(settings) if self.kwargs else {}))


def resolve(target: Target) -> Callable[..., Any]:
    """The callable behind `"package.module:attr.attr"` (or the callable itself)."""
    if not isinstance(target, str):
        return target
    module_name, _, attr = target.partition(":")
    if not attr:
        raise ValueError(f"adapter target {target!r} must look like 'package.module:Name'")
    obj: Any = importlib.import_module(module_name)
    for part in attr.split("."):
        obj = getattr(obj, part)
    return obj


@dataclass
class Service:
    """An outside service: live adapters (first that applies wins) and the offline default.

    With `many`, every live adapter that applies is used at once (events ask
    Ticketmaster and Bandsintown together); the offline default only when none does.
    """

    name: str
    label: str
    offline: Adapter
    live: list[Adapter] = field(default_factory=list)
    many: bool = False


class Registry:
    """Every outside service by name; `get(name)` returns the configured adapter, built once."""

    def __init__(self, settings: Callable[[], Settings] = get_settings) -> None:
        self._settings = settings
        self._services: dict[str, Service] = {}
        self._built: dict[tuple[str, str], Any] = {}
        self._built_for: Settings | None = None
        self._building: dict[tuple[str, str], threading.Lock] = {}
        self._lock = threading.RLock()

    # --- declaring -------------------------------------------------------------------

    def define(self, name: str, label: str, offline: Adapter, *live: Adapter, many: bool = False) -> Service:
        """Declare a service with its offline default and its live adapters (in order)."""
        with self._lock:
            if name in self._services:
                raise ValueError(f"service {name!r} is already defined")
            service = Service(name, label, offline, list(live), many)
            self._services[name] = service
            return service

    def add(self, service: str, adapter: Adapter, *, first: bool = True) -> None:
        """Add a live adapter to a service: tried before the others unless `first=False`."""
        with self._lock:
            spec = self.service(service)
            if any(a.name == adapter.name for a in (*spec.live, spec.offline)):
                raise ValueError(f"{service} already has an adapter named {adapter.name!r}")
            spec.live.insert(0 if first else len(spec.live), adapter)
            self._forget(service)

    def remove(self, service: str, name: str) -> None:
        """Take a live adapter away again (the offline default cannot be removed)."""
        with self._lock:
            spec = self.service(service)
            spec.live = [a for a in spec.live if a.name != name]
            self._forget(service)

    # --- asking ----------------------------------------------------------------------

    def service(self, name: str) -> Service:
        try:
            return self._services[name]
        except KeyError:
            raise UnknownService(name) from None

    def services(self) -> list[Service]:
        return list(self._services.values())

    def choices(self, name: str) -> list[Adapter]:
        """The adapters in use: the first live one that applies (every one for a `many`
        service), else the offline default."""
        spec, settings = self.service(name), self._settings()
        live = [a for a in spec.live if a.applies(settings)]
        if not live:
            return [spec.offline]
        return live if spec.many else live[:1]

    def choice(self, name: str) -> Adapter:
        return self.choices(name)[0]

    def mode(self, name: str) -> Mode:
        """"live" when a live adapter is chosen, "demo" on the offline default."""
        spec = self.service(name)
        return "demo" if self.choice(name) is spec.offline else "live"

    def modes(self) -> dict[str, Mode]:
        return {name: self.mode(name) for name in self._services}

    def get(self, name: str) -> Any:
        """The chosen adapter's instance, shared by every caller."""
        return self._instance(name, self.choice(name))

    def get_all(self, name: str) -> list[Any]:
        """Every chosen adapter's instance (for a `many` service)."""
        return [self._instance(name, a) for a in self.choices(name)]

    def named(self, service: str, name: str) -> Any | None:
        """The adapter called `name` when its vendor's keys are set (the offline default
        always), whatever a preference setting's `when` says; None otherwise. For a person
        choosing among the configured vendors (the label's beat generator)."""
        spec, settings = self.service(service), self._settings()
        if spec.offline.name == name:
            return self._instance(service, spec.offline)
        for adapter in spec.live:
            if adapter.name == name and (not adapter.vendor or settings.mode(adapter.vendor) == "live"):
                return self._instance(service, adapter)
        return None

    def offline(self, name: str) -> Any:
        """The offline default's instance, whatever is configured (a live adapter falls back to it)."""
        return self._instance(name, self.service(name).offline)

    # --- building --------------------------------------------------------------------

    def _instance(self, service: str, adapter: Adapter) -> Any:
        settings = self._settings()
        key = (service, adapter.name)
        with self._lock:
            if settings is not self._built_for:  # new settings: everything is chosen again
                self._built.clear()
                self._built_for = settings
            if key in self._built:
                return self._built[key]
            building = self._building.setdefault(key, threading.Lock())
        # One build per adapter at a time, without holding up callers of other services
        # (loading the local embedding model takes a second).
        with building:
            with self._lock:
                if key in self._built and self._built_for is settings:
                    return self._built[key]
            instance = adapter.build(settings)
            with self._lock:
                if self._built_for is settings:
                    self._built[key] = instance
            return instance

    def _forget(self, service: str) -> None:
        for key in [k for k in self._built if k[0] == service]:
            del self._built[key]

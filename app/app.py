"""The Reflex app: theme, pages (registered by importing `app.pages`), HTTP routes
and lifespan tasks."""

from __future__ import annotations

import reflex as rx

import app.pages  # noqa: F401  (registers every @rx.page)
from app.edge import build_api_transformers
from app.lifespan import background_services
from app.observe import RequestObserver
from app.routes import build_api
from services import logs
from services.config import get_settings

logs.configure(get_settings().log_level, get_settings().log_format)

app = rx.App(
    # RequestObserver last, so it wraps everything: every request gets an id and a latency.
    api_transformer=[*build_api_transformers(build_api()), RequestObserver],
    stylesheets=["party.css", "app.css"],
    # Toasts at the top: at the bottom right they covered the party chat's input (and
    # other pages' bottom forms); the offset keeps them below the navigation bar.
    # `dir` given: left to itself the toaster reads the page's computed style on every render.
    toaster=rx.toast.provider(position="top-center", offset="72px", close_button=True, dir="ltr"),
    head_components=[  # icons: the browser's tab, home screens (assets/; /favicon.ico is asked for by default)
        rx.el.link(rel="icon", href="/favicon.ico", sizes="48x48"),
        rx.el.link(rel="icon", type="image/png", href="/icon-192.png", sizes="192x192"),
        rx.el.link(rel="apple-touch-icon", href="/apple-touch-icon.png"),
    ],
)
app.register_lifespan_task(background_services)

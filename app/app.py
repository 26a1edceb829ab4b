"""The Reflex app: theme, pages (registered by importing `app.pages`), HTTP routes
and lifespan tasks."""

from __future__ import annotations

import logging

import reflex as rx

import app.pages  # noqa: F401  (registers every @rx.page)
from app.edge import build_api_transformers
from app.lifespan import background_services
from app.routes import build_api
from services.config import get_settings

logging.basicConfig(level=get_settings().log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

app = rx.App(
    api_transformer=build_api_transformers(build_api()),
    stylesheets=["party.css", "app.css"],
    head_components=[  # icons: the browser's tab, home screens (assets/; /favicon.ico is asked for by default)
        rx.el.link(rel="icon", href="/favicon.ico", sizes="48x48"),
        rx.el.link(rel="icon", type="image/png", href="/icon-192.png", sizes="192x192"),
        rx.el.link(rel="apple-touch-icon", href="/apple-touch-icon.png"),
    ],
)
app.register_lifespan_task(background_services)

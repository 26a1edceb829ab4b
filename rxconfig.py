"""Reflex configuration; values come from services/config.py (the environment)."""

import reflex as rx

from services.config import get_settings
from services.config_check import check_urls

_settings = get_settings()
check_urls(_settings)  # a DB_URL or REDIS_URL that can never work stops every process here, with one line

config = rx.Config(
    app_name="app",
    frontend_port=_settings.port,
    backend_port=_settings.port,
    api_url=_settings.public_url,
    deploy_url=_settings.public_url,
    redis_url=_settings.redis_url or None,
    state_manager_mode="redis" if _settings.redis_url else "memory",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(appearance="inherit", accent_color="violet", gray_color="slate", radius="large")
        ),
    ],
    disable_plugins=[rx.plugins.SitemapPlugin],
)

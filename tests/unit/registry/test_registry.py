"""The registry: every outside service has an offline default that answers without keys,
a live adapter chosen by its keys, and one instance shared by every caller."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from services.ai import Composer, Embedder, ImageMaker, Speaker, Transcriber, get_composer
from services.ai.images import OpenAIImages, get_image_maker
from services.billing import PaymentGateway, payments
from services.billing.gateway import BillingError
from services.catalog import get_source
from services.catalog.providers import MusicCatalog
from services.catalog.source import MusicSource
from services.events.sources import events_mode, get_sources
from services.mail import Mailer, get_mailer
from services.maps import Basemap, get_basemap
from services.registry import Adapter, Registry, UnknownService, registry
from services.registry.core import resolve

Env = Callable[..., None]
SERVICES = {
    "music": MusicCatalog, "composer": Composer, "embedder": Embedder, "images": ImageMaker, "speech": Speaker,
    "transcription": Transcriber, "mail": Mailer, "payments": PaymentGateway, "maps": Basemap,
}
ALL_KEYS = {
    "SPOTIFY_CLIENT_ID": "spotify-id", "OPENAI_API_KEY": "sk-test", "REPLICATE_API_TOKEN": "r8_test",
    "STRIPE_SECRET_KEY": "sk_test_x", "TICKETMASTER_API_KEY": "tm", "BANDSINTOWN_APP_ID": "bit",
    "SMTP_HOST": "127.0.0.1", "TILE_URL": "https://tiles.example/{z}/{x}/{y}.png",
}


def test_every_outside_service_is_declared_with_an_offline_default() -> None:
    assert {s.name for s in registry.services()} == {*SERVICES, "music_generation", "events"}
    assert registry.modes() == {s.name: "demo" for s in registry.services()}
    for name, interface in SERVICES.items():
        assert isinstance(registry.get(name), interface), name


def test_an_adapter_is_built_once_and_shared() -> None:
    assert get_composer() is get_composer() is registry.get("composer")
    assert get_mailer() is get_mailer()


def test_every_adapter_target_imports() -> None:
    """Targets are import paths (so the registry depends on no area): each must resolve."""
    for service in registry.services():
        for adapter in (service.offline, *service.live):
            assert callable(resolve(adapter.target)), f"{service.name}: {adapter.target}"


def test_with_every_key_set_every_live_adapter_is_chosen_and_builds(env: Env) -> None:
    before = get_composer()
    env(**ALL_KEYS)
    assert registry.modes() == {s.name: "live" for s in registry.services()}
    assert get_composer() is not before and type(get_composer()).__name__ == "OpenAIComposer"
    assert [type(s.inner).__name__ for s in get_sources()] == ["TicketmasterSource", "BandsintownSource"]  # type: ignore[attr-defined]
    assert events_mode() == "live" and get_basemap().tile_url == ALL_KEYS["TILE_URL"]
    assert type(registry.get("music_generation")).__name__ == "ReplicateMusicGen"
    assert payments().configured and payments().name == "stripe" and get_mailer().via == "smtp"
    for name, interface in SERVICES.items():
        assert isinstance(registry.get(name), interface), name


def test_the_openai_adapters_share_one_client(env: Env) -> None:
    env(OPENAI_API_KEY="sk-test", OPENAI_BASE_URL="http://127.0.0.1:9/v1")
    composer, images = get_composer(), get_image_maker()
    assert isinstance(images, OpenAIImages)
    clients = [composer._client, images.client, registry.get("speech").client, registry.get("transcription").client,  # type: ignore[attr-defined]
               registry.get("embedder")._client]  # type: ignore[attr-defined]
    assert len({id(c._client) for c in clients}) == 1  # one connection pool
    assert {str(c.base_url) for c in clients} == {"http://127.0.0.1:9/v1/"}


def test_events_use_every_keyed_source_and_demo_only_without_any(env: Env) -> None:
    assert [s.name for s in get_sources()] == ["demo"] and events_mode() == "demo"
    env(BANDSINTOWN_APP_ID="bit")
    assert [s.name for s in get_sources()] == ["bandsintown"]


def test_without_keys_payments_are_the_labelled_test_gateway(db: None) -> None:
    gateway = payments()
    assert gateway.configured and gateway.test_mode and gateway.label == "Test mode — no money moves"
    assert gateway.invoices(1) == []
    with pytest.raises(BillingError, match="subscribe to Pro first"):
        gateway.portal_url(1)
    assert gateway.handle_webhook(b"{}", "t=1,v1=forged").status_code == 400


def test_the_music_catalog_gives_each_listener_a_source(db: None) -> None:
    source = get_source(42)
    assert isinstance(source, MusicSource) and source.kind == "demo"


# --- the mechanism ----------------------------------------------------------------------


class Box:
    built = 0

    def __init__(self, value: str = "") -> None:
        type(self).built += 1
        self.value = value


def toy_registry() -> Registry:
    reg = Registry()
    reg.define("thing", "A thing", Adapter("offline", Box), Adapter("keyed", Box, vendor="openai",
                                                                       kwargs=lambda s: {"value": s.openai_api_key}))
    return reg


def test_first_applying_live_adapter_wins_and_the_offline_default_is_last(env: Env) -> None:
    reg = toy_registry()
    assert reg.choice("thing").name == "offline" and reg.mode("thing") == "demo"
    reg.add("thing", Adapter("always", Box, when=lambda s: True, kwargs=lambda s: {"value": "always"}))
    assert reg.get("thing").value == "always" and reg.mode("thing") == "live"
    reg.remove("thing", "always")
    env(OPENAI_API_KEY="k1")
    assert reg.get("thing").value == "k1"
    env(OPENAI_API_KEY="k2")  # new settings: chosen and built again
    assert reg.get("thing").value == "k2"
    assert reg.offline("thing").value == ""


def test_mistakes_are_refused() -> None:
    reg = toy_registry()
    with pytest.raises(UnknownService):
        reg.get("nothing")
    with pytest.raises(ValueError, match="already"):
        reg.add("thing", Adapter("offline", Box))
    with pytest.raises(ValueError, match="already defined"):
        reg.define("thing", "again", Adapter("offline", Box))
    with pytest.raises(ValueError, match="package.module:Name"):
        resolve("services.maps.OfflineBasemap")


def test_threads_asking_at_once_share_one_build() -> None:
    class Slow:
        built = 0

        def __init__(self) -> None:
            time.sleep(0.05)
            Slow.built += 1

    reg = Registry()
    reg.define("slow", "Slow", Adapter("offline", Slow))
    got: list[object] = []
    threads = [threading.Thread(target=lambda: got.append(reg.get("slow"))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Slow.built == 1 and len({id(g) for g in got}) == 1


def test_a_slow_build_does_not_hold_up_other_services() -> None:
    started, release = threading.Event(), threading.Event()

    class Heavy:
        def __init__(self) -> None:
            started.set()
            release.wait(5)

    reg = Registry()
    reg.define("heavy", "Heavy", Adapter("offline", Heavy))
    reg.define("light", "Light", Adapter("offline", Box))
    worker = threading.Thread(target=reg.get, args=("heavy",))
    worker.start()
    assert started.wait(5)
    assert isinstance(reg.get("light"), Box)  # answered while "heavy" is still being built
    release.set()
    worker.join()
    assert isinstance(reg.get("heavy"), Heavy)

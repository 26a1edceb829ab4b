"""Every outside service the app uses, with its live adapters and its offline default.

This table is the one place that decides which adapter serves a service: a live
adapter applies when its vendor's keys are set (`services.config.SERVICE_KEYS`) or its
`when` test passes; otherwise the offline default answers. Constructor arguments are
read from the settings here, so adapters are plain classes that tests can build directly.
"""

from __future__ import annotations

from typing import Any

from services.config import Settings
from services.registry.core import Adapter, Registry


def _openai(settings: Settings, **extra: Any) -> dict[str, Any]:
    return {"api_key": settings.openai_api_key, "base_url": settings.openai_base_url or None, **extra}


def install(registry: Registry) -> None:
    """Declare every service on `registry`."""
    registry.define(
        "music", "Music catalog",
        Adapter("demo", "services.catalog.providers:DemoCatalog", label="Demo catalog"),
        Adapter("spotify", "services.spotify.catalog:SpotifyCatalog", vendor="spotify", label="Spotify"),
    )
    registry.define(
        "composer", "Text and structured AI",
        Adapter("local", "services.ai.composer:LocalComposer", label="Offline composer"),
        Adapter("openai", "services.ai.composer:OpenAIComposer", vendor="openai", label="OpenAI",
                kwargs=lambda s: _openai(s, model=s.openai_model)),
    )
    registry.define(
        "embedder", "Embeddings",
        Adapter("local", "services.ai.embedder:LocalEmbedder", label="Local static model"),
        Adapter("openai", "services.ai.embedder:OpenAIEmbedder", vendor="openai", label="OpenAI", kwargs=_openai),
    )
    registry.define(
        "images", "Images",
        Adapter("local", "services.ai.images:LocalImages", label="Local generative art"),
        Adapter("openai", "services.ai.images:OpenAIImages", vendor="openai", label="OpenAI", kwargs=_openai),
    )
    registry.define(
        "speech", "Speech",
        Adapter("espeak", "services.ai.speech:EspeakSpeaker", label="espeak-ng"),
        Adapter("openai", "services.ai.speech:OpenAISpeaker", vendor="openai", label="OpenAI", kwargs=_openai),
    )
    registry.define(
        "transcription", "Transcription",
        Adapter("none", "services.ai.transcription:NoTranscriber", label="Needs a key"),
        Adapter("openai", "services.ai.transcription:WhisperTranscriber", vendor="openai", label="OpenAI Whisper",
                kwargs=_openai),
    )
    registry.define(
        "music_generation", "Music generation",
        Adapter("local", "services.label.beatmaker:LocalBeatSynth", label="Local beat synth"),
        # BEAT_GENERATOR picks one (auto: the commercial-licence Beatoven.ai first, then MusicGen).
        Adapter("beatoven", "services.label.beatoven:BeatovenComposer", vendor="beatoven", label="Beatoven.ai",
                when=lambda s: s.beat_generator in ("auto", "beatoven") and s.mode("beatoven") == "live",
                kwargs=lambda s: {"api_key": s.beatoven_api_key, "base_url": s.beatoven_base_url}),
        Adapter("musicgen", "services.label.beatmaker:ReplicateMusicGen", vendor="replicate", label="Replicate MusicGen",
                when=lambda s: s.beat_generator in ("auto", "musicgen") and s.mode("replicate") == "live",
                kwargs=lambda s: {"api_token": s.replicate_api_token, "version": s.musicgen_version,
                                  "base_url": s.replicate_base_url}),
    )
    registry.define(
        "mail", "Mail",
        Adapter("outbox", "services.mail.outbox:OutboxMailer", label="Outbox"),
        Adapter("smtp", "services.mail.smtp:SmtpMailer", vendor="smtp", label="SMTP", kwargs=lambda s: {"settings": s}),
    )
    registry.define(
        "payments", "Payments",
        Adapter("test", "services.billing.sandbox.gateway:SandboxGateway", label="Test mode — no money moves",
                kwargs=lambda s: {"secret_key": s.secret_key, "trial_days": s.trial_days}),
        Adapter("stripe", "services.billing.stripe_gateway:StripeGateway", vendor="stripe", label="Stripe",
                kwargs=lambda s: {"secret_key": s.stripe_secret_key, "webhook_secret": s.stripe_webhook_secret,
                                  "api_base": s.stripe_api_base, "price_monthly": s.price_pro_monthly,
                                  "price_yearly": s.price_pro_yearly, "public_url": s.public_url,
                                  "trial_days": s.trial_days}),
    )
    registry.define(
        "events", "Concerts",
        Adapter("demo", "services.events.demo:DemoEventSource", label="Demo events"),
        Adapter("ticketmaster", "services.events.ticketmaster:TicketmasterSource", vendor="ticketmaster",
                label="Ticketmaster",
                kwargs=lambda s: {"api_key": s.ticketmaster_api_key, "base_url": s.ticketmaster_base_url}),
        Adapter("bandsintown", "services.events.bandsintown:BandsintownSource", vendor="bandsintown", label="Bandsintown",
                kwargs=lambda s: {"app_id": s.bandsintown_app_id, "base_url": s.bandsintown_base_url}),
        many=True,
    )
    registry.define(
        "maps", "Maps",
        Adapter("outlines", "services.maps:OfflineBasemap", label="Offline outlines and place names"),
        Adapter("tiles", "services.maps:TileServer", when=lambda s: bool(s.tile_url), label="Tile server",
                kwargs=lambda s: {"url": s.tile_url}),
    )

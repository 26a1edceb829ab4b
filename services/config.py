"""The one place that reads the environment.

Every setting is documented in README.md. Each external service is `live` when its
keys are present and `demo` (the built-in offline default) otherwise; pages show
the mode as a badge.
"""

from __future__ import annotations

import os
import secrets
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
Mode = Literal["live", "demo"]

# Service name -> the settings that must all be set for the live adapter.
SERVICE_KEYS: dict[str, tuple[str, ...]] = {
    "spotify": ("spotify_client_id",),
    "openai": ("openai_api_key",),
    "replicate": ("replicate_api_token",),
    "beatoven": ("beatoven_api_key",),
    "stripe": ("stripe_secret_key",),
    "ticketmaster": ("ticketmaster_api_key",),
    "bandsintown": ("bandsintown_app_id",),
    "smtp": ("smtp_host",),
}
SERVICE_LABELS: dict[str, str] = {
    "spotify": "Spotify",
    "openai": "OpenAI",
    "replicate": "Replicate",
    "beatoven": "Beatoven.ai",
    "stripe": "Stripe",
    "ticketmaster": "Ticketmaster",
    "bandsintown": "Bandsintown",
    "smtp": "Email (SMTP)",
}


class Settings(BaseSettings):
    """Typed settings; field names map to upper-case environment variables."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore", case_sensitive=False)

    app_env: Literal["local", "test", "production"] = Field("local", alias="APP_ENV")
    port: int = Field(3000, alias="PORT")
    app_url: str = Field("", alias="APP_URL")
    data_dir: Path = Field(ROOT / "data", alias="DATA_DIR")
    media_root: Path | None = Field(None, alias="MEDIA_ROOT")
    db_url_raw: str = Field("", alias="DB_URL")
    redis_url: str = Field("", alias="REDIS_URL")
    db_outage_wait_s: float = Field(20.0, ge=0, le=300, alias="DB_OUTAGE_WAIT_S")
    secret_key_raw: str = Field("", alias="SECRET_KEY")
    scheduler_enabled: bool = Field(True, alias="SCHEDULER_ENABLED")
    session_days: int = Field(30, alias="SESSION_DAYS")
    log_level: str = Field("INFO", alias="LOG_LEVEL")
    log_format: Literal["text", "json"] = Field("text", alias="LOG_FORMAT")
    # Security (README "Security"): operators, proxies, the job guard, the upload door.
    admin_emails_raw: str = Field("", alias="ADMIN_EMAILS")
    trusted_proxies_raw: str = Field("", alias="TRUSTED_PROXIES")
    job_manual_min_interval_seconds: int = Field(60, alias="JOB_MANUAL_MIN_INTERVAL_SECONDS")
    upload_max_mb: int = Field(210, alias="UPLOAD_MAX_MB")

    # Hosted demo: per-visitor demo accounts, daily quotas (per account / demo account /
    # whole instance), media storage per account, rate limits. See services/quotas.py.
    demo_expiry_days: int = Field(7, alias="DEMO_EXPIRY_DAYS")
    quota_ai_tokens: int = Field(200_000, alias="QUOTA_AI_TOKENS")
    quota_ai_tokens_demo: int = Field(20_000, alias="QUOTA_AI_TOKENS_DEMO")
    quota_ai_tokens_instance: int = Field(2_000_000, alias="QUOTA_AI_TOKENS_INSTANCE")
    quota_ai_media: int = Field(60, alias="QUOTA_AI_MEDIA")
    quota_ai_media_demo: int = Field(10, alias="QUOTA_AI_MEDIA_DEMO")
    quota_ai_media_instance: int = Field(1_000, alias="QUOTA_AI_MEDIA_INSTANCE")
    quota_beats: int = Field(20, alias="QUOTA_BEATS")
    quota_beats_demo: int = Field(3, alias="QUOTA_BEATS_DEMO")
    quota_beats_instance: int = Field(200, alias="QUOTA_BEATS_INSTANCE")
    quota_upload_mb: int = Field(500, alias="QUOTA_UPLOAD_MB")
    quota_upload_mb_demo: int = Field(50, alias="QUOTA_UPLOAD_MB_DEMO")
    quota_upload_mb_instance: int = Field(5_000, alias="QUOTA_UPLOAD_MB_INSTANCE")
    quota_release_packs: int = Field(20, alias="QUOTA_RELEASE_PACKS")
    quota_release_packs_demo: int = Field(3, alias="QUOTA_RELEASE_PACKS_DEMO")
    quota_release_packs_instance: int = Field(300, alias="QUOTA_RELEASE_PACKS_INSTANCE")
    quota_emails: int = Field(50, alias="QUOTA_EMAILS")
    quota_emails_demo: int = Field(5, alias="QUOTA_EMAILS_DEMO")
    quota_emails_instance: int = Field(1_000, alias="QUOTA_EMAILS_INSTANCE")
    storage_quota_mb: int = Field(2_048, alias="STORAGE_QUOTA_MB")  # Free
    storage_quota_mb_pro: int = Field(20_480, alias="STORAGE_QUOTA_MB_PRO")
    storage_quota_mb_demo: int = Field(300, alias="STORAGE_QUOTA_MB_DEMO")  # one 3-minute song: two takes, beat, two renders
    rate_signup_per_hour: int = Field(10, alias="RATE_SIGNUP_PER_HOUR")
    rate_demo_per_hour: int = Field(20, alias="RATE_DEMO_PER_HOUR")
    rate_signin_per_minute: int = Field(20, alias="RATE_SIGNIN_PER_MINUTE")
    rate_reset_per_hour: int = Field(10, alias="RATE_RESET_PER_HOUR")
    rate_expensive_per_minute: int = Field(10, alias="RATE_EXPENSIVE_PER_MINUTE")
    rate_party_search_per_minute: int = Field(20, alias="RATE_PARTY_SEARCH_PER_MINUTE")
    rate_api_per_minute: int = Field(120, alias="RATE_API_PER_MINUTE")  # per personal access token
    api_max_body_kb: int = Field(256, alias="API_MAX_BODY_KB")  # JSON bodies of /api/v1 (uploads: UPLOAD_MAX_MB)
    webhook_private_addresses: bool = Field(False, alias="WEBHOOK_PRIVATE_ADDRESSES")  # receivers on our own network

    spotify_client_id: str = Field("", alias="SPOTIFY_CLIENT_ID")
    spotify_client_secret: str = Field("", alias="SPOTIFY_CLIENT_SECRET")
    spotify_redirect_uri: str = Field("", alias="SPOTIFY_REDIRECT_URI")
    spotify_api_base: str = Field("https://api.spotify.com/v1/", alias="SPOTIFY_API_BASE")
    spotify_accounts_base: str = Field(
        "https://accounts.spotify.com/", alias="SPOTIFY_ACCOUNTS_BASE"
    )
    # Spotify's quota mode for this app: page sizes and removed endpoints (services/spotify/rules.py).
    spotify_app_mode: Literal["development", "extended"] = Field("development", alias="SPOTIFY_APP_MODE")

    openai_api_key: str = Field("", alias="OPENAI_API_KEY")
    openai_base_url: str = Field("", alias="OPENAI_BASE_URL")
    openai_model: str = Field("gpt-4o-mini", alias="OPENAI_MODEL")

    replicate_api_token: str = Field("", alias="REPLICATE_API_TOKEN")
    replicate_base_url: str = Field("", alias="REPLICATE_BASE_URL")
    musicgen_version: str = Field(
        "671ac645ce5e552cc63a54a2bbff63fcf798043055d2dac5fc9e36a837eedcfb", alias="MUSICGEN_VERSION"
    )

    # Beat generators: `auto` takes Beatoven.ai when its key is set (its licence allows
    # commercial release), else MusicGen on Replicate (non-commercial weights), else the
    # local synth; or name one (`local`, `musicgen`, `beatoven`).
    beat_generator: Literal["auto", "local", "musicgen", "beatoven"] = Field("auto", alias="BEAT_GENERATOR")
    beatoven_api_key: str = Field("", alias="BEATOVEN_API_KEY")
    beatoven_base_url: str = Field("https://public-api.beatoven.ai", alias="BEATOVEN_BASE_URL")

    stripe_secret_key: str = Field("", alias="STRIPE_SECRET_KEY")
    stripe_webhook_secret: str = Field("", alias="STRIPE_WEBHOOK_SECRET")
    stripe_api_base: str = Field("", alias="STRIPE_API_BASE")
    price_pro_monthly: str = Field("", alias="PRICE_PRO_MONTHLY")
    price_pro_yearly: str = Field("", alias="PRICE_PRO_YEARLY")
    # The Pro plan's price as shown without Stripe keys (the built-in test gateway charges it);
    # with keys the Stripe prices above are read back instead. Empty: that interval is not offered.
    plan_pro_monthly_amount: str = Field("9.00", alias="PLAN_PRO_MONTHLY_AMOUNT")
    plan_pro_yearly_amount: str = Field("90.00", alias="PLAN_PRO_YEARLY_AMOUNT")
    plan_currency: str = Field("EUR", alias="PLAN_CURRENCY")
    trial_days: int = Field(7, alias="TRIAL_DAYS")

    ticketmaster_api_key: str = Field("", alias="TICKETMASTER_API_KEY")
    ticketmaster_base_url: str = Field(
        "https://app.ticketmaster.com/discovery/v2/", alias="TICKETMASTER_BASE_URL"
    )
    bandsintown_app_id: str = Field("", alias="BANDSINTOWN_APP_ID")
    bandsintown_base_url: str = Field(
        "https://rest.bandsintown.com/", alias="BANDSINTOWN_BASE_URL"
    )
    tile_url: str = Field("", alias="TILE_URL")

    smtp_host: str = Field("", alias="SMTP_HOST")
    smtp_port: int = Field(587, alias="SMTP_PORT")
    smtp_user: str = Field("", alias="SMTP_USER")
    smtp_password: str = Field("", alias="SMTP_PASSWORD")
    smtp_from: str = Field("Simple Balance Music <noreply@localhost>", alias="SMTP_FROM")
    smtp_starttls: bool = Field(True, alias="SMTP_STARTTLS")

    @property
    def admin_emails(self) -> frozenset[str]:
        """`ADMIN_EMAILS`: comma-separated addresses whose (non-demo) accounts are operators."""
        return frozenset(e.strip().lower() for e in self.admin_emails_raw.split(",") if e.strip())

    @property
    def trusted_proxies(self) -> tuple[str, ...]:
        """`TRUSTED_PROXIES`: comma-separated addresses or CIDR ranges of our reverse proxies."""
        return tuple(p.strip() for p in self.trusted_proxies_raw.split(",") if p.strip())

    @property
    def secure_cookies(self) -> bool:
        """Cookies get `Secure` when the public URL is https."""
        return self.public_url.startswith("https://")

    def private_data_dir(self) -> Path:
        """The data directory, created (or narrowed) to 0700: it holds the database,
        the secret key and everyone's media."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self.data_dir.stat().st_mode & 0o077:
            os.chmod(self.data_dir, 0o700)
        return self.data_dir

    @cached_property
    def db_url(self) -> str:
        """`DB_URL`, or a SQLite file under the data directory (created 0600)."""
        if self.db_url_raw:
            return self.db_url_raw
        db_file = self.private_data_dir() / "app.db"
        os.close(os.open(db_file, os.O_CREAT | os.O_WRONLY, 0o600))
        if db_file.stat().st_mode & 0o077:
            os.chmod(db_file, 0o600)
        return f"sqlite:///{db_file}"

    @cached_property
    def media_dir(self) -> Path:
        """Root of every uploaded or generated file (per user, per project below it)."""
        path = self.media_root or self.data_dir / "media"
        path.mkdir(parents=True, exist_ok=True)
        return path

    @cached_property
    def secret_key(self) -> str:
        """`SECRET_KEY`; required in production, generated once into data/ elsewhere."""
        if self.secret_key_raw:
            return self.secret_key_raw
        if self.app_env == "production":
            raise RuntimeError("SECRET_KEY must be set when APP_ENV=production")
        key_file = self.private_data_dir() / "secret_key"
        if not key_file.exists():
            key_file.write_text(secrets.token_urlsafe(48))
            os.chmod(key_file, 0o600)
        return key_file.read_text().strip()

    @property
    def public_url(self) -> str:
        """Base URL the browser reaches the app at (OAuth callbacks, email links)."""
        return (self.app_url or f"http://localhost:{self.port}").rstrip("/")

    def mode(self, service: str) -> Mode:
        """`live` when every key the service needs is set, else `demo`."""
        keys = SERVICE_KEYS[service]
        return "live" if all(getattr(self, k) for k in keys) else "demo"

    def modes(self) -> dict[str, Mode]:
        """Mode of every external service, for the badges in the shell."""
        return {name: self.mode(name) for name in SERVICE_KEYS}


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (tests call `get_settings.cache_clear()`)."""
    return Settings()  # type: ignore[call-arg]


settings = get_settings()

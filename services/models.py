"""Every table, imported in one place so Alembic and the tests see the whole schema.

A new domain adds its `models` module to the imports below.
"""

from sqlmodel import SQLModel

from services.accounts.models import AuthSession, LoginFailure, User
from services.ai.models import AIUsage, EmbeddingCache
from services.billing.models import BillingCustomer, PlanOverride, Subscription, UsageEvent, WebhookEvent
from services.catalog.models import (
    CatalogAlbum, CatalogArtist, CatalogMeta, CatalogTrack, DemoFollow, DemoLibrary, DemoPlay, DemoPlayback,
    DemoPlaylist, DemoPlaylistItem, DemoQueueItem, DemoReleaseDate, DemoSavedTrack, DemoTopItem,
)
from services.events.models import ApiQuotaDay, ApiRateBucket, EventCache, EventMatch, SavedEvent, SavedPlace
from services.label.models import Asset, LabelProject, StageState
from services.live import ClientToken
from services.party.models import (
    PartyChatMessage, PartyFallbackTrack, PartyMember, PartyQueueItem, PartyRoom, PartySkipVote, PartyVote,
)
from services.releases.models import ArtistMark, DigestSent, DigestSubscription, FollowedArtist, Outbox, Release, ReleasePrefs, ReleaseWatch, UserRelease
from services.hosting.models import QuotaCounter, RateBucket
from services.scheduler import JobRun, ScheduledJob, SchedulerHeartbeat
from services.spotify.models import SpotifyAuthRequest, SpotifyCacheItem, SpotifyConnection
from services.worlds.models import World, WorldPlaylist, WorldRefresh, WorldTrack, WorldWizardDraft

metadata = SQLModel.metadata

__all__ = ["BillingCustomer", "PlanOverride", "Subscription", "UsageEvent", "WebhookEvent", "ApiQuotaDay", "ApiRateBucket", "EventCache", "EventMatch", "SavedEvent", "SavedPlace", "AIUsage", "EmbeddingCache", "CatalogAlbum", "CatalogArtist", "CatalogMeta", "CatalogTrack", "DemoFollow", "DemoLibrary", "DemoPlay", "DemoPlayback", "DemoPlaylist", "DemoPlaylistItem", "DemoQueueItem", "DemoReleaseDate", "DemoSavedTrack", "DemoTopItem", "Asset", "LabelProject", "StageState", "AuthSession", "ClientToken", "ArtistMark", "DigestSent", "DigestSubscription", "FollowedArtist", "Outbox", "Release", "ReleasePrefs", "ReleaseWatch", "UserRelease", "JobRun", "QuotaCounter", "RateBucket", "SchedulerHeartbeat", "LoginFailure", "ScheduledJob", "SpotifyAuthRequest", "SpotifyCacheItem", "SpotifyConnection", "User", "PartyChatMessage", "PartyFallbackTrack", "PartyMember", "PartyQueueItem", "PartyRoom", "PartySkipVote", "PartyVote", "World", "WorldPlaylist", "WorldRefresh", "WorldTrack", "WorldWizardDraft", "metadata"]

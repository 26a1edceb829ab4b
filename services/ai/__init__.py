"""The AI layer: a Composer for every piece of writing and an Embedder for text vectors,
each live on OpenAI (any OpenAI-compatible server) or offline on local code, plus the
record of what live calls cost.

    from services.ai import get_composer, get_embedder, usage_this_month
    texts = get_composer().world_definition(WorldBrief(playlists=[PlaylistFacts(...)]), user_id=user.id)
    vectors = get_embedder().embed(["dusty warm analog", ...], user_id=user.id)
"""

from services.ai.composer import Composer, LocalComposer, OpenAIComposer, get_composer
from services.ai.embedder import (
    Embedder,
    EmbeddingUnavailable,
    LocalEmbedder,
    OpenAIEmbedder,
    get_embedder,
)
from services.ai.schemas import (
    FALLBACK_SOURCE,
    LOCAL_SOURCE,
    ContentPack,
    EventBlurb,
    EventBrief,
    LyricSection,
    Lyrics,
    LyricsBrief,
    PlaylistFacts,
    PlaylistText,
    ReleaseCopy,
    TrackBrief,
    VideoIdea,
    WorldBrief,
    WorldDefinition,
)
from services.ai.usage import UsageSummary, estimate_cost, record_usage, usage_this_month

__all__ = [
    "FALLBACK_SOURCE", "LOCAL_SOURCE", "Composer", "ContentPack", "Embedder",
    "EmbeddingUnavailable", "EventBlurb", "EventBrief",
    "LocalComposer", "LocalEmbedder", "LyricSection", "Lyrics", "LyricsBrief", "OpenAIComposer",
    "OpenAIEmbedder", "PlaylistFacts", "PlaylistText", "ReleaseCopy", "TrackBrief", "UsageSummary", "VideoIdea", "WorldBrief",
    "WorldDefinition", "estimate_cost", "get_composer", "get_embedder", "record_usage", "usage_this_month",
]

"""The AI layer: a Composer for every piece of writing, an Embedder for text vectors, and
images, speech and transcription — each live on OpenAI (any OpenAI-compatible server,
one shared client) or offline on local code, chosen by the registry — plus the record
of what live calls cost and the quotas they count against.

    from services.ai import get_composer, get_embedder, usage_this_month
    texts = get_composer().world_definition(WorldBrief(playlists=[PlaylistFacts(...)]), user_id=user.id)
    vectors = get_embedder().embed(["dusty warm analog", ...], user_id=user.id)
    art = get_image_maker().art(prompt, seed, palette, style=0, user_id=user.id)
"""

from services.ai.composer import Composer, LocalComposer, OpenAIComposer, get_composer
from services.ai.embedder import (
    Embedder,
    EmbeddingUnavailable,
    LocalEmbedder,
    OpenAIEmbedder,
    get_embedder,
)
from services.ai.images import Art, ImageMaker, LocalImages, OpenAIImages, get_image_maker
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
from services.ai.speech import EspeakSpeaker, OpenAISpeaker, Speaker, SpeechError, get_speaker
from services.ai.transcription import NoTranscriber, Transcriber, Transcript, WhisperTranscriber, get_transcriber
from services.ai.usage import UsageSummary, estimate_cost, record_usage, usage_this_month

__all__ = [
    "Art", "Composer", "ContentPack", "Embedder", "EmbeddingUnavailable", "EspeakSpeaker", "EventBlurb", "EventBrief",
    "FALLBACK_SOURCE", "ImageMaker", "LOCAL_SOURCE", "LocalComposer", "LocalEmbedder", "LocalImages", "LyricSection",
    "Lyrics", "LyricsBrief", "NoTranscriber", "OpenAIComposer", "OpenAIEmbedder", "OpenAIImages", "OpenAISpeaker",
    "PlaylistFacts", "PlaylistText", "ReleaseCopy", "Speaker", "SpeechError", "TrackBrief", "Transcriber", "Transcript",
    "UsageSummary", "VideoIdea", "WhisperTranscriber", "WorldBrief", "WorldDefinition", "estimate_cost", "get_composer",
    "get_embedder", "get_image_maker", "get_speaker", "get_transcriber", "record_usage", "usage_this_month",
]

"""The content studio: video uploads (probed, sound extracted, honest about transcripts),
the viral-score checklist, and the Composer's ideas and text pack."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.ai.transcription import NEEDS_KEY, Transcript
from services.label import projects
from services.label.content import (
    MAX_VIDEO_BYTES,
    VideoError,
    add_video,
    content_pack,
    save_upload,
    transcribe_video,
    video_idea,
    viral_score,
)
from tests.unit.label.conftest import Song, make_video


def _files(song: Song) -> set[str]:
    return {p.name for p in projects.project_dir(song.user_id, song.project_id).iterdir()}


def test_a_video_is_kept_with_its_sound_and_no_made_up_transcript(song: Song, tmp_path: Path) -> None:
    video = add_video(song.user_id, song.project_id, make_video(tmp_path / "clip.mp4").read_bytes(), "Teaser")
    assert video.kind == "video" and video.mime == "video/mp4" and video.label == "Teaser"
    assert (video.meta["width"], video.meta["height"]) == (320, 568) and 1.9 < video.duration_s < 2.2
    assert video.meta["transcript_status"] == NEEDS_KEY and video.meta["transcript"] == ""
    assert "needs an OpenAI key" in video.meta["transcript_message"]
    sound = projects.get_asset(song.user_id, video.meta["audio_asset_id"])
    assert sound.kind == "video_audio" and sound.mime == "audio/mpeg" and sound.duration_s > 1.5
    assert projects.asset_path(song.user_id, sound.id) is not None


def test_webm_is_accepted_and_a_transcriber_result_is_stored(song: Song, tmp_path: Path) -> None:
    class Fixed:
        source = "test"

        def transcribe(self, audio: Path, user_id: int | None = None) -> Transcript:
            assert audio.stat().st_size > 0
            return Transcript("done", "hello from the clip", self.source)

    video = add_video(song.user_id, song.project_id, make_video(tmp_path / "clip.webm", fmt="webm").read_bytes(),
                      transcriber=Fixed())
    assert video.mime == "video/webm" and video.meta["transcript"] == "hello from the clip"
    again = transcribe_video(song.user_id, video.id)  # no key: the honest state replaces nothing with fiction
    assert again.meta["transcript_status"] == NEEDS_KEY and again.meta["transcript"] == ""


def test_bad_videos_are_refused_and_leave_nothing_behind(song: Song, tmp_path: Path) -> None:
    before = _files(song)
    with pytest.raises(VideoError, match="not a video we can read"):
        add_video(song.user_id, song.project_id, b"not a video at all" * 100)
    with pytest.raises(VideoError, match="has no sound"):
        add_video(song.user_id, song.project_id, make_video(tmp_path / "mute.mp4", audio=False).read_bytes())
    with pytest.raises(VideoError, match="empty"):
        add_video(song.user_id, song.project_id, b"")
    assert _files(song) == before
    assert projects.list_assets(song.user_id, song.project_id, "video") == []
    assert not list(projects.project_dir(song.user_id, song.project_id).parent.glob("*.upload"))


def test_an_oversized_video_is_refused_while_streaming(song: Song) -> None:
    class Endless:
        """210 MB of zeros, produced lazily (nothing that size is held in memory)."""

        def __init__(self) -> None:
            self.left = MAX_VIDEO_BYTES + 10 * 1024 * 1024

        def read(self, n: int) -> bytes:
            n = min(n, self.left)
            self.left -= n
            return bytes(n)

    before = _files(song)
    stream = Endless()
    with pytest.raises(VideoError, match="the limit is 200 MB"):
        add_video(song.user_id, song.project_id, stream)  # type: ignore[arg-type]
    assert stream.left > 0  # stopped reading soon after the limit
    assert _files(song) == before


def test_save_upload_stops_at_the_limit(tmp_path: Path) -> None:
    import io

    size = save_upload(io.BytesIO(b"x" * 3000), tmp_path / "f", limit=1000)
    assert size > 1000 and (tmp_path / "f").stat().st_size <= 1000


@pytest.mark.parametrize(
    ("caption", "hashtags", "hook", "title", "score"),
    [
        ("", [], "", "Night Drive", 50),
        ("x" * 61, [], "", "Night Drive", 60),
        ("x" * 60, ["#synthwave"], "", "Night Drive", 55),  # 60 is not "longer than 60"
        ("", "#a #b", "y" * 21, "Night Drive", 65),
        ("", [], "y" * 20, "Drive with You", 55),
        ("x" * 61, "#a", "y" * 21, "Your night drive", 80),
    ],
)
def test_viral_score_is_the_seeds_formula(caption: str, hashtags: list[str] | str, hook: str, title: str, score: int) -> None:
    result = viral_score(caption, hashtags, hook, title)
    assert result.score == score and result.maximum == 80 and result.base == 50
    assert result.score == 50 + sum(i.points for i in result.items if i.earned)
    assert len(result.suggestions) == sum(1 for i in result.items if not i.earned)


def test_viral_score_explains_each_item() -> None:
    result = viral_score("short", "", "Wait for it", "Night Drive")
    labels = {i.label: i for i in result.items}
    assert labels["Caption longer than 60 characters"].detail == "5 characters"
    assert "over 60 characters" in labels["Caption longer than 60 characters"].suggestion
    assert not labels["Has hashtags"].earned and labels["Has hashtags"].detail == "0 hashtags"


def test_idea_and_text_pack_come_from_the_composer_and_tick_content(song: Song) -> None:
    idea = video_idea(song.user_id, song.project_id)
    assert idea.idea and idea.hook and idea.script and idea.visual
    pack = content_pack(song.user_id, song.project_id)
    assert len(pack.captions) == 3 and 5 <= len(pack.hashtags) <= 10 and len(pack.hooks) == 3 and len(pack.ideas) == 3
    project = projects.get_project(song.user_id, song.project_id)
    assert "content" in project.done_stages
    assert project.data["content_pack"]["captions"] == pack.captions and project.data["video_idea"]["hook"] == idea.hook

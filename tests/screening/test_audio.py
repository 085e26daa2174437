"""Questions read aloud by espeak-ng (offline). These tests need espeak-ng and fail without
it: `make install` installs it."""

from __future__ import annotations

import shutil
import struct
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from kazi.screening import audio
from kazi.screening.questions import get_question

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _needs_espeak():  # type: ignore[no-untyped-def]
    if shutil.which("espeak-ng") is None:
        pytest.fail("espeak-ng is missing: run `make install` (apt-get install espeak-ng).")


def assert_wav(data: bytes) -> None:
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    channels, rate = struct.unpack("<HI", data[22:28])
    assert channels == 1 and rate == 11025
    # More than a second of sound at 11 kHz, 16 bits.
    assert len(data) > 11025 * 2


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_question_is_spoken_into_a_real_wav_file(client: Client, settings, language):  # type: ignore[no-untyped-def]
    url = reverse("screening:audio", args=[language, "documents_kept"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/wav"
    assert "max-age=31536000" in response["Cache-Control"]
    data = b"".join(response.streaming_content)
    assert_wav(data)
    cached = settings.KAZI_SCREENING_AUDIO_DIR / language / "documents_kept.wav"
    assert cached.read_bytes() == data
    # The text spoken is the question and its answers, in that language.
    spoken = cached.with_suffix(".txt").read_text("utf-8")
    question = get_question("documents_kept")
    assert question is not None and spoken == audio.spoken_text(question, language)
    if language == "en":
        assert spoken.startswith("Does your employer or agent keep your passport")
        assert spoken.endswith("Yes. No. I prefer not to say.")


def test_the_cached_file_is_reused_until_the_text_changes(settings):  # type: ignore[no-untyped-def]
    first = audio.audio_file("en", "hurt_now")
    assert first is not None
    stamp = first.stat().st_mtime_ns
    assert audio.audio_file("en", "hurt_now").stat().st_mtime_ns == stamp  # type: ignore[union-attr]
    first.with_suffix(".txt").write_text("an older wording", "utf-8")
    again = audio.audio_file("en", "hurt_now")
    assert again is not None and again.with_suffix(".txt").read_text("utf-8") != "an older wording"


def test_unknown_question_or_language_is_404(client: Client):
    assert client.get("/screening/audio/en/nope.wav").status_code == 404
    assert client.get("/screening/audio/xx/hurt_now.wav").status_code == 404


def test_without_espeak_the_players_hide_and_audio_is_404(client: Client, settings):  # type: ignore[no-untyped-def]
    settings.KAZI_ESPEAK = "no-such-espeak-program"
    html = client.get(reverse("screening:questions"), {"sector": "factory"}).content.decode()
    assert "<audio" not in html and "Right now, is someone hurting you" in html
    assert client.get(reverse("screening:audio", args=["en", "hurt_now"])).status_code == 404
    with pytest.raises(CommandError, match="apt-get install espeak-ng"):
        call_command("screening_audio", no_progress=True)


def test_the_command_makes_every_file_of_a_language(settings):  # type: ignore[no-untyped-def]
    out = StringIO()
    call_command("screening_audio", language=["fr"], no_progress=True, stdout=out)
    files = sorted((settings.KAZI_SCREENING_AUDIO_DIR / "fr").glob("*.wav"))
    from kazi.screening.questions import all_questions

    assert [f.stem for f in files] == sorted(q.id for q in all_questions())
    assert_wav(files[0].read_bytes())
    assert f"{len(files)} audio files ready" in out.getvalue()
    with pytest.raises(CommandError, match="Unknown language"):
        call_command("screening_audio", language=["zz"], no_progress=True)

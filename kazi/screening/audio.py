"""Questions read aloud: WAV files made offline by espeak-ng, cached on disk.

``KAZI_SCREENING_AUDIO_DIR/<language>/<question id>.wav`` holds the question followed by
its answer choices, spoken in that language. A ``.txt`` beside it keeps the text spoken, so
that a changed wording or translation makes a new file. espeak-ng writes 22 kHz 16-bit mono;
Kazi halves the rate to 11 kHz (speech stays clear, the file is half the size).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
import wave
from pathlib import Path

import numpy as np
from django.conf import settings
from django.utils import translation

from .constants import Answer
from .questions import Question, get_question

# Kazi language -> espeak-ng voice.
VOICES = {"en": "en", "fr": "fr", "ar": "ar"}
SPEED = 140  # words per minute; espeak-ng's default is 175, a little fast for many
TIMEOUT = 60


class AudioUnavailableError(RuntimeError):
    """espeak-ng is missing or failed."""


def espeak() -> str | None:
    """The espeak-ng program, or None when it is not installed."""
    return shutil.which(settings.KAZI_ESPEAK)


def languages() -> tuple[str, ...]:
    """The site's languages that espeak-ng can speak."""
    return tuple(code for code, _name in settings.LANGUAGES if code in VOICES)


def spoken_text(question: Question, language: str) -> str:
    """The question and its answer choices, in ``language``."""
    labels = dict(Answer.choices)
    with translation.override(language):
        parts = [str(question.text), *(f"{labels[a]}." for a in question.answers)]
        return " ".join(parts)


def version(question: Question, language: str) -> str:
    """A short fingerprint of the text spoken (for cache-busting URLs)."""
    text = spoken_text(question, language)
    return hashlib.sha256(f"{language}:{text}".encode()).hexdigest()[:10]


def path_for(language: str, question_id: str) -> Path:
    return Path(settings.KAZI_SCREENING_AUDIO_DIR) / language / f"{question_id}.wav"


def audio_file(language: str, question_id: str) -> Path | None:
    """The WAV file of one question in one language, made now if needed; None when the
    language or question is unknown. Raises AudioUnavailableError without espeak-ng."""
    question = get_question(question_id)
    if question is None or language not in languages():
        return None
    target = path_for(language, question.id)
    text = spoken_text(question, language)
    sidecar = target.with_suffix(".txt")
    if target.exists() and sidecar.exists() and sidecar.read_text("utf-8") == text:
        return target
    _synthesise(text, VOICES[language], target)
    _atomic_write(sidecar, text.encode("utf-8"))
    return target


def _synthesise(text: str, voice: str, target: Path) -> None:
    program = espeak()
    if program is None:
        raise AudioUnavailableError("espeak-ng is not installed")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, raw_name = tempfile.mkstemp(suffix=".wav", dir=target.parent)
    os.close(fd)
    raw = Path(raw_name)
    try:
        subprocess.run(  # noqa: S603 - our own program and arguments, text on stdin
            [program, "-v", voice, "-s", str(SPEED), "-w", str(raw), "--stdin"],
            input=text.encode("utf-8"),
            check=True,
            capture_output=True,
            timeout=TIMEOUT,
        )
        _atomic_write(target, _half_rate(raw.read_bytes()))
    except (OSError, subprocess.SubprocessError, wave.Error) as error:
        raise AudioUnavailableError(f"espeak-ng failed: {error}") from error
    finally:
        raw.unlink(missing_ok=True)


def _half_rate(data: bytes) -> bytes:
    """A 16-bit mono WAV at half its sample rate (pairs of samples averaged)."""
    import io

    with wave.open(io.BytesIO(data)) as source:
        if source.getsampwidth() != 2 or source.getnchannels() != 1:
            return data
        rate = source.getframerate()
        samples = np.frombuffer(source.readframes(source.getnframes()), dtype="<i2")
    if len(samples) % 2:
        samples = np.append(samples, np.int16(0))
    halved = samples.reshape(-1, 2).astype(np.int32).mean(axis=1).astype("<i2")
    out = io.BytesIO()
    with wave.open(out, "wb") as sink:
        sink.setnchannels(1)
        sink.setsampwidth(2)
        sink.setframerate(rate // 2)
        sink.writeframes(halved.tobytes())
    return out.getvalue()


def _atomic_write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(name, 0o644)
        os.replace(name, target)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise

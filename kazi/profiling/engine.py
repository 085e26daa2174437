"""The process-wide skills engine, loaded once from the cache under ``KAZI_SKILLS_DIR``.

Web workers load it on first use (gunicorn ``--preload`` loads it before forking when the
cache is there, so that workers share the vectors' memory); commands load it directly.
When the cache is missing, `SkillsUnavailableError` says how to build it; pages show
that suggestions are unavailable instead of failing.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from django.conf import settings

from kazi.skills.store import READY, BrokenCacheError, MissingCacheError, SkillsEngine

from .snapshot import TaxonomyNotImportedError, esco_version


class SkillsUnavailableError(RuntimeError):
    """The skills cache is not built (or not for the imported ESCO release)."""


_lock = threading.Lock()
_engine: SkillsEngine | None = None
_engine_key: tuple[str, str] | None = None
log = logging.getLogger(__name__)


def cache_dir(version: str | None = None) -> Path:
    return Path(settings.KAZI_SKILLS_DIR) / f"esco-{version or esco_version()}"


def get_engine() -> SkillsEngine:
    """The loaded engine; reloaded when ``kazi taxonomy embed`` has rebuilt the cache."""
    global _engine, _engine_key
    try:
        directory = cache_dir()
    except TaxonomyNotImportedError as error:
        raise SkillsUnavailableError(str(error)) from error
    try:
        # `kazi taxonomy embed` writes this file last, with new content on every build.
        key = (str(directory), (directory / READY).read_text())
    except OSError:
        key = (str(directory), "")
    with _lock:
        if _engine is None or _engine_key != key:
            try:
                engine = SkillsEngine.load(directory)
            except (MissingCacheError, BrokenCacheError) as error:
                if _engine is not None and _engine_key and _engine_key[0] == key[0]:
                    # Being rebuilt right now: keep answering with the engine we have.
                    log.warning("Skills cache not reloaded, keeping the loaded one: %s", error)
                    return _engine
                raise SkillsUnavailableError(str(error)) from error
            _engine, _engine_key = engine, key
        return _engine


def reset_engine() -> None:
    global _engine, _engine_key
    with _lock:
        _engine, _engine_key = None, None

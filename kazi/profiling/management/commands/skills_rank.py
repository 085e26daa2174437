"""`kazi skills rank`: ESCO skills for JSON lines of text (see kazi/profiling/jsonlines.py)."""

from __future__ import annotations

from kazi.skills.engine import Match
from kazi.skills.store import SkillsEngine

from ._rank import RankCommand


class Command(RankCommand):
    help = (
        'Read JSON lines {"id": ..., "text": ...} on standard input and write '
        '{"id": ..., "skills": [{"uri", "label", "score"}, ...]} per line, best first.'
    )
    key = "skills"

    def rank(self, engine: SkillsEngine, text: str, language: str, top: int) -> list[Match]:
        return engine.skills.extract(text, language, top, floor=False, text_language=language)

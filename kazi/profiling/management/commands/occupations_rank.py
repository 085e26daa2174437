"""`kazi occupations rank`: ESCO occupations for JSON lines of titles or texts."""

from __future__ import annotations

from kazi.skills.engine import Match
from kazi.skills.store import SkillsEngine

from ._rank import RankCommand


class Command(RankCommand):
    help = (
        'Read JSON lines {"id": ..., "text": ...} on standard input and write '
        '{"id": ..., "occupations": [{"uri", "label", "score"}, ...]} per line, best first.'
    )
    key = "occupations"

    def rank(self, engine: SkillsEngine, text: str, language: str, top: int) -> list[Match]:
        return engine.occupations.rank(text, language, top, floor=False, text_language=language)

"""The on-disk cache of the skills core and the engine that loads it.

One folder per ESCO release (``var/skills/esco-1.1.1/`` by default)::

    taxonomy.npz          concepts, labels, relations (a snapshot of the database)
    lexicon.npz           folded, stemmed content words of every label
    e5-skills.npz         label vectors, float16, one file per encoder and concept kind
    e5-occupations.npz
    use-skills.npz
    use-occupations.npz

`build` writes it (the platform's ``kazi taxonomy embed`` calls it with a progress bar);
`SkillsEngine.load` reads it in about a second (the vectors are the bulk).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .concepts import ConceptTable, Taxonomy
from .dense import DenseIndex, vectors_path
from .encoders import get_encoder
from .engine import OccupationRanker, Settings, SkillExtractor
from .lexical import LexicalIndex
from .memory import TitleMemory

__all__ = [
    "EMBED_LANGUAGES",
    "BrokenCacheError",
    "MissingCacheError",
    "SkillsEngine",
    "TitleSeed",
    "build",
    "cache_files",
]

KINDS = ("skills", "occupations")
READY = "ready"  # written last by `build`: its content changes with every build
# Which labels each encoder embeds, per kind (None: every loaded language). e5 is
# multilingual, so English skill labels (13.9k preferred, 85k alternative) serve every
# input language; French and Spanish skill labels still count word for word (lexicon).
EMBED_LANGUAGES: dict[tuple[str, str], Collection[str] | None] = {
    ("e5", "skills"): ("en",),
    ("e5", "occupations"): None,
    ("use", "skills"): None,
    ("use", "occupations"): None,
}
DEFAULT_ENCODERS = ("e5", "use")

ProgressFactory = Callable[[str, int], Callable[[int], None]]
MEMORY_ENCODERS = ("use",)


@dataclass(frozen=True)
class TitleSeed:
    """A job title and the ESCO occupation someone confirmed for it."""

    title: str
    occupation_uri: str
    source: str  # "vacancy" or the seed file's name
    fold: int = -1  # cross-validation fold for seed files (row number % 5)


def memory_file(directory: Path, encoder: str) -> Path:
    return directory / f"titles-{encoder}.npz"


def build_memory(
    taxonomy: Taxonomy,
    seeds: Sequence[TitleSeed],
    directory: Path,
    progress: ProgressFactory | None = None,
) -> list[Path]:
    """Embed the confirmed titles (always rebuilt: they change as employers post)."""
    known = [
        (seed, index)
        for seed in seeds
        if seed.title.strip()
        and (index := taxonomy.occupations.index_of(seed.occupation_uri)) is not None
    ]
    written = []
    for name in MEMORY_ENCODERS:
        encoder = get_encoder(name)
        step = progress(f"{name} confirmed titles", len(known)) if progress else None
        vectors = np.zeros((len(known), encoder.dim), dtype=np.float32)
        for begin in range(0, len(known), 256):
            chunk = [seed.title.strip() for seed, _ in known[begin : begin + 256]]
            vectors[begin : begin + len(chunk)] = encoder.encode(chunk)
            if step:
                step(len(chunk))
        memory = TitleMemory(
            titles=[seed.title.strip() for seed, _ in known],
            concepts=np.array([index for _, index in known], dtype=np.int32),
            folds=np.array([seed.fold for seed, _ in known], dtype=np.int8),
            sources=[seed.source for seed, _ in known],
            vectors={name: vectors},
        )
        memory.save(memory_file(directory, name), name, taxonomy.version)
        written.append(memory_file(directory, name))
    return written


class MissingCacheError(FileNotFoundError):
    pass


class BrokenCacheError(RuntimeError):
    """A cache file cannot be read (being rewritten, truncated, or from another build)."""


def cache_files(directory: Path, encoders: Sequence[str] = DEFAULT_ENCODERS) -> list[Path]:
    files = [directory / READY, directory / "taxonomy.npz", directory / "lexicon.npz"]
    for name in encoders:
        for kind in KINDS:
            index = directory / f"{name}-{kind}.npz"
            files += [index, vectors_path(index)]
    return files


def _table(taxonomy: Taxonomy, kind: str) -> ConceptTable:
    return taxonomy.skills if kind == "skills" else taxonomy.occupations


def build(
    taxonomy: Taxonomy,
    directory: Path,
    encoders: Sequence[str] = DEFAULT_ENCODERS,
    progress: ProgressFactory | None = None,
    force: bool = False,
    workers: int = 1,
    seeds: Sequence[TitleSeed] = (),
) -> list[Path]:
    """Write the cache; files already built for the same ESCO release are kept unless
    ``force``. Returns the files written."""
    written = []
    directory.mkdir(parents=True, exist_ok=True)
    taxonomy.save(directory / "taxonomy.npz")
    lexicon = {}
    for kind in KINDS:
        index = LexicalIndex(_table(taxonomy, kind))
        lexicon[f"{kind}_stems"] = np.frombuffer("\n".join(index.label_stems).encode(), np.uint8)
        lexicon.update({f"{kind}_{name}": array for name, array in index.arrays.items()})
    tmp = directory / "lexicon.tmp.npz"
    np.savez_compressed(tmp, **lexicon)  # type: ignore[arg-type]
    tmp.replace(directory / "lexicon.npz")
    written += [directory / "taxonomy.npz", directory / "lexicon.npz"]
    for name in encoders:
        encoder = get_encoder(name)
        for kind in KINDS:
            path = directory / f"{name}-{kind}.npz"
            table = _table(taxonomy, kind)
            if path.exists() and not force:
                try:
                    DenseIndex.load(path, table, encoder, taxonomy.version, check=True)
                    continue
                except (ValueError, OSError, KeyError):
                    pass  # stale or broken: build again
            languages = EMBED_LANGUAGES.get((name, kind))
            count = sum(
                1 for lang in table.label_language if languages is None or lang in languages
            )
            step = progress(f"{name} {kind}", count) if progress else None
            DenseIndex.build(table, encoder, languages, step, workers).save(path, taxonomy.version)
            written.append(path)
    written += build_memory(taxonomy, seeds, directory, progress)
    # Written last: readers reload when it changes, so they never load a half-built cache.
    ready = directory / READY
    tmp = directory / f"{READY}.tmp"
    tmp.write_text(f"{taxonomy.version} {time.time_ns()} {secrets.token_hex(4)}\n")
    tmp.replace(ready)
    return written


@dataclass
class SkillsEngine:
    taxonomy: Taxonomy
    skills: SkillExtractor
    occupations: OccupationRanker

    @classmethod
    def load(
        cls,
        directory: Path,
        encoders: Sequence[str] = DEFAULT_ENCODERS,
        settings: Settings | None = None,
        occupation_settings: Settings | None = None,
    ) -> SkillsEngine:
        missing = [p for p in cache_files(directory, encoders) if not p.exists()]
        if missing:
            raise MissingCacheError(
                f"The skills cache is incomplete ({', '.join(p.name for p in missing)} "
                f"missing in {directory}). Build it with `kazi taxonomy embed`."
            )
        try:
            taxonomy = Taxonomy.load(directory / "taxonomy.npz")
            with np.load(directory / "lexicon.npz") as data:
                lexicons = {
                    kind: LexicalIndex(
                        _table(taxonomy, kind),
                        data[f"{kind}_stems"].tobytes().decode().split("\n"),
                        {
                            name: data[f"{kind}_{name}"]
                            for name in (
                                "vocabulary",
                                "starts",
                                "rows",
                                "idf",
                                "lengths",
                                "total_idf",
                            )
                        },
                    )
                    for kind in KINDS
                }
            dense: dict[str, list[DenseIndex]] = {kind: [] for kind in KINDS}
            for name in encoders:
                encoder = get_encoder(name)
                for kind in KINDS:
                    dense[kind].append(
                        DenseIndex.load(
                            directory / f"{name}-{kind}.npz",
                            _table(taxonomy, kind),
                            encoder,
                            taxonomy.version,
                        )
                    )
            if any(
                len(lexicons[kind].label_stems) != len(_table(taxonomy, kind).label_text)
                for kind in KINDS
            ):
                raise BrokenCacheError(f"{directory / 'lexicon.npz'} does not match the labels.")
        except (OSError, ValueError, KeyError, EOFError) as error:
            if isinstance(error, MissingCacheError):
                raise
            raise BrokenCacheError(
                f"The skills cache in {directory} cannot be read ({error}). Build it again "
                "with `kazi taxonomy embed --force`."
            ) from error
        engine = cls.assemble(taxonomy, lexicons, dense, settings, occupation_settings)
        try:
            engine.occupations.memory = TitleMemory.load(
                {name: memory_file(directory, name) for name in MEMORY_ENCODERS},
                taxonomy.version,
                len(taxonomy.occupations),
            )
        except (OSError, ValueError, KeyError, EOFError) as error:
            raise BrokenCacheError(
                f"The title memory in {directory} cannot be read ({error}). Build it again "
                "with `kazi taxonomy embed`."
            ) from error
        return engine

    @classmethod
    def from_taxonomy(
        cls,
        taxonomy: Taxonomy,
        encoders: Sequence[str] = DEFAULT_ENCODERS,
        settings: Settings | None = None,
        occupation_settings: Settings | None = None,
    ) -> SkillsEngine:
        """Everything built in memory (small taxonomies: tests, experiments)."""
        dense = {
            kind: [
                DenseIndex.build(
                    _table(taxonomy, kind), get_encoder(name), EMBED_LANGUAGES.get((name, kind))
                )
                for name in encoders
            ]
            for kind in KINDS
        }
        lexicons = {kind: LexicalIndex(_table(taxonomy, kind)) for kind in KINDS}
        return cls.assemble(taxonomy, lexicons, dense, settings, occupation_settings)

    @classmethod
    def assemble(
        cls,
        taxonomy: Taxonomy,
        lexicons: dict[str, LexicalIndex],
        dense: dict[str, list[DenseIndex]],
        settings: Settings | None,
        occupation_settings: Settings | None,
    ) -> SkillsEngine:
        skill_settings = settings or Settings()
        occ_settings = occupation_settings or OCCUPATION_SETTINGS
        occupations = OccupationRanker(
            taxonomy.occupations,
            lexicons["occupations"],
            dense["occupations"],
            occ_settings,
        )
        skills = SkillExtractor(
            taxonomy,
            lexicons["skills"],
            dense["skills"],
            occupations,
            skill_settings,
        )
        return cls(taxonomy, skills, occupations)


# Titles are one phrase: both encoders read the whole text (measured better than phrases),
# in equal shares; the title memory carries the most weight (docs/skills.md).
OCCUPATION_SETTINGS = Settings(
    dense_weights={"e5": 1.0, "use": 1.0},
    dense_spread={"e5": 0.0201, "use": 0.125},
    sentences_only=frozenset({"e5", "use"}),
    lexical_weight=1.0,
    relation_weight=0.0,
    related_skill_weight=0.0,
    memory_weight=10.0,
    memory_gate=0.6,
    scale=0.791,
    offset=7.462,
    confident=0.3,
    floor=0.03,
)

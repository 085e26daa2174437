"""The command-line contract: `kazi skills rank`, `kazi occupations rank`, `kazi taxonomy
embed`, `kazi eval skills` and `kazi eval occupations`, with the real engine built on the
fixture taxonomy (tests/skills_fixture.py)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from kazi.cli import main
from kazi.skills.engine import MAX_TEXT_CHARS
from kazi.skills.store import SkillsEngine
from tests.skills.bench import write_bench
from tests.skills_fixture import create_fixture_taxonomy, occupation_uri, skill_uri

PROJECT = Path(__file__).resolve().parents[2]


def run(
    monkeypatch: pytest.MonkeyPatch, command: str, data: bytes, *args: str
) -> tuple[list[dict[str, Any]], str]:
    """Run a ranking command with ``data`` on standard input: (JSON lines out, errors)."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    out, err = io.StringIO(), io.StringIO()
    call_command(command, *args, stdout=out, stderr=err)
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def jsonl(*objects: object) -> bytes:
    return b"".join(json.dumps(o, ensure_ascii=False).encode() + b"\n" for o in objects)


def uris(ranked: list[dict[str, Any]]) -> list[str]:
    return [item["uri"] for item in ranked]


# --- kazi skills rank / kazi occupations rank ----------------------------------------------


def test_skills_rank_writes_one_ranked_line_per_input(
    monkeypatch: pytest.MonkeyPatch, skills_engine: SkillsEngine
) -> None:
    lines, errors = run(
        monkeypatch,
        "skills_rank",
        jsonl(
            {"id": 1, "text": "I fixed phones in my uncle's shop"},
            {"id": "b", "text": "j'ai gardé des enfants et fait le ménage"},
            {"id": None, "text": "   "},
            {"text": "I clean rooms, prepare meals, look after children and drive vehicles."},
        ),
    )
    assert errors == ""
    assert [line.get("id", "absent") for line in lines] == [1, "b", None, None]
    assert all(set(line) == {"id", "skills"} for line in lines)
    assert skill_uri("repair-phones") in uris(lines[0]["skills"])
    assert {skill_uri("childcare"), skill_uri("cleaning")} <= set(uris(lines[1]["skills"]))
    assert lines[2]["skills"] == []  # no words at all: an empty list, not an error
    # The ranking contract: exactly --top results for any text with words (the score says
    # how sure; the floor that hides weak results applies to pages and the API only).
    assert len(lines[3]["skills"]) == 10
    for line in lines:
        for item in line["skills"]:
            assert set(item) == {"uri", "label", "score"}
            assert 0 < item["score"] <= 1
        scores = [item["score"] for item in line["skills"]]
        assert scores == sorted(scores, reverse=True)
    # The same answer as the engine's, in the same order.
    text = "I clean rooms, prepare meals, look after children and drive vehicles."
    assert lines[3]["skills"] == [
        {"uri": m.uri, "label": m.label, "score": m.score}
        for m in skills_engine.skills.extract(text, "en", 10, floor=False)
    ]


def test_top_and_language_options(
    monkeypatch: pytest.MonkeyPatch, skills_engine: SkillsEngine
) -> None:
    data = jsonl({"id": 1, "text": "j'ai gardé des enfants et fait le ménage"})
    [english], _ = run(monkeypatch, "skills_rank", data)
    [one], _ = run(monkeypatch, "skills_rank", data, "--top", "1")
    [french], _ = run(monkeypatch, "skills_rank", data, "--lang", "FR")
    assert len(english["skills"]) >= 2
    assert one["skills"] == english["skills"][:1]
    labels = {item["uri"]: item["label"] for item in french["skills"]}
    assert labels[skill_uri("childcare")] == "garder des enfants"
    assert labels[skill_uri("cleaning")] == "effectuer des tâches de nettoyage"
    assert uris(french["skills"]) == uris(english["skills"])


def test_occupations_rank(monkeypatch: pytest.MonkeyPatch, skills_engine: SkillsEngine) -> None:
    data = jsonl({"id": 7, "text": "mason"}, {"id": 8, "text": "I worked as a nanny"})
    lines, errors = run(monkeypatch, "occupations_rank", data, "--lang", "fr", "--top", "2")
    assert errors == ""
    assert [line["id"] for line in lines] == [7, 8]
    assert all(set(line) == {"id", "occupations"} for line in lines)
    assert all(len(line["occupations"]) <= 2 for line in lines)
    assert lines[0]["occupations"][0]["uri"] == occupation_uri("bricklayer")
    assert lines[0]["occupations"][0]["label"] == "maçon"
    assert lines[1]["occupations"][0]["uri"] == occupation_uri("childcare-worker")


def test_bad_lines_are_reported_by_number_and_the_others_still_run(
    monkeypatch: pytest.MonkeyPatch, skills_engine: SkillsEngine
) -> None:
    data = b"".join(
        [
            jsonl({"id": 1, "text": "repair mobile devices"}),  # 1
            b"not json\n",  # 2
            b"[1, 2]\n",  # 3
            jsonl({"id": 4}),  # 4: no text
            jsonl({"id": 5, "text": 42}),  # 5: text not a string
            b'{"id": 6, "text": "caf\xe9"}\n',  # 6: Latin-1, not UTF-8
            jsonl({"id": 7, "text": "x" * (MAX_TEXT_CHARS + 1)}),  # 7: too long
            b"\n",  # 8: blank lines are skipped
            jsonl({"id": 9, "text": "nul\u0000character"}),  # 9
            jsonl({"id": 10, "text": "look after children"}),  # 10
        ]
    )
    lines, errors = run(monkeypatch, "skills_rank", data)
    reported = [line.split(":")[0] for line in errors.splitlines() if line.startswith("line ")]
    assert reported == [f"line {n}" for n in (2, 3, 4, 5, 6, 7, 9)]
    assert "not valid JSON" in errors
    assert "expected a JSON object" in errors
    assert 'line 4: missing "text"' in errors
    assert 'line 5: "text" must be a string' in errors
    assert "line 6: not valid UTF-8" in errors
    assert f'line 7: "text" is longer than {MAX_TEXT_CHARS} characters' in errors
    assert 'line 9: "text" contains the NUL character' in errors
    assert "2 lines ranked, 7 refused" in errors
    # Lines that carry an id get an empty answer with the error, so outputs stay aligned.
    assert [line["id"] for line in lines] == [1, 4, 5, 7, 9, 10]
    assert uris(lines[0]["skills"])[:1] == [skill_uri("repair-phones")]
    assert uris(lines[-1]["skills"])[:1] == [skill_uri("childcare")]
    for line in lines[1:-1]:
        assert line["skills"] == [] and line["error"]


def test_windows_line_ends_are_accepted(
    monkeypatch: pytest.MonkeyPatch, skills_engine: SkillsEngine
) -> None:
    data = jsonl({"id": 1, "text": "lay bricks"}).replace(b"\n", b"\r\n") * 2
    lines, errors = run(monkeypatch, "skills_rank", data)
    assert errors == ""
    assert [uris(line["skills"])[:1] for line in lines] == [[skill_uri("bricks")]] * 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--top", "0"], "--top must be between 1 and 100"),
        (["--top", "101"], "--top must be between 1 and 100"),
        (["--top", "ten"], "invalid int value"),
        (["--lang", "xx"], "'xx' is not an ISO 639-1 language code"),
        (["--lang", "english"], "not an ISO 639-1 language code"),
    ],
)
@pytest.mark.parametrize("command", ["skills_rank", "occupations_rank"])
def test_invalid_options_are_refused(
    monkeypatch: pytest.MonkeyPatch, db: None, command: str, args: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        run(monkeypatch, command, jsonl({"id": 1, "text": "cook"}), *args)


def test_ranking_without_esco_says_what_to_run(monkeypatch: pytest.MonkeyPatch, db: None) -> None:
    with pytest.raises(CommandError, match="kazi taxonomy import"):
        run(monkeypatch, "skills_rank", jsonl({"id": 1, "text": "cook"}))


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["skills", "rank"], '"skills": [{"uri", "label", "score"}'),
        (["occupations", "rank"], '"occupations": [{"uri", "label", "score"}'),
        (["taxonomy", "embed"], "Build the skills cache"),
        (["eval", "skills"], "Evaluate skills recognition"),
        (["eval", "occupations"], "Evaluate occupation suggestions"),
    ],
)
def test_kazi_group_action_runs_the_matching_command(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([*argv, "--help"])
    assert exit_.value.code == 0
    assert expected in " ".join(capsys.readouterr().out.split())


def test_the_installed_console_command() -> None:
    result = subprocess.run(
        [str(PROJECT / ".venv" / "bin" / "kazi"), "skills", "rank", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DEBUG": "1"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "--top" in result.stdout and "--lang" in result.stdout


# --- kazi taxonomy embed --------------------------------------------------------------------


@pytest.fixture
def own_cache(settings: Any, tmp_path: Path) -> Any:
    """A skills cache folder of this test's own (not the one other tests share)."""
    from kazi.profiling.engine import reset_engine

    settings.KAZI_SKILLS_DIR = tmp_path / "skills"
    reset_engine()
    yield settings.KAZI_SKILLS_DIR
    reset_engine()


def embed(*args: str) -> str:
    out = io.StringIO()
    call_command("taxonomy_embed", "--no-progress", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_embed_builds_then_keeps_current_vectors(db: None, own_cache: Path) -> None:
    from kazi.profiling.engine import get_engine

    create_fixture_taxonomy()
    first = embed()
    assert "Skills cache for ESCO test-1 ready" in first
    for name in ("e5-skills.npz", "e5-occupations.npz", "use-skills.npz", "use-occupations.npz"):
        assert name in first
        assert (own_cache / "esco-test-1" / name).exists()
    assert "none, all current" in embed()
    forced = embed("--encoders", "use", "--force")
    assert "use-skills.npz, use-occupations.npz" in forced and "e5" not in forced.split("(")[1]
    engine = get_engine()
    assert engine.taxonomy.version == "test-1"
    assert [m.uri for m in engine.skills.extract("lay bricks")][:1] == [skill_uri("bricks")]


@pytest.mark.parametrize("encoders", ["bogus", "e5,bogus", " , "])
def test_embed_refuses_unknown_encoders(db: None, own_cache: Path, encoders: str) -> None:
    create_fixture_taxonomy()
    with pytest.raises(CommandError, match="choose from e5, use"):
        embed("--encoders", encoders)
    assert not (own_cache / "esco-test-1").exists()


def test_embed_without_esco_says_what_to_run(db: None, own_cache: Path) -> None:
    with pytest.raises(CommandError, match="kazi taxonomy import"):
        embed()


# --- kazi eval skills / kazi eval occupations ---------------------------------------------------


def evaluate(command: str, *args: str) -> list[list[str]]:
    out = io.StringIO()
    call_command(command, *args, stdout=out, stderr=io.StringIO())
    return [line.split() for line in out.getvalue().splitlines()]


def table_rows(lines: list[list[str]]) -> dict[tuple[str, str], list[str]]:
    """(set, system) -> the row's figures, from the printed table."""
    assert lines[0] == [
        "set", "system", "cases", "mrr", "recall5", "recall10", "rprecision5", "accuracy1",
        "p50", "ms", "p95", "ms",
    ]  # fmt: skip
    return {(row[0], row[1]): row[2:] for row in lines[1:] if len(row) == 10}


@pytest.fixture
def bench(settings: Any, tmp_path: Path) -> Path:
    settings.KAZI_DATA_DIR = tmp_path / "data"
    return write_bench(tmp_path / "data")


def check_figures(figures: list[str], cases: int) -> None:
    assert int(figures[0]) == cases
    metrics = [float(x) for x in figures[1:6]]  # MRR, R@5, R@10, RP@5, acc@1
    assert all(0 <= m <= 1 for m in metrics)
    assert metrics[1] <= metrics[2]  # recall@5 <= recall@10


def test_eval_skills_prints_kazi_and_baseline(
    skills_engine: SkillsEngine, bench: Path, tmp_path: Path
) -> None:
    report = tmp_path / "eval" / "skills.json"
    lines = evaluate("eval_skills", "--json", str(report))
    rows = table_rows(lines)
    assert set(rows) == {
        (name, system)
        for name in ("house", "tech", "skillskape")
        for system in ("kazi", "baseline-e5")
    }
    for (name, _), figures in rows.items():
        check_figures(figures, {"house": 2, "tech": 2, "skillskape": 2}[name])
    # One summary line per set: kazi's MRR as a multiple of the baseline's.
    summary = [line for line in lines if line and line[0].endswith(":")]
    assert [line[0] for line in summary] == ["house:", "tech:", "skillskape:"]
    assert all(line[1] == "MRR" and line[3:] == ["×", "baseline"] for line in summary)
    saved = json.loads(report.read_text())
    assert saved["kind"] == "skills" and saved["esco"] == "test-1"
    assert {(r["name"], r["system"]) for r in saved["reports"]} == set(rows)


def test_eval_occupations_prints_kazi_and_baseline(
    skills_engine: SkillsEngine, bench: Path
) -> None:
    rows = table_rows(evaluate("eval_occupations", "--baseline-encoder", "use"))
    names = ["jobbert", *(f"melo-{n}" for n in ("usa_q_en_c_en", "esp_q_es_c_es"))]
    for name in names:
        check_figures(rows[(name, "kazi")], 3 if name == "jobbert" else 2)
        check_figures(rows[(name, "baseline-use")], 3 if name == "jobbert" else 2)
    assert len(rows) == 2 * 6


def test_eval_options(skills_engine: SkillsEngine, bench: Path) -> None:
    rows = table_rows(evaluate("eval_skills", "--sets", "tech", "--no-baseline", "--limit", "1"))
    assert list(rows) == [("tech", "kazi")]
    check_figures(rows[("tech", "kazi")], 1)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sets", "house,bogus"], "Unknown set bogus; choose from house, tech, skillskape"),
        (["--limit", "0"], "--limit must be at least 1"),
        (["--baseline-encoder", "bogus"], "no bogus vectors"),
    ],
)
def test_eval_refuses_bad_options(
    skills_engine: SkillsEngine, bench: Path, args: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        evaluate("eval_skills", *args)


@pytest.mark.parametrize("command", ["eval_skills", "eval_occupations"])
def test_eval_without_the_bench_names_the_missing_path(
    skills_engine: SkillsEngine, settings: Any, tmp_path: Path, command: str
) -> None:
    settings.KAZI_DATA_DIR = tmp_path / "nowhere"
    with pytest.raises(CommandError) as error:
        evaluate(command)
    assert str(tmp_path / "nowhere" / "bench") in str(error.value)
    assert "SOURCES.md" in str(error.value)


def test_eval_without_esco_says_what_to_run(db: None, bench: Path) -> None:
    with pytest.raises(CommandError, match="kazi taxonomy import"):
        evaluate("eval_skills")


def test_a_rebuilt_cache_is_picked_up_by_a_running_process(skills_engine: SkillsEngine) -> None:
    """`kazi taxonomy embed` writes its ready marker last; the engine reloads when it
    changes (the nightly rebuild reaches running web workers) and not before."""
    from kazi.profiling.engine import get_engine

    assert get_engine() is skills_engine  # nothing changed: the same engine
    call_command("taxonomy_embed", no_progress=True, stdout=io.StringIO())
    assert get_engine() is not skills_engine

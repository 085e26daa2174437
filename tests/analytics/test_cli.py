"""`kazi audit fairness`: options, clear errors, the dated report files."""

from __future__ import annotations

import io
import json
import os
import subprocess
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from kazi.cli import main
from tests.analytics.conftest import audited_worker
from tests.factories import make_employer, make_skill, make_vacancy

pytestmark = pytest.mark.django_db
PROJECT = Path(__file__).resolve().parents[2]


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("audit_fairness", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--size", "0"], "argument --size: must be between 1 and 100,000, not 0"),
        (["--size", "many"], "argument --size: must be a whole number, not 'many'"),
        (["--top", "0"], "argument --top: must be between 1 and 1,000, not 0"),
        (["--top", "5000"], "argument --top: must be between 1 and 1,000, not 5,000"),
        (["--seed", "x"], "argument --seed: must be a whole number, not 'x'"),
        (["--population", "everyone"], "invalid choice: 'everyone'"),
    ],
)
def test_bad_arguments_are_refused_with_a_clear_message(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_out_must_be_a_directory(tmp_path):
    file = tmp_path / "report.json"
    file.write_text("{}")
    with pytest.raises(CommandError, match="is a file, not a directory"):
        run("--population", "generated", "--out", str(file))


def test_live_audit_with_nobody_says_what_to_do():
    with pytest.raises(CommandError, match=r"No worker has agreed.*Try a generated population"):
        run("--population", "live")


def test_a_generated_audit_writes_the_dated_report(taxonomy, tmp_path):
    out, err = run("--population", "generated", "--size", "200", "--top", "5", "--seed", "3",
                   "--out", str(tmp_path))  # fmt: skip
    today = timezone.localdate().isoformat()
    data = json.loads((tmp_path / f"fairness-{today}.json").read_text())
    assert (data["population"], data["people"], data["top"], data["seed"]) == (
        "generated",
        200,
        5,
        3,
    )
    assert (tmp_path / f"fairness-{today}.html").read_text().count("<svg") == 20
    assert f"Fairness audit of {today} on generated population: 200 workers" in out
    assert f"fairness-{today}.html" in out
    assert "Ranking opportunities for each worker" in err  # the progress bars


def test_a_live_audit_by_default_into_the_reports_directory(reports_dir):
    wiring = make_skill("wiring")
    _employer, org = make_employer("KE")
    make_vacancy(org, essential=(wiring,))
    for _ in range(5):
        audited_worker((wiring,), facts={"disability": "no"})
    out, _err = run("--no-progress")
    assert "on live data: 5 workers, 1 opportunities" in out
    assert len(list(reports_dir.glob("fairness-*.json"))) == 1


def test_kazi_audit_fairness_is_the_command(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["audit", "fairness", "--help"])
    assert exit_.value.code == 0
    assert "--population {live,generated}" in capsys.readouterr().out


def test_the_console_command_exits_with_an_error_on_bad_arguments():
    result = subprocess.run(
        [str(PROJECT / ".venv" / "bin" / "kazi"), "audit", "fairness", "--top", "-3"],
        capture_output=True,
        text=True,
        env={**os.environ, "DEBUG": "1"},
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert "argument --top: must be between 1 and 1,000, not -3" in result.stderr

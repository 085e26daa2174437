from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _grievance_settings(settings, _private_dir):  # type: ignore[no-untyped-def]
    """Evidence goes to a fresh private folder per test (checked for leftovers), and the
    deadlines and suppression threshold are the documented defaults."""
    settings.KAZI_GRIEVANCE_DEADLINES = "new=48h,assigned=72h,in_progress=14d,on_hold=30d"
    settings.KAZI_GRIEVANCE_MIN_COUNT = 5
    return settings.KAZI_PRIVATE_DIR


def stored_files(private_dir) -> list[str]:  # type: ignore[no-untyped-def]
    if not private_dir.exists():
        return []
    return sorted(str(p) for p in private_dir.rglob("*") if p.is_file())

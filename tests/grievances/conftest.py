from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _private_dir(settings, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """Evidence goes to a fresh private folder per test (checked for leftovers)."""
    from django.core.files.storage import FileSystemStorage

    from kazi.grievances.models import Evidence

    settings.KAZI_PRIVATE_DIR = tmp_path / "private"
    field = Evidence._meta.get_field("file")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=settings.KAZI_PRIVATE_DIR))
    settings.KAZI_GRIEVANCE_DEADLINES = "new=48h,assigned=72h,in_progress=14d,on_hold=30d"
    settings.KAZI_GRIEVANCE_MIN_COUNT = 5
    return settings.KAZI_PRIVATE_DIR


def stored_files(private_dir) -> list[str]:  # type: ignore[no-untyped-def]
    if not private_dir.exists():
        return []
    return sorted(str(p) for p in private_dir.rglob("*") if p.is_file())

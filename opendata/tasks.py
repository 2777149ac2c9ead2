from __future__ import annotations

from celery import shared_task


@shared_task(name="opendata.dump_all")
def dump_all() -> int:
    """Started by the beat entry once a day (migration opendata 0001)."""
    from opendata.services import open_data_dump_all

    return len(open_data_dump_all())

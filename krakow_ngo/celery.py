"""Celery application: configured from Django settings (``CELERY_*``)."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "krakow_ngo.settings")

app = Celery("krakow_ngo")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="krakow_ngo.ping")
def ping() -> str:
    """Answers the health check: proves a worker consumes the queue."""
    return "pong"

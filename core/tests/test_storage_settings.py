"""FILE_STORAGE from the environment: the database by default, S3 when configured.

Settings are read in a fresh interpreter with the variables set; nothing here talks
to an object store (no network in tests).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from django.conf import settings

PRINT_STORAGES = (
    "import json, sys, django; django.setup(); "
    "from django.conf import settings; from django.core.files.storage import storages; "
    "d = storages['default']; p = storages['private']; "
    "print(json.dumps({'settings': settings.STORAGES['default'], "
    "'class': type(d).__module__ + '.' + type(d).__name__, "
    "'bucket': getattr(d, 'bucket_name', None), 'location': getattr(d, 'location', None), "
    "'private_location': getattr(p, 'location', None), "
    "'boto3': 'boto3' in sys.modules}, default=str))"
)


def _storages(**env: str) -> dict[str, object]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("S3_", "FILE_STORAGE"))}
    environ.update(DJANGO_SETTINGS_MODULE="krakow_ngo.settings", **env)
    out = subprocess.run(
        [sys.executable, "-c", PRINT_STORAGES],
        cwd=settings.BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_by_default_files_are_in_the_database_and_boto3_is_not_loaded():
    found = _storages()
    assert found["class"] == "core.storage.DatabaseStorage"
    assert found["private_location"] == "private"
    assert found["boto3"] is False


def test_s3_is_configured_from_the_environment():
    found = _storages(
        FILE_STORAGE="s3",
        S3_BUCKET="konsultacje",
        S3_ENDPOINT_URL="http://127.0.0.1:9/",
        S3_ACCESS_KEY_ID="klucz",
        S3_SECRET_ACCESS_KEY="tajny",
        S3_PREFIX="portal",
    )
    assert found["class"] == "storages.backends.s3.S3Storage"
    assert found["bucket"] == "konsultacje"
    assert found["location"] == "portal"
    assert found["private_location"] == "portal/private"
    options = found["settings"]["OPTIONS"]  # type: ignore[index]
    assert options["default_acl"] == "private"
    assert options["querystring_auth"] is True
    assert options["file_overwrite"] is False


def test_s3_without_a_bucket_or_an_unknown_backend_refuses_to_start():
    for env, message in (
        ({"FILE_STORAGE": "s3"}, "S3_BUCKET"),
        ({"FILE_STORAGE": "nfs"}, "FILE_STORAGE must be database or s3"),
    ):
        environ = {k: v for k, v in os.environ.items() if not k.startswith("S3_")}
        environ.update(DJANGO_SETTINGS_MODULE="krakow_ngo.settings", **env)
        out = subprocess.run(
            [sys.executable, "-c", "import django; django.setup()"],
            cwd=settings.BASE_DIR,
            env=environ,
            capture_output=True,
            text=True,
            check=False,
        )
        assert out.returncode != 0
        assert message in out.stderr

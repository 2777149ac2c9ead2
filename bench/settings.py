"""Settings of the web processes the benchmarks start: the production settings plus a hello view.

Only two things differ from ``krakow_ngo.settings``, both because one machine plays a
whole city (docs/operations.md, "Benchmarks"):

* every simulated person connects from 127.0.0.1, so allauth's per-address login limit
  (30 a minute) would refuse the 200th member; in production they are 200 addresses;
* the bench accounts' passwords use a fast hasher, so that logging 250 people in does
  not eat the two cores the measurement needs. Real passwords still verify (PBKDF2 stays
  in the list), and logging in is not what is measured.
"""

from __future__ import annotations

from django.conf import global_settings

from krakow_ngo.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
ACCOUNT_RATE_LIMITS = False  # type: ignore[assignment]  # allauth: False turns them off
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    *global_settings.PASSWORD_HASHERS,
]

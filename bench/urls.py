"""The portal's URLs plus ``/bench/hello/``: the baseline every page is divided by.

The hello view passes through the very same middleware (sessions, CSRF, locale,
allauth, axes, ...) as the pages, so a ratio page ÷ hello measures the page's own cost.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from krakow_ngo import urls as portal_urls


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Hello, world", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/hello/", hello, name="bench_hello"), *portal_urls.urlpatterns]

# Error handlers, if the portal defines them, are read from the root URLconf.
for _name in ("handler400", "handler403", "handler404", "handler500"):
    if hasattr(portal_urls, _name):
        globals()[_name] = getattr(portal_urls, _name)

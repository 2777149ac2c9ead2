from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "krakow_ngo.settings")
application = get_wsgi_application()

# The lemmatiser's dictionary loads on first use (docs/search.md): pay it at start-up.
from search.text import warm  # noqa: E402

warm()

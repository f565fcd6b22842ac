"""Compile the import's byte loops (numba) ahead of their first use: `python -m audience compile`.

The make targets run it right after installing the requirements, so that neither the first log
import nor the first start of the app pays the compilation; numba keeps the machine code in
__pycache__ and loads it from there afterwards.
"""
from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime

from audience import store_sites
from config.settings import reload_settings
from storage import reset_db

# Page views on each path: the byte loop's lines, and one with an escaped quote for the SQL parser.
_SAMPLE = "\n".join(
    f'{ip} - - [10/Mar/2026:10:0{m}:00 +0100] "GET /p{m}?utm_source=x HTTP/1.1" 200 512 "-" '
    f'"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0{tail}"'
    for m, (ip, tail) in enumerate([("203.0.113.9", ""), ("2001:db8::1", ""), ("203.0.113.9", ""),
                                    ("198.51.100.4", ' \\"quoted\\"')])) + "\n"
SAMPLE_PAGE_VIEWS = 4


def compile_all() -> int:
    """Import the sample log into a throw-away data directory (every compiled path runs once);
    returns the events stored (SAMPLE_PAGE_VIEWS). For the command line: it points this process at that directory."""
    from audience import logs

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["APP_DATA_DIR"] = tmp
        reload_settings()
        try:
            store_sites.add_site("compile", ["www.example.fr"])
            summary = logs.import_bytes(_SAMPLE.encode(), "compile", now=datetime(2026, 3, 11, 12, tzinfo=UTC))
            return summary.events_stored
        finally:
            reset_db()

"""An SMTP server (aiosmtpd) that appends every accepted message to a JSON-lines file.

Its own process, so that it never competes with the load client for the GIL, and a
file that survives it, so that a count after the run sees every message. One line per
message: ``{"to": [...], "subject": "..."}``, written and flushed before "250" is
answered (a message the sender saw accepted is on disk).

    python -m bench.load.smtp_sink --port 2525 --out mail.jsonl
"""

from __future__ import annotations

import argparse
import json
import signal
import threading
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any, TextIO

from aiosmtpd.controller import Controller


class _Handler:
    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = message_from_bytes(envelope.content, policy=policy.default)
        line = json.dumps({"to": list(envelope.rcpt_tos), "subject": str(message["Subject"])})
        with self.lock:
            self.out.write(line + "\n")
            self.out.flush()
        return "250 Message accepted"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with args.out.open("a", encoding="utf-8") as out:
        controller = Controller(_Handler(out), hostname="127.0.0.1", port=args.port)
        controller.start()
        try:
            stop.wait()
        finally:
            controller.stop()


if __name__ == "__main__":
    main()

"""A real SMTP server (aiosmtpd) on loopback for tests and the benchmark."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    """A port nobody listens on now (the OS picks it, so parallel runs do not collide)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Mailbox:
    """What the server accepted (envelope recipients and raw bytes), and in how many sessions."""

    accepted: list[tuple[list[str], bytes]] = field(default_factory=list)
    sessions: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    # Called with the number of messages accepted so far, before RCPT is answered.
    on_rcpt: Callable[[int], None] | None = None

    def count(self) -> int:
        with self.lock:
            return len(self.accepted)

    def recipients(self) -> list[str]:
        """One entry per accepted message and recipient: a duplicate shows up twice."""
        with self.lock:
            return [rcpt for rcpts, _raw in self.accepted for rcpt in rcpts]

    def messages(self) -> list[EmailMessage]:
        # Parsed on demand: parsing in the server would slow down what we measure.
        with self.lock:
            raw = [content for _rcpts, content in self.accepted]
        return [message_from_bytes(r, policy=policy.default) for r in raw]

    def clear(self) -> None:
        with self.lock:
            self.accepted.clear()
            self.sessions = 0


class _Handler:
    def __init__(self, mailbox: Mailbox) -> None:
        self.mailbox = mailbox

    async def handle_EHLO(  # noqa: N802 (aiosmtpd's hook name)
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        session.host_name = hostname
        with self.mailbox.lock:
            self.mailbox.sessions += 1
        return responses

    async def handle_RCPT(  # noqa: N802
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if self.mailbox.on_rcpt is not None:
            self.mailbox.on_rcpt(self.mailbox.count())
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        with self.mailbox.lock:
            self.mailbox.accepted.append((list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted"


@contextmanager
def smtp_server() -> Iterator[tuple[int, Mailbox]]:
    """Run aiosmtpd on 127.0.0.1 and a free port; yields (port, mailbox)."""
    mailbox = Mailbox()
    controller = Controller(_Handler(mailbox), hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller.port, mailbox
    finally:
        controller.stop()

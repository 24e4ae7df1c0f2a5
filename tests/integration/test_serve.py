"""serve.py's start-up fix: connections accepted by a socket bound as Streamlit binds it send
at once (TCP_NODELAY), so a reply's body no longer waits 40 ms for the browser's ACK."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import serve


def _accepted_no_delay(listener: socket.socket) -> int:
    """TCP_NODELAY (0 or 1) of the next connection `listener` accepts."""
    with socket.create_connection(listener.getsockname()):
        accepted, _ = listener.accept()
        with accepted:
            return int(accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0)


def test_connections_accepted_after_the_fix_do_not_wait() -> None:
    # Streamlit binds socket.socket(family) with protocol 0: asyncio then leaves Nagle on.
    with socket.socket(socket.AF_INET) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        before = _accepted_no_delay(listener)

        assert serve.no_delay_on_listening_sockets() >= 1

        assert (before, _accepted_no_delay(listener)) == (0, 1)


def test_other_sockets_are_left_alone(tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET) as idle, socket.socket(socket.AF_UNIX) as local:
        local.bind(str(tmp_path / "local.sock"))
        local.listen()  # listening, but not TCP: skipped without an error

        serve.no_delay_on_listening_sockets()

        assert idle.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0


def test_no_descriptor_is_left_open() -> None:
    # A copy of a pipe's write end left open would keep its reader waiting forever.
    read, write = os.pipe()
    before = len(os.listdir("/dev/fd"))

    serve.no_delay_on_listening_sockets()

    assert len(os.listdir("/dev/fd")) == before
    os.close(write)
    assert os.read(read, 1) == b""  # end of file: no other write end is open
    os.close(read)

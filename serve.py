"""The entry point: `streamlit run serve.py` serves app.py as a Streamlit ASGI app (st.App).

A plain `streamlit run app.py` works too; this adds the start-up hook that app.py cannot have,
since app.py first runs only when a browser connects.
"""

from __future__ import annotations

import os
import socket
import stat
import webbrowser
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import streamlit as st


def no_delay_on_listening_sockets() -> int:
    """Set TCP_NODELAY on every listening TCP socket of this process; return how many.

    Streamlit 1.67 binds its socket with protocol 0, and asyncio sets TCP_NODELAY only on
    sockets whose protocol says TCP, so the connections it accepts run Nagle's algorithm: a
    reply written in two parts (headers, then body) waits for the browser's delayed ACK. That
    held back every static file after the first on a kept-alive connection by 42 ms, and the
    first page loads over a hundred. On Linux an accepted connection inherits the option.
    """
    if not os.path.isdir("/dev/fd"):
        return 0  # Windows: no descriptor listing; the app still works, only slower
    count = 0
    for name in os.listdir("/dev/fd"):
        try:
            if not stat.S_ISSOCK(os.fstat(int(name)).st_mode):
                continue
        except OSError:
            continue  # the listing's own descriptor, closed since
        # Wrapped, not duplicated: a duplicate left open would keep a pipe or socket alive.
        sock = socket.socket(fileno=int(name))
        try:
            if (
                sock.family in (socket.AF_INET, socket.AF_INET6)
                and sock.type == socket.SOCK_STREAM
                and sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN)
            ):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                count += 1
        finally:
            sock.detach()  # the descriptor stays its owner's to close
    return count


@asynccontextmanager
async def _lifespan(app: st.App) -> AsyncIterator[None]:
    # Runs once, after Streamlit has bound its socket and before the first connection.
    no_delay_on_listening_sockets()
    if not st.get_option("server.headless"):  # as `streamlit run app.py` does by itself
        webbrowser.open(f"http://localhost:{st.get_option('server.port')}")
    yield


app = st.App("app.py", lifespan=_lifespan)

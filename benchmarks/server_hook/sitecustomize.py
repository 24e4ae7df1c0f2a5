"""Loaded at start by the app server of benchmarks/sessions.py only (its PYTHONPATH names this
folder): appends a line to the file in KAM_BENCH_CALLS each time ui._load computes a result,
that is each miss of Streamlit's result cache, so the benchmark can count how many sessions
computed the same result after a swap. The app's code is not changed.
"""

import json
import os
import sys
import threading
import time

from kam_core.store import db

_cursor = db.cursor
_log = open(os.environ["KAM_BENCH_CALLS"], "a", buffering=1)  # noqa: SIM115  # the server's life
_lock = threading.Lock()


def _counted_cursor(con):  # type: ignore[no-untyped-def]
    caller = sys._getframe(1)
    if caller.f_code.co_name == "_load":  # ui._load opens a cursor only to compute a miss
        seen = caller.f_locals
        line = [time.time(), repr(seen["version"]), seen["name"], repr(seen["args"])]
        with _lock:
            _log.write(json.dumps(line) + "\n")
    return _cursor(con)


db.cursor = _counted_cursor

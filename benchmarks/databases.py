"""The benchmark databases: demo companies of 1M, 10M and 50M sales rows, built once and cached.

Each build runs in a fresh process that reports its own wall time and peak RSS, so the figures
for "building the 10M demo" are the generator's alone; they are kept beside the file.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb

from kam_core.data.contract import SCHEMA_VERSION
from kam_core.store.files import schema_version

CACHE = Path(__file__).parent / "cache"
SIZES = {"1M": 1_000_000, "10M": 10_000_000, "50M": 50_000_000}

_BUILD = """
import json, resource, sys, time
from kam_core.store.demo import build_demo
t = time.perf_counter()
build_demo(sys.argv[1], sales_rows=int(sys.argv[2]), seed=7)
seconds = time.perf_counter() - t
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_rss_mb": rss_mb}))
"""


def outdated(path: Path) -> bool:
    """Whether the cached file is of an older schema: the first page timed would then include
    its upgrade, and its build time would be the older generator's, so it is built again."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return (schema_version(con) or 0) < SCHEMA_VERSION
    finally:
        con.close()


def ensure(size: str, rebuild: bool = False) -> tuple[Path, dict[str, float]]:
    """The cached demo database of `size` ("1M", "10M", "50M") and how long its build took."""
    path = CACHE / f"demo_{size}.duckdb"
    stats_file = path.with_suffix(".build.json")
    if rebuild or not path.exists() or not stats_file.exists() or outdated(path):
        CACHE.mkdir(exist_ok=True)
        print(f"building the {size} demo database in {path} ...", flush=True)
        done = subprocess.run(
            [sys.executable, "-c", _BUILD, str(path), str(SIZES[size])],
            check=True,
            capture_output=True,
            text=True,
        )
        stats_file.write_text(done.stdout.strip().splitlines()[-1])
    return path, json.loads(stats_file.read_text())

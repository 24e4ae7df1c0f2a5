"""Print the mutation score per rule package and the surviving mutants, from mutmut's results.

Run after `mutmut run` (see `make mutate`). Killed: a unit test failed or timed out. A mutant no
unit test reaches counts as surviving; one not tested yet (an interrupted run) is shown apart.
The mutants listed in equivalent.toml cannot change behaviour and are left out of the score.
Exits 1 below MINIMUM_SCORE over all the rule packages. `--names` prints instead the survivors to
test again: those reached by a unit test file that changed since the last report (mutmut keeps
a survivor's verdict when only the tests change).
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import sys
import tomllib
from collections import Counter
from pathlib import Path

from mutmut.mutation.diff_apply import get_diff_for_mutant

MUTANTS = Path("mutants")
EQUIVALENT = Path(__file__).with_name("equivalent.toml")
SEEN = MUTANTS / "unit-tests-seen.json"  # the unit test files the last reported run used
SHARED = Path("tests/conftest.py")
MINIMUM_SCORE = 0.85
KILLED = {1, 3, 36, 24, -24, 152, 255}  # mutmut's exit codes for a failed test or a timeout


def results() -> dict[str, int | None]:
    """Mutant name -> mutmut's exit code (None: not tested yet), for every mutated module."""
    found: dict[str, int | None] = {}
    for meta in sorted(MUTANTS.glob("kam_core/*/*.py.meta")):
        found |= json.loads(meta.read_text())["exit_code_by_key"]
    return found


def equivalent(codes: dict[str, int | None]) -> dict[str, str]:
    """Mutant name -> why it cannot change behaviour, from the names and patterns listed."""
    listed = tomllib.loads(EQUIVALENT.read_text())["equivalent"]
    return {
        mutant: entry["reason"]
        for entry in listed
        for pattern in entry["mutants"]
        for mutant in fnmatch.filter(codes, pattern)
    }


def unmatched(codes: dict[str, int | None]) -> list[str]:
    """Listed names or patterns that match no mutant any more, or only killed ones."""
    listed = tomllib.loads(EQUIVALENT.read_text())["equivalent"]
    return [
        pattern
        for entry in listed
        for pattern in entry["mutants"]
        if all(codes[m] in KILLED for m in fnmatch.filter(codes, pattern))
    ]


def test_files(root: Path = Path()) -> dict[str, str]:
    """Unit test file -> hash of its text under `root` (mutants/: the copy mutmut last ran)."""
    return {
        str(path): hashlib.sha256((root / path).read_bytes()).hexdigest()
        for path in [SHARED, *sorted(Path("tests/unit").glob("*.py"))]
        if (root / path).exists()
    }


def to_test_again(left: list[str]) -> list[str]:
    """The survivors some unit test reaches whose test files changed since the last report."""
    if not SEEN.exists():  # a first run: mutmut has just tested every mutant
        return []
    stats = json.loads((MUTANTS / "mutmut-stats.json").read_text())
    tests = stats["tests_by_mangled_function_name"]
    seen = json.loads(SEEN.read_text())
    changed = {path for path, digest in test_files().items() if seen.get(path) != digest}
    if str(SHARED) in changed:  # the fixtures and settings every test uses
        changed |= set(seen) | set(test_files())
    return [
        m
        for m in left
        if any(t.partition("::")[0] in changed for t in tests.get(m.partition("__mutmut_")[0], ()))
    ]


def changed_lines(mutant: str) -> str:
    """The mutant's diff reduced to its changed lines: '- old | + new'."""
    path = Path(*mutant.split(".")[:3]).with_suffix(".py")
    diff = get_diff_for_mutant(mutant, path=path).splitlines()[2:]
    return " | ".join(f"{line[0]} {line[1:].strip()}" for line in diff if line[:1] in "+-")


def print_score(codes: dict[str, int | None], same: dict[str, str]) -> float:
    """The table of killed, surviving, equivalent and untested mutants per package; the score."""
    counts: dict[str, Counter[str]] = {}
    for mutant, code in codes.items():
        if mutant in same:
            state = "equivalent"
        elif code in KILLED:
            state = "killed"
        else:
            state = "untested" if code is None else "left"
        counts.setdefault(mutant.split(".")[1], Counter())[state] += 1
    print(f"{'package':<12}{'killed':>8}{'left':>7}{'equiv.':>8}{'untested':>10}{'score':>8}")
    total: Counter[str] = Counter()
    for name, count in sorted(counts.items()):
        print(f"{name:<12}{_cells(count)}")
        total += count
    print(f"{'all':<12}{_cells(total)}")
    return _score(total)


def _score(count: Counter[str]) -> float:
    """Killed / (killed + left): equivalent and untested mutants are not counted."""
    return count["killed"] / max(count["killed"] + count["left"], 1)


def _cells(count: Counter[str]) -> str:
    return (
        f"{count['killed']:>8}{count['left']:>7}{count['equivalent']:>8}{count['untested']:>10}"
        f"{_score(count):>8.1%}"
    )


def main() -> int:
    codes = results()
    same = equivalent(codes)
    left = sorted(m for m, code in codes.items() if code not in KILLED and m not in same)
    if sys.argv[1:] == ["--names"]:
        print(" ".join(to_test_again(left)))
        return 0
    score = print_score(codes, same)
    survivors = [m for m in left if codes[m] is not None]
    print(f"\nSurviving mutants ({len(survivors)}; `mutmut show NAME` for the whole diff):")
    for mutant in survivors:
        print(f"  {mutant}: {changed_lines(mutant)}")
    for pattern in unmatched(codes):
        print(f"equivalent.toml lists {pattern}, which matches no surviving mutant: remove it")
    SEEN.write_text(json.dumps(test_files(MUTANTS)))
    return 0 if score >= MINIMUM_SCORE else 1


if __name__ == "__main__":
    sys.exit(main())

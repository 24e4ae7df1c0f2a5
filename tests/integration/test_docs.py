"""The README and docs/ tell the truth: every relative link and anchor resolves, and the
README's command lines run as printed on a temporary database."""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "data" / "README.md"]
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", page.read_text(), flags=re.S)
    return {_anchor(h) for h in re.findall(r"^#+ (.+)$", text, flags=re.M)}


def _links(page: Path) -> list[str]:
    text = re.sub(r"```.*?```", "", page.read_text(), flags=re.S)
    return [t for t in LINK.findall(text) if not re.match(r"[a-z]+:", t)]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_and_anchor_resolves(page: Path):
    broken = []
    for target in _links(page):
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.exists() or anchor and file.suffix == ".md" and anchor not in _anchors(file):
            broken.append(target)
    assert broken == []


def test_the_anchor_rule_matches_githubs():
    assert _anchor("Peak-season stock risk") == "peak-season-stock-risk"
    assert _anchor("Import your own data: Superstore") == "import-your-own-data-superstore"


def _console_block(block: str) -> list[tuple[str, list[str]]]:
    """(command, the lines printed under it) for every `$ ` line of one console block."""
    found: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            found.append((line[2:], []))
        elif found:
            found[-1][1].append(line)
    return found


def _console_lines(page: Path) -> list[tuple[str, list[str]]]:
    blocks = re.findall(r"```console\n(.*?)```", page.read_text(), flags=re.S)
    return [step for block in blocks for step in _console_block(block)]


README_CLI = [
    (command, printed)
    for command, printed in _console_lines(ROOT / "README.md")
    if command.startswith(".venv/bin/python -m kam_core") and "data/kam.duckdb" in command
]


def test_the_readme_shows_every_command():
    shown = {shlex.split(c)[3] for c, _ in README_CLI}
    assert shown >= {"check", "export", "brief", "deck"}


def test_every_cli_command_is_in_the_readmes_table():
    from kam_core.__main__ import _parser

    commands = next(
        a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction)
    ).choices
    table = re.findall(r"^\| `([a-z]+)` \|", (ROOT / "README.md").read_text(), flags=re.M)
    assert sorted(table) == sorted(commands)


@pytest.mark.parametrize(("command", "printed"), README_CLI, ids=[c for c, _ in README_CLI])
def test_a_readme_command_runs_as_printed(
    command: str, printed: list[str], demo_db: Path, tmp_path: Path
):
    shutil.copyfile(demo_db, tmp_path / "kam.duckdb")
    args = [
        a.replace("data/kam.duckdb", str(tmp_path / "kam.duckdb")) for a in shlex.split(command)[1:]
    ]

    done = subprocess.run(
        [sys.executable, *args],
        cwd=tmp_path,  # what the command writes lands here
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )

    if printed and printed[0].startswith("error:"):
        assert (done.returncode, done.stderr.splitlines()) == (1, printed)
    else:
        assert done.returncode == 0, done.stderr


SHARED = ROOT.parent / "shared" / "data" / "northwind"


@pytest.mark.skipif(not SHARED.exists(), reason="needs ../shared/data/northwind")
def test_the_northwind_transcript_is_what_a_user_sees(tmp_path: Path):
    text = (ROOT / "docs" / "importing.md").read_text()
    section = text.split("## Northwind\n", 1)[1].split("\n## ", 1)[0]
    work = tmp_path / "repo"
    (work / "data").mkdir(parents=True)
    (tmp_path / "shared").symlink_to(ROOT.parent / "shared")  # ../shared from the repo root
    steps = [
        (c, p)
        for block in re.findall(r"```console\n(.*?)```", section, flags=re.S)
        for c, p in _console_block(block)
        if "streamlit run" not in c
    ]
    assert len(steps) == 5  # three imports, the joined sales file, its import

    for command, printed in steps:
        args = shlex.split(command)
        assert args[0] == ".venv/bin/python"
        done = subprocess.run(
            [sys.executable, *args[1:]],
            cwd=work,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert (done.stdout + done.stderr).splitlines() == printed, command

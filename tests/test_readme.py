"""Docs are tested: every CLI command (and subcommand) is documented in the README."""

from __future__ import annotations

import re

import typer

from pledgewatch.cli import app

from .conftest import ROOT


def _commands(typer_app: typer.Typer, prefix: str = "") -> list[str]:
    names = [f"{prefix}{c.name or c.callback.__name__.replace('_', '-')}" for c in typer_app.registered_commands]
    for group in typer_app.registered_groups:
        names.append(f"{prefix}{group.name}")
        names += _commands(group.typer_instance, f"{prefix}{group.name} ")
    return names


def test_readme_documents_every_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = _commands(app)
    assert {"ingest", "diff", "report", "meetings merge", "meetings split", "eval"} <= set(commands)
    missing = [c for c in commands if not re.search(rf"`pledgewatch {re.escape(c)}\b", readme)]
    assert not missing, f"commands not documented in README.md: {missing}"


def test_readme_documents_the_eval_tracking_options() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "--threads" in readme and "--mechanisms" in readme and "target" in readme

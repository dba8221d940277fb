"""`pledgewatch demo` records a few example assessments, once, and the report shows them
(real SQLite, in-process with Typer's runner); the rule that picks their undertakings."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pledgewatch import assessments
from pledgewatch.assessments import LedgerRow
from pledgewatch.cli import app
from pledgewatch.examples import EXAMPLE_BY, EXAMPLE_NOTE, choose, is_example, record_examples
from pledgewatch.pipeline import ingest_paths
from pledgewatch.store import Store
from pledgewatch.store.ledger import load_entries

from .conftest import CORPUS

runner = CliRunner()
TODAY = dt.date(2026, 12, 3)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("demo")


@pytest.fixture(scope="module")
def demo_runs(demo_dir: Path) -> list[str]:
    """`pledgewatch demo` run twice in one folder: the outputs."""
    outputs = []
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(demo_dir)
        mp.delenv("PLEDGEWATCH_DB", raising=False)
        for _ in range(2):
            result = runner.invoke(app, ["demo"])
            assert result.exit_code == 0, result.output
            outputs.append(result.output.replace("\n", ""))
    return outputs


def test_demo_records_example_assessments_once(demo_dir: Path, demo_runs: list[str]) -> None:
    first, second = demo_runs
    line = re.search(r"ledger: (\d+) example assessments \(recorded now; marked as examples in their note\); "
                     r"(\d+) of (\d+) undertakings assessed; (\d+) overdue, (\d+) due within 90 days", first)
    assert line, first
    made = int(line.group(1))
    assert 4 <= made <= 6 and int(line.group(2)) == made
    assert f"ledger: {made} example assessments (already recorded;" in second
    with Store(str(demo_dir / "pledgewatch.db")) as store:
        entries = load_entries(store.engine)
        rows = assessments.ledger_rows(store)
    assert len(entries) == made and all(is_example(e) for e in entries)  # the second run added nothing
    for e in entries:
        assert e.note.startswith("Example entry made by `pledgewatch demo`") and e.recorded_by == EXAMPLE_BY
        assert e.evidence_url.startswith("https://example.org/") and e.quote.startswith("Example evidence:")
        assert e.evidence_date <= e.recorded_at.date()
    assert len({e.status for e in entries}) >= 4
    assessed = [r for r in rows if r.status]
    assert len(assessed) == made and len({r.thread_id for r in assessed}) == made  # one example per undertaking
    # one undertaking stays overdue (its deadline has passed, not achieved), one past its deadline is achieved
    assert any(r.due == "overdue" and r.deadline < dt.date.today() for r in assessed)
    assert any(r.status == "achieved" and r.deadline and r.deadline < dt.date.today() for r in assessed)
    overdue = sum(r.due == "overdue" for r in rows)
    assert f"; {overdue} overdue," in first


def test_demo_report_shows_the_examples(demo_dir: Path, demo_runs: list[str]) -> None:
    page = (demo_dir / "pledgewatch-report.html").read_text(encoding="utf-8")
    section = page[page.index('id="ledger"') : page.index('id="sources"')]
    assert 'id="chart-ledger"' in section and "No assessments recorded yet" not in section
    links = re.findall(r'<a class="ev" href="([^"]+)"', section)
    assert len(links) == int(re.search(r"ledger: (\d+) example", demo_runs[0]).group(1))
    assert all(url.startswith("https://example.org/pledgewatch-demo/") for url in links)
    assert section.count("Example entry made by `pledgewatch demo`") == len(links)  # each marked as an example
    assert "<span>Overdue</span>" in page and "<span>Assessed</span>" in page
    # `pledgewatch report` writes the same section, in Markdown too
    md = demo_dir / "r.md"
    result = runner.invoke(app, ["report", "--db", str(demo_dir / "pledgewatch.db"), "--format", "md", "-o", str(md)])
    assert result.exit_code == 0, result.output
    text = md.read_text(encoding="utf-8")
    assert "## Where undertakings stand" in text and "### Latest evidence" in text
    assert text.count("](https://example.org/pledgewatch-demo/") == len(links)


@pytest.fixture
def corpus_store(tmp_path: Path) -> str:
    """A copy of the sample corpus's database without any ledger entry."""
    path = tmp_path / "corpus.db"
    with Store(str(path)) as store:
        ingest_paths(store, sorted(str(p) for p in CORPUS.glob("*.txt")))
    return str(path)


def test_demo_examples_leave_what_a_person_assessed(corpus_store: str) -> None:
    with Store(corpus_store) as store:
        rows = assessments.ledger_rows(store, today=TODAY)
        first_overdue = choose(rows)[0][0]
        assessments.record_assessment(store, first_overdue.thread_id, status="abandoned", evidence_date=dt.date(2024, 1, 5),
                                      evidence_url="https://example.org/person", quote="Dropped.", by="analyst", today=TODAY)
        run = record_examples(store, today=TODAY)
        assert run.recorded and run.present == 0
        assert first_overdue.thread_id not in {e.ref for e in run.recorded}
        again = record_examples(store, today=TODAY)
        assert again.recorded == () and again.present == len(run.recorded) == again.total
        person = [e for e in load_entries(store.engine) if not is_example(e)]
        assert [e.recorded_by for e in person] == ["analyst"]


def _row(thread: str, due: str, domain: str | None, deadline: dt.date | None = None, **extra) -> LedgerRow:
    fields = dict(thread_id=thread, parties=("JP", "PH"), domain=domain, text="words", ref=f"d{thread}:0", meeting=None,
                  status=None, scale=None, evidence_date=None, evidence_url=None, quote=None, recorded_by=None, entry_id=None,
                  deadline=deadline, deadline_text="by then" if deadline else None, deadline_note=None, due=due, entries=0)
    return LedgerRow(**(fields | extra))


def test_demo_examples_are_chosen_by_a_rule_over_the_rows() -> None:
    d = dt.date
    rows = [
        _row("a", "overdue", "defense", d(2022, 12, 31)),
        _row("b", "overdue", "defense", d(2021, 6, 30)),  # earliest deadline: the first overdue example
        _row("c", "overdue", "health", d(2023, 3, 31)),  # another domain is preferred for the second
        _row("d", "overdue", "space", d(2020, 1, 1), status="achieved"),  # a person's word: never touched
        _row("e", "overdue", "cyber", d(2019, 1, 1), lost=True),
        _row("f", "open", "space", d(2030, 12, 31)),
        _row("g", "no_deadline", "people"),
    ]
    chosen = [(r.thread_id, status) for r, status in choose(rows)]
    assert chosen == [("b", "in_progress"), ("c", "achieved"), ("f", "not_started"), ("g", "partially_achieved")]
    only_overdue = [(r.thread_id, s) for r, s in choose(rows[:2])]  # the same domain when no other is left
    assert only_overdue == [("b", "in_progress"), ("a", "achieved")]
    assert choose([]) == [] and EXAMPLE_NOTE.startswith("Example entry made by `pledgewatch demo`")


def test_demo_says_how_to_open_it_in_a_browser(demo_runs: list[str]) -> None:
    for out in demo_runs:
        assert "pledgewatch user add NAME --role admin" in out and "pledgewatch serve" in out and "http://127.0.0.1:8000/" in out

"""Ingest on a Dask cluster: ``pledgewatch ingest PATH... --workers N`` (a local cluster) or
``--scheduler tcp://host:port`` (an existing one).

The workers parse, segment and label files (``pipeline.prepare_file``, in chunks); this
process checks what is stored already, and stores the prepared files in input order, a batch
per transaction (``pipeline.store_prepared_batch``). So every file gets the outcome, error code
and exit status the single-process ``ingest_paths`` gives it, and the database ends the same:
near-duplicates are decided in the same order. A worker that dies costs at most the file it
was working on (its chunk is retried file by file); files stored before anything went wrong
stay stored, and running the batch again skips them.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .errors import ClusterUnavailable, PledgewatchError
from .ingest import DEFAULT_MAX_SIZE, expand_paths, read_file_bytes
from .pipeline import FileOutcome, IngestReport, Prepared, prepare_file, store_prepared_batch
from .store import Store

CHUNK = 16  # files per task: large enough that scheduling costs little, small enough to spread the work
WRITE_BATCH = 64  # prepared files per transaction
CONNECT_TIMEOUT = 10  # seconds to reach a scheduler before saying it cannot be reached


def prepare_files(paths: list[str], encoding: str | None, max_size: int) -> list[Prepared]:
    """The workers' task: prepare each file (a bad file is a failed ``Prepared``, never an exception)."""
    return [prepare_file(Path(p), encoding=encoding, max_size=max_size) for p in paths]


@contextmanager
def dask_client(workers: int | None = None, scheduler: str | None = None) -> Iterator[Any]:
    """A Dask client: on an existing cluster (``scheduler``) or on a local cluster of ``workers``
    processes (one thread each: the work is pure Python)."""
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ClusterUnavailable(f"cannot reach the Dask scheduler at {scheduler} within {CONNECT_TIMEOUT} s "
                                     f"({type(exc).__name__})") from None
        with client:
            yield client
        return
    with LocalCluster(n_workers=workers or 1, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=50) as cluster, Client(cluster) as client:
        yield client


def _sha256(path: Path, max_size: int) -> tuple[str | None, PledgewatchError | None]:
    try:
        return hashlib.sha256(read_file_bytes(path, max_size)).hexdigest(), None
    except PledgewatchError as err:
        return None, err


def ingest_paths_on_cluster(
    store: Store,
    paths: list[str],
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    encoding: str | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
    on_file: Callable[[FileOutcome], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    chunk: int = CHUNK,
) -> IngestReport:
    """``pipeline.ingest_paths`` with the parsing and labelling done by Dask workers."""
    expanded = expand_paths(paths)
    report = IngestReport()

    def emit(outcome: FileOutcome) -> None:
        report.outcomes.append(outcome)
        if on_file:
            on_file(outcome)

    for err in expanded.errors:
        emit(FileOutcome(err.path or "", "failed", error_code=err.code, error=str(err)))
    own = store.own_files()
    files = [p for p in expanded.files if not own or p.resolve() not in own]
    if on_start:
        on_start(len(files))
    with dask_client(workers, scheduler) as client:
        width = max(2, 3 * len(client.scheduler_info().get("workers", {})))
        # What is stored already, or unreadable, is decided here (as ingest_paths does, without
        # parsing); the rest goes to the workers in chunks, a bounded number in flight.
        plan: list[tuple[Path, FileOutcome | None]] = []
        for path in files:
            sha, err = _sha256(path, max_size)
            if err is not None:
                plan.append((path, FileOutcome(str(path), "failed", error_code=err.code, error=str(err))))
                continue
            known = store.source_known(sha)
            plan.append((path, FileOutcome(str(path), "present", known) if known else None))
        ordered: list[FileOutcome | None] = [decided for _, decided in plan]
        slots = [i for i, decided in enumerate(ordered) if decided is None]
        chunks = [[str(plan[i][0]) for i in slots[j:j + chunk]] for j in range(0, len(slots), chunk)]
        cursor = 0  # outcomes are reported in input order, as soon as every one before them is known

        def report_ready() -> None:
            nonlocal cursor
            while cursor < len(ordered) and ordered[cursor] is not None:
                emit(ordered[cursor])  # type: ignore[arg-type]
                cursor += 1

        batch: list[tuple[int, Prepared]] = []
        for slot, p in zip(slots, _prepared_in_order(client, chunks, width, encoding, max_size)):
            batch.append((slot, p))
            if len(batch) >= WRITE_BATCH:
                _store(store, batch, ordered)
                report_ready()
        _store(store, batch, ordered)
        report_ready()
    return report


def _store(store: Store, batch: list[tuple[int, Prepared]], ordered: list[FileOutcome | None]) -> None:
    """Store a batch of prepared files in one transaction; their outcomes go to their slots."""
    for (slot, _), outcome in zip(batch, store_prepared_batch(store, [p for _, p in batch])):
        ordered[slot] = outcome
    batch.clear()


def _prepared_in_order(client: Any, chunks: list[list[str]], width: int, encoding: str | None, max_size: int) -> Iterator[Prepared]:
    """The prepared files, in input order, with up to ``width`` chunks being worked on at once."""
    from distributed import KilledWorker

    queue: deque[tuple[list[str], Any]] = deque()
    it = iter(chunks)

    def top_up() -> None:
        while len(queue) < width:
            nxt = next(it, None)
            if nxt is None:
                return
            queue.append((nxt, client.submit(prepare_files, nxt, encoding, max_size, pure=False)))

    top_up()
    while queue:
        paths, future = queue.popleft()
        try:
            results = future.result()
        except KilledWorker:
            results = [_alone(client, p, encoding, max_size) for p in paths]
        except (OSError, TimeoutError) as exc:
            raise ClusterUnavailable(f"lost the Dask cluster mid-batch ({type(exc).__name__}); the files stored so far are kept",
                                     hint="run the same command again: stored files are skipped") from None
        top_up()
        yield from results


def _alone(client: Any, path: str, encoding: str | None, max_size: int) -> Prepared:
    """A file of a chunk whose worker died, retried on its own: only a file that kills its worker again fails."""
    from distributed import KilledWorker

    try:
        return client.submit(prepare_files, [path], encoding, max_size, pure=False).result()[0]
    except KilledWorker:
        err = ClusterUnavailable("the Dask worker preparing this file died, twice", path=path,
                                 hint="the file may be too big for a worker's memory; the other files were stored")
        return Prepared(path, error_code=err.code, error=str(err))

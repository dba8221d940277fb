"""The web app under load: 50 simulated users against ``pledgewatch serve`` on 1,000 meetings.

Command (from the repository root, after ./run test or ./run demo made .venv):

    .venv/bin/python benchmarks/bench_web.py [--meetings 1000] [--entries 10000] [--seed 7]
        [--db benchmarks/out/web-1000.db] [--rebuild] [--duration 60] [--readers 40] [--editors 10]
        [--think 1.0] [--warmup 6] [--login-concurrency 5] [--json out.json]

The database is built once (and kept: ``--rebuild`` builds it again) by the
ledger benchmark's builder (``bench_ledger.build``: ``bench_tracking``'s
generated meetings, one document each, tracked as ``pledgewatch ingest``
does, with ``--entries`` ledger entries), then given 40 viewer and 10 editor
accounts and one API token each (Argon2 hashing is slow: done once, the
secrets kept beside the database in ``*.accounts.json``, git-ignored like
the database).

Each run first times, in this process, where every undertaking stands read
whole and brought up to date after one new entry (``browse.standings``;
that adds a few entries). Then it starts ``python -m pledgewatch serve`` (one
uvicorn process, as a user runs it) on a free port of 127.0.0.1, signs every
simulated user in through the login form (GET /login for the CSRF cookie and
token, POST /login; ``--login-concurrency`` at a time), warms every route up
(one request at a time: after the first round these are the "alone"
latencies), then runs all users at once for ``--duration`` seconds:

- readers loop over a mix of the pages (dashboard, documents and one
  document, commitments, threads and one thread, mechanisms and one
  mechanism, the ledger, search for words drawn from the corpus) and of the
  API with their viewer token;
- editors open a commitment's page, record an assessment through its form
  (the CSRF token taken from the page; the 303 names the entry's id prefix)
  and follow the redirect, or record one through the API (201 with its
  entry id), every entry with a quote no other entry has.

Every user waits a random 0–2×``--think`` seconds between requests (a
person reading; ``--think 0`` is a closed loop: the server's capacity).
Latency is measured by the client, per route template, from sending the
request to reading the whole answer. An error is an answer other than 2xx or
3xx, or no answer within 30 s. After the run the database is opened with the
library and every entry an editor was told was saved is looked up by its
quote: it must be stored exactly once, with the id it was acknowledged with.
The server's peak RSS is its /proc VmHWM.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

OUT = Path(__file__).resolve().parent / "out"
ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "benchmark password"
TIMEOUT_S = 30.0
STATUSES = ("not_started", "in_progress", "partially_achieved", "achieved", "stalled", "abandoned")
_CSRF = re.compile(r'name="csrf" value="([^"]*)"')
_WORD = re.compile(r"[A-Za-z]{5,}")

# The readers' mix: (route template, weight). Pages first, then the API.
READER_MIX = [
    ("/", 8), ("/documents", 6), ("/documents/{id}", 8), ("/commitments/{ref}", 12), ("/threads", 6), ("/threads/{id}", 8),
    ("/mechanisms", 4), ("/mechanisms/{id}", 5), ("/ledger", 6), ("/search", 12),
    ("/api/v1/dashboard", 2), ("/api/v1/documents", 2), ("/api/v1/commitments/{ref}", 3), ("/api/v1/threads/{id}", 2),
    ("/api/v1/search", 4), ("/api/v1/ledger", 2),
]


# --- building the database -------------------------------------------------------------------


def accounts_file(db: Path) -> Path:
    return db.with_name(db.name + ".accounts.json")


def add_accounts(db: Path, readers: int, editors: int) -> dict:
    """The simulated users' accounts and API tokens (their secrets written beside the database)."""
    from pledgewatch import accounts
    from pledgewatch.store import Store

    t0 = time.perf_counter()
    people: dict[str, dict[str, str]] = {}
    with Store(f"sqlite:///{db}") as store:
        known = {a.name for a in accounts.list_users(store)}
        for role, n in (("viewer", readers), ("editor", editors)):
            for i in range(1, n + 1):
                name = f"bench-{role}-{i:02d}"
                if name not in known:
                    accounts.add_user(store, name, PASSWORD, role)
                people[name] = {"role": role, "token": accounts.issue_token(store, f"{name}-client", role, created_by="bench")[1]}
    accounts_file(db).write_text(json.dumps(people, indent=1))
    return {"accounts": len(people), "accounts_s": round(time.perf_counter() - t0, 1)}


def database_size(db: Path) -> dict:
    from pledgewatch.store import Store
    from pledgewatch.store.ledger import ledger_counts
    from pledgewatch.store.tracking import load_meetings, load_mechanisms
    from sqlalchemy import func, select
    from pledgewatch.store.schema import threads as threads_table

    with Store(f"sqlite:///{db}") as store:
        rows = store.row_counts()
        with store.engine.connect() as conn:
            n_threads = conn.execute(select(func.count()).select_from(threads_table)).scalar_one()
        return {"meetings": len(load_meetings(store.engine)), "documents": rows["documents"], "units": rows["units"],
                "commitments": rows["commitments"], "threads": n_threads, "mechanisms": len(load_mechanisms(store.engine)),
                "entries": ledger_counts(store.engine)["entries"], "db_mb": round(db.stat().st_size / 2**20)}


def targets(db: Path, seed: int) -> dict[str, list[str]]:
    """What the simulated users ask for: ids, references and search words from the database."""
    from pledgewatch.store import Store
    from pledgewatch.store.commitments import CommitmentFilter, list_commitments
    from pledgewatch.store.tracking import load_mechanisms, load_threads

    rng = random.Random(seed)
    with Store(f"sqlite:///{db}") as store:
        docs = [d.id for d in store.documents()]
        picked = rng.sample(docs, min(200, len(docs)))
        refs, words = [], set()
        for doc_id in picked[:100]:
            for x in list_commitments(store.engine, CommitmentFilter(doc_id=doc_id)):
                refs.append(f"{x.doc_id}:{x.start}")
                words.update(w.lower() for w in _WORD.findall(x.text))
        threads = [t.id for t in load_threads(store.engine)]
        mechanisms = [m.id for m in load_mechanisms(store.engine)]
    return {"documents": picked, "refs": rng.sample(refs, min(2000, len(refs))), "threads": rng.sample(threads, min(2000, len(threads))),
            "mechanisms": rng.sample(mechanisms, min(1000, len(mechanisms))), "words": sorted(words), "n_documents": [str(len(docs))],
            "n_threads": [str(len(threads))], "n_mechanisms": [str(len(mechanisms))]}


def measure_standings(db: Path, refs: list[str], n: int = 5) -> dict:
    """In this process, before the server starts: how long where every undertaking stands takes to
    read whole (what every ledger write cost before the book), and to bring up to date after one
    entry is recorded (``n`` times; each run adds those entries to the database)."""
    from pledgewatch import assessments, browse
    from pledgewatch.store import Store

    with Store(f"sqlite:///{db}") as store:
        browse.corpus(store)
        t0 = time.perf_counter()
        browse.standings(store)
        full_s = time.perf_counter() - t0
        after = []
        for i in range(n):
            assessments.record_assessment(store, refs[i], status="in_progress", evidence_date=dt.date.today(),
                                          evidence_url="https://example.org/bench/standings", quote=f"benchmark standings {time.time()}",
                                          by="bench")
            t0 = time.perf_counter()
            browse.standings(store)
            after.append(time.perf_counter() - t0)
    return {"read_whole_s": round(full_s, 2), "after_one_entry_ms": round(float(np.median(after)) * 1000, 1)}


# --- the server ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int, log: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.Popen([sys.executable, "-m", "pledgewatch", "serve", "--db", f"sqlite:///{db}", "--host", "127.0.0.1",
                             "--port", str(port)], stdout=log.open("w"), stderr=subprocess.STDOUT, env=env, cwd=ROOT)


def wait_ready(base: str, proc: subprocess.Popen, limit_s: float = 120) -> float:
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < limit_s:
        if proc.poll() is not None:
            raise SystemExit(f"the server stopped (exit {proc.returncode}); see its log")
        try:
            if httpx.get(f"{base}/login", timeout=2).status_code == 200:
                return time.perf_counter() - t0
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not answer in time")


def proc_status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of a process, in kB (empty where /proc is not there)."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    return {k: int(v.split()[0]) for k, v in (line.split(":", 1) for line in text.splitlines()) if k in ("VmRSS", "VmHWM")}


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --- the simulated users --------------------------------------------------------------------


@dataclasses.dataclass
class Recorder:
    """Every request's route, latency and outcome, and what editors were told was saved."""

    measuring: bool = False
    samples: dict[str, list[float]] = dataclasses.field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = dataclasses.field(default_factory=lambda: defaultdict(int))
    error_kinds: dict[str, int] = dataclasses.field(default_factory=lambda: defaultdict(int))
    acknowledged: dict[str, str] = dataclasses.field(default_factory=dict)  # quote → entry id (or its prefix)
    sent: set[str] = dataclasses.field(default_factory=set)  # every quote sent, acknowledged or not

    async def request(self, client: httpx.AsyncClient, route: str, method: str, url: str, **kw) -> httpx.Response | None:
        t0 = time.perf_counter()
        try:
            response = await client.request(method, url, timeout=TIMEOUT_S, **kw)
            _ = response.content
        except httpx.HTTPError as err:
            if self.measuring:
                self.samples[route].append(time.perf_counter() - t0)
                self.errors[route] += 1
                self.error_kinds[type(err).__name__] += 1
            return None
        if self.measuring:
            self.samples[route].append(time.perf_counter() - t0)
            if response.status_code >= 400:
                self.errors[route] += 1
                self.error_kinds[f"HTTP {response.status_code}"] += 1
        return response


async def sign_in(rec: Recorder, client: httpx.AsyncClient, name: str) -> float:
    t0 = time.perf_counter()
    page = await rec.request(client, "GET /login", "GET", "/login")
    token = _CSRF.search(page.text).group(1)
    done = await rec.request(client, "POST /login", "POST", "/login", data={"name": name, "password": PASSWORD, "csrf": token, "next": "/"})
    if done is None or done.status_code != 303:
        raise SystemExit(f"{name} could not sign in: {done.status_code if done else 'no answer'}")
    return time.perf_counter() - t0


def _search_words(rng: random.Random, words: list[str]) -> str:
    n = rng.choices((1, 2, 3), weights=(5, 4, 1))[0]
    return " ".join(rng.sample(words, n)) if n < 3 else f'"{rng.choice(words)} {rng.choice(words)}"'


def reader_request(rng: random.Random, t: dict[str, list[str]]) -> tuple[str, str]:
    """One request of the readers' mix: its route template and URL."""
    route = rng.choices([r for r, _ in READER_MIX], weights=[w for _, w in READER_MIX])[0]
    n_docs, n_threads, n_mech = int(t["n_documents"][0]), int(t["n_threads"][0]), int(t["n_mechanisms"][0])
    offset = lambda n: rng.choice((0, 0, 0, rng.randrange(0, max(n, 1), 50)))  # noqa: E731  (the first page most often)
    url = {
        "/": "/",
        "/documents": f"/documents?offset={offset(n_docs)}",
        "/documents/{id}": f"/documents/{rng.choice(t['documents'])}",
        "/commitments/{ref}": f"/commitments/{quote(rng.choice(t['refs']), safe=':')}",
        "/threads": f"/threads?offset={offset(n_threads)}",
        "/threads/{id}": f"/threads/{rng.choice(t['threads'])}",
        "/mechanisms": f"/mechanisms?offset={offset(n_mech)}",
        "/mechanisms/{id}": f"/mechanisms/{rng.choice(t['mechanisms'])}",
        "/ledger": f"/ledger?offset={offset(n_threads)}",
        "/search": f"/search?q={quote(_search_words(rng, t['words']))}",
        "/api/v1/dashboard": "/api/v1/dashboard",
        "/api/v1/documents": f"/api/v1/documents?offset={offset(n_docs)}",
        "/api/v1/commitments/{ref}": f"/api/v1/commitments/{quote(rng.choice(t['refs']), safe=':')}",
        "/api/v1/threads/{id}": f"/api/v1/threads/{rng.choice(t['threads'])}",
        "/api/v1/search": f"/api/v1/search?q={quote(_search_words(rng, t['words']))}",
        "/api/v1/ledger": f"/api/v1/ledger?offset={offset(n_threads)}",
    }[route]
    return route, url


async def think(rng: random.Random, mean_s: float) -> None:
    await asyncio.sleep(rng.uniform(0, 2 * mean_s) if mean_s > 0 else 0)


async def reader(rec: Recorder, client: httpx.AsyncClient, token: str, t: dict, rng: random.Random, until: float, mean_think: float) -> None:
    api = {"Authorization": f"Bearer {token}"}
    while time.perf_counter() < until:
        route, url = reader_request(rng, t)
        await rec.request(client, route, "GET", url, headers=api if route.startswith("/api/") else None)
        await think(rng, mean_think)


async def editor(rec: Recorder, client: httpx.AsyncClient, name: str, token: str, t: dict, rng: random.Random, until: float,
                 mean_think: float, run: str) -> None:
    api = {"Authorization": f"Bearer {token}"}
    n = 0
    while time.perf_counter() < until:
        n += 1
        ref = rng.choice(t["refs"])
        words = f"benchmark {run} {name} entry {n}"
        form = {"status": rng.choice(STATUSES), "evidence_date": (dt.date.today() - dt.timedelta(days=rng.randint(0, 300))).isoformat(),
                "evidence_url": f"https://example.org/bench/{run}/{name}/{n}", "quote": words}
        if rng.random() < 0.5:  # through the page's form, as a person does
            page = await rec.request(client, "/commitments/{ref}", "GET", f"/commitments/{quote(ref, safe=':')}")
            if page is None or page.status_code != 200:
                await think(rng, mean_think)
                continue
            await think(rng, mean_think)  # filling the form in
            csrf = _CSRF.findall(page.text)
            rec.sent.add(words)
            done = await rec.request(client, "POST /commitments/{ref}/assessments", "POST",
                                     f"/commitments/{quote(ref, safe=':')}/assessments", data={**form, "csrf": csrf[-1] if csrf else ""})
            if done is not None and done.status_code == 303:
                saved = parse_qs(urlsplit(done.headers["location"]).query).get("saved", [""])[0]
                rec.acknowledged[words] = saved
                await rec.request(client, "/commitments/{ref}", "GET", done.headers["location"])
        else:
            rec.sent.add(words)
            done = await rec.request(client, "POST /api/v1/ledger/entries", "POST", "/api/v1/ledger/entries", headers=api,
                                     json={"ref": ref, **form})
            if done is not None and done.status_code == 201:
                rec.acknowledged[words] = done.json()["entry_id"]
        await think(rng, mean_think)


async def warm_up(rec: Recorder, client: httpx.AsyncClient, token: str, t: dict, rng: random.Random, rounds: int) -> float:
    """Every route once per round, one request at a time: the first round builds the per-process
    caches, the others are measured (``rec``: what each route costs with nobody else asking)."""
    t0 = time.perf_counter()
    for i in range(rounds):
        rec.measuring = i > 0
        for route, _w in READER_MIX:
            while True:
                r, url = reader_request(rng, t)
                if r == route:
                    break
            await rec.request(client, route, "GET", url, headers={"Authorization": f"Bearer {token}"} if route.startswith("/api/") else None)
    rec.measuring = False
    return time.perf_counter() - t0


async def run_load(base: str, people: dict, t: dict, args, pid: int) -> dict:
    rec = Recorder()
    rng = random.Random(args.seed)
    limits = httpx.Limits(max_connections=2, max_keepalive_connections=2)
    readers = [n for n, p in people.items() if p["role"] == "viewer"][: args.readers]
    editors = [n for n, p in people.items() if p["role"] == "editor"][: args.editors]
    clients = {n: httpx.AsyncClient(base_url=base, limits=limits, follow_redirects=False) for n in readers + editors}
    try:
        t0 = time.perf_counter()
        gate = asyncio.Semaphore(args.login_concurrency)  # people arrive over time; each Argon2 check holds 64 MiB

        async def arrive(name: str) -> float:
            async with gate:
                return await sign_in(rec, clients[name], name)

        login_s = await asyncio.gather(*(arrive(n) for n in clients))
        login_wall = time.perf_counter() - t0
        alone = Recorder()
        warm_s = await warm_up(alone, clients[readers[0]], people[readers[0]]["token"], t, rng, args.warmup)
        run = dt.datetime.now().strftime("%Y%m%d%H%M%S")
        rec.measuring = True
        load0, cpu0, start = os.getloadavg()[0], cpu_seconds(pid), time.perf_counter()
        until = start + args.duration
        rss_samples: list[int] = []

        lags: list[float] = []

        async def sample_rss() -> None:
            while time.perf_counter() < until:
                rss_samples.append(proc_status(pid).get("VmRSS", 0))
                await asyncio.sleep(1)

        async def sample_lag() -> None:  # how late the client's own loop runs: a share of every latency measured
            while time.perf_counter() < until:
                t0 = time.perf_counter()
                await asyncio.sleep(0.01)
                lags.append(time.perf_counter() - t0 - 0.01)

        client_cpu0 = time.process_time()
        await asyncio.gather(
            sample_rss(), sample_lag(),
            *(reader(rec, clients[n], people[n]["token"], t, random.Random(f"{args.seed}-{n}"), until, args.think) for n in readers),
            *(editor(rec, clients[n], n, people[n]["token"], t, random.Random(f"{args.seed}-{n}"), until, args.think, run) for n in editors),
        )
        elapsed = time.perf_counter() - start
        cpu = cpu_seconds(pid) - cpu0
        loadavg = (load0, os.getloadavg()[0])  # the machine is shared: how busy it was around the run
        client = {"cpu_s": round(time.process_time() - client_cpu0, 1),
                  "loop_lag_p50_ms": round(float(np.percentile(lags, 50)) * 1000, 1) if lags else None,
                  "loop_lag_p95_ms": round(float(np.percentile(lags, 95)) * 1000, 1) if lags else None}
    finally:
        await asyncio.gather(*(c.aclose() for c in clients.values()))
    return {"rec": rec, "elapsed": elapsed, "server_cpu_s": cpu, "login_wall_s": login_wall, "login_s": login_s, "warmup_s": warm_s,
            "rss_max_kb": max(rss_samples or [0]), "run": run, "loadavg": loadavg, "client": client, "alone": alone}


# --- the integrity check and the table ----------------------------------------------------------


def check_entries(db: Path, rec: Recorder, run: str) -> dict:
    """Every acknowledged entry stored exactly once, under the id it was acknowledged with."""
    from pledgewatch.store import Store
    from pledgewatch.store.ledger import load_entries

    with Store(f"sqlite:///{db}") as store:
        mine = [e for e in load_entries(store.engine, anchors=False) if e.quote and e.quote.startswith(f"benchmark {run} ")]
    by_quote: dict[str, list[str]] = defaultdict(list)
    for e in mine:
        by_quote[e.quote].append(e.entry_id)
    lost = [q for q, i in rec.acknowledged.items() if not any(x.startswith(i) for x in by_quote.get(q, []))]
    doubled = [q for q, ids in by_quote.items() if len(ids) > 1]
    unacknowledged = [q for q in by_quote if q not in rec.acknowledged]
    return {"acknowledged": len(rec.acknowledged), "sent": len(rec.sent), "stored_from_run": len(mine), "lost": len(lost),
            "doubled": len(doubled), "stored_not_acknowledged": len(unacknowledged), "ok": not lost and not doubled}


def route_table(rec: Recorder, elapsed: float, alone: Recorder) -> list[dict]:
    def row(name: str, routes: list[str]) -> dict:
        ms = np.array([x for r in routes for x in rec.samples[r]]) * 1000
        by_itself = [x for r in routes for x in alone.samples.get(r, ())]
        return {"route": name, "requests": len(ms), "req_s": round(len(ms) / elapsed, 1),
                "p50_ms": round(float(np.percentile(ms, 50)), 1), "p95_ms": round(float(np.percentile(ms, 95)), 1),
                "p99_ms": round(float(np.percentile(ms, 99)), 1), "errors": sum(rec.errors[r] for r in routes),
                "alone_p50_ms": round(float(np.median(by_itself)) * 1000, 1) if by_itself else None}

    order = [r for r, _ in READER_MIX] + ["POST /commitments/{ref}/assessments", "POST /api/v1/ledger/entries"]
    rows = [row(r, [r]) for r in order if rec.samples.get(r)]
    groups = {
        "all pages (GET, not /api)": [r for r in rec.samples if not r.startswith(("/api/", "POST", "GET /login"))],
        "all API reads": [r for r in rec.samples if r.startswith("/api/")],
        "all writes": [r for r in rec.samples if r.startswith("POST") and "login" not in r],
        "overall": list(rec.samples),
    }
    rows += [row(name, routes) for name, routes in groups.items() if any(rec.samples[r] for r in routes)]
    return rows


def print_table(rows: list[dict]) -> None:
    print("| route | requests | req/s | p50 ms | p95 ms | p99 ms | errors | alone p50 ms |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        name = f"**{r['route']}**" if r["route"].startswith(("all ", "overall")) else f"`{r['route']}`"
        alone = "" if r["alone_p50_ms"] is None else r["alone_p50_ms"]
        print(f"| {name} | {r['requests']:,} | {r['req_s']} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} | {r['errors']} | {alone} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=1000)
    parser.add_argument("--entries", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--readers", type=int, default=40)
    parser.add_argument("--editors", type=int, default=10)
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between a user's requests (0: closed loop)")
    parser.add_argument("--warmup", type=int, default=6, help="rounds of every route, one at a time, before the load (all but the first measured)")
    parser.add_argument("--login-concurrency", type=int, default=5, help="users signing in at once before the load")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    db = args.db or OUT / f"web-{args.meetings}.db"

    result: dict = {"settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()}}
    if args.rebuild or not db.exists():
        print(f"building {db} (once; --rebuild builds it again) …", file=sys.stderr)
        code = ("import json, sys; sys.path.insert(0, sys.argv[1]); from bench_ledger import build; from pathlib import Path; "
                "print(json.dumps(build(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))))")
        out = subprocess.run([sys.executable, "-c", code, str(Path(__file__).parent), str(db), str(args.meetings), str(args.entries),
                              str(args.seed)], check=True, capture_output=True, text=True).stdout
        result["build"] = json.loads(out.strip().splitlines()[-1])
        accounts_file(db).unlink(missing_ok=True)
    if not accounts_file(db).exists():
        print("adding the simulated users' accounts and tokens …", file=sys.stderr)
        result["accounts"] = add_accounts(db, 40, 10)
    people = json.loads(accounts_file(db).read_text())
    result["database"] = database_size(db)
    print(json.dumps(result["database"]), file=sys.stderr)
    t = targets(db, args.seed)
    result["standings"] = measure_standings(db, t["refs"])
    print(f"standings: {json.dumps(result['standings'])}", file=sys.stderr)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = db.with_name(db.name + ".server.log")
    proc = start_server(db, port, log)
    try:
        ready_s = wait_ready(base, proc)
        print(f"server ready in {ready_s:.1f} s (pid {proc.pid}); signing in, warming up, then {args.duration:.0f} s of load …",
              file=sys.stderr)
        out = asyncio.run(run_load(base, people, t, args, proc.pid))
        status = proc_status(proc.pid)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
    rec: Recorder = out["rec"]
    rows = route_table(rec, out["elapsed"], out["alone"])
    result["server"] = {"ready_s": round(ready_s, 1), "peak_rss_mb": round(status.get("VmHWM", 0) / 1024),
                        "rss_during_load_max_mb": round(out["rss_max_kb"] / 1024), "cpu_s": round(out["server_cpu_s"], 1),
                        "cpu_share": round(out["server_cpu_s"] / out["elapsed"], 2)}
    result["setup"] = {"sign_in_wall_s": round(out["login_wall_s"], 1), "sign_in_p50_s": round(float(np.median(out["login_s"])), 2),
                       "warmup_s": round(out["warmup_s"], 1)}
    result["load"] = {"elapsed_s": round(out["elapsed"], 1), "requests": sum(len(x) for x in rec.samples.values()),
                      "error_kinds": dict(rec.error_kinds), "load_average_1m": [round(x, 2) for x in out["loadavg"]]}
    result["client"] = out["client"]
    result["routes"] = rows
    result["integrity"] = check_entries(db, rec, out["run"])
    server_errors = log.read_text(errors="replace").count("unexpected error")
    result["server"]["logged_errors"] = server_errors

    print_table(rows)
    for key in ("database", "standings", "server", "client", "setup", "load", "integrity"):
        print(f"{key}: {json.dumps(result[key])}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

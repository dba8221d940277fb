"""A throw-away PostgreSQL cluster for one test session: nothing started by hand, nothing left behind.

``start()`` finds PostgreSQL's server programs (``initdb`` on PATH or under
/usr/lib/postgresql/*/bin, where Debian's ``postgresql`` package puts them;
``./run test`` installs the package when neither has one), makes a cluster in a
new temporary folder, and starts it on a free port of 127.0.0.1 with its
socket in that folder, as an unprivileged process: run as root (CI), initdb
and the server run as the ``postgres`` system user (made with ``useradd`` when
missing), which owns the folder. Local connections are trusted, except for the
role ``PASSWORD_ROLE``, which must give its password (to test wrong
credentials). The cluster is tuned for tests only (no fsync): its data is
thrown away. ``Cluster.stop()`` stops the server and removes the folder; a
watchdog does it when the session's process dies without stopping it.
"""

from __future__ import annotations

import glob
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "pledgewatch"  # the role tests connect as (trusted)
PASSWORD_ROLE, PASSWORD = "pw_checked", "right-password"  # a role that must give its password
SERVICE_USER = "postgres"  # who runs initdb and the server when the tests run as root


class Unavailable(RuntimeError):
    """PostgreSQL's server programs are missing, or the cluster would not start (the message says why)."""


def server_bin_dir() -> Path | None:
    """The folder holding initdb, pg_ctl and postgres: PATH first, then the newest Debian version."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return Path(versions[-1]).parent if versions else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_service_user() -> list[str]:
    """The command prefix that runs a program unprivileged: empty unless we are root."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam(SERVICE_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SERVICE_USER], check=True,
                       capture_output=True)
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", SERVICE_USER, "--"]
    return [shutil.which("setpriv") or "setpriv", f"--reuid={SERVICE_USER}", f"--regid={SERVICE_USER}", "--init-groups"]


@dataclass
class Cluster:
    bin_dir: Path
    folder: Path
    port: int
    prefix: list[str]
    version: str

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, database: str = "postgres", user: str = SUPERUSER, password: str | None = None) -> str:
        auth = f"{user}:{password}" if password is not None else user
        return f"postgresql+psycopg://{auth}@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*self.prefix, *args], capture_output=True, text=True, timeout=120)

    def stop(self) -> None:
        if self.data.is_dir():
            self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


HBA = f"""# the throw-away test cluster: trusted, except one role that must give its password
local all all trust
host all {PASSWORD_ROLE} 127.0.0.1/32 scram-sha-256
host all all 127.0.0.1/32 trust
"""

SETTINGS = {  # for tests only: the data is thrown away, so durability buys nothing
    "fsync": "off", "synchronous_commit": "off", "full_page_writes": "off", "max_connections": "300",
    "shared_buffers": "64MB", "listen_addresses": "'127.0.0.1'",
}


def start() -> Cluster:
    bin_dir = server_bin_dir()
    if bin_dir is None or not (bin_dir / "pg_ctl").exists():
        raise Unavailable("PostgreSQL's server programs (initdb, pg_ctl) are not installed; `./run test` installs Debian's "
                          "postgresql package when it can (as root or with password-less sudo)")
    prefix = _as_service_user()
    folder = Path(tempfile.mkdtemp(prefix=f"pledgewatch-pg-{os.getpid()}-"))  # whose it is, by the session's process id
    if prefix:
        shutil.chown(folder, SERVICE_USER, SERVICE_USER)
    cluster = Cluster(bin_dir, folder, 0, prefix, "")
    try:
        done = cluster._run(str(bin_dir / "initdb"), "-D", str(cluster.data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
                            "--locale=C.UTF-8", "--no-sync")
        if done.returncode != 0:
            done = cluster._run(str(bin_dir / "initdb"), "-D", str(cluster.data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
                                "--locale=C", "--no-sync")
        if done.returncode != 0:
            raise Unavailable(f"initdb failed: {(done.stderr or done.stdout).strip().splitlines()[-1:]}")
        cluster.version = (cluster.data / "PG_VERSION").read_text().strip()
        (cluster.data / "pg_hba.conf").write_text(HBA)
        with open(cluster.data / "postgresql.conf", "a") as conf:
            conf.write("".join(f"\n{k} = {v}" for k, v in SETTINGS.items()) + f"\nunix_socket_directories = '{folder}'\n")
        for _ in range(5):  # another program may take the free port between asking and listening
            cluster.port = _free_port()
            done = cluster._run(str(bin_dir / "pg_ctl"), "-D", str(cluster.data), "-l", str(folder / "server.log"), "-w", "-t", "60",
                                "-o", f"-p {cluster.port}", "start")
            if done.returncode == 0:
                break
        else:
            log = (folder / "server.log").read_text(errors="replace").strip().splitlines()[-3:] if (folder / "server.log").exists() else []
            raise Unavailable(f"the server would not start: {' / '.join(log) or done.stderr.strip()}")
        _create_password_role(cluster)
        _watch(cluster)
    except BaseException:
        cluster.stop()
        raise
    return cluster


def _watch(cluster: Cluster) -> None:
    """A watchdog beside the session: when the session's process is gone without stopping the cluster
    (killed, a timeout), it stops the server and removes the folder, so nothing is left running."""
    stop = " ".join(shlex.quote(a) for a in [*cluster.prefix, str(cluster.bin_dir / "pg_ctl"), "-D", str(cluster.data), "-m", "immediate", "stop"])
    script = (f"while kill -0 {os.getpid()} 2>/dev/null; do sleep 2; done; "
              f"if [ -d {shlex.quote(str(cluster.data))} ]; then {stop} >/dev/null 2>&1; fi; rm -rf {shlex.quote(str(cluster.folder))}")
    subprocess.Popen(["sh", "-c", script], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     start_new_session=True)


def _create_password_role(cluster: Cluster) -> None:
    import psycopg

    with psycopg.connect(cluster.url().replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {PASSWORD_ROLE} LOGIN CREATEDB PASSWORD '{PASSWORD}'")

"""What the benchmarks share: a throw-away Atrium site (var dir + database), one server process, machine facts."""

from __future__ import annotations

import datetime
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager, suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
PYTHON = sys.executable
POSTGRES_URL = os.environ.get("ATRIUM_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


class Site:
    """A var dir (and optionally a PostgreSQL database) with production settings: ATRIUM_DEBUG unset."""

    def __init__(self, var_dir: Path, database_url: str | None = None) -> None:
        self.var_dir = var_dir
        self.database_url = database_url
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("ATRIUM_")}
        self.env.update(DJANGO_SETTINGS_MODULE="atrium.settings", ATRIUM_VAR_DIR=str(var_dir))
        if database_url:
            self.env["ATRIUM_DATABASE_URL"] = database_url

    @property
    def engine(self) -> str:
        return "postgresql" if self.database_url else "sqlite"

    def run(self, *args: str) -> str:
        result = subprocess.run(
            [PYTHON, *args], cwd=ROOT, env=self.env, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(args[:3])} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def prepare(self, *, demo: bool) -> None:
        self.run("manage.py", "migrate", "--no-input", "-v0")
        if demo:
            self.run("manage.py", "demo")

    def token_for(self, username: str) -> str:
        script = (
            "import django; django.setup()\n"
            "from atrium.accounts.models import User\n"
            "from atrium.accounts.services import token_create\n"
            f"_token, raw = token_create(actor=User.objects.get(username={username!r}), name='bench')\n"
            "print(raw)\n"
        )
        return self.run("-c", script).strip().splitlines()[-1]

    def server_command(self, port: int, *, fast: bool = True) -> list[str]:
        uvicorn = Path(PYTHON).parent / "uvicorn"
        head = [str(uvicorn)] if fast and uvicorn.exists() else [PYTHON, "-m", "uvicorn"]
        command = [
            *head,
            "atrium.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
        ]
        if fast:
            command += ["--loop", "uvloop", "--http", "httptools"]
        return command

    @property
    def server_log(self) -> Path:
        return self.var_dir / "server.log"

    def start_server(self, port: int, *, fast: bool = True) -> subprocess.Popen:
        """The server's output goes to var_dir/server.log (a pipe nobody reads would block it)."""
        with self.server_log.open("ab") as log:
            return subprocess.Popen(
                self.server_command(port, fast=fast), cwd=ROOT, env=self.env, stdout=log, stderr=log
            )

    def server_errors(self) -> list[str]:
        if not self.server_log.exists():
            return []
        lines = self.server_log.read_text(encoding="utf-8", errors="replace").splitlines()
        return [line for line in lines if " ERROR " in line or line.startswith("ERROR")]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def http_get(url: str, headers: dict[str, str] | None = None, timeout: float = 2.0) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def wait_healthy(
    port: int,
    server: subprocess.Popen,
    *,
    timeout: float = 60.0,
    interval: float = 0.01,
    log: Path | None = None,
) -> float:
    """Seconds until /healthz answers 200; RuntimeError if the server dies or the time runs out."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if server.poll() is not None:
            output = log.read_text(encoding="utf-8", errors="replace")[-3000:] if log and log.exists() else ""
            raise RuntimeError(f"the server exited with {server.returncode}:\n{output}")
        try:
            status, _body = http_get(f"http://127.0.0.1:{port}/healthz", timeout=1.0)
            if status == 200:
                return time.perf_counter() - started
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(interval)
    raise RuntimeError(f"/healthz did not answer 200 within {timeout} s")


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time a process has used so far (Linux /proc), or None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@contextmanager
def temporary_var_dir(label: str):
    path = Path(tempfile.mkdtemp(prefix=f"atrium-bench-{label}-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def postgres_database(name: str):
    """Yields the URL of a fresh database ``name`` (dropped afterwards), or None when PostgreSQL is unreachable."""
    try:
        import psycopg

        admin = psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=3)
    except Exception as exc:  # no driver or no server: the PostgreSQL run is skipped, with the reason
        print(f"PostgreSQL not reachable at {POSTGRES_URL}: {exc}; skipping the PostgreSQL run.")
        yield None
        return
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_URL.partition("?")[0].rpartition("/")[0]
    try:
        yield f"{base}/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def machine_facts() -> dict:
    facts = {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            models = [line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")]
        facts["cpu"] = models[0] if models else None
    except OSError:
        facts["cpu"] = None
    with suppress(OSError):
        facts["load_average_at_start"] = [round(x, 2) for x in os.getloadavg()]
    return facts


def write_result(name: str, data: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / name
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path

"""`make faults`: Docket while its services fail, judged by what people see.

1. Starts, under one temporary folder and on free ports, services of its own:
   a PostgreSQL 15 cluster (never the machine's, on 5432), a redis-server and
   an SMTP sink that counts the recipients of every message (aiosmtpd). All
   are stopped at exit, on a failure or Ctrl-C too.
2. Migrates, loads the demo and serves it with gunicorn (production
   settings) and `manage.py db_worker` (TASKS_BACKEND=database).
3. A few threads browse and sign the petition, one new email a signature,
   while each service in turn is stopped and started again; Redis is also
   frozen (SIGSTOP) and thawed.
4. Waits a bounded time for the emails, then counts per phase the answers
   by code, the requests slower than 2 s and the seconds the site took to
   recover; signatures answered "sent" but not stored; stored signatures
   whose email never reached the sink. A planted loss of each kind checks
   that the counts can see one.

Prints one table, writes bench/results/faults-<time>.json and exits 1 when a
target is missed: 0 lost signatures, 0 lost emails, 0 5xx while only the
cache is down, only 503 while the database is down, no request over 2 s
while Redis is frozen or the database is down, recovery within 5 s.
"""

import argparse
import collections
import contextlib
import dataclasses
import datetime
import http.client
import json
import os
import re
import shutil
import signal
import smtplib
import socket
import subprocess
import sys
import tempfile
import threading
import time
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller

# bench/run.py, beside this file (a script's folder is on sys.path).
from run import HOST, PYTHON, RESULTS, ROOT, manage, production_env, sign_path

PG_BIN = Path("/usr/lib/postgresql/15/bin")
SLOW = 2.0  # seconds: an answer slower than this stalled
RECOVERY = 5.0  # seconds a service's return may take to show
CLIENT_TIMEOUT = 10.0
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TRACEBACK = "Traceback (most recent call last)"


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_for_port(port, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection((HOST, port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port} after {seconds} s")


class Postgres:
    """A cluster of our own. initdb refuses to run as root: as root, every
    server command runs as the postgres user, who owns the folder."""

    def __init__(self, folder, port):
        self.folder, self.port = folder, port
        self.data = folder / "data"
        self.log = folder / "postgres.log"
        self.url = f"postgres://postgres@{HOST}:{port}/docket"

    def run(self, *args):
        command = [str(PG_BIN / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

    def create(self):
        self.folder.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self.run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        # fsync off: a throwaway cluster, always stopped cleanly ("fast"
        # writes every commit out first), where migrating is half the run.
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"port = {self.port}\nlisten_addresses = '{HOST}'\n"
                f"unix_socket_directories = '{self.folder}'\nfsync = off\n"
            )
        self.start()
        self.run("createdb", "-h", HOST, "-p", str(self.port), "docket")

    def start(self):
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "start")

    def stop(self, mode="fast"):
        self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def close(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop("immediate")


class Redis:
    def __init__(self, folder, port):
        self.folder, self.port = folder, port
        self.log = folder / "redis.log"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                HOST,
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=self.log.open("a"),
            stderr=subprocess.STDOUT,
        )
        wait_for_port(self.port)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # a frozen one cannot exit
            self.process.terminate()
            self.process.wait(timeout=10)

    def freeze(self):
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self):
        self.process.send_signal(signal.SIGCONT)

    close = stop


class MailSink:
    """An SMTP server that counts the messages each recipient was sent.
    Stopped, nothing listens on its port: the app's sends are refused."""

    def __init__(self, port):
        self.port = port
        self.received = collections.Counter()
        self.lock = threading.Lock()
        self.controller = None

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.received.update(address.lower() for address in envelope.rcpt_tos)
        return "250 Message accepted"

    def start(self):
        self.controller = Controller(self, hostname=HOST, port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None

    def counts(self):
        with self.lock:
            return collections.Counter(self.received)

    close = stop


class Supervised:
    """A process restarted when it exits, as systemd's Restart=always would;
    the restarts are counted (a worker that dies with the database shows)."""

    def __init__(self, argv, env, log):
        self.argv, self.env, self.log = argv, env, log
        self.process = None
        self.restarts = 0
        self.closing = threading.Event()

    def spawn(self):
        self.process = subprocess.Popen(
            self.argv,
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("a"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start(self):
        self.spawn()
        threading.Thread(target=self.watch, daemon=True).start()

    def watch(self):
        while not self.closing.wait(0.5):
            if self.process.poll() is not None and not self.closing.wait(1):
                self.restarts += 1
                self.spawn()

    def close(self):
        self.closing.set()
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


@dataclasses.dataclass
class Answer:
    kind: str  # "browse" or "sign"
    path: str
    outcome: object  # the HTTP status, "sent", "timeout" or "no answer"
    started: float
    ended: float

    @property
    def seconds(self):
        return self.ended - self.started

    @property
    def is_5xx(self):
        return isinstance(self.outcome, int) and self.outcome >= 500

    @property
    def unanswered(self):
        return self.outcome in ("timeout", "no answer")

    @property
    def normal(self):
        expected = "sent" if self.kind == "sign" else 200
        return self.outcome == expected and self.seconds <= SLOW


class Load:
    """Threads that browse and sign, each answer recorded."""

    def __init__(self, port):
        self.port = port
        self.answers = []
        self.signed = {}  # email: when its POST started
        self.sent = set()  # emails answered "sent"
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = []

    def fetch(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection(HOST, self.port, timeout=CLIENT_TIMEOUT)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response, response.read().decode(errors="replace")
        except TimeoutError:
            return "timeout", ""
        except (OSError, http.client.HTTPException):
            return "no answer", ""
        finally:
            conn.close()

    def timed(self, kind, method, path, **kwargs):
        started = time.monotonic()
        response, body = self.fetch(method, path, **kwargs)
        outcome = response if isinstance(response, str) else response.status
        if outcome == 302 and kind == "sign":
            if response.getheader("Location", "").endswith("?status=sent"):
                outcome = "sent"
        answer = Answer(kind, path, outcome, started, time.monotonic())
        with self.lock:
            self.answers.append(answer)
        return response, body, outcome

    def browse(self, paths, offset):
        n = offset
        while not self.stopping.wait(0.05):
            self.timed("browse", "GET", paths[n % len(paths)])
            n += 1

    def sign(self, page_path, sign_path, prefix):
        cookie = token = None
        n = 0
        while not self.stopping.wait(0.05):
            # A browser keeps the form it was shown last if the page fails.
            response, body, status = self.timed("browse", "GET", page_path)
            if status == 200:
                for header in response.headers.get_all("Set-Cookie") or []:
                    if header.startswith("csrftoken="):
                        cookie = header.split(";")[0]
                token = TOKEN.search(body).group(1)
            if token is None:
                continue
            n += 1
            email = f"{prefix}{n}@example.org"
            form = (
                f"csrfmiddlewaretoken={token}&name=Fault+Signer&country=LT"
                f"&website=&email={email.replace('@', '%40')}"
            )
            with self.lock:
                self.signed[email] = time.monotonic()
            *_, outcome = self.timed(
                "sign",
                "POST",
                sign_path,
                body=form,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": cookie or "",
                },
            )
            if outcome == "sent":
                with self.lock:
                    self.sent.add(email)

    def start(self, browse_paths, page_path, sign_path, prefix):
        workers = [(self.browse, (browse_paths, i)) for i in range(2)]
        workers += [
            (self.sign, (page_path, sign_path, f"{prefix}{i}-")) for i in (0, 1)
        ]
        for target, args in workers:
            thread = threading.Thread(target=target, args=args, daemon=True)
            thread.start()
            self.threads.append(thread)

    def close(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join(CLIENT_TIMEOUT + 5)


@dataclasses.dataclass
class Phase:
    name: str
    action: object
    seconds: float
    # cache: only the cache is down or coming back (no 5xx at all); database:
    # the database is down or coming back (503 allowed, never another 5xx).
    fault: str = ""
    stalls: bool = False  # a service that answers nothing: none over SLOW
    recovers: bool = False  # a service is back: measure the recovery
    started: float = 0
    back_at: float = 0  # when the action returned
    healthy_at: float | None = None  # the first /healthz 200 after back_at
    log_span: tuple = (0, 0)  # its bytes of the gunicorn log


def run_phases(load, phases, log):
    for phase in phases:
        start = log.stat().st_size
        phase.started = time.monotonic()
        if phase.action:
            phase.action()
        phase.back_at = time.monotonic()
        until = phase.back_at + phase.seconds
        while phase.recovers and phase.healthy_at is None:
            if time.monotonic() > until:
                break
            response, _ = load.fetch("GET", "/healthz")
            if getattr(response, "status", None) == 200:
                phase.healthy_at = time.monotonic()
            time.sleep(0.1)
        time.sleep(max(until - time.monotonic(), 0))
        phase.log_span = (start, log.stat().st_size)
        print(f"  {phase.name} ({phase.seconds:.0f} s)", flush=True)


def phase_at(phases, moment):
    """The phase under way at `moment` (the first one for earlier moments)."""
    return next((p for p in reversed(phases) if p.started <= moment), phases[0])


def examples(answers, limit=3):
    """'12× 500 /petition/sign/5/' for the commonest answers that miss a target."""
    seen = collections.Counter((a.outcome, a.path) for a in answers)
    return ", ".join(f"{n}× {o} {p}" for (o, p), n in seen.most_common(limit))


def recovery_seconds(phase, answers):
    """From the service's return to the later of the first /healthz 200 and
    the end of the last abnormal answer; None if that left less than a second
    of normal answers before the phase ended."""
    if phase.healthy_at is None:
        return None
    last = max([phase.healthy_at, *(a.ended for a in answers if not a.normal)])
    if last > phase.back_at + phase.seconds - 1:
        return None
    return round(last - phase.back_at, 2)


def judge(phase, ended, started):
    """The row of the table and [(target, passed, why)] for one phase.

    An answer's code counts in the phase it ended in (the fault it met), its
    slowness in the phase it started in (the fault that stalled it)."""
    fives = [a for a in ended if a.is_5xx]
    unanswered = [a for a in ended if a.unanswered]
    slow = [a for a in started if a.seconds > SLOW]
    row = {
        "phase": phase.name,
        "seconds": phase.seconds,
        "requests": len(ended),
        "answers": dict(
            sorted(collections.Counter(str(a.outcome) for a in ended).items())
        ),
        "5xx": len(fives),
        "unanswered": len(unanswered),
        "slow": len(slow),
        "slowest_s": round(max((a.seconds for a in started), default=0), 2),
        "signed": sum(a.outcome == "sent" for a in ended),
        "signing": sum(a.kind == "sign" for a in ended),
        "recovery_s": recovery_seconds(phase, ended) if phase.recovers else None,
    }
    name = phase.name
    if phase.fault == "database":
        bad = [a for a in fives if a.outcome != 503]
        checks = [(f"{name}: only 503", not bad, examples(bad))]
    else:
        checks = [(f"{name}: 0 5xx", not fives, examples(fives))]
    checks.append(
        (f"{name}: every request answered", not unanswered, examples(unanswered))
    )
    if phase.stalls:
        why = f"{len(slow)} slow, the slowest {row['slowest_s']} s: {examples(slow)}"
        checks.append((f"{name}: none over {SLOW:.0f} s", not slow, why))
    if phase.recovers:
        seconds = row["recovery_s"]
        odd = [a for a in ended if not a.normal]
        why = "no /healthz 200" if phase.healthy_at is None else examples(odd)
        checks.append(
            (
                f"{name}: recovered within {RECOVERY:.0f} s",
                seconds is not None and seconds <= RECOVERY,
                f"{'not recovered' if seconds is None else f'{seconds} s'}; {why}",
            )
        )
    elif not phase.fault:
        odd = [a for a in ended if not a.normal and a.seconds <= SLOW]
        checks.append((f"{name}: every answer normal", not odd, examples(odd)))
    return row, checks


def answering(load, seconds=90):
    """Wait until gunicorn's workers answer (booting takes a while on a busy
    machine); /bench/bare is the bench settings' view that needs nothing."""
    deadline = time.monotonic() + seconds
    while getattr(load.fetch("GET", "/bench/bare")[0], "status", None) != 200:
        if time.monotonic() > deadline:
            raise RuntimeError(f"gunicorn did not answer within {seconds} s")
        time.sleep(0.5)


def stored_emails(database_url, prefix):
    import psycopg

    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT lower(email) FROM petition_signature WHERE email LIKE %s",
            [prefix + "%"],
        ).fetchall()
    return {email for (email,) in rows}


def drain(database_url, sink, prefix, seconds):
    """Wait until every stored signature of this run has had its email."""
    deadline = time.monotonic() + seconds
    while stored_emails(database_url, prefix) - set(sink.counts()):
        if time.monotonic() > deadline:
            return
        time.sleep(1)


def plant_silent_signature(env, email):
    """A stored signature with no email queued (bulk_create calls no save()
    and sends no signal): the self-check that a lost email is counted."""
    manage(
        env,
        "shell",
        "--no-imports",
        "-c",
        "from petition.models import PetitionPage, Signature; "
        "Signature.objects.bulk_create([Signature(petition=PetitionPage.objects"
        f".live().first(), name='Probe', email='{email}', country='LT')])",
    )


def losses(sent, stored, received, prefix):
    delivered = {address for address in received if address.startswith(prefix)}
    return {
        "lost_signatures": sent - stored,
        "lost_emails": stored - delivered,
        "duplicate_emails": {a for a in delivered if received[a] > 1},
        "stored_not_sent": stored - sent,
    }


def by_phase(emails, load, phases):
    """'SMTP stopped: 12, …' for where the signing of these emails started."""
    counts = collections.Counter(phase_at(phases, load.signed[e]).name for e in emails)
    return ", ".join(f"{name}: {n}" for name, n in counts.items())


def log_lines(log, span):
    with log.open("rb") as f:
        f.seek(span[0])
        text = f.read(span[1] - span[0]).decode(errors="replace")
    return text.count(TRACEBACK), text.count("\n")


def tail(path, lines=25):
    if not path.exists():
        return ""
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def print_table(rows):
    print(
        f"\n{'phase':20} {'reqs':>5} {'5xx':>4} {'no ans':>6} {'>2s':>4} "
        f"{'max s':>6} {'signed':>7} {'recov s':>7}  answers"
    )
    for row in rows:
        recovery = "" if row["recovery_s"] is None else row["recovery_s"]
        if row["recovery_s"] is None and row["phase"].endswith(("started", "thawed")):
            recovery = "never"
        answers = " ".join(f"{k}:{v}" for k, v in row["answers"].items())
        print(
            f"{row['phase']:20} {row['requests']:5} {row['5xx']:4} "
            f"{row['unanswered']:6} {row['slow']:4} {row['slowest_s']:6} "
            f"{row['signed']:>3}/{row['signing']:<3} {recovery:>7}  {answers}"
        )


def serve(env, http_port, workers, folder, logs, stack):
    """gunicorn and db_worker, each restarted should it exit."""
    gunicorn = Supervised(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "cms.wsgi",
            "--bind",
            f"{HOST}:{http_port}",
            "--workers",
            str(workers),
            "--access-logfile",
            str(folder / "access.log"),
        ],
        env,
        logs["gunicorn"],
    )
    # With TASKS_BACKEND=database, db_worker makes every attempt at an email,
    # retries included (petition/tasks.py): send_pending_emails is for the
    # immediate backend, so it is not run here.
    worker = Supervised(
        [
            PYTHON,
            "manage.py",
            "db_worker",
            "--interval",
            "0.5",
            "--no-startup-delay",
        ],
        env,
        logs["worker"],
    )
    for process in (gunicorn, worker):
        process.start()
        stack.callback(process.close)
    return gunicorn, worker


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phase-seconds", type=float, default=4)
    parser.add_argument("--recovery-seconds", type=float, default=8)
    parser.add_argument("--drain-seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=3)
    for name in ("http", "postgres", "redis", "smtp"):
        parser.add_argument(f"--{name}-port", type=int, default=0, help="0: any free")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    args = parser.parse_args()
    if not (PG_BIN / "initdb").exists() or not shutil.which("redis-server"):
        raise SystemExit(
            "PostgreSQL 15 and redis-server are needed: "
            "apt-get install postgresql-15 redis-server"
        )
    # SIGTERM unwinds as Ctrl-C does: every service is stopped on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    folder = Path(tempfile.mkdtemp(prefix="docket-faults-"))
    folder.chmod(0o755)  # the postgres user reaches its cluster inside
    logs = {n: folder / f"{n}.log" for n in ("gunicorn", "worker", "pg/postgres")}
    passed = False
    try:
        with contextlib.ExitStack() as stack:
            passed = suite(args, folder, logs, stack)
    finally:
        if not passed:
            for path in logs.values():
                print(f"\n--- the last lines of {path} ---\n{tail(path)}")
        if args.keep:
            print(f"Logs kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    sys.exit(0 if passed else 1)


def suite(args, folder, logs, stack):
    began = time.monotonic()
    port = {
        n: getattr(args, f"{n}_port") or free_port()
        for n in ("http", "postgres", "redis", "smtp")
    }
    postgres = Postgres(folder / "pg", port["postgres"])
    redis = Redis(folder, port["redis"])
    sink = MailSink(port["smtp"])
    print(
        f"In {folder}: PostgreSQL :{postgres.port}, Redis :{redis.port}, "
        f"SMTP :{sink.port}, gunicorn :{port['http']}",
        flush=True,
    )
    for service in (postgres, redis, sink):
        stack.callback(service.close)
    postgres.create()
    redis.start()
    sink.start()
    prefix = f"fault-{os.urandom(3).hex()}-"
    # Self-check: the sink counts a message sent to it.
    probe = EmailMessage()
    probe["From"] = probe["To"] = f"{prefix}probe-sink@example.org"
    with smtplib.SMTP(HOST, sink.port) as smtp:
        smtp.send_message(probe)
    sink_counts = sink.counts()[probe["To"]] == 1

    env = production_env(postgres.url)
    cache_url = f"redis://{HOST}:{redis.port}/0"
    env.update(
        CACHE_URL=cache_url,
        REDIS_URL=cache_url,
        EMAIL_URL=f"smtp://{HOST}:{sink.port}",
        BASE_URL=f"http://{HOST}:{port['http']}",
    )
    manage(env, "migrate", "--noinput", "-v0")
    # Indexed as it loads: no backlog of index tasks to hold up the emails.
    demo_env = {**env, "TASKS_BACKEND": "immediate"}
    manage(demo_env, "load_demo", stdout=subprocess.DEVNULL)
    manage(env, "collectstatic", "--noinput", "-v0")
    print(f"Database ready after {time.monotonic() - began:.0f} s", flush=True)
    gunicorn, worker = serve(env, port["http"], args.workers, folder, logs, stack)
    load = Load(port["http"])
    answering(load)
    sign = sign_path(env)
    response, _ = load.fetch("GET", sign)  # redirects to the petition's page
    page = response.getheader("Location")
    _, body = load.fetch("GET", "/api/v1/defenders/?page_size=1")
    slug = json.loads(body)["results"][0]["slug"]
    browse = [
        "/",
        "/defenders/",
        f"/defenders/{slug}/",
        "/api/v1/defenders/",
        "/search/?q=Viasna",
    ]
    for path in browse:  # fills the cache
        load.fetch("GET", path)

    waiting = []  # emails not yet received when SMTP came back

    def smtp_back():
        waiting.extend(stored_emails(postgres.url, prefix) - set(sink.counts()))
        sink.start()

    short, back = args.phase_seconds, args.recovery_seconds
    phases = [
        Phase("baseline", None, short),
        Phase("Redis stopped", redis.stop, short, "cache"),
        Phase("Redis started", redis.start, back, "cache", recovers=True),
        Phase("Redis frozen", redis.freeze, short, "cache", stalls=True),
        Phase("Redis thawed", redis.thaw, back, "cache", recovers=True),
        Phase("PostgreSQL stopped", postgres.stop, short, "database", stalls=True),
        Phase("PostgreSQL started", postgres.start, back, "database", recovers=True),
        Phase("SMTP stopped", sink.stop, short),
        Phase("SMTP started", smtp_back, back, recovers=True),
    ]
    print("Load and faults:", flush=True)
    stack.callback(load.close)
    phases[0].started = time.monotonic()
    load.start(browse, page, sign, prefix)
    run_phases(load, phases, logs["gunicorn"])
    load.close()
    stopped = time.monotonic()
    print(f"Waiting at most {args.drain_seconds:.0f} s for the emails", flush=True)
    drain(postgres.url, sink, prefix, args.drain_seconds)
    drained = time.monotonic() - stopped

    # Self-check: one planted loss of each kind, counted and then taken out.
    silent, unstored = f"{prefix}probe-silent@example.org", f"{prefix}probe-unstored"
    plant_silent_signature(env, silent)
    stored = stored_emails(postgres.url, prefix)
    received = sink.counts()
    lost = losses(load.sent | {unstored}, stored, received, prefix)
    planted_seen = unstored in lost["lost_signatures"] and silent in lost["lost_emails"]
    lost["lost_signatures"].discard(unstored)
    lost["lost_emails"].discard(silent)
    lost["stored_not_sent"].discard(silent)
    stored.discard(silent)

    rows, checks = [], []
    for phase in phases:
        ended = [a for a in load.answers if phase_at(phases, a.ended) is phase]
        started = [a for a in load.answers if phase_at(phases, a.started) is phase]
        row, phase_checks = judge(phase, ended, started)
        rows.append(row)
        checks += phase_checks
    checks += [
        ("self-check: the sink counts a message", sink_counts, ""),
        # Else the SMTP outage tested nothing (the worker was behind).
        ("self-check: emails were waiting when SMTP came back", bool(waiting), ""),
        ("self-check: a planted loss of each kind is counted", planted_seen, ""),
        (
            "0 lost signatures",
            not lost["lost_signatures"],
            by_phase(lost["lost_signatures"], load, phases),
        ),
        (
            "0 lost emails",
            not lost["lost_emails"],
            f"still missing {drained:.0f} s after the load stopped, signed during "
            + by_phase(lost["lost_emails"], load, phases),
        ),
    ]
    database = [p for p in phases if p.fault == "database"]
    tracebacks, lines = log_lines(
        logs["gunicorn"], (database[0].log_span[0], database[-1].log_span[1])
    )

    worker_tracebacks = logs["worker"].read_text(errors="replace").count(TRACEBACK)
    print_table(rows)
    print(
        f"\nsignatures: {len(load.signed)} tried, {len(load.sent)} answered sent, "
        f"{len(stored)} stored; {len(lost['lost_signatures'])} lost, "
        f"{len(lost['stored_not_sent'])} stored but answered otherwise"
    )
    print(
        f"emails: {sum(received.values()) - 1} received, "
        f"{len(lost['lost_emails'])} lost, "
        f"{len(lost['duplicate_emails'])} addresses sent more than one; "
        f"{len(waiting)} waiting when SMTP came back; "
        f"waited {drained:.1f} s after the load"
    )
    print(
        f"database outage in the gunicorn log: {tracebacks} tracebacks, {lines} "
        f"lines, {args.workers} workers (aim: one line per outage; not gating)"
    )
    print(
        f"restarts after an exit: gunicorn {gunicorn.restarts}, "
        f"db_worker {worker.restarts} ({worker_tracebacks} tracebacks in its log)\n"
    )
    for target, ok, why in checks:
        print(f"{'✓' if ok else '✗'} {target}" + (f": {why}" if why and not ok else ""))
    passed = all(ok for _, ok, _ in checks)
    print(
        f"\nfault suite {'passed' if passed else 'FAILED'} "
        f"in {time.monotonic() - began:.0f} s"
    )

    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS / f"faults-{stamp}.json"
    result = {
        "when": stamp,
        "passed": passed,
        "phases": rows,
        "checks": [{"target": t, "passed": ok, "why": why} for t, ok, why in checks],
        "signatures": {
            "tried": len(load.signed),
            "sent": len(load.sent),
            "stored": len(stored),
        },
        "counts": {key: len(emails) for key, emails in lost.items()},
        "emails_waiting_for_smtp": len(waiting),
        "database_outage_log": {"tracebacks": tracebacks, "lines": lines},
        "restarts": {"gunicorn": gunicorn.restarts, "db_worker": worker.restarts},
        "worker_log_tracebacks": worker_tracebacks,
    }
    out.write_text(json.dumps(result, indent=2))
    print(f"Written to {out.relative_to(ROOT)}")
    return passed


if __name__ == "__main__":
    main()

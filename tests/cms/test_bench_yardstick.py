"""The bench's yardstick (bench/minimal.py) and how bench/run.py turns
rounds into a row of its table."""

import json
import subprocess
import sys
from pathlib import Path

from bench import run

ROOT = Path(__file__).resolve().parents[2]

# bench/minimal.py configures Django for itself: it runs in a process of
# its own, called through WSGI as gunicorn would.
CALL = """
import io, json, sys
from wsgiref.util import setup_testing_defaults
sys.path.insert(0, "bench")
from minimal import application
for method, path in [("GET", "/"), ("GET", "/elsewhere"), ("GET", "/insert")]:
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "HTTP_HOST": "127.0.0.1"}
    setup_testing_defaults(environ)
    answer = {}
    def start_response(status, headers):
        answer.update(status=status, headers=dict(headers))
    answer["body"] = b"".join(application(environ, start_response)).decode()
    print(json.dumps(answer))
"""


def test_the_minimal_app_answers_without_a_database():
    out = subprocess.run(
        [sys.executable, "-c", CALL],
        cwd=ROOT,
        # Nothing listens there: GET / must not touch the database.
        env={"DATABASE_URL": "postgres://nobody@127.0.0.1:1/none", "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    home, elsewhere, insert = (json.loads(line) for line in out.splitlines())
    assert home["status"] == "200 OK"
    assert json.loads(home["body"]) == {"ok": True}
    # No middleware, no cache: nothing but the JSON's own headers.
    assert "X-Cache" not in home["headers"]
    assert "Vary" not in home["headers"]
    assert elsewhere["status"].startswith("404")
    assert insert["status"].startswith("405")  # POST only


def round_of(rps, yardstick_rps, p50_ms=10, bare_rps=None):
    stats = {
        "requests": 100,
        "socket_errors": 0,
        "rps": rps,
        "p50_us": p50_ms * 1000,
        "p95_us": p50_ms * 2000,
        "p99_us": p50_ms * 3000,
    }
    bare = {"rps": bare_rps} if bare_rps else None
    return run.measured(stats, {"rps": yardstick_rps}, bare)


def test_each_round_is_compared_with_its_own_yardstick():
    rounds = [
        round_of(400, 1000, p50_ms=5, bare_rps=500),
        round_of(450, 500, p50_ms=9, bare_rps=900),  # a noisy round
        round_of(600, 1000, p50_ms=7, bare_rps=600),
    ]
    median = run.summarize(rounds)
    assert (median["ratio_min"], median["ratio_median"], median["ratio_max"]) == (
        0.4,
        0.6,
        0.9,
    )
    assert median["bare_ratio"] == 0.8
    assert median["rps"] == 450
    assert median["p50_ms"] == 7
    row = {"target": ("ratio", 0.8), "median": median}
    assert run.verdict(row) == ("≥0.8", False)


def test_a_latency_target_fails_when_a_request_got_no_answer():
    rounds = [round_of(10, 1000, p50_ms=20) for _ in range(3)]
    rounds[1] |= {"requests": 0}
    row = {"target": ("p50", 100), "median": run.summarize(rounds)}
    assert row["median"]["p50_ms"] == 20  # the rounds that answered
    assert run.verdict(row) == ("p50 ≤100ms", False)
    rounds[1] |= {"requests": 100}
    row = {"target": ("p50", 100), "median": run.summarize(rounds)}
    assert run.verdict(row) == ("p50 ≤100ms", True)


def test_each_scale_has_a_database_of_its_own():
    base = "postgres://postgres@127.0.0.1:5432/docket_bench"
    assert run.dataset_url(base, 10_000).endswith("/docket_bench_10000")


def test_a_row_no_request_of_which_was_answered_has_no_latency():
    rounds = [round_of(0, 1000) | {"requests": 0} for _ in range(3)]
    row = {"target": ("p50", 100), "median": run.summarize(rounds)}
    assert row["median"]["p50_ms"] is None
    assert run.verdict(row) == ("p50 ≤100ms", False)

"""Redis servers for the tests: the real one, a closed port, a frozen one."""

import contextlib
import socket
import threading

REDIS_UP = "redis://127.0.0.1:6379/14"
# Port 1 (tcpmux) is closed on any test machine: every connection is refused.
REDIS_DOWN = "redis://127.0.0.1:1/0"


def redis_running():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@contextlib.contextmanager
def frozen_redis():
    """A server that accepts connections and never answers, like a Redis
    stuck on a full disk or a dead host behind a live load balancer. Yields
    (url, connections): how many connections it accepted so far."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.1)
    accepted = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"redis://127.0.0.1:{server.getsockname()[1]}/0", accepted
    finally:
        stop.set()
        thread.join()
        for connection in accepted:
            connection.close()
        server.close()

"""One log line when a service (Redis, the database) goes away, one when it
is back.

A dead service fails every request; a traceback or a warning per request
buries the log (one database outage once wrote 656 traceback lines). An
Outage remembers that it is under way: the first failure logs one line
naming the error, the first success after it one line saying how long it
lasted. It is shared by every thread of the process.
"""

import threading
import time


class Outage:
    def __init__(self, name, logger, level, backoff=0.0):
        self.name = name
        self.logger = logger
        self.level = level
        # After a failure, callers leave the service alone this many seconds.
        self.backoff = backoff
        self.since = None
        self.retry_at = 0.0
        self._lock = threading.Lock()

    @property
    def active(self):
        return self.since is not None

    def worth_trying(self):
        return time.monotonic() >= self.retry_at

    def failed(self, error):
        now = time.monotonic()
        with self._lock:
            self.retry_at = now + self.backoff
            first = self.since is None
            if first:
                self.since = now
        if first:
            self.logger.log(
                self.level,
                "%s unavailable (%s: %s)",
                self.name,
                type(error).__name__,
                error,
            )

    def recovered(self):
        if self.since is None:  # the usual case, without taking the lock
            return
        with self._lock:
            since, self.since = self.since, None
        if since is not None:
            seconds = time.monotonic() - since
            self.logger.info("%s available again after %.0f s", self.name, seconds)

"""gunicorn's settings for bench/minimal.py: Docket's worker settings
(gunicorn.conf.py; the worker count and class come from bench/run.py's
command line, the same for both), without loading Docket."""

import gc

timeout = 180  # as Docket


def on_starting(server):
    from bench.minimal import create_table

    create_table()


def post_worker_init(worker):
    gc.freeze()  # as Docket: start-up objects left out of garbage collection

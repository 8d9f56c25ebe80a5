"""The worker's helper process: an import's CPU work (checking, indexing, sealing) on the
second core, one batch ahead of the worker writing the previous one to the database.

The helper holds the same keys as the worker (built from the same configuration) and
no database. (Campaigns do not need it: their cost is the relay's round trips, which
several SMTP connections overlap.)
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from flask import current_app

_current: tuple | None = None
_pools: dict = {}


def _init(crypto_config) -> None:
    global _current
    _current = crypto_config.build()


def crypto() -> tuple:
    """(envelope, blind index): the helper's own, or the app's when run in the worker."""
    if _current is not None:
        return _current
    return current_app.extensions["convene_envelope"], current_app.extensions["convene_index"]


def pool(crypto_config) -> ProcessPoolExecutor:
    """The worker's one helper process, started on first use."""
    found = _pools.get(crypto_config)
    if found is None:
        context = multiprocessing.get_context("spawn")  # never fork a process with threads
        found = _pools[crypto_config] = ProcessPoolExecutor(
            1, context, initializer=_init, initargs=(crypto_config,)
        )
    return found

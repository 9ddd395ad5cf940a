"""Pages built by forked worker processes that take shares of them as they finish.

The workers run in a `ProcessPoolExecutor`, which notices a worker that dies (killed by
the system when memory runs out, a crash in a C extension, `os._exit`) and fails every
share still pending instead of waiting for it. The step then runs again in this process,
from its start: a killed worker costs time, never a hang and never a different site.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import gc
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from mkdocs.exceptions import Abort

from vmv.engine.mkdocs.page_work import PageFailed, PageMessages, PageWork, Record, Step, replay, run_share

engine_log = logging.getLogger("mkdocs.vmv")
"""Errors in MkDocs' words, which the engine's adapter turns into problem lines."""
notices = logging.getLogger(__name__)
"""What the user may want to know, though nothing is wrong with the site: the command line
shows vmv's info messages."""

MIN_PAGES_PER_WORKER = 40
"""Below this, forking costs more than it saves."""
WORKERS_ENV = "VMV_WORKERS"
"""`VMV_WORKERS=N` builds with N processes instead of one per core."""

ShareResults = tuple[list[Any], list[Record]]
"""A share's results, in its order, and MkDocs' messages about its pages."""

WorkerHook = Callable[[int], None]
"""Called in a worker process before each page, with the page's index (tests stop a
worker with it)."""


def workers_for(pages: int) -> int:
    """How many processes to build `pages` pages with; 1 outside the main thread, where
    forking could copy a lock another thread holds."""
    if threading.current_thread() is not threading.main_thread():
        return 1
    chosen = os.environ.get(WORKERS_ENV, "")
    if chosen.isdigit() and int(chosen) > 0:
        return int(chosen)
    return max(1, min(os.cpu_count() or 1, pages // MIN_PAGES_PER_WORKER, 8))


def shares_of(costs: list[int], workers: int) -> list[list[int]]:
    """Page indexes in shares for `workers` processes to take one at a time: a page that
    costs more than its share (the handbook) alone and first, then runs of neighbouring
    pages, which share their navigation HTML. Taking shares as they finish keeps every
    worker busy to the end, whatever the estimates got wrong."""
    if workers <= 1:
        return [list(range(len(costs)))]
    total = sum(costs) or 1
    large = [i for i in range(len(costs)) if costs[i] * workers * 4 > total]
    shares = [[i] for i in sorted(large, key=lambda i: -costs[i])]
    rest = [i for i in range(len(costs)) if i not in set(large)]
    size = max(4, len(rest) // (workers * 8))
    shares += [rest[start : start + size] for start in range(0, len(rest), size)]
    return shares


def run_pages(
    step: Step,
    work: PageWork,
    shares: list[list[int]],
    workers: int,
    meanwhile: Callable[[], None] = lambda: None,
    in_worker: WorkerHook | None = None,
) -> list[Any]:
    """`step`'s result for every page, in page order, from `workers` forked processes that
    take the shares one at a time, or from this process; MkDocs' messages are replayed in
    page order. This process runs `meanwhile` once, while the workers work (or before).

    Raises MkDocs' `Abort` when a page failed within vmv's limits, after naming each one.
    """
    pool = _Pool.start(step, work, shares, workers, in_worker) if workers > 1 and len(shares) > 1 else None
    try:
        meanwhile()
        done = pool.results() if pool is not None else None
    finally:
        if pool is not None:
            pool.close()
    if done is None:
        messages = PageMessages()
        try:
            done = run_share(step, work, range(len(work.pages)), messages)
        finally:
            replay(messages.records)
    return _unless_failed(done)


@dataclasses.dataclass(frozen=True)
class _Given:
    """What a worker process is given when it starts."""

    work: PageWork
    in_worker: WorkerHook | None


_given_to_this_worker: _Given | None = None
"""Set in each worker process, from its start-up argument, and only there: the executor
sends a task only what pickles, and a build's MkDocs objects reach workers by fork instead."""


def _start_worker(given: _Given) -> None:
    global _given_to_this_worker
    _given_to_this_worker = given


def _share_in_worker(step: Step, share: list[int]) -> ShareResults:
    given = _given_to_this_worker
    if given is None:
        raise RuntimeError("a share of pages ran outside a worker that was given the build")
    messages = PageMessages()
    return run_share(step, given.work, share, messages, given.in_worker), messages.records


@dataclasses.dataclass
class _Pool:
    """Worker processes at work on every share of one step."""

    executor: ProcessPoolExecutor
    shares: list[list[int]]
    futures: list[Future[ShareResults]]

    @classmethod
    def start(
        cls, step: Step, work: PageWork, shares: list[list[int]], workers: int, in_worker: WorkerHook | None
    ) -> _Pool | None:
        """The workers, forked now and given every share; None when the system cannot fork."""
        _release_free_memory()
        # Objects made so far are left out of garbage collection: a collection in a worker
        # would touch them all, and copy the parent's memory into each worker.
        gc.freeze()
        try:
            executor = ProcessPoolExecutor(
                min(workers, len(shares)),
                mp_context=multiprocessing.get_context("fork"),
                initializer=_start_worker,
                initargs=(_Given(work, in_worker),),
            )
        except OSError:  # no shared memory for its queues' locks (some containers)
            _cannot_fork()
            return None
        futures: list[Future[ShareResults]] = []
        try:
            # The first submission forks every worker, before the executor starts its threads.
            for share in shares:
                futures.append(executor.submit(_share_in_worker, step, share))
        except BrokenProcessPool as error:
            # A worker died already: the shares left fail as the pool did.
            lost: Future[ShareResults] = Future()
            lost.set_exception(error)
            futures.append(lost)
        except OSError:
            executor.shutdown(wait=True, cancel_futures=True)
            _cannot_fork()
            return None
        return cls(executor, shares, futures)

    def results(self) -> list[Any] | None:
        """Every page's result in page order, with MkDocs' messages replayed; None when a
        worker failed or died, and the step must run again in this process."""
        try:
            done = [future.result() for future in self.futures]
        except BrokenProcessPool:
            notices.info(
                "a worker process of the build stopped before it was done (out of memory?); "
                "building its pages again in one process"
            )
            return None
        except Exception:
            # A page that fails does so again in this process, with MkDocs' own message.
            engine_log.debug("a worker failed; building in one process", exc_info=True)
            return None
        ordered = sorted(
            (index, result)
            for share, (share_results, _) in zip(self.shares, done, strict=True)
            for index, result in zip(share, share_results, strict=True)
        )
        replay(record for _, share_records in done for record in share_records)
        return [result for _, result in ordered]

    def close(self) -> None:
        """Stop the workers; shares not started are dropped. After a worker died, the executor
        has ended the others already: nothing they write can follow this process's pages."""
        self.executor.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()


def _cannot_fork() -> None:
    gc.unfreeze()
    notices.info("the system could not start the build's worker processes; building in one process")


def _release_free_memory() -> None:
    """Hand memory freed so far (vmv's rendering of a large site) back to the OS, where the C
    library can (glibc's malloc_trim): the workers' peak adds up with the parent's."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)


def _unless_failed(results: Sequence[Any]) -> list[Any]:
    """The results, when no page failed; otherwise each failure is an error in MkDocs' words,
    which the engine's adapter turns into a problem line at the page, and the build stops."""
    failures = [result for result in results if isinstance(result, PageFailed)]
    for failure in failures:
        engine_log.error("Doc file '%s' %s", failure.page, failure.reason)
    if failures:
        raise Abort("Aborted with pages that could not become HTML")
    return list(results)

"""Run costly work in a low-priority thread of this process, so that pages come first.

A worker computing an uncached indicator payload or its statistics holds a CPU core for
tens of milliseconds at a time. At the same priority, a burst of such computations takes
the cores from the workers serving pages, and the home page's latency grows with the
burst (issue 17). Here each worker process keeps one thread whose kernel priority is
lowered (a nice value of API_COMPUTE_NICE, Linux only, where a thread has its own): the
computation runs there while the worker waits for it, and the kernel gives any core a
page needs to the page first.

Lowering a thread's priority needs no privilege; raising it back would, which is why the
thread keeps it for its whole life and only ever runs such work. The thread holds no
database connection: callers load their data first and hand over a pure computation.
"""

import logging
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_executors: dict[int, ThreadPoolExecutor] = {}  # by process id: a forked child makes its own


def _lower_priority() -> None:
    if not sys.platform.startswith("linux"):
        return  # elsewhere setpriority would lower the whole process
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), settings.API_COMPUTE_NICE)
    except OSError:
        logger.warning("could not lower the computation thread's priority", exc_info=True)


def _executor() -> ThreadPoolExecutor:
    pid = os.getpid()
    with _lock:
        executor = _executors.get(pid)
        if executor is None:
            _executors.clear()  # a parent's executor has no thread in this process
            executor = ThreadPoolExecutor(
                max_workers=1, thread_name_prefix="low-priority", initializer=_lower_priority
            )
            _executors[pid] = executor
        return executor


def _timed(work):
    started = time.thread_time()
    try:
        return work(), None, time.thread_time() - started
    except Exception as exc:  # handed back to the caller, with the CPU time it took
        return None, exc, time.thread_time() - started


def run(work):
    """(work()'s result, the CPU seconds it took), computed in the low-priority thread.

    An exception from `work` is raised here, with the CPU seconds as its `cpu_seconds`.
    """
    if not settings.API_COMPUTE_NICE:
        return _timed_or_raise(_timed(work))
    return _timed_or_raise(_executor().submit(_timed, work).result())


def _timed_or_raise(outcome):
    value, error, cpu = outcome
    if error is not None:
        error.cpu_seconds = cpu
        raise error
    return value, cpu

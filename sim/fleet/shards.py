"""A population over worker processes: shard k runs its slice of the Macs in a World of its own.

Shard k of N runs Macs ``[k*n//N, (k+1)*n//N)`` (n Macs): each Mac's traits come from (seed, index), so
the slice decides only which process runs a Mac, never what the Mac is. Each shard is its own World and
tenant, seeded from (population seed, k) by SHA-256 (``hash()`` of a str differs per process): shard 0's
World is the one ``run_fleet(population)`` makes, so ``--shards 1`` is the unsharded run. What is
therefore the same for every shard count, and what is not, is in docs/fleet.md ("Sharding").

Workers are spawned, not forked (no parent threads or locks copied; the same on macOS and Windows),
report progress through a queue every 1% of their Macs, and start with SIGINT blocked (a terminal's Ctrl-C
goes to its whole process group): the parent alone takes the KeyboardInterrupt, sets a stop event that
every shard checks before its next Mac, waits for them to stop and raises it again, so that no worker dies
half-way printing a traceback. A script calling :func:`run_sharded` needs ``if __name__ == "__main__":``,
as any program starting processes by spawning does.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Event
from typing import Any

from psso_sim.errors import SimError
from psso_sim.fleet.outcomes import FleetResult
from psso_sim.fleet.population import Population
from psso_sim.fleet.rollout import run_fleet

__all__ = ["ShardError", "ShardStopped", "run_shard", "run_sharded", "shard_range", "world_seed_of"]

Progress = Callable[[int, int], None]
UPDATES_PER_SHARD = 100  # a queue message every 1% of a shard's Macs: smooth enough, and cheap


class ShardError(SimError):
    """A SimError raised in a worker, carried to the parent as its text and exit status.

    Pickling a SimError re-creates it from its text alone (its subsystem and hint would be lost or doubled),
    so the worker sends this instead.
    """

    subsystem = "fleet"

    def __init__(self, text: str, exit_status: int = 1) -> None:
        self.text = text
        self.exit_status = exit_status
        super().__init__(text)

    def __str__(self) -> str:
        return self.text

    def __reduce__(self) -> tuple[Any, ...]:
        return ShardError, (self.text, self.exit_status)


class ShardStopped(Exception):
    """Raised in a worker at its next Mac once the parent asked every shard to stop."""


def shard_range(macs: int, shards: int, k: int) -> tuple[int, int]:
    """(first, count) of shard ``k`` of ``shards``: contiguous, sizes differing by at most one."""
    first, end = k * macs // shards, (k + 1) * macs // shards
    return first, end - first


def world_seed_of(seed: int, k: int) -> int | None:
    """Shard ``k``'s World seed: ``None`` (run_fleet's own) for shard 0, else from SHA-256 of (seed, k)."""
    if k == 0:
        return None
    digest = hashlib.sha256(f"psso-sim/fleet:{seed}:{k}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def run_shard(population: Population, k: int, shards: int, *, progress: Progress | None = None) -> FleetResult:
    """Shard ``k`` (0-based) of ``shards``, in this process: its Macs, its World."""
    if not 0 <= k < shards:
        raise SimError(f"shard {k + 1} of {shards} does not exist", subsystem="fleet",
                       hint=f"shards are numbered 1 to {shards}")
    first, count = shard_range(population.macs, shards, k)
    return run_fleet(population, first=first, count=count, progress=progress,
                     world_seed=world_seed_of(population.seed, k))


def run_sharded(population: Population, shards: int, *, progress: Progress | None = None) -> FleetResult:
    """The whole population over ``shards`` worker processes (in this process for 1), merged by Mac index.

    ``progress(done, total)`` is called in this process with the Macs done over all shards.
    More shards than Macs would leave shards with nothing to do: there are at most as many as Macs.
    """
    shards = max(1, min(shards, population.macs))
    if shards == 1:
        if progress is not None:
            progress(0, population.macs)
        return run_shard(population, 0, 1, progress=progress)
    context = multiprocessing.get_context("spawn")
    updates: Queue[tuple[int, int] | None] = context.Queue()
    stop = context.Event()
    relay = threading.Thread(target=_relay, args=(updates, shards, population.macs, progress), daemon=True)
    executor = ProcessPoolExecutor(shards, mp_context=context, initializer=_start_worker, initargs=(updates, stop))
    futures: list[Future[FleetResult]] = []
    try:
        with _sigint_blocked():  # the workers start (and stay) with SIGINT blocked: no KeyboardInterrupt in them
            futures = [executor.submit(_worker_shard, population, k, shards) for k in range(shards)]
            # Shows 0/N as the workers start; then it alone calls progress, in order. Started here, it keeps
            # SIGINT blocked too, so a Ctrl-C reaches the main thread and wakes it from future.result().
            relay.start()
        results = [future.result() for future in futures]
    except BaseException:  # Ctrl-C, or a shard failed: stop the others at their next Mac
        stop.set()
        for future in futures:
            future.cancel()
        raise
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
        if relay.is_alive():
            updates.put(None)
            relay.join()
    return FleetResult.merge(results)


@contextmanager
def _sigint_blocked() -> Iterator[None]:
    """SIGINT held back in this thread while it starts processes, which inherit the mask through exec.

    Ignoring SIGINT in the worker's initializer would come too late: a Ctrl-C while a worker imports
    psso_sim would print its traceback. A Ctrl-C meanwhile is delivered here when the mask is restored.
    """
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows: no signal masks
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _relay(updates: Queue[tuple[int, int] | None], shards: int, total: int, progress: Progress | None) -> None:
    """Sum the shards' counts into one progress call per update, until the parent sends ``None``."""
    done = [0] * shards
    if progress is not None:
        progress(0, total)
    while (update := updates.get()) is not None:
        k, count = update
        done[k] = count
        if progress is not None:
            progress(sum(done), total)


# ---- in the worker ------------------------------------------------------------------------------

_updates: Queue[tuple[int, int] | None] | None = None
_stop: Event | None = None


def _start_worker(updates: Queue[tuple[int, int] | None], stop: Event) -> None:
    global _updates, _stop
    _updates, _stop = updates, stop


def _worker_shard(population: Population, k: int, shards: int) -> FleetResult:
    step = max(1, shard_range(population.macs, shards, k)[1] // UPDATES_PER_SHARD)

    def progress(done: int, total: int) -> None:
        if _stop is not None and _stop.is_set():
            raise ShardStopped(f"shard {k + 1} of {shards} stopped after {done} of {total} Macs")
        if _updates is not None and (done % step == 0 or done == total):
            _updates.put((k, done))

    try:
        return run_shard(population, k, shards, progress=progress)
    except SimError as error:
        raise ShardError(str(error), getattr(error, "exit_status", 1)) from None

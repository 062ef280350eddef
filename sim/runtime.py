"""What every simulated system shares within one World: time, seeds, trace, network."""

from __future__ import annotations

from dataclasses import dataclass

from sim.apns import PushService
from sim.clock import SimClock
from sim.network.router import Network
from sim.scheduler import Scheduler
from sim.seeding import Seeds
from sim.trace import Trace

__all__ = ["Runtime"]


@dataclass(frozen=True)
class Runtime:
    clock: SimClock
    scheduler: Scheduler
    seeds: Seeds
    trace: Trace
    network: Network
    apns: PushService

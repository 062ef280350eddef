"""What every simulated system shares within one World: time, seeds, trace, network, the product release."""

from __future__ import annotations

from dataclasses import dataclass

from psso_sim.apns import PushService
from psso_sim.clock import SimClock
from psso_sim.network.router import Network
from psso_sim.product.releases import ProductRelease
from psso_sim.scheduler import Scheduler
from psso_sim.seeding import Seeds
from psso_sim.trace import Trace

__all__ = ["Runtime"]


@dataclass(frozen=True)
class Runtime:
    clock: SimClock
    scheduler: Scheduler
    seeds: Seeds
    trace: Trace
    network: Network
    apns: PushService
    product: ProductRelease

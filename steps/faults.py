"""Steps that inject faults into the simulated services (:mod:`psso_sim.faults`): an outage, throttling,
or any fault written as a spec. The product's reaction is then the scenario's to describe.

Source: MacOS Platform single sign-on known issues and troubleshooting > Known issues > Long running operations
"""

from __future__ import annotations

import re
from datetime import timedelta

from pytest_bdd import given, when

from psso_sim.faults import Fault, parse_fault, registration_outage, token_throttling
from psso_sim.network.wiretap import request_kind
from psso_sim.steps.parameters import step_parser
from psso_sim.world import World

__all__: list[str] = []  # a step plugin: its steps are public by their sentences (see psso_sim.steps)


@given(step_parser("the device registration service answers {status:Number} for {duration:Duration}"))
def registration_service_answers(world: World, status: int, duration: timedelta) -> None:
    """Fault: Entra's device registration service answers this HTTP status to registrations for a while.

    Source: Known issues > Long running operations
    Example: Given the device registration service answers 503 for 10 minutes
    """
    world.faults.inject(registration_outage(status, duration))


@given(step_parser("Entra ID throttles token requests"))
def entra_throttles_token_requests(world: World) -> None:
    """Fault: every token request gets 429 with Retry-After for that long (``throttle_retry_after_seconds``).

    Source: Microsoft Entra service limits and restrictions > throttling
    Example: Given Entra ID throttles token requests
    """
    world.faults.inject(token_throttling())


@given(step_parser('the fault "{spec:Text}" is injected'))
def fault_injected(world: World, spec: str) -> None:
    """Fault: any fault, written in the fault spec grammar (docs/writing-features.md, Faults).

    Source: psso-sim fault injection
    Example: Given the fault "apns drop x1" is injected
    """
    world.faults.inject(parse_fault(spec, where=f'the step \'Given the fault "{spec}" is injected\': fault spec'))


@given(step_parser('the network holds the next "{kind:Label}" request for {duration:Duration}'))
@when(step_parser('the network holds the next "{kind:Label}" request for {duration:Duration}'))
def network_holds_next_request(world: World, kind: str, duration: timedelta) -> None:
    """Fault: the next request of this kind reaches its service that much later (a slow proxy, a stalled link);
    the simulated clock moves on meanwhile. Kinds: "Platform SSO login", "PRT refresh", "MDM enrollment",
    "SCEP enrollment", "device registration". A Platform SSO login held past its server nonce's five minutes
    is refused with AADSTS50008.

    Source: Microsoft Entra ID, Platform SSO's protocol (the server nonce of grant_type=srv_challenge)
    Example: Given the network holds the next "Platform SSO login" request for 6 minutes
    """
    named = request_kind(kind)
    minutes = f"{duration.total_seconds() / 60:g}m"
    world.faults.inject(Fault(target="http", effect="latency", duration=duration, path=f".*{re.escape(named.path)}/?",
                              grant_type=named.grant_type, count=1,
                              text=f"the next {named.name} request latency {minutes} x1"))

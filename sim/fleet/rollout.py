"""The rollout: one tenant for a fleet's users, each arriving at a new Mac on a working day.

The admin's side is set up once, the way the features set it up: the users (per-user MFA on those who have
it), who may join devices, one Platform SSO policy per authentication method assigned to its users,
certificate-based authentication when smart cards are used, and the passcode profiles. Then the clock runs:
at each user's arrival (seeded, :meth:`Population.member`), the user unpacks the Mac, enrolls it with Company
Portal and registers it (:class:`psso_sim.actors.Person`), the legacy Workplace Join key and the smart card
done as the migration and smart card features do. Whatever MDM, refreshes and retries do meanwhile happens as
the scheduler runs them. A user who cannot go on (the model's own error: nothing to select, no prompt) leaves
the Mac as it is, and the next user arrives. Each Mac's end state is read at the end
(:func:`psso_sim.fleet.outcomes.classify`).

The users go one at a time (a person's flow runs the scheduler until it ends, minutes at most): one who
arrives while the one before is still at it starts when they are done (``MacOutcome.arrived`` says when).
A flow takes one to four minutes (ten for a Mac never asked to register), so a rollout of up to about 250
Macs a working day keeps to its arrivals; a denser one drifts later. When the flow ends the user closes the lid
(:mod:`psso_sim.macos.power`): the rollout follows each Mac through its set-up, and a sleeping Mac makes no
4-hourly refresh, so Macs set up early do not pay for every later arrival (a Mac's life after its set-up is
:mod:`psso_sim.daily_use`'s).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from psso_sim.actors import Person
from psso_sim.entra.models import JoinPermission, User
from psso_sim.errors import SimError
from psso_sim.fleet.outcomes import FleetResult, MacOutcome, classify
from psso_sim.fleet.population import PASSCODE_POLICIES, Member, Population
from psso_sim.macos.authentication_methods import method_named
from psso_sim.macos.mac import Mac
from psso_sim.macos.smart_card import issue_smart_card
from psso_sim.macos.workplace_join import register_with_enterprise_sso_plugin
from psso_sim.world import World

__all__ = ["SETTLE", "run_fleet"]

SETTLE = timedelta(minutes=15)
"""After the last arrival: time for its notifications and retries ('wait up to 15 minutes to be prompted')."""

Progress = Callable[[int, int], None]


@dataclass
class _Seat:
    """A member of the fleet at their Mac, and how their flow went."""

    member: Member
    user: User
    profiles: tuple[str, ...]  # identifiers of the Platform SSO profile targeting the user
    mac: Mac | None = None
    flow_error: str | None = None
    arrived: datetime | None = None
    settled: datetime | None = None


def run_fleet(
    population: Population, *, first: int = 0, count: int | None = None, progress: Progress | None = None,
    world_seed: int | None = None, trace_level: str = "full",
) -> FleetResult:
    """Run Macs ``first`` .. ``first + count - 1`` (default: the population's own Macs) in one World
    (``trace_level`` ``"logs"`` keeps a large fleet's trace small: :data:`psso_sim.trace.LEVELS`)."""
    indices = population.indices if first == 0 and count is None else \
        range(first, first + (population.macs - first if count is None else count))
    world = World(seed=population.seed if world_seed is None else world_seed, start=population.start,
                  product=population.product, trace_level=trace_level)
    try:
        with world.frozen_time():
            seats = _set_up_tenant(world, [population.member(i) for i in indices])
            arrivals = sorted(seats, key=lambda seat: (seat.member.arrival, seat.member.index))
            for done, seat in enumerate(arrivals, start=1):
                due = population.start + seat.member.arrival
                if due > world.now():
                    world.advance(due - world.now())
                _arrive(world, seat)
                if progress is not None:
                    progress(done, len(arrivals))
            world.advance(SETTLE)
            outcomes = [_outcome(world, seat) for seat in seats]
            return FleetResult(population.slice(indices.start, len(indices)), outcomes, world.now() - population.start)
    finally:
        world.close()


def _set_up_tenant(world: World, members: list[Member]) -> list[_Seat]:
    """The users and what the admin configured for them (one call per policy, not one per user)."""
    users = [_add_user(world, member) for member in members]
    upns: dict[str, set[str]] = defaultdict(set)  # a policy -> the users it is assigned to
    for member, user in zip(members, users, strict=True):
        upns[f"method {member.authentication_method}"].add(user.user_principal_name)
        upns[f"passcode {member.passcode_policy}"].add(user.user_principal_name)
    allowed = frozenset(user.object_id for member, user in zip(members, users, strict=True) if member.may_join)
    if len(allowed) < len(users):
        join = JoinPermission.SELECTED if allowed else JoinPermission.NONE
        world.entra.directory.update_device_registration_policy(join, allowed)
    if any(member.authentication_method == "Smart card" for member in members):
        cba = world.entra.tokens.certificate_auth
        cba.trust(world.entra.tokens.organisation_ca.pem)
        cba.enable()
    profiles: dict[str, str] = {}
    for method in sorted({member.authentication_method for member in members}):
        value = method_named(method).value
        profile = world.target_platform_sso(frozenset(upns[f"method {method}"]), method=value)
        profiles[method] = profile.payload_identifier
    for name in sorted({member.passcode_policy for member in members}):
        settings = PASSCODE_POLICIES[name]
        if settings is not None:
            world.intune.create_passcode_profile(f"Mac passcode ({name})", settings,
                                                 frozenset(upns[f"passcode {name}"]))
    return [_Seat(member, user, (profiles[member.authentication_method],))
            for member, user in zip(members, users, strict=True)]


def _add_user(world: World, member: Member) -> User:
    faker = world.faker
    first, last = faker.first_name(), faker.last_name()
    # Two people of the same name get numbered addresses, as a tenant's admin would make them.
    upn = f"{first}.{last}{member.index + 1}@{world.entra.tenant.domain}".lower()
    return world.entra.directory.create_user(
        upn, password=faker.password(length=14, special_chars=True), display_name=f"{first} {last}",
        per_user_mfa=member.per_user_mfa,
    )


def _arrive(world: World, seat: _Seat) -> None:
    """The user unpacks the Mac and goes through the documented flow until it ends or they cannot go on."""
    member, user = seat.member, seat.user
    seat.arrived = world.now()
    first = user.display_name.split()[0]
    mac = seat.mac = world.add_mac(macos=member.macos, owner=user, name=f"{first}'s MacBook Pro ({member.index + 1})")
    person = Person(world, user, mac)
    try:
        if member.authentication_method == "Smart card":
            person.insert_smart_card(issue_smart_card(world.entra.tokens.organisation_ca, user, world.runtime.seeds))
        person.enroll_with_company_portal()
        if member.legacy_workplace_join:  # registered with the Enterprise SSO plug-in before Platform SSO
            register_with_enterprise_sso_plugin(mac, user.user_principal_name, person.entra_password,
                                                lambda: world.entra.tokens.approve_mfa(user))
        if member.authentication_method == "Smart card":
            person.pair_smart_card()
        person.register_with_company_portal()
    except SimError as error:  # the model's own refusal: this Mac is stuck; the fleet goes on
        seat.flow_error = error.message
    seat.settled = world.now()
    mac.power.sleep()  # done for now, the user closes the lid: an idle Mac's PRT refresh waits until it wakes


def _outcome(world: World, seat: _Seat) -> MacOutcome:
    mac, member = seat.mac, seat.member
    assert mac is not None and seat.arrived is not None and seat.settled is not None, "every user has arrived"
    state, known_issue, detail = classify(world, mac, seat.flow_error, seat.profiles)
    return MacOutcome(
        index=member.index, mac=mac.name, user=seat.user.user_principal_name, macos=mac.macos_major,
        authentication_method=member.authentication_method, end_state=state, known_issue=known_issue,
        detail=detail, arrived=seat.arrived, settled=seat.settled,
    )

"""The World: one seeded, self-contained simulation.

It owns the clock and scheduler, the seeded random streams and Faker, the trace, the
HTTP seam, the cloud services and the devices. Nothing is global: two Worlds in one
process are independent, and the same seed gives the same identifiers, data and trace.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from psso_sim.apns import PushService
from psso_sim.clock import DEFAULT_START, SimClock
from psso_sim.diagnostics_service import DiagnosticsBackend, diagnostics_routes
from psso_sim.entra.backend import EntraBackend
from psso_sim.entra.models import User
from psso_sim.entra.passkey_routes import passkey_routes
from psso_sim.entra.urls import entra_routes
from psso_sim.errors import SimError
from psso_sim.faults import FaultPlan
from psso_sim.frozen_time import frozen_at
from psso_sim.intune.backend import IntuneBackend
from psso_sim.intune.models import CompliancePolicy
from psso_sim.intune.profiles import ConfigurationProfile, recommended_psso_payload
from psso_sim.intune.urls import intune_routes
from psso_sim.network.router import Network
from psso_sim.product.releases import DEFAULT_PRODUCT, ProductRelease, product_release
from psso_sim.runtime import Runtime
from psso_sim.scheduler import Scheduler
from psso_sim.seeding import Seeds
from psso_sim.trace import Trace

if TYPE_CHECKING:
    from psso_sim.macos.mac import Mac

__all__ = ["World", "WorldError"]


class WorldError(SimError):
    subsystem = "world"


class World:
    def __init__(
        self, seed: int = 0, start: datetime = DEFAULT_START, organisation: str = "Contoso Labs",
        product: str | ProductRelease = DEFAULT_PRODUCT, trace_level: str = "full",
    ) -> None:
        """``product`` names the release simulated (see :data:`psso_sim.product.PRODUCTS`): ``"current"``,
        as the Learn articles describe it today, or ``"2023-11"``, as the seed documents do. ``trace_level``
        ``"logs"`` keeps a fleet's trace small (see :data:`psso_sim.trace.LEVELS`)."""
        release = product if isinstance(product, ProductRelease) else product_release(product)
        clock = SimClock(start)
        trace = Trace(clock, trace_level)
        scheduler = Scheduler(clock, on_run=lambda event: trace.record("scheduler", event.name, kind="event"))
        self.runtime = Runtime(clock, scheduler, Seeds(seed), trace, Network(trace), PushService(scheduler, trace),
                               release)
        self.seed = seed
        domain = organisation.lower().replace(" ", "") + ".onmicrosoft.com"
        self.entra = EntraBackend(clock, self.runtime.seeds, trace, organisation=organisation, domain=domain)
        self.intune = IntuneBackend(clock, self.runtime.apns, self.runtime.seeds, trace, self.entra)
        self.runtime.network.mount(entra_routes(self.entra))
        self.runtime.network.mount(intune_routes(self.intune))
        self.runtime.network.mount(passkey_routes(self.entra.passkeys))
        self.diagnostics = DiagnosticsBackend(clock, trace, self.entra)
        self.runtime.network.mount(diagnostics_routes(self.diagnostics))
        self.macs: dict[str, Mac] = {}
        # One fault plan, consulted at the network seam, by APNs, Intune's command pushes and the outage switch.
        self.faults = FaultPlan(scheduler, self.runtime.seeds, trace)
        self.runtime.network.faults = self.runtime.apns.faults = self.faults
        self.entra.registration.faults = self.intune.faults = self.faults

    # shortcuts
    @property
    def product(self) -> ProductRelease:
        return self.runtime.product

    @property
    def clock(self) -> SimClock:
        return self.runtime.clock

    @property
    def scheduler(self) -> Scheduler:
        return self.runtime.scheduler

    @property
    def trace(self) -> Trace:
        return self.runtime.trace

    @property
    def faker(self):  # type: ignore[no-untyped-def]  # Faker ships no types
        return self.runtime.seeds.faker

    @property
    def network(self) -> Network:
        return self.runtime.network

    def now(self) -> datetime:
        return self.clock.now()

    # building the world
    def add_user(
        self,
        user_principal_name: str | None = None,
        *,
        password: str | None = None,
        display_name: str | None = None,
        mfa_methods: tuple[str, ...] = ("Microsoft Authenticator",),
        per_user_mfa: bool = False,
    ) -> User:
        """An Entra user; whatever is not given, seeded Faker fills. A Faker name already taken gets a number
        (adele.vance2@...), drawing nothing more: the same seed gives the same users."""
        faker = self.faker
        first, last = faker.first_name(), faker.last_name()
        local, domain = f"{first}.{last}".lower(), self.entra.tenant.domain
        upn = user_principal_name or _first_free(lambda n: f"{local}{n if n > 1 else ''}@{domain}",
                                                 self.entra.directory.has_user)
        return self.entra.directory.create_user(
            upn,
            password=password or faker.password(length=14, special_chars=True),
            display_name=display_name or f"{first} {last}",
            mfa_methods=mfa_methods,
            per_user_mfa=per_user_mfa,
        )

    def add_mac(
        self, *, macos: int = 14, owner: User | None = None, name: str | None = None,
        local_password: str | None = None, os_version: str | None = None,
    ) -> Mac:
        """A Mac on macOS ``macos`` (a major version the product covers; ``os_version`` picks a build)."""
        from psso_sim.macos.accounts import LocalAccount  # lazy, as Mac: see unbox_mac
        from psso_sim.macos.mac import Mac

        faker = self.faker
        full_name = owner.display_name if owner else faker.name()
        short = full_name.split()[0].lower()
        account = LocalAccount(short, full_name, local_password or faker.password(length=12))
        mac = Mac(self.runtime, name=name or self._mac_name(full_name), macos=macos, account=account,
                  os_version=os_version)
        if mac.name in self.macs:
            raise WorldError(f"a Mac named '{mac.name}' already exists", hint="give each Mac its own name")
        self.macs[mac.name] = mac
        return mac

    def unbox_mac(
        self, *, macos: int = 14, owner: User | None = None, name: str | None = None, os_version: str | None = None,
    ) -> Mac:
        """A new Mac out of the box, at Setup Assistant's Hello: no local account, no Company Portal, not
        managed. ``owner``, the user it is for, names it ("Adele's MacBook Pro"); the account is theirs to create.
        Assign its serial number in Intune (``intune.automated_enrollment``) for the out-of-box join."""
        from psso_sim.macos.mac import Mac  # lazy: the Mac's ~50 modules load with the first Mac, not the World

        first = (owner.display_name if owner else self.faker.name()).split()[0]
        mac = Mac(self.runtime, name=name or self._mac_name(first), macos=macos, account=None, os_version=os_version)
        if mac.name in self.macs:
            raise WorldError(f"a Mac named '{mac.name}' already exists", hint="give each Mac its own name")
        self.macs[mac.name] = mac
        return mac

    def _mac_name(self, owner_name: str) -> str:
        """The default name, "Adele's MacBook Pro", numbered when taken: "Adele's MacBook Pro (2)"."""
        base = f"{owner_name.split()[0]}'s MacBook Pro"
        return _first_free(lambda n: f"{base} ({n})" if n > 1 else base, self.macs.__contains__)

    def target_platform_sso(
        self, users: frozenset[str] | None = None, method: str = "Password"
    ) -> ConfigurationProfile:
        """The admin deploys Microsoft's Platform SSO settings (the SSO extension payload)."""
        uuid = self.runtime.seeds.uuid()
        profile = ConfigurationProfile(
            PayloadIdentifier=f"com.contoso.psso.{uuid}",
            PayloadUUID=uuid,
            PayloadDisplayName="Platform SSO",
            PayloadOrganization=self.entra.tenant.name,
            PayloadContent=[
                recommended_psso_payload(payload_uuid=self.runtime.seeds.uuid(), authentication_method=method)
            ],
        )
        self.intune.assign_profile(profile, users or frozenset({"All users"}))
        return profile

    def require_compliance(self, policy: CompliancePolicy | None = None) -> None:
        self.intune.create_compliance_policy(policy or CompliancePolicy("macOS compliance"))

    # time
    def advance(self, by: timedelta) -> int:
        return self.scheduler.advance(by)

    def wait_until(self, condition: Callable[[], bool], limit: timedelta) -> bool:
        return self.scheduler.run_until_true(condition, limit)

    @contextmanager
    def frozen_time(self) -> Iterator[World]:
        with frozen_at(self.clock):
            yield self

    def close(self) -> None:
        for mac in self.macs.values():
            mac.http.close()


def _first_free(name: Callable[[int], str], taken: Callable[[str], bool]) -> str:
    """The first of ``name(1)``, ``name(2)``... not taken: deterministic, so default names never collide."""
    number = 1
    while taken(name(number)):
        number += 1
    return name(number)

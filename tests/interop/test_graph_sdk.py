"""The Microsoft Graph SDK for Python (msgraph-sdk, on kiota and httpx) reads the simulated Graph.

The SDK is the judge of Graph's wire shapes: it deserialises ``device`` and ``managedDevice`` collections
into its typed v1.0 models, follows ``@odata.nextLink``, sends ``$filter``/``$select``/``$top`` as it builds
them, and raises ``ODataError`` from Graph's error bodies. Its bearer token comes from MSAL, signed in to the
simulated Entra ID: MSAL -> Entra -> Graph SDK -> Graph, all through the World's network.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import msal
import pytest
from kiota_abstractions.authentication import (
    AccessTokenProvider,
    AllowedHostsValidator,
    BaseBearerTokenAuthenticationProvider,
)
from kiota_abstractions.base_request_configuration import RequestConfiguration
from msgraph import GraphRequestAdapter, GraphServiceClient
from msgraph.generated.devices.devices_request_builder import DevicesRequestBuilder
from msgraph.generated.models.compliance_state import ComplianceState
from msgraph.generated.models.o_data_errors.o_data_error import ODataError
from msgraph_core import GraphClientFactory

from psso_sim.actors import Person
from psso_sim.entra.models import DirectoryRole, User
from psso_sim.world import World

from .support import MSAL_CLIENT_ID, MsalHttpClient, SeamTransport

pytestmark = pytest.mark.filterwarnings("ignore:This API has been deprecated for public client flows")  # ROPC

GRAPH = "https://graph.microsoft.com"
PASSWORD = "Gr4ph-Reader-Passw0rd!"
UNKNOWN_ID = "00000000-0000-0000-0000-000000000000"


class MsalTokenProvider(AccessTokenProvider):
    """kiota's token source: MSAL's cache, else a username/password sign-in to the simulated Entra ID."""

    def __init__(self, world: World, user: User | None) -> None:
        self._user = user
        self._app = msal.PublicClientApplication(
            MSAL_CLIENT_ID, authority=f"https://login.microsoftonline.com/{world.entra.tenant.tenant_id}",
            http_client=MsalHttpClient(world.network.client("MSAL Python")), instance_discovery=False)

    async def get_authorization_token(self, uri: str, additional_authentication_context: dict[str, Any] = {}) -> str:  # noqa: B006  (kiota's signature)
        if self._user is None:
            return ""  # kiota then sends no Authorization header
        scopes = [f"{GRAPH}/.default"]
        accounts = self._app.get_accounts(username=self._user.user_principal_name)
        result = self._app.acquire_token_silent(scopes, account=accounts[0]) if accounts else None
        if result is None:
            result = self._app.acquire_token_by_username_password(self._user.user_principal_name, PASSWORD, scopes)
        assert "access_token" in result, result
        return str(result["access_token"])

    def get_allowed_hosts_validator(self) -> AllowedHostsValidator:
        return AllowedHostsValidator(["graph.microsoft.com"])


def graph_client(world: World, user: User | None) -> GraphServiceClient:
    http = httpx.AsyncClient(transport=SeamTransport(world.network.client("msgraph-sdk")), base_url=f"{GRAPH}/v1.0")
    # Graph's default middleware (retry, redirect, telemetry, URL replacement) wraps the World's transport.
    http = GraphClientFactory.create_with_default_middleware(client=http)
    auth = BaseBearerTokenAuthenticationProvider(MsalTokenProvider(world, user))
    return GraphServiceClient(request_adapter=GraphRequestAdapter(auth, client=http))


@pytest.fixture
def enrolled() -> Iterator[tuple[World, list[Person]]]:
    """Two Macs enrolled in Intune and registered with Entra (Company Portal), and a Global Reader."""
    world = World(seed=1313)
    world.target_platform_sso()
    people = []
    for _ in range(2):
        user = world.add_user()
        person = Person(world, user, world.add_mac(owner=user))
        person.enroll_with_company_portal()
        person.register_with_company_portal()
        people.append(person)
    with world.frozen_time():
        yield world, people
    world.close()


def quoted(text: str) -> str:
    """An OData string literal's content: a quote is doubled ("Lisa's MacBook Pro" -> 'Lisa''s MacBook Pro')."""
    return text.replace("'", "''")


def reader(world: World) -> User:
    user = world.add_user(password=PASSWORD)
    return world.entra.directory.assign_role(user, DirectoryRole.GLOBAL_READER)


def test_the_sdk_lists_entra_devices_in_its_v1_device_model(enrolled: tuple[World, list[Person]]) -> None:
    world, people = enrolled
    page = asyncio.run(graph_client(world, reader(world)).devices.get())
    assert page is not None and page.value is not None
    devices = {d.device_id: d for d in page.value}
    assert set(devices) == set(world.entra.directory.devices)
    assert len(devices) == len(people)
    for entra in world.entra.directory.devices.values():
        listed = devices[entra.device_id]
        assert (listed.id, listed.display_name) == (entra.object_id, entra.display_name)
        assert (listed.operating_system, listed.operating_system_version) == (
            entra.operating_system, entra.operating_system_version)
        assert (listed.trust_type, listed.is_managed, listed.account_enabled) == (
            entra.trust_type, entra.is_managed, entra.account_enabled)
    assert page.odata_next_link is None  # everything fit on one page
    # The SDK's base URL ends in "/" and its paths start with one: Graph takes "/v1.0//devices" as "/v1.0/devices".
    assert f"GET {GRAPH}/v1.0//devices" in world.network.requests
    assert not page.additional_data.get("value"), "the collection was not read into the SDK's model"


def test_the_sdk_lists_intune_managed_devices_in_its_v1_model(enrolled: tuple[World, list[Person]]) -> None:
    world, people = enrolled
    page = asyncio.run(graph_client(world, reader(world)).device_management.managed_devices.get())
    assert page is not None and page.value is not None
    listed = {d.serial_number: d for d in page.value}
    assert len(listed) == len(world.intune.devices) == len(people)
    for managed in world.intune.devices.values():
        device = listed[managed.serial_number]
        assert (device.id, device.device_name, device.user_principal_name) == (
            managed.id, managed.device_name, managed.user_principal_name)
        assert device.operating_system == "macOS" and device.os_version == managed.os_version
        assert device.azure_a_d_device_id == managed.azure_ad_device_id
        assert isinstance(device.compliance_state, ComplianceState)
        assert device.compliance_state.value == managed.compliance_state.value
        assert device.enrolled_date_time == managed.enrolled_at


def test_the_sdk_filters_selects_and_pages_as_it_builds_the_query(enrolled: tuple[World, list[Person]]) -> None:
    world, people = enrolled
    client = graph_client(world, reader(world))
    assert len(people) == 2
    name = sorted(d.display_name for d in world.entra.directory.devices.values())[1]
    assert "'" in name  # "Lisa's MacBook Pro": the SDK's filter carries the doubled quote
    query = DevicesRequestBuilder.DevicesRequestBuilderGetQueryParameters(
        filter=f"displayName eq '{quoted(name)}'", select=["id", "displayName"])
    page = asyncio.run(client.devices.get(RequestConfiguration(query_parameters=query)))
    assert page is not None and page.value is not None
    assert [d.display_name for d in page.value] == [name]
    assert page.value[0].device_id is None  # not selected
    # $top=1: a page of one, and @odata.nextLink to the next, which the SDK follows with_url.
    first = asyncio.run(client.devices.get(RequestConfiguration(
        query_parameters=DevicesRequestBuilder.DevicesRequestBuilderGetQueryParameters(top=1))))
    assert first is not None and first.value is not None and len(first.value) == 1
    assert first.odata_next_link is not None and first.odata_next_link.startswith(f"{GRAPH}/v1.0/devices?")
    second = asyncio.run(client.devices.with_url(first.odata_next_link).get())
    assert second is not None and second.value is not None and len(second.value) == 1
    assert {first.value[0].device_id, second.value[0].device_id} == set(world.entra.directory.devices)


def test_the_sdk_raises_graphs_errors_as_odata_errors(enrolled: tuple[World, list[Person]]) -> None:
    world, _people = enrolled
    member = world.add_user(password=PASSWORD)  # no directory role: may not list every device
    with pytest.raises(ODataError) as forbidden:
        asyncio.run(graph_client(world, member).devices.get())
    assert forbidden.value.response_status_code == 403
    assert forbidden.value.error is not None and forbidden.value.error.code == "Authorization_RequestDenied"
    with pytest.raises(ODataError) as anonymous:
        asyncio.run(graph_client(world, None).device_management.managed_devices.get())
    assert anonymous.value.response_status_code == 401
    assert anonymous.value.error is not None and anonymous.value.error.code == "InvalidAuthenticationToken"
    with pytest.raises(ODataError) as missing:
        asyncio.run(graph_client(world, reader(world)).devices.by_device_id(UNKNOWN_ID).get())
    assert missing.value.response_status_code == 404
    assert missing.value.error is not None and missing.value.error.code == "Request_ResourceNotFound"

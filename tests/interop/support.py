"""The real clients' HTTP, through the World's in-process network (the seam every simulated device uses).

Each client library takes its HTTP in its own way; each adapter here gives it the World's network and
nothing else, so a request to a host or path no simulated service answers fails the test
(``UnexpectedRequest``) instead of reaching the internet:

- MSAL Python: ``http_client=``, any object with ``get``/``post`` answering ``status_code``, ``text``,
  ``headers`` and ``raise_for_status()`` (``msal.oauth2cli.http.HttpClient``);
- PyJWT: ``PyJWKClient`` reads the JWKS with urllib; its ``fetch_data`` is the documented hook to override;
- the Microsoft Graph SDK (kiota): an ``httpx.AsyncClient``; the network hands out synchronous clients, so an
  async transport forwards each request to one.
"""

from __future__ import annotations

from typing import Any

import httpx
import jwt

from psso_sim.world import World

__all__ = ["MSAL_CLIENT_ID", "MsalHttpClient", "SeamJWKClient", "SeamTransport", "discovery"]

# Microsoft's public client id of "Microsoft Azure CLI", a first-party app that uses ROPC in the real world.
MSAL_CLIENT_ID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"


class MsalHttpClient:
    """``msal.oauth2cli.http.HttpClient`` over an httpx client of the World's network."""

    def __init__(self, client: httpx.Client) -> None:
        self._client = client

    def post(self, url: str, params: dict[str, Any] | None = None, data: Any = None,
             headers: dict[str, str] | None = None, **kwargs: Any) -> httpx.Response:
        # MSAL sends a dict (form-encoded here) or a string to send as is.
        body: dict[str, Any] = {"data": data} if isinstance(data, dict) else {"content": data}
        return self._client.post(url, params=params, headers=headers, timeout=kwargs.get("timeout"), **body)

    def get(self, url: str, params: dict[str, Any] | None = None, headers: dict[str, str] | None = None,
            **kwargs: Any) -> httpx.Response:
        return self._client.get(url, params=params, headers=headers, timeout=kwargs.get("timeout"))

    def close(self) -> None:
        self._client.close()


class SeamJWKClient(jwt.PyJWKClient):
    """PyJWT's JWKS client reading the JWKS through the World's network instead of urllib."""

    def __init__(self, uri: str, client: httpx.Client) -> None:
        super().__init__(uri, cache_jwk_set=False)
        self._client = client

    def fetch_data(self) -> Any:
        response = self._client.get(self.uri)
        response.raise_for_status()
        return response.json()


class SeamTransport(httpx.AsyncBaseTransport):
    """An async transport (kiota's httpx.AsyncClient) over a synchronous client of the World's network."""

    def __init__(self, client: httpx.Client) -> None:
        self._client = client

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        forwarded = httpx.Request(request.method, request.url, headers=request.headers, content=body)
        response = self._client.send(forwarded)
        return httpx.Response(response.status_code, headers=response.headers, content=response.read())

    async def aclose(self) -> None:
        self._client.close()


def discovery(world: World, client: httpx.Client) -> dict[str, Any]:
    """The tenant's OpenID Connect discovery document, as a relying party reads it."""
    url = f"https://login.microsoftonline.com/{world.entra.tenant.tenant_id}/v2.0/.well-known/openid-configuration"
    response = client.get(url)
    response.raise_for_status()
    document: dict[str, Any] = response.json()
    return document

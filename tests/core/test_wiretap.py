"""The wiretap the replay steps use: what it records, the answers it keeps, an old answer it plays back once,
and what it says when asked for what it never heard (psso_sim.network.wiretap)."""

from __future__ import annotations

import httpx
import pytest

from psso_sim.errors import SimError
from psso_sim.network.wiretap import Wiretap, request_kind
from psso_sim.world import World

SENDER = "Adele's MacBook Pro"


def token_endpoint(world: World) -> str:
    return f"https://login.microsoftonline.com/{world.entra.tenant.tenant_id}/oauth2/v2.0/token"


def test_it_keeps_each_answer_and_plays_the_last_one_back_once_to_the_same_sender() -> None:
    world = World(seed=3)
    world.network.wiretap = tap = Wiretap()
    mac, other = world.network.client(f"{SENDER} (macOS 14)"), world.network.client("someone else")
    first = mac.post(token_endpoint(world), data={"grant_type": "srv_challenge"})
    refresh = request_kind("PRT refresh")
    assert tap.sent("PRT refresh", SENDER) == [] and not refresh.matches(tap.heard[0])
    mac.post(token_endpoint(world), data={"grant_type": "refresh_token", "refresh_token": "nope"})
    (sent,) = tap.sent("PRT refresh", SENDER)
    old = tap.answer(sent)
    assert old is not None and old.status_code == 400 and first.status_code == 200
    assert tap.play_back("PRT refresh", SENDER) is old
    other.post(token_endpoint(world), data={"grant_type": "refresh_token", "refresh_token": "x"})  # not its sender
    played = mac.post(token_endpoint(world), data={"grant_type": "refresh_token", "refresh_token": "fresh"})
    assert (played.status_code, played.content) == (old.status_code, old.content)
    assert any(line.endswith("(an old answer played back)") for line in world.trace.lines("network"))
    again = mac.post(token_endpoint(world), data={"grant_type": "refresh_token", "refresh_token": "fresh"})
    assert "an old answer played back" not in world.trace.lines("network")[-1]  # once
    assert again.status_code == 400


def test_asking_for_what_it_never_heard_says_what_it_knows() -> None:
    tap = Wiretap()
    with pytest.raises(SimError, match="no kind of request is named 'PRT renewal'") as unknown:
        tap.sent("PRT renewal", SENDER)
    assert unknown.value.hint is not None and '"PRT refresh"' in unknown.value.hint
    with pytest.raises(SimError, match=f"{SENDER} sent no PRT refresh request since the recording began"):
        tap.play_back("PRT refresh", SENDER)


def test_a_request_that_timed_out_has_no_answer_to_play_back() -> None:
    world = World(seed=4)
    world.network.wiretap = tap = Wiretap()
    world.faults.inject("login.microsoftonline.com/*/oauth2/v2.0/token timeout grant_type=refresh_token x1")
    with pytest.raises(httpx.TimeoutException):
        world.network.client(SENDER).post(token_endpoint(world), data={"grant_type": "refresh_token"})
    (sent,) = tap.sent("PRT refresh", SENDER)
    assert tap.answer(sent) is None
    with pytest.raises(SimError, match="last PRT refresh request got no answer to play back"):
        tap.play_back("PRT refresh", SENDER)

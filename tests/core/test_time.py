from datetime import UTC, datetime, timedelta

import pytest

from psso_sim.clock import ClockError, SimClock
from psso_sim.frozen_time import frozen_at
from psso_sim.scheduler import Scheduler

START = datetime(2023, 11, 6, 9, 0, tzinfo=UTC)


def make() -> tuple[SimClock, Scheduler, list[str]]:
    clock = SimClock(START)
    return clock, Scheduler(clock), []


def test_thirty_days_pass_instantly_running_events_in_order() -> None:
    clock, scheduler, ran = make()
    for day in range(30, 0, -1):  # scheduled in reverse order of time
        scheduler.after(timedelta(days=day), f"day {day}", lambda d=day: ran.append(f"day {d}@{clock.now().day}"))
    assert scheduler.advance(timedelta(days=30)) == 30
    assert ran == [f"day {d}@{(START + timedelta(days=d)).day}" for d in range(1, 31)]
    assert clock.now() == START + timedelta(days=30)


def test_same_instant_runs_in_scheduling_order() -> None:
    _, scheduler, ran = make()
    for name in "abcde":
        scheduler.after(timedelta(minutes=5), name, lambda n=name: ran.append(n))
    scheduler.advance(timedelta(minutes=5))
    assert ran == list("abcde")


def test_events_may_schedule_events_that_run_within_the_same_advance() -> None:
    clock, scheduler, ran = make()

    def first() -> None:
        ran.append(f"first {clock.now():%H:%M}")
        scheduler.after(timedelta(minutes=10), "second", lambda: ran.append(f"second {clock.now():%H:%M}"))

    scheduler.after(timedelta(minutes=10), "first", first)
    scheduler.advance(timedelta(minutes=15))
    assert ran == ["first 09:10"]
    scheduler.advance(timedelta(minutes=5))
    assert ran == ["first 09:10", "second 09:20"]


def test_cancelled_events_do_not_run() -> None:
    _, scheduler, ran = make()
    event = scheduler.after(timedelta(seconds=1), "x", lambda: ran.append("x"))
    event.cancel()
    scheduler.advance(timedelta(hours=1))
    assert ran == [] and scheduler.pending() == []


def test_run_until_true_stops_at_the_event_that_made_it_true() -> None:
    clock, scheduler, ran = make()
    scheduler.after(timedelta(minutes=3), "prompt", lambda: ran.append("prompt"))
    assert scheduler.run_until_true(lambda: bool(ran), timedelta(hours=1))
    assert clock.now() == START + timedelta(minutes=3)
    assert not scheduler.run_until_true(lambda: len(ran) > 1, timedelta(minutes=10))
    assert clock.now() == START + timedelta(minutes=13)


def test_time_never_goes_back() -> None:
    _, scheduler, _ = make()
    with pytest.raises(ClockError, match="negative"):
        scheduler.advance(timedelta(seconds=-1))
    with pytest.raises(ClockError, match="in the past"):
        scheduler.at(START - timedelta(seconds=1), "late", lambda: None)
    with pytest.raises(ClockError, match="time zone"):
        SimClock(datetime(2023, 1, 1))


def test_code_under_test_sees_simulated_time_and_follows_advances() -> None:
    clock, scheduler, _ = make()
    with frozen_at(clock):
        assert datetime.now(UTC) == START
        scheduler.advance(timedelta(hours=4))
        assert datetime.now(UTC) == START + timedelta(hours=4)
    assert datetime.now(UTC) != START + timedelta(hours=4)

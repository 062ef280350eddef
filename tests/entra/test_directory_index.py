"""The directory finds users by userPrincipalName through an index, case-insensitively, as Entra does."""

from dataclasses import replace

import pytest

from psso_sim.entra.errors import UserAlreadyExists, UserNotFound
from psso_sim.world import World


def test_users_are_found_by_upn_in_any_case_and_a_duplicate_in_any_case_is_refused() -> None:
    directory = World(seed=2).entra.directory
    adele = directory.create_user("Adele.Vance@contosolabs.onmicrosoft.com", password="pw")
    assert adele.user_principal_name == "adele.vance@contosolabs.onmicrosoft.com"
    assert directory.user_by_upn("ADELE.VANCE@contosolabs.onmicrosoft.com") is adele
    assert directory.has_user("adele.Vance@ContosoLabs.onmicrosoft.com")
    with pytest.raises(UserAlreadyExists, match="already exists"):
        directory.create_user("ADELE.vance@contosolabs.onmicrosoft.com", password="pw")
    with pytest.raises(UserNotFound, match="does not exist"):
        directory.user_by_upn("alex@contosolabs.onmicrosoft.com")


def test_a_renamed_user_is_found_by_the_new_upn_only() -> None:
    directory = World(seed=2).entra.directory
    adele = directory.create_user("adele@contosolabs.onmicrosoft.com", password="pw")
    directory.update_user(adele, user_principal_name="adele.vance@contosolabs.onmicrosoft.com")
    assert directory.user_by_upn("Adele.Vance@contosolabs.onmicrosoft.com").object_id == adele.object_id
    assert not directory.has_user("adele@contosolabs.onmicrosoft.com")
    directory.create_user("adele@contosolabs.onmicrosoft.com", password="pw")  # the old name is free again


def test_a_user_stored_in_the_users_mapping_directly_is_found() -> None:
    directory = World(seed=2).entra.directory
    adele = directory.create_user("adele@contosolabs.onmicrosoft.com", password="pw")
    alex = replace(adele, object_id="alex-id", user_principal_name="alex@contosolabs.onmicrosoft.com")
    directory.users[alex.object_id] = alex
    assert directory.user_by_upn("alex@contosolabs.onmicrosoft.com") is alex
    with pytest.raises(UserAlreadyExists):
        directory.create_user("Alex@contosolabs.onmicrosoft.com", password="pw")


def test_an_unknown_user_s_hint_names_twenty_users_and_counts_the_rest() -> None:
    directory = World(seed=2).entra.directory
    for index in range(25):
        directory.create_user(f"user{index:02d}@contosolabs.onmicrosoft.com", password="pw")
    with pytest.raises(UserNotFound) as error:
        directory.user_by_upn("alex@contosolabs.onmicrosoft.com")
    assert str(error.value.hint).endswith("user19@contosolabs.onmicrosoft.com and 5 more")
    assert str(error.value.hint).startswith("users: user00@")

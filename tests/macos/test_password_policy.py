"""The local password policy that MDM installs, and why a synced password breaks it."""

from __future__ import annotations

import pathlib

import pytest

from psso_sim.errors import SimError
from psso_sim.intune.profiles import PasscodePayload, load_mobileconfig
from psso_sim.macos import password_policy
from psso_sim.macos.password_policy import LocalPasswordPolicy

PSSO = pathlib.Path(__file__).parent.parent / "data" / "profiles" / "psso-password.mobileconfig"


def _passcode(**keys: object) -> PasscodePayload:
    return PasscodePayload.model_validate({"PayloadIdentifier": "p", "PayloadUUID": "u", **keys})


@pytest.fixture
def fixture_policy() -> LocalPasswordPolicy:
    (payload,) = load_mobileconfig(PSSO).payloads(PasscodePayload)
    return LocalPasswordPolicy.from_payload(payload)


def test_all_is_the_public_api() -> None:
    assert password_policy.__all__ == ["LocalPasswordPolicy"]


def test_policy_from_the_fixture_profile(fixture_policy: LocalPasswordPolicy) -> None:
    assert fixture_policy == LocalPasswordPolicy(
        min_length=12, require_alphanumeric=True, min_complex_chars=1, allow_simple=False
    )


@pytest.mark.parametrize(
    ("password", "reasons"),
    [
        ("Correct-Horse-42", []),
        ("Short-1", ["shorter than 12 characters"]),
        ("CorrectHorse42", ["has 0 of the 1 required special character (other than letters and numbers)"]),
        ("Correct-Horse-Battery", ["contains no number"]),
        ("1234-5678-9012", ["contains no letter"]),
        (
            "abc",
            [
                "shorter than 12 characters",
                "contains no number",
                "has 0 of the 1 required special character (other than letters and numbers)",
                "is a simple sequence or repetition (such as 1234, cba or aaaa)",
            ],
        ),
    ],
)
def test_violations_name_each_broken_rule(
    fixture_policy: LocalPasswordPolicy, password: str, reasons: list[str]
) -> None:
    assert fixture_policy.violations(password) == reasons
    assert fixture_policy.allows(password) is (not reasons)


def test_reasons_never_repeat_the_password(fixture_policy: LocalPasswordPolicy) -> None:
    assert not any("Short-1" in reason for reason in fixture_policy.violations("Short-1"))


@pytest.mark.parametrize(
    ("password", "simple"),
    [
        ("aaaa", True),
        ("1234", True),
        ("DCBA", True),
        ("AbCd", True),
        ("1235", False),
        ("a", False),
        ("", False),
    ],
)
def test_simple_passwords(password: str, simple: bool) -> None:
    assert LocalPasswordPolicy(allow_simple=False).allows(password) is not simple


def test_absent_keys_take_apples_defaults() -> None:
    policy = LocalPasswordPolicy.from_payload(_passcode())
    assert policy == LocalPasswordPolicy()
    assert policy.allows("") and policy.allows("1111")


def test_plural_special_characters() -> None:
    policy = LocalPasswordPolicy.from_payload(_passcode(minComplexChars=2))
    assert policy.violations("a-b") == [
        "has 1 of the 2 required special characters (other than letters and numbers)"
    ]


def test_several_payloads_enforce_the_strictest_rule() -> None:
    loose = _passcode(minLength=14, allowSimple=True)
    strict = _passcode(minLength=8, requireAlphanumeric=True, minComplexChars=2, allowSimple=False)
    assert LocalPasswordPolicy.from_payloads([loose, strict]) == LocalPasswordPolicy(
        min_length=14, require_alphanumeric=True, min_complex_chars=2, allow_simple=False
    )
    assert LocalPasswordPolicy.from_payloads([]) == LocalPasswordPolicy()


def test_entra_password_that_a_stricter_local_policy_refuses() -> None:
    # Entra accepts 8 characters of three kinds; a 12-character local minimum refuses the synced password.
    entra_password = "Contoso1!"
    local = LocalPasswordPolicy.from_payload(_passcode(minLength=12, requireAlphanumeric=True))
    assert local.violations(entra_password) == ["shorter than 12 characters"]


def test_negative_limits_are_refused() -> None:
    with pytest.raises(SimError, match="SIM/macos: negative password policy limit"):
        LocalPasswordPolicy(min_length=-1)

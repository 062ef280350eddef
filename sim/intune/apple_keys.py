"""What every payload model shares: Apple's keys as field aliases, strict types, and tolerance of the rest.

A model field's alias is the plist key an admin sees in the ``.mobileconfig``, so that a validation error
names it. The types are strict (an ``<integer>`` must be an integer, a value must be one Apple allows)
because macOS refuses a profile with a wrongly typed key rather than converting it. A key Apple does not
document, macOS ignores: the models keep such a key as it is (pydantic's ``model_extra``), write it back
on dump, and :func:`unknown_keys` names it as a note; it never refuses the profile.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

from psso_sim.errors import SimError

__all__ = ["AppleKeys", "PayloadKeys", "ProfileError", "unknown_keys"]


class ProfileError(SimError):
    """A profile that cannot be read or does not match Apple's payload keys."""

    subsystem = "intune"

    def __init__(self, message: str, *, problems: Sequence[str] = (), hint: str | None = None) -> None:
        self.problems = tuple(problems)
        super().__init__(message, hint=hint)


class AppleKeys(BaseModel):
    """A dictionary of a profile: its documented keys typed, any other key kept verbatim."""

    model_config = ConfigDict(frozen=True, extra="allow", populate_by_name=True, strict=True, defer_build=True)


class PayloadKeys(AppleKeys):
    """The keys every entry of PayloadContent carries."""

    payload_identifier: str = Field(alias="PayloadIdentifier")
    payload_uuid: str = Field(alias="PayloadUUID")
    payload_version: int = Field(default=1, alias="PayloadVersion")
    payload_display_name: str | None = Field(default=None, alias="PayloadDisplayName")
    payload_description: str | None = Field(default=None, alias="PayloadDescription")
    payload_organization: str | None = Field(default=None, alias="PayloadOrganization")


def unknown_keys(model: AppleKeys, path: str = "") -> list[str]:
    """Every key of ``model`` and its nested dictionaries that Apple does not document there, as a plist
    path (``PayloadContent[0].PlatformSSO.PayloadEnabled``), in file order."""
    found = [_join(path, key) for key in (model.model_extra or {})]
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        where = _join(path, field.alias or name)
        if isinstance(value, AppleKeys):
            found += unknown_keys(value, where)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, AppleKeys):
                    found += unknown_keys(item, f"{where}[{index}]")
    return found


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key

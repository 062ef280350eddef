"""Tags that decide where a scenario runs: the product release (@product-2023-11, @product-current)
and the macOS version (@macos13, @macos14, @macos15).

pytest-bdd turns every tag into a marker (registered by the psso-sim plugin, under --strict-markers).
Here these tags also choose the World and skip, with a reason, what a scenario is not for:

- a scenario tagged ``@product-NAME`` runs on that product release; an untagged one on ``current``, or
  on the release ``--psso-product`` (``psso-sim run --product``) names, which skips scenarios tagged
  for another release;
- a Scenario Outline run per macOS version (an Examples column ``version``) and tagged for one
  version skips the other versions' rows: "scenario is for macOS 14 only"; a row for a macOS the
  product release does not cover is skipped too;
- ``--psso-macos 13`` (``psso-sim run --macos 13``) runs one version: scenarios tagged for the other
  versions and outline rows of the other versions are skipped.
"""

from __future__ import annotations

import re

import pytest

from psso_sim.authoring.tags import PRODUCT_TAG_PREFIX
from psso_sim.product import DEFAULT_PRODUCT, MACOS, PRODUCTS
from psso_sim.steps.parameters import macos_major

__all__ = ["MACOS_TAG", "VERSION_COLUMNS", "scenario_product", "skip_reason"]

MACOS_TAG = re.compile(r"macos(\d+)$")
VERSION_COLUMNS = ("version", "macOS", "macos")  # Examples columns that hold the macOS version
_EXAMPLE_PARAM = "_pytest_bdd_example"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("psso-sim", "psso-sim: simulated Platform SSO")
    group.addoption("--psso-macos", type=int, choices=sorted(MACOS), default=None, metavar="VERSION",
                    help="run for one macOS version; skip scenarios and examples for the others")
    group.addoption("--psso-product", choices=sorted(PRODUCTS), default=None, metavar="RELEASE",
                    help=f"run on one product release ({', '.join(PRODUCTS)}); skip scenarios tagged for "
                         f"another (default: each scenario on its tagged release, untagged on {DEFAULT_PRODUCT})")


def _versions(item: pytest.Item) -> list[int]:
    return sorted({int(m.group(1)) for mark in item.iter_markers() if (m := MACOS_TAG.match(mark.name))})


def _tagged_products(item: pytest.Item) -> list[str]:
    return sorted({mark.name.removeprefix(PRODUCT_TAG_PREFIX) for mark in item.iter_markers()
                   if mark.name.startswith(PRODUCT_TAG_PREFIX)})


def scenario_product(item: pytest.Item, only: str | None) -> str:
    """The product release a scenario runs on: the run's, else its tag's, else the default."""
    tagged = _tagged_products(item)
    return only or (tagged[0] if tagged else DEFAULT_PRODUCT)


def _example_version(item: pytest.Item) -> int | None:
    callspec = getattr(item, "callspec", None)
    example = callspec.params.get(_EXAMPLE_PARAM, {}) if callspec is not None else {}
    for column in VERSION_COLUMNS:
        value = str(example.get(column, "")).strip()
        try:
            return macos_major(value)  # 14, Sonoma, 14 Sonoma...
        except ValueError:
            if value.isdigit():
                return int(value)  # a version psso-sim does not model: the step says so
    return None


def _only(versions: list[int]) -> str:
    return " and ".join(str(v) for v in versions)


def skip_reason(tagged: list[int], example_version: int | None, only: int | None) -> str | None:
    """Why a scenario (tagged for ``tagged`` versions, an outline row for ``example_version``) is skipped."""
    if tagged and example_version is not None and example_version not in tagged:
        return f"scenario is for macOS {_only(tagged)} only"
    if only is None:
        return None
    if tagged and only not in tagged:
        return f"scenario is for macOS {_only(tagged)} only (this run is for macOS {only})"
    if example_version is not None and example_version != only:
        return f"example is for macOS {example_version} (this run is for macOS {only})"
    return None


def product_skip_reason(tagged: list[str], only: str | None, product: str, versions: list[int]) -> str | None:
    """Why a scenario is skipped for its product release: tagged for another, or a macOS it lacks."""
    if only is not None and tagged and only not in tagged:
        return f"scenario is for product release {' and '.join(tagged)} (this run is for {only})"
    missing = [v for v in versions if v in MACOS and v not in PRODUCTS[product].macos_versions]
    if missing:
        return f"macOS {_only(missing)} is not part of product release {product}"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    only: int | None = config.getoption("--psso-macos")
    only_product: str | None = config.getoption("--psso-product")
    for item in items:
        example = _example_version(item)
        reason = skip_reason(_versions(item), example, only)
        if reason is None:
            versions = [example] if example is not None else _versions(item)
            reason = product_skip_reason(_tagged_products(item), only_product,
                                         scenario_product(item, only_product), versions)
        if reason is not None:
            item.add_marker(pytest.mark.skip(reason=reason))

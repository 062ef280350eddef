"""The product as data: release rows, the World built on one, and the tags and options that pick it."""

from __future__ import annotations

import json
import textwrap
from datetime import date

import pytest

from psso_sim.docs.command import main as verify_doc
from psso_sim.product import (
    DEFAULT_PRODUCT,
    MACOS,
    PRODUCTS,
    UnknownProduct,
    UnsupportedMacOS,
    product_for_date,
    product_release,
)
from psso_sim.world import World

pytest_plugins = ["pytester"]


def test_an_unknown_release_names_the_closest_and_all() -> None:
    with pytest.raises(UnknownProduct) as caught:
        product_release("2023-12")
    assert caught.value.hint == "did you mean '2023-11'? releases: 2023-11, current"
    assert caught.value.exit_status == 2


@pytest.mark.parametrize(("day", "release"), [
    (date(2023, 9, 26), "2023-11"),  # the seeds' ms.date
    (date(2024, 12, 19), "current"),  # the current Company Portal article's
    (date(2022, 1, 1), "2023-11"),  # before any release: the earliest
    (None, DEFAULT_PRODUCT),
])
def test_a_document_date_maps_to_the_release_it_describes(day: date | None, release: str) -> None:
    assert product_for_date(day).name == release


def test_the_world_runs_the_release_it_is_given() -> None:
    assert World().product.name == DEFAULT_PRODUCT == "current"
    seeds = World(product="2023-11")
    assert seeds.product is PRODUCTS["2023-11"]
    with pytest.raises(UnknownProduct):
        World(product="2025")


def test_a_mac_runs_a_macos_of_its_products_release() -> None:
    with pytest.raises(UnsupportedMacOS) as caught:
        World(product="2023-11").add_mac(macos=15)
    assert caught.value.hint == "simulated: macOS 13 Ventura, macOS 14 Sonoma"
    mac = World().add_mac(macos=15)
    assert (mac.os_version, mac.release_name, mac.release) == ("15.3", "Sequoia", MACOS[15])
    assert World().add_mac(macos=15, os_version="15.1").os_version == "15.1"
    with pytest.raises(UnsupportedMacOS, match=r"macOS 14\.2 is not a build of macOS 15"):
        World().add_mac(macos=15, os_version="14.2")


def test_releases_differ_in_rows_not_in_code() -> None:
    seeds, current = PRODUCTS["2023-11"], PRODUCTS["current"]
    assert (seeds.deregister_label, current.deregister_label) == ("Unregister", "Deregister")
    assert seeds.authentication_methods == ("Password",)
    assert set(current.authentication_methods) == {"Password", "UserSecureEnclaveKey", "SmartCard"}
    assert current.join_setting.describe() == (
        "Microsoft Entra admin center > Entra ID > Devices > Overview > Device Settings > "
        "'Users may join devices to Microsoft Entra'")
    assert seeds.macos_versions == (13, 14) and current.macos_versions == (13, 14, 15)


def _project(pytester: pytest.Pytester) -> None:
    pytester.makefile(".feature", seeds=textwrap.dedent("""
        @product-2023-11
        Feature: Seeds
          Scenario: On the seeds' product
            Given the World runs the product named in the scenario

          Scenario Outline: On macOS <version>
            Given the World runs the product named in the scenario

            Examples:
              | version |
              | 14      |
              | 15      |
        """))
    pytester.makefile(".feature", untagged=textwrap.dedent("""
        Feature: Untagged
          Scenario: On the default product
            Given the World runs the product named in the scenario
        """))
    pytester.makepyfile(test_products="""
        from pytest_bdd import given, scenarios

        scenarios("seeds.feature", "untagged.feature")

        @given("the World runs the product named in the scenario")
        def _(world, request):
            tagged = [m.name for m in request.node.iter_markers() if m.name.startswith("product-")]
            expected = request.config.getoption("--psso-product") or (tagged[0][8:] if tagged else "current")
            assert world.product.name == expected
        """)


def test_a_product_tag_picks_the_world_and_an_option_runs_one_release(pytester: pytest.Pytester) -> None:
    _project(pytester)
    quiet = ("-p", "no:cacheprovider", "-p", "no:xdist", "-p", "no:randomly", "--strict-markers", "-rs")
    result = pytester.runpytest(*quiet)
    result.assert_outcomes(passed=3, skipped=1)
    result.stdout.fnmatch_lines(["*macOS 15 is not part of product release 2023-11*"])
    result = pytester.runpytest(*quiet, "--psso-product", "current")
    result.assert_outcomes(passed=1, skipped=3)
    result.stdout.fnmatch_lines(["*scenario is for product release 2023-11 (this run is for current)*"])


def _doc(tmp_path, ms_date: str) -> str:
    path = tmp_path / "doc.md"
    path.write_text(f"---\ntitle: T\ndescription: D\nms.date: {ms_date}\n---\n\n# T\n\n## Open it\n\n"
                    "1. Open the **Company Portal** app and select **Sign in**.\n", encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(("ms_date", "product", "macos"), [
    ("09/26/2023", "2023-11", [13, 14]),
    ("2024-12-19T00:00:00.0000000Z", "current", [13, 14, 15]),
])
def test_verify_doc_runs_on_the_release_of_the_documents_date(tmp_path, capsys, ms_date, product, macos) -> None:
    verify_doc([_doc(tmp_path, ms_date), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert (report["product"], report["macos"]) == (product, macos)
    verify_doc([_doc(tmp_path, ms_date), "--format", "json", "--product", "current", "--macos", "15"])
    assert json.loads(capsys.readouterr().out)["product"] == "current"


def test_verify_doc_refuses_a_macos_outside_the_release(tmp_path, capsys) -> None:
    assert verify_doc([_doc(tmp_path, "09/26/2023"), "--macos", "15"]) == 2
    assert "SIM/docs: macOS 15 is not part of product release 2023-11" in capsys.readouterr().err

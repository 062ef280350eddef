"""The product as versioned data: product releases (:mod:`.releases`) and macOS releases (:mod:`.macos`).

A World simulates one product release (``World(product="2023-11")``); each Mac runs one macOS release
of those the product covers. Everything that differs between releases is a row in these two tables.
"""

from psso_sim.product.macos import MACOS, MacOSRelease, UnsupportedMacOS, macos_release
from psso_sim.product.releases import (
    DEFAULT_PRODUCT,
    PRODUCTS,
    AdminSetting,
    ProductRelease,
    UnknownProduct,
    product_for_company_portal,
    product_for_date,
    product_release,
)

__all__ = [
    "DEFAULT_PRODUCT",
    "MACOS",
    "PRODUCTS",
    "AdminSetting",
    "MacOSRelease",
    "ProductRelease",
    "UnknownProduct",
    "UnsupportedMacOS",
    "macos_release",
    "product_for_company_portal",
    "product_for_date",
    "product_release",
]

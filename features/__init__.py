"""The bundled feature files, shipped in the package as data: one Feature per file, by workflow."""

from pathlib import Path

__all__ = ["FEATURES_DIR"]

FEATURES_DIR = Path(__file__).resolve().parent
"""Where the bundled ``.feature`` files are, in a checkout and in an installed wheel alike."""

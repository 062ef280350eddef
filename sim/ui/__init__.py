"""The UI model: screens with labelled controls, and the desktop that shows them."""

from psso_sim.ui.desktop import Desktop, LabelNotOnScreen, SurfaceNotOnScreen, UIError
from psso_sim.ui.screen import Control, Screen, Surface, View, view

__all__ = [
    "Control",
    "Desktop",
    "LabelNotOnScreen",
    "Screen",
    "Surface",
    "SurfaceNotOnScreen",
    "UIError",
    "View",
    "view",
]

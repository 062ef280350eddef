import pytest

from psso_sim.ui.desktop import Desktop, LabelNotOnScreen, SurfaceNotOnScreen
from psso_sim.ui.screen import View, view


class Window:
    def __init__(self, name: str, buttons: list[str]) -> None:
        self.name = name
        self.pressed: list[str] = []
        self.buttons = buttons
        self.shown = True

    def view(self) -> View | None:
        if not self.shown:
            return None
        return view(
            self.name, f"{self.name} window", buttons={b: (lambda b=b: self.pressed.append(b)) for b in self.buttons}
        )


def test_select_acts_on_the_frontmost_window_that_has_the_label() -> None:
    desktop = Desktop()
    back, front = Window("Back", ["OK", "Install"]), Window("Front", ["OK"])
    desktop.show(back)
    desktop.show(front)
    desktop.select("OK")
    desktop.select("Install")
    assert front.pressed == ["OK"] and back.pressed == ["Install"]


def test_a_label_not_on_screen_lists_what_is() -> None:
    desktop = Desktop()
    desktop.show(Window("Company Portal", ["Sign in"]))
    with pytest.raises(LabelNotOnScreen) as caught:
        desktop.select("Sign In")
    message = str(caught.value)
    assert message.startswith("SIM/ui: no control 'Sign In' on screen")
    assert "[Sign in]" in message and "labels on screen: 'Sign in'" in message


def test_a_hidden_surface_is_not_on_screen() -> None:
    desktop = Desktop()
    window = Window("System Settings", ["Install"])
    desktop.show(window)
    window.shown = False
    with pytest.raises(SurfaceNotOnScreen, match="'System Settings' is not on screen"):
        desktop.select("Install", "System Settings")
    assert desktop.describe() == "(nothing is on screen)"


def test_navigate_follows_a_path_of_labels() -> None:
    desktop = Desktop()
    window = Window("Settings", ["Users & Groups", "Network Account Server"])
    desktop.show(window)
    desktop.navigate("Users & Groups > Network Account Server")
    assert window.pressed == ["Users & Groups", "Network Account Server"]

"""A countdown for breakouts, for the facilitator's screen: minutes, Start / Pause / Reset, a big
mm:ss display and a message when time is up.

The countdown is an asyncio task on the kernel's event loop, so the notebook (and the dashboard
beside it) stays responsive while it runs. CSS classes: ``mk-timer``, ``mk-timer-display``,
``mk-timer-minutes``, ``mk-timer-start``, ``mk-timer-reset``, ``mk-timer-done``.
"""

from __future__ import annotations

import asyncio
import time

import ipywidgets as W


def clock(seconds: float) -> str:
    """``mm:ss`` for a number of seconds left (never negative)."""
    whole = max(0, int(seconds + 0.999))
    return f"{whole // 60:02d}:{whole % 60:02d}"


class BreakoutTimer:
    """A non-blocking countdown widget; ``tick`` is how often the display updates (seconds)."""

    def __init__(self, minutes: int = 5, tick: float = 0.5):
        self.tick = tick
        self.minutes = W.BoundedIntText(value=minutes, min=1, max=180, description="minutes",
                                        layout=W.Layout(width="160px"))
        self.minutes.add_class("mk-timer-minutes")
        self.display = W.HTML()
        self.display.add_class("mk-timer-display")
        self.start_button = W.Button(description="Start")
        self.start_button.add_class("mk-timer-start")
        self.reset_button = W.Button(description="Reset")
        self.reset_button.add_class("mk-timer-reset")
        self.start_button.on_click(lambda _: self.toggle())
        self.reset_button.on_click(lambda _: self.reset())
        self.minutes.observe(lambda _: self.reset(), names="value")
        self.widget = W.VBox([W.HBox([self.minutes, self.start_button, self.reset_button]), self.display])
        self.widget.add_class("mk-timer")
        self.task: asyncio.Task[None] | None = None
        self.left = float(minutes * 60)
        self.finished = False
        self._show()

    @property
    def running(self) -> bool:
        return self.task is not None and not self.task.done()

    def _show(self) -> None:
        size = "font-size:4em;font-weight:600;font-variant-numeric:tabular-nums"
        if self.finished:
            self.display.value = f'<div class="mk-timer-done" style="{size};color:#b03a2e">Time is up</div>'
        else:
            self.display.value = f'<div style="{size}">{clock(self.left)}</div>'

    def toggle(self) -> None:
        """Start the countdown (from where it was paused), or pause it."""
        if self.running and self.task is not None:
            self.task.cancel()
            self.start_button.description = "Start"
            return
        if self.finished or self.left <= 0:
            self.reset()
        self.start_button.description = "Pause"
        self.task = asyncio.get_event_loop().create_task(self.run())

    def start(self) -> None:
        """Start (or resume) the countdown; returns at once."""
        if not self.running:
            self.toggle()

    def reset(self) -> None:
        """Stop and go back to the chosen minutes."""
        if self.running and self.task is not None:
            self.task.cancel()
        self.left = float(self.minutes.value * 60)
        self.finished = False
        self.start_button.description = "Start"
        self._show()

    async def run(self) -> None:
        """Count down to zero, updating the display every ``tick`` seconds."""
        end = time.monotonic() + self.left
        while True:
            self.left = max(0.0, end - time.monotonic())
            if self.left <= 0:
                break
            self._show()
            await asyncio.sleep(min(self.tick, self.left))
        self.finished = True
        self.start_button.description = "Start"
        self._show()


def timer(minutes: int = 5) -> W.VBox:
    """A breakout timer for a notebook cell: ``timer(5)``."""
    return BreakoutTimer(minutes).widget

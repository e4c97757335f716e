"""The layout every dock panel shares: its content scrolls, its buttons stay in view."""

from __future__ import annotations

from qgis.PyQt.QtWidgets import QFrame, QLayout, QScrollArea, QVBoxLayout, QWidget

MINIMUM_CONTENT_HEIGHT = 90


def scrolling_content_above_buttons(
    panel: QWidget, content: QLayout, buttons: QLayout | None = None
) -> QScrollArea:
    """Lay ``panel`` out as ``content`` in a scroll area, then ``buttons`` always visible.

    Docked under the Processing Toolbox on a laptop screen the dock gets a few hundred pixels:
    the panels' full height as a minimum would raise QGIS's minimum window height beyond the
    screen and push its controls and status bar off it."""
    body = QWidget()
    body.setLayout(content)
    area = QScrollArea()
    area.setWidget(body)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.NoFrame)
    area.setMinimumHeight(MINIMUM_CONTENT_HEIGHT)
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(area, 1)
    if buttons is not None:
        layout.addLayout(buttons)
    return area

"""A small line chart of a run's losses and monitored metric, painted with QPainter.

QtCharts is not packaged with every QGIS (Debian lacks python3-pyqt5.qtchart), so the dock
draws its own chart rather than add a dependency.
"""

from __future__ import annotations

from qgis.PyQt.QtCore import QPointF, QRectF, QSize, Qt
from qgis.PyQt.QtGui import QColor, QPainter, QPainterPath, QPen
from qgis.PyQt.QtWidgets import QSizePolicy, QWidget

from ..processing_provider.options import option_label

Series = list[tuple[int, float]]

LOSS_COLOURS = ("#1f77b4", "#ff7f0e")
METRIC_COLOUR = "#2ca02c"
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 44, 44, 22, 24


class MetricChart(QWidget):
    """Losses on the left axis, the monitored metric on the right, epochs along the bottom."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.setMinimumHeight(100)
        self._losses: dict[str, Series] = {}
        self._metric_name = ""
        self._metric: Series = []
        self._epochs = 0

    def sizeHint(self) -> QSize:
        return QSize(360, 200)

    def set_data(
        self, losses: dict[str, Series], metric_name: str, metric: Series, epochs: int
    ) -> None:
        """Replace what is shown and repaint."""
        self._losses = {name: values for name, values in losses.items() if values}
        self._metric_name, self._metric, self._epochs = metric_name, metric, epochs
        self.update()

    def point_count(self) -> int:
        """How many points are drawn (tests and screenshots check the chart fills)."""
        return sum(len(values) for values in self._losses.values()) + len(self._metric)

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        plot = QRectF(
            MARGIN_LEFT,
            MARGIN_TOP,
            max(self.width() - MARGIN_LEFT - MARGIN_RIGHT, 10),
            max(self.height() - MARGIN_TOP - MARGIN_BOTTOM, 10),
        )
        painter.setPen(QPen(self.palette().mid().color()))
        painter.drawRect(plot)
        if not self.point_count():
            painter.setPen(self.palette().text().color())
            painter.drawText(plot, Qt.AlignCenter, self.tr("Waiting for the first epoch\u2026"))
            painter.end()
            return
        last_epoch = max(
            [self._epochs, 1] + [epoch for values in self._all_series() for epoch, _ in values]
        )
        loss_top = max((v for values in self._losses.values() for _, v in values), default=1.0)
        loss_top = loss_top * 1.05 or 1.0
        metric_top = max(1.0, max((v for _, v in self._metric), default=1.0))
        self._draw_axes(painter, plot, last_epoch, loss_top, metric_top)
        for values, colour in zip(self._losses.values(), LOSS_COLOURS):
            self._draw_series(painter, plot, values, last_epoch, loss_top, colour)
        if self._metric:
            self._draw_series(painter, plot, self._metric, last_epoch, metric_top, METRIC_COLOUR)
        self._draw_legend(painter, plot)
        painter.end()

    def _all_series(self) -> list[Series]:
        return [*self._losses.values(), self._metric]

    def _draw_axes(
        self, painter: QPainter, plot: QRectF, last_epoch: int, loss_top: float, metric_top: float
    ) -> None:
        painter.setPen(self.palette().text().color())
        for fraction in (0.0, 0.5, 1.0):
            y = plot.bottom() - fraction * plot.height()
            painter.drawText(
                QRectF(0, y - 8, MARGIN_LEFT - 4, 16),
                Qt.AlignRight | Qt.AlignVCenter,
                f"{fraction * loss_top:.2g}",
            )
            painter.drawText(
                QRectF(plot.right() + 4, y - 8, MARGIN_RIGHT - 4, 16),
                Qt.AlignLeft | Qt.AlignVCenter,
                f"{fraction * metric_top:.2g}",
            )
        for epoch in (1, last_epoch):
            x = self._x(plot, epoch, last_epoch)
            painter.drawText(QRectF(x - 20, plot.bottom() + 2, 40, 18), Qt.AlignCenter, str(epoch))
        painter.drawText(
            QRectF(plot.left(), plot.bottom() + 2, plot.width(), 18),
            Qt.AlignCenter,
            self.tr("epoch"),
        )

    def _draw_series(
        self,
        painter: QPainter,
        plot: QRectF,
        values: Series,
        last_epoch: int,
        top: float,
        colour: str,
    ) -> None:
        points = [
            QPointF(self._x(plot, epoch, last_epoch), plot.bottom() - value / top * plot.height())
            for epoch, value in values
        ]
        pen = QPen(QColor(colour), 2)
        painter.setPen(pen)
        path = QPainterPath(points[0])
        for point in points[1:]:
            path.lineTo(point)
        painter.drawPath(path)
        painter.setBrush(QColor(colour))
        for point in points:
            painter.drawEllipse(point, 2.5, 2.5)
        painter.setBrush(Qt.NoBrush)

    def _draw_legend(self, painter: QPainter, plot: QRectF) -> None:
        labels = {"train_loss": self.tr("training loss"), "valid_loss": self.tr("validation loss")}
        entries = [
            (labels.get(name, name), colour) for name, colour in zip(self._losses, LOSS_COLOURS)
        ]
        if self._metric:
            entries.append((option_label(self._metric_name), METRIC_COLOUR))
        x = plot.left()
        for label, colour in entries:
            painter.setPen(QPen(QColor(colour), 3))
            painter.drawLine(QPointF(x, 11), QPointF(x + 14, 11))
            painter.setPen(self.palette().text().color())
            width = painter.fontMetrics().horizontalAdvance(label)
            painter.drawText(QRectF(x + 18, 2, width + 4, 18), Qt.AlignVCenter, label)
            x += width + 34

    @staticmethod
    def _x(plot: QRectF, epoch: int, last_epoch: int) -> float:
        if last_epoch <= 1:
            return plot.left() + plot.width() / 2
        return plot.left() + (epoch - 1) / (last_epoch - 1) * plot.width()

"""The dock's Dependencies panel: versions of TorchMap's packages, the device it will use,
and the exact command that installs what is missing (the same text canExecute() gives)."""

from __future__ import annotations

from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QApplication,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..processing_provider.dependencies import (
    dependency_statuses,
    device_info,
    install_command,
    missing_dependencies,
)


class DependenciesPanel(QWidget):
    """What TorchMap runs on here, and how to fix what is missing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([self.tr("Package"), self.tr("Version")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.device_label = QLabel()
        self.device_label.setWordWrap(True)
        self.install_label = QLabel()
        self.install_label.setWordWrap(True)
        self.install_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.copy_button = QPushButton(self.tr("Copy install command"))
        self.copy_button.clicked.connect(self.copy_install_command)
        self.refresh_button = QPushButton(self.tr("Check again"))
        self.refresh_button.clicked.connect(self.refresh)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.device_label)
        layout.addWidget(self.install_label)
        layout.addWidget(self.copy_button)
        layout.addWidget(self.refresh_button)
        self.refresh()

    def refresh(self) -> None:
        """Look again at the installed packages and the device."""
        statuses = dependency_statuses()
        self.table.setRowCount(len(statuses))
        for row, status in enumerate(statuses):
            self.table.setItem(row, 0, QTableWidgetItem(status.dependency.label))
            version = status.version or self.tr("missing")
            self.table.setItem(row, 1, QTableWidgetItem(version))
        self.table.resizeColumnsToContents()
        device = device_info()
        self.device_label.setText(
            self.tr("Device: {}").format(device.describe())
            if device
            else self.tr("Device: unknown (PyTorch is missing)")
        )
        missing = missing_dependencies()
        self.command = install_command(missing) if missing else ""
        self.install_label.setText(
            self.tr("Missing: {}. Install with:\n{}").format(
                ", ".join(d.distribution for d in missing), self.command
            )
            if missing
            else self.tr("Everything TorchMap needs is installed.")
        )
        self.copy_button.setVisible(bool(missing))

    def copy_install_command(self) -> None:
        QApplication.clipboard().setText(self.command)

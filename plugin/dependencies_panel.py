"""The dock's Dependencies panel: versions of TorchMap's packages, the device it will use,
the exact command that installs what is missing (the same text canExecute() gives), and an
Install button that runs the installer (``python3 -m torchmap.install``) with its log in the
panel and a Cancel."""

from __future__ import annotations

import threading

from qgis.PyQt.QtCore import QProcess, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..processing_provider.dependencies import (
    PLUGIN_ROOT,
    DeviceInfo,
    _qgis_python,
    dependency_statuses,
    device_info,
    install_command,
    missing_dependencies,
    triton_clash,
)
from .panel_layout import scrolling_content_above_buttons


class DependenciesPanel(QWidget):
    """What TorchMap runs on here, and how to fix what is missing."""

    # Carries the device found on a worker thread back to the GUI thread.
    device_found = pyqtSignal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([self.tr("Package"), self.tr("Version")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.device_label = QLabel()
        self.device_label.setWordWrap(True)
        self.clash_label = QLabel()
        self.clash_label.setWordWrap(True)
        self.clash_label.setStyleSheet("color: #b35900")
        self.device_found.connect(self.show_device, Qt.QueuedConnection)
        self._device_lookup: threading.Thread | None = None
        self.device_shown = False  # the device line is final (tests and screenshots wait)
        self.install_label = QLabel()
        self.install_label.setWordWrap(True)
        self.install_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.copy_button = QPushButton(self.tr("Copy install command"))
        self.copy_button.clicked.connect(self.copy_install_command)
        self.refresh_button = QPushButton(self.tr("Check again"))
        self.refresh_button.clicked.connect(self.refresh)
        self.install_button = QPushButton(self.tr("Install"))
        self.install_button.setToolTip(
            self.tr("Install the missing packages into TorchMap's own folder (pip)")
        )
        self.install_button.clicked.connect(self.install_or_cancel)
        self.install_progress = QProgressBar()
        self.install_progress.setRange(0, 0)  # pip says no percentage: busy until done
        self.install_progress.setVisible(False)
        self.install_log = QPlainTextEdit()
        self.install_log.setReadOnly(True)
        self.install_log.setVisible(False)
        self.installer: QProcess | None = None
        content = QVBoxLayout()
        content.addWidget(self.table, 1)
        content.addWidget(self.device_label)
        content.addWidget(self.clash_label)
        content.addWidget(self.install_label)
        content.addWidget(self.install_progress)
        content.addWidget(self.install_log, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.install_button)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.refresh_button)
        scrolling_content_above_buttons(self, content, buttons)
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
        self.look_up_device()
        clash = triton_clash()
        self.clash_label.setText(clash)
        self.clash_label.setVisible(bool(clash))
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
        running = self.installer is not None
        self.install_button.setVisible(running or (bool(missing) and not self.is_checkout()))

    def look_up_device(self) -> None:
        """Find the device on a worker thread: the first look imports torch (seconds), which
        must not freeze QGIS while the dock opens."""
        if self._device_lookup is not None and self._device_lookup.is_alive():
            return
        self.device_shown = False
        self.device_label.setText(self.tr("Device: looking\u2026"))
        self._device_lookup = threading.Thread(
            target=lambda: self.device_found.emit(device_info()), daemon=True
        )
        self._device_lookup.start()

    def show_device(self, device: DeviceInfo | None) -> None:
        self.device_label.setText(
            self.tr("Device: {}").format(device.describe())
            if device
            else self.tr("Device: unknown (PyTorch is missing)")
        )
        self.device_shown = True

    def copy_install_command(self) -> None:
        QApplication.clipboard().setText(self.command)

    @staticmethod
    def is_checkout() -> bool:
        """A development checkout installs with ``make install`` (its own virtualenv)."""
        return (PLUGIN_ROOT / "Makefile").is_file()

    def installer_command(self) -> tuple[str, list[str], str]:
        """Program, arguments and working folder of the installer, for QGIS's Python."""
        return _qgis_python(), ["-m", f"{PLUGIN_ROOT.name}.install"], str(PLUGIN_ROOT.parent)

    def install_or_cancel(self) -> None:
        if self.installer is not None:
            self.installer.kill()  # pip stops; its folder is the installer's own
            self.install_log.appendPlainText(self.tr("Cancelled."))
            return
        program, arguments, folder = self.installer_command()
        self.installer = QProcess(self)
        self.installer.setProcessChannelMode(QProcess.MergedChannels)
        self.installer.setWorkingDirectory(folder)
        self.installer.readyReadStandardOutput.connect(self._show_output)
        self.installer.finished.connect(self._installed)
        self.install_log.clear()
        self.install_log.setVisible(True)
        self.install_progress.setVisible(True)
        self.install_button.setText(self.tr("Cancel"))
        self.install_log.appendPlainText(" ".join([program, *arguments]))
        self.installer.start(program, arguments)

    def _show_output(self) -> None:
        if self.installer is not None:
            text = bytes(self.installer.readAllStandardOutput()).decode(errors="replace")
            self.install_log.appendPlainText(text.rstrip())

    def _installed(self, status: int, _exit_status: object = None) -> None:
        self._show_output()
        self.installer = None
        self.install_progress.setVisible(False)
        self.install_button.setText(self.tr("Install"))
        self.install_label.setText(
            self.tr("Installed. Restart QGIS to use TorchMap.")
            if status == 0
            else self.tr(
                "The installation failed or was cancelled (exit status {}); see the log."
            ).format(status)
        )
        self.installed_status = status

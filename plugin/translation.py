"""Installs the plugin's Qt translator for QGIS's user interface language."""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QCoreApplication, QTranslator

I18N_FOLDER = Path(__file__).resolve().parent.parent / "i18n"


def translation_file(locale: str, folder: Path | None = None) -> Path | None:
    """``torchmap_<language>.qm`` for a QGIS locale such as ``fr`` or ``de_AT``, if built."""
    folder = folder or I18N_FOLDER
    for name in (locale, locale.split("_")[0]):
        path = folder / f"torchmap_{name}.qm"
        if name and path.is_file():
            return path
    return None


def install_translator(folder: Path | None = None) -> QTranslator | None:
    """Load and install the translation of QGIS's locale; None for English or when missing.

    Call it before the provider's algorithms are created: their parameter labels are
    translated once, when the provider loads them."""
    path = translation_file(QgsApplication.locale(), folder)
    if path is None:
        return None
    translator = QTranslator()
    if not translator.load(str(path)):
        return None
    QCoreApplication.installTranslator(translator)
    return translator


def remove_translator(translator: QTranslator | None) -> None:
    if translator is not None:
        QCoreApplication.removeTranslator(translator)

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


def qgis_language() -> str:
    """The language of QGIS's interface: ``--lang``, else Settings > Options > General's
    override, else the system's (QGIS resolves them into its translation); the user locale
    where QGIS set no translation (e.g. a QgsApplication made by a script or a test)."""
    application = QgsApplication.instance()
    translation = application.translation() if application is not None else ""
    if translation and translation not in ("C", "POSIX"):
        return translation
    return QgsApplication.locale()


def install_translator(folder: Path | None = None) -> QTranslator | None:
    """Load and install the translation of QGIS's language; None for English or when missing.
    The engine's messages follow the same language.

    Call it before the provider's algorithms are created: their parameter labels are
    translated once, when the provider loads them."""
    from ..engine.i18n import set_language

    language = qgis_language()
    set_language(language)
    path = translation_file(language, folder)
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

"""The engine's messages in the user's language, from JSON catalogues beside the code.

Translate a message's template where it is made, then fill it in::

    raise InputError("raster", _("{path} is not a GeoTIFF.").format(path=path))

never ``_(f"...")`` nor ``_(variable)``: ``scripts/i18n.py`` finds the messages by reading
``_("literal")`` calls, and ``check`` refuses the others. ``locale/<language>.json`` maps each
English message to its translation; a message missing from a catalogue stays English.

The language is the one given to ``set_language`` (the plugin passes QGIS's interface
language), else the environment's: ``TORCHMAP_LANGUAGE``, then ``LANGUAGE``, ``LC_ALL``,
``LC_MESSAGES`` and ``LANG``. Stdlib only: no Qt, no torch, no compiled catalogues.
"""

from __future__ import annotations

import json
import os
import threading
from importlib import resources

ENGLISH = "en"
ENVIRONMENT_VARIABLES = ("TORCHMAP_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
_ENGLISH_LOCALES = ("c", "posix")

_lock = threading.Lock()
_chosen: str | None = None  # set_language's language; None: the environment's
_catalogues: dict[str, dict[str, str]] = {}  # language -> {English: translation}, loaded once


def _(text: str) -> str:
    """``text`` (an English message template) in the current language, else ``text``."""
    language = _chosen if _chosen is not None else _environment_language()
    if language == ENGLISH:
        return text
    return _catalogue(language).get(text) or text


def set_language(code: str | None) -> None:
    """Translate into ``code`` from now on ("fr", "fr_FR", "de_AT.UTF-8", "en", "C"...);
    None goes back to the environment's language. A language without a catalogue is English."""
    global _chosen
    _chosen = None if code is None else _available(_base_language(code))


def language() -> str:
    """The language messages come out in: "fr", "de"..., or "en" (also when unknown)."""
    return _chosen if _chosen is not None else _environment_language()


def _environment_language() -> str:
    for name in ENVIRONMENT_VARIABLES:
        value = os.environ.get(name, "")
        if name == "LANGUAGE":  # GNU gettext's priority list, e.g. "fr:en"
            value = next((part for part in value.split(":") if part), "")
        if value:
            return _available(_base_language(value))
    return ENGLISH


def _base_language(code: str) -> str:
    """The language part of a locale name: fr_FR.UTF-8@euro gives fr; C and POSIX give en."""
    base = code.strip().replace("-", "_").split(".")[0].split("@")[0].split("_")[0].lower()
    return ENGLISH if not base or base in _ENGLISH_LOCALES else base


def _available(language: str) -> str:
    """``language`` when a catalogue exists for it, else English."""
    return language if language == ENGLISH or _catalogue(language) else ENGLISH


def _catalogue(language: str) -> dict[str, str]:
    """The translations of ``language``, read once (empty when it has no catalogue)."""
    catalogue = _catalogues.get(language)
    if catalogue is None:
        with _lock:  # Processing runs algorithms on several threads at once
            catalogue = _catalogues.get(language)
            if catalogue is None:
                catalogue = _catalogues[language] = _read_catalogue(language)
    return catalogue


def _read_catalogue(language: str) -> dict[str, str]:
    if not language.isalpha():  # never a path outside locale/
        return {}
    entry = resources.files(__package__).joinpath("locale").joinpath(f"{language}.json")
    try:
        data = json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items() if v} if isinstance(data, dict) else {}

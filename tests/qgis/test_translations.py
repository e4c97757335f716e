"""Translations: every visible string is extractable, French and German .ts files cover them,
and with QGIS switched to French or German the Processing registry shows every algorithm's
name, group, parameter labels, options, outputs and help translated."""

from __future__ import annotations

import ast
import html
import importlib.util
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QTranslator

import torchmap
from torchmap.plugin import translation
from torchmap.processing_provider.provider import TorchMapProvider

ROOT = Path(torchmap.__file__).resolve().parent
LRELEASE = shutil.which("lrelease")


def load_i18n_script():
    spec = importlib.util.spec_from_file_location("torchmap_i18n", ROOT / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


i18n = load_i18n_script()


def test_every_visible_string_is_extractable() -> None:
    messages, problems = i18n.extract_all()
    assert not problems, [f"{p.path}:{p.line}: {p.text}" for p in problems]
    contexts = {m.context for m in messages}
    # Algorithms, the base class (groups, errors), the dock's panels and the plugin.
    for context in ("TrainDeepLearningModelAlgorithm", "TorchMapAlgorithm", "TrainingPanel",
                    "StylingPanel", "DependenciesPanel", "TorchMapPlugin"):  # fmt: skip
        assert context in contexts


def extracted(code: str) -> tuple[list, list]:
    visitor = i18n._Visitor("example.py")
    visitor.visit(ast.parse(code))
    return visitor.messages, visitor.problems


def test_the_extractor_refuses_what_qt_cannot_translate() -> None:
    messages, problems = extracted(
        "class Panel:\n"
        "    def label(self, text):\n"
        "        return self.tr('Ready'), self.tr(text)\n"
        "class Output:\n"
        "    def warn(self, algorithm):\n"
        "        return algorithm.tr('Replaced')\n"  # translated in algorithm's class
    )
    assert [(m.context, m.source) for m in messages] == [("Panel", "Ready")]
    assert [p.line for p in problems] == [3, 6]


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_the_ts_file_translates_every_string(language: str) -> None:
    messages, _ = i18n.extract_all()
    translations = i18n.read_translations(i18n.ts_path(language))
    untranslated = sorted(
        {
            (m.context, m.source[:60])
            for m in messages
            if not translations.get((m.context, m.source))
        }
    )
    assert not untranslated, f"run `make i18n` and translate: {untranslated}"


@pytest.fixture
def compiled_translations(tmp_path: Path) -> Path:
    if LRELEASE is None:
        pytest.skip("Qt's lrelease is missing (Debian: qttools5-dev-tools)")
    for language in i18n.LANGUAGES:
        source = i18n.ts_path(language)
        target = tmp_path / f"torchmap_{language}.qm"
        subprocess.run([LRELEASE, "-silent", str(source), "-qm", str(target)], check=True)
    return tmp_path


@pytest.fixture
def qgis_locale() -> Iterator[callable]:
    """Switch QGIS's user interface language the way its Options dialog does; restore."""
    settings = QgsSettings()
    saved = {key: settings.value(key) for key in ("locale/overrideFlag", "locale/userLocale")}

    def switch(locale: str) -> None:
        settings.setValue("locale/overrideFlag", True)
        settings.setValue("locale/userLocale", locale)

    yield switch
    for key, value in saved.items():
        if value is None:
            settings.remove(key)
        else:
            settings.setValue(key, value)


ALGORITHMS = (
    "torchmap:exporttrainingdata",
    "torchmap:traindeeplearningmodel",
    "torchmap:classifypixels",
    "torchmap:classifyobjects",
)


def visible_texts(algorithm) -> dict:
    """Everything of an algorithm a user reads in the Toolbox and its dialog, by where it is."""
    texts = {"name": algorithm.displayName(), "group": algorithm.group()}
    texts["intro"] = algorithm.help_intro()
    for parameter in algorithm.parameterDefinitions():
        texts[f"label {parameter.name()}"] = parameter.description()
        if parameter.type() == "enum":
            for index, option in enumerate(parameter.options()):
                texts[f"option {parameter.name()} {index}"] = option
    for output in algorithm.outputDefinitions():
        texts[f"output {output.name()}"] = output.description()
    for name, text in algorithm.parameter_help().items():
        texts[f"help {name}"] = text
    return texts


def translation_of(expected: dict, context: str, text: str) -> str:
    """The .ts translation of ``text``, also of a ``{} (...)`` template filled with a network
    name, e.g. ``U-Net (pixel classification)``; '' when there is none."""
    if expected.get((context, text)):
        return expected[(context, text)]
    name, _, rest = text.partition(" (")
    template = expected.get((context, "{} (" + rest)) if rest else ""
    return template.format(name) if template else ""


@pytest.mark.parametrize("locale", ["fr_FR", "de"])
def test_the_plugin_translates_the_registry_for_qgis_locale(
    torchmap_provider: object,
    compiled_translations: Path,
    qgis_locale,
    monkeypatch: pytest.MonkeyPatch,
    locale: str,
) -> None:
    registry = QgsApplication.processingRegistry()
    english = {
        algorithm_id: visible_texts(registry.algorithmById(algorithm_id))
        for algorithm_id in ALGORITHMS
    }
    qgis_locale(locale)
    assert QgsApplication.locale().startswith(locale[:2])
    monkeypatch.setattr(translation, "I18N_FOLDER", compiled_translations)
    expected = i18n.read_translations(i18n.ts_path(locale[:2]))
    registry.removeProvider("torchmap")  # the plugin registers its own, translated
    plugin = torchmap.classFactory(None)
    try:
        assert plugin.translator is not None
        plugin.initProcessing()
        for algorithm_id, texts in english.items():
            algorithm = registry.algorithmById(algorithm_id)
            shown = visible_texts(algorithm)
            context = type(algorithm).__name__
            untranslated = []
            for where, text in texts.items():
                context_of_text = "TorchMapAlgorithm" if where == "group" else context
                # The options several algorithms share are translated once ("Options").
                translated = translation_of(expected, context_of_text, text) or translation_of(
                    expected, "Options", text
                )
                if not translated or shown[where] != translated:
                    untranslated.append((where, text[:50], shown[where][:50]))
            assert not untranslated, f"{algorithm_id} in {locale}: {untranslated}"
            assert shown["name"] != texts["name"]
            help_text = algorithm.shortHelpString()
            for paragraph in shown["intro"].split("\n\n"):
                assert html.escape(paragraph, quote=False) in help_text
            for name in algorithm.parameter_help():
                assert html.escape(shown[f"help {name}"], quote=False) in help_text
    finally:
        plugin.unload()
        if registry.providerById("torchmap") is None:
            registry.addProvider(TorchMapProvider())


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_the_dock_speaks_the_translators_language(
    compiled_translations: Path, qgis_iface: object, qgis_app: QgsApplication, language: str
) -> None:
    from torchmap.plugin.dock import TorchMapDock

    expected = i18n.read_translations(i18n.ts_path(language))
    translator = QTranslator()
    assert translator.load(str(compiled_translations / f"torchmap_{language}.qm"))
    QCoreApplication.installTranslator(translator)
    try:
        dock = TorchMapDock(qgis_iface)
        shown = {
            ("TorchMapDock", "TorchMap"): dock.windowTitle(),
            ("TorchMapDock", "Styling"): dock.tabs.tabText(1),
            ("TrainingPanel", "Add legend to map"): dock.training.legend_button.text(),
            ("StylingPanel", "Load classes"): dock.styling.load_button.text(),
            ("DependenciesPanel", "Check again"): dock.dependencies.refresh_button.text(),
        }
        dock.deleteLater()
    finally:
        QCoreApplication.removeTranslator(translator)
    qgis_app.processEvents()
    assert shown == {key: expected[key] for key in shown}
    assert shown[("StylingPanel", "Load classes")] != "Load classes"


def test_english_needs_no_translator(qgis_locale) -> None:
    qgis_locale("en_US")
    assert translation.translation_file(QgsApplication.locale()) is None

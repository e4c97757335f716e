"""The engine's messages in French and German: every ``_("...")`` is translated with the same
placeholders, the language follows set_language() or the environment, and anything unknown
stays English. No QGIS and no torch needed."""

from __future__ import annotations

import ast
import importlib.util
import json
import re
import string
import sys
from pathlib import Path

import pytest

import torchmap
from torchmap.engine import i18n
from torchmap.engine.errors import CancelledError, InputError
from torchmap.engine.i18n import _, language, set_language
from torchmap.engine.rasters import open_raster

ROOT = Path(torchmap.__file__).resolve().parent
ENGINE = ROOT / "engine"
LANGUAGES = ("fr", "de")


@pytest.fixture(autouse=True)
def english_afterwards(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts from the environment alone (no TorchMap or locale variables) and
    leaves the language as it found it, so other tests keep seeing English."""
    monkeypatch.setattr(i18n, "_chosen", None)  # restored at teardown
    for name in i18n.ENVIRONMENT_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def engine_messages() -> dict[str, str]:
    """Every ``_("literal")`` text in engine/ -> where it first appears."""
    messages: dict[str, str] = {}
    for path in sorted(ENGINE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                messages.setdefault(node.args[0].value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return messages


def fields(text: str) -> list[tuple[str, str, str]]:
    """The placeholders of a message: (name, conversion, format spec), sorted."""
    return sorted(
        (name, conversion or "", spec or "")
        for _text, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    )


def catalogue(language_code: str) -> dict[str, str]:
    return json.loads((ENGINE / "locale" / f"{language_code}.json").read_text(encoding="utf-8"))


def test_the_engine_has_many_messages() -> None:
    assert len(engine_messages()) > 150  # the extraction sees them all, not a few


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_engine_message_is_translated_with_the_same_placeholders(code: str) -> None:
    translations = catalogue(code)
    for text, place in engine_messages().items():
        translation = translations.get(text, "")
        assert translation.strip(), f"{place}: no {code} translation of {text!r}"
        assert fields(translation) == fields(text), f"{place}: {code} {translation!r}"
        # A copy of the English is an oversight, unless the words are few or none ("id {id}").
        words = re.sub(r"\{[^}]*\}", "", text)
        assert translation != text or sum(c.isalpha() for c in words) < 4, (place, text)


@pytest.mark.parametrize("code", LANGUAGES)
def test_catalogues_are_sorted_json_of_exactly_the_engine_messages(code: str) -> None:
    text = (ENGINE / "locale" / f"{code}.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert list(data) == sorted(data)
    assert all(isinstance(value, str) for value in data.values())
    assert set(data) == set(engine_messages()), "run scripts/i18n.py update"
    assert text == json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def test_an_engine_error_comes_in_the_chosen_language(tmp_path: Path) -> None:
    missing = tmp_path / "missing.tif"
    set_language("fr")
    with pytest.raises(InputError) as french:
        open_raster("raster", missing)
    assert (
        french.value.message == f"{missing} n'existe pas ; choisissez un fichier raster existant."
    )
    assert str(CancelledError()) == "Annulé par l'utilisateur ; aucune sortie n'a été écrite."

    set_language("de_AT")
    with pytest.raises(InputError) as german:
        open_raster("raster", missing)
    assert german.value.message.startswith(f"{missing} existiert nicht;")

    set_language("en")
    with pytest.raises(InputError) as english:
        open_raster("raster", missing)
    assert english.value.message == f"{missing} does not exist; choose an existing raster file."


def test_placeholders_are_filled_after_translating() -> None:
    set_language("fr")
    text = _("Learning rate finder: picked {rate:.2e}.").format(rate=0.00123)
    assert text == "Recherche du taux d'apprentissage : 1.23e-03 retenu."


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("fr", "fr"),
        ("fr_FR", "fr"),
        ("fr-CA", "fr"),
        ("de_AT.UTF-8", "de"),
        ("DE", "de"),
        ("en", "en"),
        ("en_GB", "en"),
        ("C", "en"),
        ("POSIX", "en"),
        ("", "en"),
    ],
)
def test_set_language_takes_locale_names(code: str, expected: str) -> None:
    set_language(code)
    assert language() == expected


@pytest.mark.parametrize("code", ["pt_BR", "xx", "zh_Hans", "../fr", "fr/../de"])
def test_an_unknown_language_falls_back_to_english(code: str) -> None:
    set_language(code)
    assert language() == "en"
    assert _("another CRS") == "another CRS"


def test_a_text_without_translation_stays_as_written() -> None:
    set_language("de")
    assert _("a text no catalogue holds") == "a text no catalogue holds"


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LC_MESSAGES": "fr_FR.UTF-8", "LANG": "de_DE.UTF-8"}, "fr"),
        ({"LC_ALL": "C", "LANG": "fr_FR.UTF-8"}, "en"),  # the first one set decides
        ({"LANGUAGE": "de:fr", "LC_ALL": "fr_FR.UTF-8"}, "de"),
        ({"LANGUAGE": ":fr", "LANG": "de_DE"}, "fr"),
        ({"LANGUAGE": "", "LANG": "fr_BE"}, "fr"),  # empty: the next one
        ({"TORCHMAP_LANGUAGE": "fr", "LANGUAGE": "de", "LANG": "de_DE"}, "fr"),
        ({"TORCHMAP_LANGUAGE": "en", "LANG": "de_DE"}, "en"),
        ({"LANG": "pt_BR.UTF-8"}, "en"),  # no catalogue
    ],
)
def test_the_environment_decides_until_set_language_is_called(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], expected: str
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert language() == expected
    set_language("fr" if expected != "fr" else "de")
    assert language() != expected  # an explicit choice wins over the environment
    set_language(None)
    assert language() == expected


def test_the_environment_is_read_at_each_message(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _("another CRS") == "another CRS"
    monkeypatch.setenv("TORCHMAP_LANGUAGE", "de")
    assert _("another CRS") == "einem anderen KBS"


def load_i18n_script():
    """scripts/i18n.py as a module (it is a script, not a package member)."""
    spec = importlib.util.spec_from_file_location("torchmap_i18n_script", ROOT / "scripts/i18n.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_i18n_script_finds_no_problem_in_the_engine() -> None:
    script = load_i18n_script()
    messages, problems = script.extract_engine_all()
    assert problems == []
    assert {message.source for message in messages} == set(engine_messages())
    assert script.catalogue_problems(messages) == []


def test_the_i18n_script_refuses_what_it_cannot_extract(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = load_i18n_script()
    monkeypatch.setattr(script, "ROOT", tmp_path)
    source = tmp_path / "bad.py"
    source.write_text(
        "from .i18n import _\n"
        "def variable(text):\n"
        "    return _(text)\n"
        "def f_string(path):\n"
        '    return _(f"{path} is missing")\n'
        "def rebinds(pairs):\n"
        "    for _, value in pairs:\n"
        "        pass\n"
        '    return _("fine text")\n'
        "def throwaway_only(pairs):\n"
        "    return [value for _, value in pairs]\n"
        "def good(path):\n"
        '    return _("{path} is " "fine").format(path=path)\n',
        encoding="utf-8",
    )
    messages, problems = script.extract_engine(source)
    assert [message.source for message in messages] == ["fine text", "{path} is fine"]
    assert [problem.line for problem in problems] == [3, 5, 6]
    assert "_(variable)" in problems[0].text
    assert "f-string" in problems[1].text or 'f"' in problems[1].text
    assert "rebinds" in problems[2].text


def test_the_i18n_script_refreshes_a_catalogue_keeping_translations(tmp_path: Path) -> None:
    script = load_i18n_script()
    path = tmp_path / "fr.json"
    path.write_text(json.dumps({"kept": "gardé", "vanished": "disparu"}), encoding="utf-8")
    messages = [script.Message("", text, "engine/x.py", 1) for text in ("new", "kept")]
    script.write_catalogue(path, messages)
    text = path.read_text(encoding="utf-8")
    assert json.loads(text) == {"kept": "gardé", "new": ""}
    assert text.index('"kept"') < text.index('"new"')  # sorted keys


def test_the_i18n_script_check_names_untranslated_messages() -> None:
    script = load_i18n_script()
    problems = script.catalogue_problems([script.Message("", "no one wrote this", "x.py", 7)])
    assert {(problem.path, problem.line) for problem in problems} == {("x.py", 7)}
    assert len(problems) == len(LANGUAGES)

"""Keeps TorchMap's translations in step with the code: i18n/torchmap_<lang>.ts (the Qt
side) and engine/locale/<lang>.json (the engine's messages).

    .venv/bin/python scripts/i18n.py update   # add new strings, drop vanished ones
    .venv/bin/python scripts/i18n.py check    # fail on strings no tool can extract, and on
                                              # engine messages a catalogue does not translate

It finds what pylupdate5 finds in Python: ``self.tr("literal")`` (context: the enclosing
class), ``QCoreApplication.translate("Context", "literal")`` and
``QT_TRANSLATE_NOOP("Context", "literal")``, and in engine/algorithms/ ``qt_text("literal")``
(context: the module's ``TRANSLATION_CONTEXT``), and refuses ``tr(variable)`` and
``other.tr("literal")`` (translated at run time in other's class, not the enclosing one). It
needs no pyqt5-dev-tools; `make i18n` then compiles the .ts files with Qt's lrelease.

In engine/ it finds ``_("literal")`` (engine/i18n.py), refuses ``_(variable)`` and
``_(f"...")``, and a function that both translates and rebinds ``_`` (``for _ in ...``,
``_, x = ...``), where ``_("...")`` would call the throwaway value. The engine's catalogues are
JSON, ``{English: translation}`` with sorted keys, read as committed (no build step).
"""

from __future__ import annotations

import ast
import json
import string
import symtable
import sys
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "i18n"
LANGUAGES = ("fr", "de")
SOURCES = (
    "__init__.py",
    "plugin",
    "processing_provider",
    "engine/algorithms",
)  # Qt's; engine/ below
# engine/algorithms/ describes the algorithms' parameters for QGIS and the command line: it
# marks its labels with qt_text("literal") (no Qt there), in its TRANSLATION_CONTEXT.
QT_TEXT_FUNCTION = "qt_text"
MODULE_CONTEXT = "TRANSLATION_CONTEXT"
ENGINE = ROOT / "engine"
ENGINE_LOCALE = ENGINE / "locale"
ENGINE_FUNCTION = "_"  # engine/i18n.py's
TRANSLATE_FUNCTIONS = {"translate", "QT_TRANSLATE_NOOP"}


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    path: str  # relative to the repository root
    line: int


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    text: str


def source_files() -> list[Path]:
    files: list[Path] = []
    for name in SOURCES:
        path = ROOT / name
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return files


def extract(path: Path) -> tuple[list[Message], list[Problem]]:
    """The translatable strings of one Python file, and the calls no tool could extract."""
    relative = path.relative_to(ROOT).as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=relative)
    visitor = _Visitor(relative, _module_context(tree))
    visitor.visit(tree)
    return visitor.messages, visitor.problems


def _module_context(tree: ast.Module) -> str:
    """The module's ``TRANSLATION_CONTEXT = "..."``, or ""."""
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == MODULE_CONTEXT for t in node.targets)
            and _is_text(node.value)
        ):
            return node.value.value
    return ""


class _Visitor(ast.NodeVisitor):
    def __init__(self, path: str, module_context: str = "") -> None:
        self.path = path
        self.module_context = module_context
        self.classes: list[str] = []
        self.functions: list[str] = []
        self.messages: list[Message] = []
        self.problems: list[Problem] = []

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.functions.append(node.name)
        self.generic_visit(node)
        self.functions.pop()

    def visit_Call(self, node: ast.Call) -> None:
        name = _called_name(node.func)
        inside_a_tr = bool(self.functions) and self.functions[-1] == "tr"  # tr() itself
        if name == "tr" and isinstance(node.func, ast.Attribute):
            if _is_self(node.func.value):
                self._take(self.classes[-1] if self.classes else "", node.args[:1], node)
            else:  # other.tr() translates in other's class, which no extractor can know
                self._problem(node, "tr() on another object than self: use "
                              "QCoreApplication.translate(\"ItsClass\", \"text\")")  # fmt: skip
        elif name == QT_TEXT_FUNCTION and isinstance(node.func, ast.Name):
            if not self.module_context:
                self._problem(node, f"qt_text() in a module without {MODULE_CONTEXT}")
            self._take(self.module_context, node.args[:1], node)
        elif name in TRANSLATE_FUNCTIONS and len(node.args) >= 2 and not inside_a_tr:
            context, text = node.args[0], node.args[1]
            # translate(context, variable) is Qt's idiom for QT_TRANSLATE_NOOP-marked text.
            if _is_text(context) and _is_text(text):
                self._take(context.value, [text], node)
        self.generic_visit(node)

    def _take(self, context: str, arguments: list[ast.expr], node: ast.Call) -> None:
        text = arguments[0] if arguments else None
        if isinstance(text, ast.Constant) and isinstance(text.value, str):
            if not context:
                self._problem(node, "tr() outside a class has no context")
            self.messages.append(Message(context, text.value, self.path, node.lineno))
        else:
            self._problem(node, "the text is not a string literal (tr(variable))")

    def _problem(self, node: ast.Call, text: str) -> None:
        self.problems.append(Problem(self.path, node.lineno, text))


def _is_self(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id in ("self", "cls")


def _is_text(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _called_name(function: ast.expr) -> str:
    if isinstance(function, ast.Attribute):
        return function.attr
    return function.id if isinstance(function, ast.Name) else ""


def extract_all() -> tuple[list[Message], list[Problem]]:
    messages: list[Message] = []
    problems: list[Problem] = []
    for path in source_files():
        found, wrong = extract(path)
        messages.extend(found)
        problems.extend(wrong)
    return messages, problems


def ts_path(language: str) -> Path:
    return I18N / f"torchmap_{language}.ts"


def read_translations(path: Path) -> dict[tuple[str, str], str]:
    """(context, source) -> translation of a .ts file ('' where unfinished)."""
    if not path.is_file():
        return {}
    translations = {}
    for context in ElementTree.parse(path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            finished = translation is not None and translation.get("type") is None
            text = (translation.text or "") if finished else ""
            translations[(name, message.findtext("source", ""))] = text
    return translations


def write_ts(path: Path, language: str, messages: list[Message]) -> None:
    """Rewrite a .ts with exactly ``messages``, keeping the translations it already had."""
    known = read_translations(path)
    root = ElementTree.Element("TS", version="2.1", language=language)
    by_context: dict[str, dict[str, list[Message]]] = {}
    for message in messages:
        by_context.setdefault(message.context, {}).setdefault(message.source, []).append(message)
    for context_name in sorted(by_context):
        context = ElementTree.SubElement(root, "context")
        ElementTree.SubElement(context, "name").text = context_name
        for source, places in by_context[context_name].items():
            element = ElementTree.SubElement(context, "message")
            for place in places:
                ElementTree.SubElement(
                    element, "location", filename=f"../{place.path}", line=str(place.line)
                )
            ElementTree.SubElement(element, "source").text = source
            translation = ElementTree.SubElement(element, "translation")
            translation.text = known.get((context_name, source), "")
            if not translation.text:
                translation.set("type", "unfinished")
    ElementTree.indent(root)
    body = ElementTree.tostring(root, encoding="unicode")
    path.write_text(
        f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n{body}\n', encoding="utf-8"
    )


def engine_files() -> list[Path]:
    return sorted(path for path in ENGINE.rglob("*.py") if "__pycache__" not in path.parts)


def extract_engine(path: Path) -> tuple[list[Message], list[Problem]]:
    """The ``_("literal")`` messages of one engine file, and the calls that are not."""
    relative = path.relative_to(ROOT).as_posix()
    source = path.read_text(encoding="utf-8")
    messages: list[Message] = []
    problems: list[Problem] = []
    for node in ast.walk(ast.parse(source, filename=relative)):
        if not (isinstance(node, ast.Call) and _called_name(node.func) == ENGINE_FUNCTION):
            continue
        if isinstance(node.func, ast.Attribute):
            continue  # something else's _(), not engine/i18n.py's
        text = node.args[0] if len(node.args) == 1 and not node.keywords else None
        if isinstance(text, ast.Constant) and isinstance(text.value, str):
            messages.append(Message("", text.value, relative, node.lineno))
        elif isinstance(text, ast.JoinedStr):
            why = '_(f"...") translates the filled-in text: write _("{name}").format(name=...)'
            problems.append(Problem(relative, node.lineno, why))
        else:
            why = "_() takes one string literal, not _(variable): translate it where it is written"
            problems.append(Problem(relative, node.lineno, why))
    problems.extend(_rebound_translators(symtable.symtable(source, relative, "exec"), relative))
    return messages, problems


def _rebound_translators(table: symtable.SymbolTable, path: str) -> list[Problem]:
    """Functions that call _() but also bind _ themselves (a throwaway name): there _ is
    local, so _("...") would call the throwaway value, or fail before it is bound."""
    problems = []
    for child in table.get_children():
        if child.get_type() == "function":
            try:
                symbol = child.lookup(ENGINE_FUNCTION)
            except KeyError:
                symbol = None
            if symbol is not None and symbol.is_local() and symbol.is_referenced():
                why = f"{child.get_name()}() binds _ and translates with _(): rename the throwaway"
                problems.append(Problem(path, child.get_lineno(), why))
        problems.extend(_rebound_translators(child, path))
    return problems


def extract_engine_all() -> tuple[list[Message], list[Problem]]:
    messages: list[Message] = []
    problems: list[Problem] = []
    for path in engine_files():
        found, wrong = extract_engine(path)
        messages.extend(found)
        problems.extend(wrong)
    return messages, problems


def catalogue_path(language: str) -> Path:
    return ENGINE_LOCALE / f"{language}.json"


def read_catalogue(path: Path) -> dict[str, str]:
    """English message -> translation of an engine catalogue ('' where untranslated)."""
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def write_catalogue(path: Path, messages: list[Message]) -> dict[str, str]:
    """Rewrite a catalogue with exactly the messages' texts, keeping known translations."""
    known = read_catalogue(path)
    catalogue = {message.source: known.get(message.source, "") for message in messages}
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(catalogue, ensure_ascii=False, indent=2, sort_keys=True)
    path.write_text(text + "\n", encoding="utf-8")
    return catalogue


def placeholders(text: str) -> list[str]:
    """The ``{...}`` fields of a message, sorted, e.g. ``['{path}', '{rate:.2e}']``."""
    fields = []
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is not None:
            conversion = f"!{conversion}" if conversion else ""
            fields.append("{" + name + conversion + (f":{spec}" if spec else "") + "}")
    return sorted(fields)


def catalogue_problems(messages: list[Message]) -> list[Problem]:
    """Engine messages a catalogue lacks, leaves empty, or translates with other fields."""
    problems = []
    first_places = {}
    for message in messages:
        first_places.setdefault(message.source, message)
    for language in LANGUAGES:
        path = catalogue_path(language)
        catalogue = read_catalogue(path)
        for text, place in first_places.items():
            translation = catalogue.get(text, "")
            if not translation:
                why = f"no {language} translation of {text!r} in {path.name}"
                problems.append(Problem(place.path, place.line, why))
            elif placeholders(translation) != placeholders(text):
                why = (
                    f"the {language} translation of {text!r} has other {{fields}}: {translation!r}"
                )
                problems.append(Problem(place.path, place.line, why))
    return problems


def main(arguments: list[str]) -> int:
    command = arguments[0] if arguments else "update"
    messages, problems = extract_all()
    engine_messages, engine_problems = extract_engine_all()
    problems += engine_problems
    if command == "check":
        problems += catalogue_problems(engine_messages)
    for problem in problems:
        print(f"{problem.path}:{problem.line}: {problem.text}", file=sys.stderr)
    if command == "check":
        return 1 if problems else 0
    for language in LANGUAGES:
        write_ts(ts_path(language), language, messages)
        missing = sum(1 for text in read_translations(ts_path(language)).values() if not text)
        print(f"{ts_path(language).name}: {len(messages)} strings, {missing} untranslated")
    for language in LANGUAGES:
        catalogue = write_catalogue(catalogue_path(language), engine_messages)
        missing = sum(1 for text in catalogue.values() if not text)
        print(f"engine/locale/{language}.json: {len(catalogue)} messages, {missing} untranslated")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

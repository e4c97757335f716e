"""The plugin's runtime code must run on Python 3.9: QGIS 3.22-3.28 on Windows and macOS ship
it, and metadata.txt claims QGIS 3.22. ``make lint`` runs this file as a script, ``make test``
(and so CI) as tests.

Only the code QGIS imports is checked (RUNTIME); tests, bench and scripts run on the dev
venv's Python and may use anything it has.

Two checks:

* vermin, for syntax and standard-library APIs newer than 3.9 (``zip(strict=)``, ``match``,
  ``itertools.pairwise``, ...). Annotations are not counted (``--no-eval-annotations``):
  every runtime module starts with ``from __future__ import annotations``, so Python 3.9
  keeps them as strings; ``test_runtime_modules_postpone_annotations`` holds them to it.
  Code that only runs on newer Pythons (behind ``sys.version_info``) is marked ``# novm``.
* ``X | Y`` of types evaluated at run time (``isinstance(x, int | float)``, a type alias),
  a TypeError on 3.9. vermin's own ``union-types`` feature cannot tell these from argument
  annotations or Qt flags (``Qt.AlignLeft | Qt.AlignTop``), so this file looks for them.
"""

from __future__ import annotations

import ast
import builtins
import importlib.util
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUNTIME = ["__init__.py", "install.py", "plugin", "processing_provider", "engine"]
VERMIN_FLAGS = [
    "--no-tips",
    "--violations",  # only what needs a newer Python; exit 1 if anything does
    "-vvv",  # with line numbers
    "-t=3.9-",
    "--no-eval-annotations",  # postponed annotations are strings at run time
    "--no-config-file",
    "--no-make-paths-absolute",
]
# The interpreter running this file, so the venv's vermin is used whatever PATH says.
VERMIN = [sys.executable, "-c", "import sys, vermin; sys.exit(vermin.main())"]
BUILTIN_TYPES = {name for name in dir(builtins) if isinstance(getattr(builtins, name), type)}


def runtime_files() -> list[Path]:
    files = []
    for entry in RUNTIME:
        path = ROOT / entry
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return [path for path in files if "__pycache__" not in path.parts]


def run_vermin() -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*VERMIN, *VERMIN_FLAGS, *RUNTIME],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def _annotation_nodes(tree: ast.AST) -> set[int]:
    """Ids of every node inside an annotation (postponed, so never evaluated)."""
    annotations: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            arguments = node.args
            every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
            every += [arg for arg in (arguments.vararg, arguments.kwarg) if arg is not None]
            annotations += [arg.annotation for arg in every if arg.annotation is not None]
            if node.returns is not None:
                annotations.append(node.returns)
        elif isinstance(node, ast.AnnAssign):
            annotations.append(node.annotation)
    return {id(inner) for annotation in annotations for inner in ast.walk(annotation)}


def _looks_like_a_type(node: ast.expr) -> bool:
    """None, a builtin type, a subscripted generic or a CamelCase name: not Qt/GDAL flags
    (``Qt.AlignLeft``, ``gdal.OF_RASTER``), sets or arrays, which ``|`` combines at run time."""
    if isinstance(node, ast.Constant):
        return node.value is None
    if isinstance(node, ast.Subscript):
        return True
    if isinstance(node, ast.Name):
        name = node.id
        return name in BUILTIN_TYPES or (name[:1].isupper() and not name.isupper())
    if isinstance(node, ast.Attribute):
        return node.attr in BUILTIN_TYPES  # builtins.int
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _looks_like_a_type(node.left) or _looks_like_a_type(node.right)
    return False


def runtime_unions(source: str) -> Iterator[tuple[int, str]]:
    """(line, code) of each ``X | Y`` of types that Python evaluates when it runs."""
    tree = ast.parse(source)
    annotations = _annotation_nodes(tree)
    type_arguments = set()  # isinstance(x, <here>), issubclass(c, <here>)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("isinstance", "issubclass")
            and len(node.args) == 2
        ):
            type_arguments.update(id(inner) for inner in ast.walk(node.args[1]))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.BitOr)
            and id(node) not in annotations
            and (id(node) in type_arguments or _looks_like_a_type(node))
        ):
            yield node.lineno, ast.unparse(node)


def postpones_annotations(source: str) -> bool:
    """``from __future__ import annotations``, or nothing but a docstring."""
    body = ast.parse(source).body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    return not body or any(
        isinstance(node, ast.ImportFrom)
        and node.module == "__future__"
        and any(alias.name == "annotations" for alias in node.names)
        for node in body
    )


def problems() -> list[str]:
    """What keeps the runtime code from Python 3.9, beyond what vermin reports."""
    found = []
    for path in runtime_files():
        source = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT).as_posix()
        if not postpones_annotations(source):
            found.append(f"{name}: no `from __future__ import annotations`")
        found += [
            f"{name}:{line}: `{code}` is evaluated at run time; X | Y of types needs 3.10 "
            "(use a tuple in isinstance, typing.Union/Optional elsewhere)"
            for line, code in sorted(runtime_unions(source))
        ]
    return found


@pytest.mark.skipif(
    importlib.util.find_spec("vermin") is None,
    reason="vermin is not installed (requirements.txt; `make setup` installs it)",
)
def test_runtime_code_needs_no_python_newer_than_3_9() -> None:
    result = run_vermin()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Minimum required versions: 3." in result.stdout, result.stdout


def test_runtime_code_evaluates_no_union_of_types() -> None:
    assert problems() == []


def test_the_union_check_tells_types_from_flags() -> None:
    source = """
from __future__ import annotations
import numpy as np

Alias = Path | None
Number = int | float

def f(x: int | None, flags: Qt.AlignmentFlag | None = None) -> str | None:
    y: list[int] | None = None
    isinstance(x, int | float)
    issubclass(x, (a.B | c.D))
    cast("int | None", x)
    return Qt.AlignLeft | Qt.AlignTop, gdal.OF_RASTER | gdal.OF_UPDATE, a | {1}, m | ~n
"""
    found = [code for _, code in runtime_unions(source)]
    assert sorted(found) == ["Path | None", "a.B | c.D", "int | float", "int | float"]


def test_postponed_annotations_are_required_where_there_is_code() -> None:
    assert postpones_annotations('"""Only a docstring."""\n')
    assert postpones_annotations('"""Doc."""\n\nfrom __future__ import annotations\n\nx = 1\n')
    assert not postpones_annotations('"""Doc."""\n\nx: int | None = None\n')


@pytest.mark.parametrize(
    "iterables",
    [
        (),
        ([],),
        ([1, 2], "ab"),
        ([1, 2], [3]),
        ([1], [3, 4]),
        ([1, 2], [3, 4], [5]),
        ([1, 2], [3, 4], [5, 6, 7]),
        ([], [], [1]),
    ],
)
def test_zip_strict_on_python_3_9_behaves_as_zip_strict(iterables: tuple[object, ...]) -> None:
    from torchmap.engine.compat import _zip_strict

    def outcome(zipped: object) -> object:
        try:
            return list(zipped)  # type: ignore[call-overload]
        except ValueError as error:
            return str(error)

    expected = outcome(zip(*iterables, strict=True))
    assert outcome(_zip_strict(*iterables)) == expected
    with pytest.raises(TypeError):
        _zip_strict([1], 5)  # at once, as zip does


def main() -> int:
    """``make lint``: vermin's report, then the unions and future imports it cannot see."""
    result = run_vermin()
    print("vermin " + " ".join([*VERMIN_FLAGS, *RUNTIME]))
    print((result.stdout + result.stderr).rstrip())
    found = problems()
    if found:
        print("\n".join(found))
    return 1 if result.returncode or found else 0


if __name__ == "__main__":
    sys.exit(main())

"""``python -m torchmap.engine``: the four algorithms without QGIS, for scripts, servers and
multi-process runs. Parameters are given as to ``qgis_process``: ``NAME=value`` with the
Processing names and defaults (choices by name or index), from the same descriptions the
Processing algorithms are built from (``engine/algorithms/``)::

    python -m torchmap.engine export INPUT_RASTER=scene.tif INPUT_CLASS_DATA=labels.gpkg \\
        CLASS_VALUE_FIELD=class OUTPUT_FOLDER=chips
    python -m torchmap.engine train INPUT_DATA=chips OUTPUT_MODEL=model.tmpk MAX_TIME=5
    python -m torchmap.engine classify-pixels INPUT_RASTER=scene.tif MODEL=model.tmpk \\
        OUTPUT=classes.tif
    python -m torchmap.engine info model.tmpk

A progress bar on a terminal (stderr), the results on stdout (``--json``: one JSON object),
exit status 0 when done, 1 with a message naming the parameter on bad input or a failure,
130 when interrupted (Ctrl+C cancels cleanly: nothing partial is left).
"""

from __future__ import annotations

import json
import os
import signal
import sys
import textwrap
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from .algorithms import ALGORITHMS
from .algorithms import description as d
from .algorithms.description import Algorithm, LayerSource, Parameter
from .algorithms.sources import layer_source
from .distributed import Group, join, leave
from .errors import CancelledError, InputError, TorchMapError
from .i18n import _
from .reporter import StreamReporter

PROGRAM = "python -m torchmap.engine"
TRACKER = "https://github.com/torchmap/torchmap/issues"
PROGRESS_VARIABLE = "TORCHMAP_PROGRESS"  # "lines": progress as lines a launcher reads
PROGRESS_MARK = "torchmap-progress"
EXIT_OK, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 130
TRUE_WORDS, FALSE_WORDS = ("true", "1", "yes", "on"), ("false", "0", "no", "off", "")


class UsageError(Exception):
    """Bad command-line input, said in one line that names the parameter."""


# ---- reading NAME=value ------------------------------------------------------------------


def parse_values(algorithm: Algorithm, arguments: Sequence[str]) -> dict[str, Any]:
    """The values of every parameter (given or default) by name, typed by kind."""
    given: dict[str, str] = {}
    for argument in arguments:
        name, equals, text = argument.partition("=")
        if not equals or not name:
            raise UsageError(
                _("{argument}: give parameters as NAME=value.").format(argument=argument)
            )
        name = name.strip().upper()
        try:
            algorithm.parameter(name)
        except KeyError:
            names = ", ".join(p.name for p in algorithm.parameters)
            raise UsageError(
                _("{name} is not a parameter of {command}; its parameters: {names}.").format(
                    name=name, command=algorithm.command, names=names
                )
            ) from None
        given[name] = text
    values = {}
    for parameter in algorithm.parameters:
        text = given.get(parameter.name)
        values[parameter.name] = _value(parameter, text.strip() if text is not None else None)
    return _in_raster_crs(algorithm, values, given)


def _value(parameter: Parameter, text: str | None) -> Any:
    kind = parameter.kind
    if text is None or (text == "" and kind not in (d.STRING, d.BOOLEAN)):
        return _unset(parameter)
    try:
        if kind == d.INTEGER:
            return _in_range(parameter, int(text))
        if kind == d.NUMBER:
            return _in_range(parameter, float(text))
        if kind == d.BOOLEAN:
            if text.lower() not in TRUE_WORDS + FALSE_WORDS:
                raise ValueError(text)
            return text.lower() in TRUE_WORDS
        if kind == d.CHOICE:
            return _choice(parameter, text)
        if kind == d.EXTENT:
            return _extent(text)
        if kind in (d.LAYER, d.VECTOR):
            return layer_source(text)
    except ValueError:
        raise UsageError(_mistake(parameter, text)) from None
    return text


def _unset(parameter: Parameter) -> Any:
    """A parameter left out: its default, nothing where it is optional, else an error."""
    default = parameter.default_value()
    if default is not None:
        return default
    if not parameter.is_optional and parameter.kind not in (d.BOOLEAN, d.STRING):
        raise UsageError(
            _("{name} ({label}) is required: add {name}=...").format(
                name=parameter.name, label=parameter.label
            )
        )
    return "" if parameter.kind in (d.STRING, d.BANDS) else None


def _in_range(parameter: Parameter, number: float) -> float:
    low, high = parameter.minimum, parameter.maximum
    if (low is not None and number < low) or (high is not None and number > high):
        raise ValueError(number)
    return number


def _choice(parameter: Parameter, text: str) -> str:
    """A choice by its name (``cuda``) or index (``2``), as qgis_process takes enums."""
    if text in parameter.choices:
        return text
    if text.isdigit() and int(text) < len(parameter.choices):
        return parameter.choices[int(text)]
    raise ValueError(text)


def _extent(text: str) -> tuple[float, float, float, float, str]:
    """``xmin,xmax,ymin,ymax [CRS]`` (QGIS's order) as (xmin, ymin, xmax, ymax, crs)."""
    numbers, _space, crs = text.partition(" ")
    parts = [float(part) for part in numbers.split(",")]
    if len(parts) != 4 or parts[0] >= parts[1] or parts[2] >= parts[3]:
        raise ValueError(text)
    return (parts[0], parts[2], parts[1], parts[3], crs.strip().strip("[]").strip())


def _mistake(parameter: Parameter, text: str) -> str:
    """What is wrong with ``text`` for ``parameter``, and what it takes."""
    kind = parameter.kind
    if kind == d.CHOICE:
        expected = _("one of {choices} (or its index from 0)").format(
            choices=", ".join(parameter.choices)
        )
    elif kind == d.EXTENT:
        expected = _("xmin,xmax,ymin,ymax with an optional CRS, e.g. 0,100,0,50 [EPSG:32633]")
    elif kind == d.BOOLEAN:
        expected = _("true or false")
    elif kind in (d.INTEGER, d.NUMBER):
        expected = _describe_number(parameter)
    else:
        expected = kind
    return _("{name} ({label}): {text!r} is not {expected}.").format(
        name=parameter.name, label=parameter.label, text=text, expected=expected
    )


def _describe_number(parameter: Parameter) -> str:
    what = _("an integer") if parameter.kind == d.INTEGER else _("a number")
    low, high = parameter.minimum, parameter.maximum
    if low is not None and high is not None:
        return _("{what} from {low:g} to {high:g}").format(what=what, low=low, high=high)
    if low is not None:
        return _("{what} of at least {low:g}").format(what=what, low=low)
    return what


def _in_raster_crs(
    algorithm: Algorithm, values: dict[str, Any], given: dict[str, str]
) -> dict[str, Any]:
    """Extents given with a CRS, reprojected into their raster's CRS (the engine's)."""
    for parameter in algorithm.parameters:
        value = values.get(parameter.name)
        if parameter.kind != d.EXTENT or value is None:
            continue
        *box, crs = value
        raster = values.get(parameter.parent)
        values[parameter.name] = tuple(_reprojected(box, crs, raster) if crs else box)
    return values


def _reprojected(box: list[float], crs: str, raster: str | None) -> tuple[float, ...]:
    import rasterio
    from rasterio.warp import transform_bounds

    if not raster:
        return tuple(box)
    try:
        with rasterio.open(raster) as dataset:
            target = dataset.crs
    except rasterio.errors.RasterioIOError:
        return tuple(box)  # the engine names the raster that cannot be read
    if target is None:
        return tuple(box)
    try:
        return tuple(transform_bounds(crs, target, *box))
    except (rasterio.errors.CRSError, ValueError) as error:
        raise UsageError(
            _("EXTENT: {crs} is not a CRS ({error}).").format(crs=crs, error=error)
        ) from error


def to_arguments(algorithm: Algorithm, values: dict[str, Any]) -> list[str]:
    """``NAME=value`` arguments that :func:`parse_values` reads back as ``values`` (extents
    in their raster's CRS; parameters without a value left out)."""
    arguments = []
    for parameter in algorithm.parameters:
        value = values.get(parameter.name)
        if value is None or value == "":
            continue
        if parameter.kind == d.EXTENT:
            xmin, ymin, xmax, ymax = value[:4]
            text = f"{xmin!r},{xmax!r},{ymin!r},{ymax!r}"
        elif isinstance(value, LayerSource):
            text = value.path + (f"|layername={value.layer}" if value.layer else "")
        elif isinstance(value, bool):
            text = "true" if value else "false"
        else:
            text = str(value)
        arguments.append(f"{parameter.name}={text}")
    return arguments


# ---- running -----------------------------------------------------------------------------


class TerminalReporter(StreamReporter):
    """Messages on stderr; on a terminal a progress bar too. Ctrl+C asks the engine to cancel
    (it removes what it was writing), a second one stops at once."""

    WIDTH = 30

    def __init__(self, stream: TextIO = sys.stderr, quiet: bool = False, bar: bool = True) -> None:
        self.stream = stream
        self.bar = bar and stream.isatty() and not quiet
        self.lines = bar and os.environ.get(PROGRESS_VARIABLE) == "lines"
        self.quiet = quiet
        self.interrupted = False
        self._shown = -1

    def progress(self, percent: float) -> None:
        if self.lines:  # for a program that launched this one (see launch.py)
            print(f"{PROGRESS_MARK} {percent:.1f}", file=self.stream, flush=True)
            return
        if not self.bar:
            return
        whole = max(0, min(100, int(percent)))
        if whole == self._shown:
            return
        self._shown = whole
        filled = whole * self.WIDTH // 100
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {whole:3d}%")
        self.stream.flush()

    def _line(self, text: str) -> None:
        if self.bar and self._shown >= 0:
            self.stream.write("\r" + " " * (self.WIDTH + 8) + "\r")
            self._shown = -1
        print(text, file=self.stream)

    def info(self, text: str) -> None:
        if not self.quiet:
            self._line(text)

    def warning(self, text: str) -> None:
        self._line(_("warning: {text}").format(text=text))

    def metrics(self, epoch: int, values: dict[str, float]) -> None:
        from .reporter import format_metrics

        if not self.quiet:
            self._line(format_metrics(epoch, values))

    def is_cancelled(self) -> bool:
        return self.interrupted

    def finish(self) -> None:
        if self.bar and self._shown >= 0:
            self.stream.write("\n")
            self._shown = -1

    def interrupt(self, *_args: object) -> None:
        if self.interrupted:  # a second Ctrl+C: stop now
            raise KeyboardInterrupt
        self.interrupted = True


def run(algorithm: Algorithm, arguments: Sequence[str], as_json: bool, quiet: bool) -> int:
    values = parse_values(algorithm, arguments)
    group = join()  # several processes under torchrun, else a group of one
    # Rank 0 talks to the user; the others only warn.
    reporter = TerminalReporter(quiet=quiet or not group.is_main, bar=group.is_main)
    # Ctrl+C, and torchrun's SIGTERM when another rank failed: cancel, leaving nothing.
    previous = {
        number: signal.signal(number, reporter.interrupt)
        for number in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        results = _run(algorithm, values, reporter, group)
    except InputError as error:
        reporter.finish()
        raise UsageError(_describe_input_error(algorithm, error)) from error
    finally:
        reporter.finish()
        for number, handler in previous.items():
            signal.signal(number, handler)
        leave(group)
    if group.is_main:
        _print_results(algorithm.command, results, as_json)
    return EXIT_OK


def _run(
    algorithm: Algorithm, values: dict[str, Any], reporter: TerminalReporter, group: Group
) -> dict[str, Any]:
    """The algorithm on this rank: together with the others where it can share the work
    (train, classify-pixels), else on rank 0 alone."""
    if algorithm.distributed:
        return algorithm.run(values, reporter, group)
    if group.is_main:
        return algorithm.run(values, reporter)
    return {}


def _describe_input_error(algorithm: Algorithm, error: InputError) -> str:
    """``NAME (label): message``, as the Processing algorithms say it."""
    name = algorithm.field_parameters.get(error.field)
    if name is None:
        return error.message
    return f"{name} ({algorithm.parameter(name).label}): {error.message}"


def _print_results(command: str, results: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps({"command": command, "results": results}, default=str))
        return
    for name, value in results.items():
        if value is not None:
            print(f"{name}: {value}")


def info(arguments: Sequence[str], as_json: bool) -> int:
    """A model package's definition: task, classes, bands, tile and cell size (no torch)."""
    from .models.definition import read_definition

    paths = [a.partition("=")[2] if a.upper().startswith("MODEL=") else a for a in arguments]
    if len(paths) != 1:
        raise UsageError(
            _("info takes one model package: {program} info MODEL=model.tmpk").format(
                program=PROGRAM
            )
        )
    try:
        definition = read_definition(Path(paths[0]))
    except InputError as error:
        raise UsageError(f"MODEL: {error.message}") from error
    data = definition.to_json()
    if as_json:
        print(json.dumps(data, default=str))
        return EXIT_OK
    for key, value in data.items():
        shown = json.dumps(value, default=str) if isinstance(value, (dict, list)) else value
        print(f"{key}: {shown}")
    return EXIT_OK


# ---- help ----------------------------------------------------------------------------------


def usage() -> str:
    commands = "\n".join(f"  {a.command:<18}{a.title}" for a in ALGORITHMS)
    return _(
        "usage: {program} COMMAND NAME=value ... [--json] [--quiet]\n\n"
        "TorchMap's algorithms without QGIS; parameters as for qgis_process (NAME=value).\n\n"
        "commands:\n{commands}\n  {info:<18}{info_text}\n\n"
        "{program} COMMAND --help lists a command's parameters."
    ).format(
        program=PROGRAM,
        commands=commands,
        info="info",
        info_text=_("A model package's definition (classes, bands, cell size)"),
    )


def command_help(algorithm: Algorithm) -> str:
    lines = [f"usage: {PROGRAM} {algorithm.command} NAME=value ... [--json] [--quiet]", ""]
    lines += [textwrap.fill(paragraph, 96) + "\n" for paragraph in algorithm.intro.split("\n\n")]
    lines.append(_("parameters:"))
    for parameter in algorithm.parameters:
        lines.append(f"  {parameter.name}  ({_kind_text(parameter)})  {parameter.label}")
        if parameter.help:
            lines.append(
                textwrap.fill(parameter.help, 96, initial_indent=" " * 6, subsequent_indent=" " * 6)
            )
    if algorithm.outputs:
        lines += ["", _("other results:")]
        lines += [f"  {output.name}  {output.label}" for output in algorithm.outputs]
    return "\n".join(lines)


def _kind_text(parameter: Parameter) -> str:
    kind = parameter.kind
    if kind == d.CHOICE:
        kind = "|".join(parameter.choices)
    default = parameter.default
    if default is not None and default != "":
        kind += f", default {str(default).lower() if isinstance(default, bool) else default}"
    elif parameter.is_optional or parameter.default_factory:
        kind += ", optional"
    else:
        kind += ", required"
    return kind


# ---- entry point ---------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    as_json, quiet = "--json" in arguments, "--quiet" in arguments
    arguments = [a for a in arguments if a not in ("--json", "--quiet")]
    if not arguments or arguments[0] in ("-h", "--help", "help"):
        print(usage())
        return EXIT_OK if arguments else EXIT_ERROR
    command, rest = arguments[0], arguments[1:]
    by_command = {algorithm.command: algorithm for algorithm in ALGORITHMS}
    try:
        if command == "info":
            return info(rest, as_json)
        if command not in by_command:
            raise UsageError(
                _("{command} is not a command; commands: {commands}.").format(
                    command=command, commands=", ".join([*by_command, "info"])
                )
            )
        if any(a in ("-h", "--help") for a in rest):
            print(command_help(by_command[command]))
            return EXIT_OK
        return run(by_command[command], rest, as_json, quiet)
    except UsageError as error:
        print(_("error: {message}").format(message=error), file=sys.stderr)
        return EXIT_ERROR
    except CancelledError:
        print(_("Cancelled; no output was written."), file=sys.stderr)
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        print(_("Interrupted."), file=sys.stderr)
        return EXIT_INTERRUPTED
    except MemoryError:
        print(
            _("error: ran out of memory; use a smaller batch size (or tile size)."), file=sys.stderr
        )
        return EXIT_ERROR
    except TorchMapError as error:
        print(_("error: {message}").format(message=error), file=sys.stderr)
        return EXIT_ERROR
    except Exception as error:  # a bug or a failed rank: one line, the details on request
        if os.environ.get("TORCHMAP_DEBUG"):
            traceback.print_exc()
        print(
            _(
                "error: TorchMap failed unexpectedly ({kind}: {error}); run again with "
                "TORCHMAP_DEBUG=1 for the details, and report it at {tracker}."
            ).format(kind=type(error).__name__, error=error, tracker=TRACKER),
            file=sys.stderr,
        )
        return EXIT_ERROR

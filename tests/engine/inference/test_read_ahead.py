"""The shared read-ahead: order, errors, cancel and early stops."""

from __future__ import annotations

import contextlib
import threading

import pytest

from torchmap.engine.inference.read_ahead import read_ahead


@pytest.mark.parametrize("depth", [0, 1, 4])
def test_results_come_in_order_whatever_the_depth(depth: int) -> None:
    threads = set()

    def read(item: int) -> int:
        threads.add(threading.current_thread().name)
        return item * item

    assert list(read_ahead(range(10), read, depth)) == [i * i for i in range(10)]
    on_caller = threads == {threading.current_thread().name}
    assert on_caller == (depth == 0)


def test_reads_run_one_at_a_time_in_order_so_they_may_keep_state() -> None:
    seen: list[int] = []
    assert list(read_ahead(range(20), lambda item: seen.append(item) or len(seen), 5)) == list(
        range(1, 21)
    )
    assert seen == list(range(20))


def test_a_read_error_is_raised_where_its_result_would_come() -> None:
    def read(item: int) -> int:
        if item == 3:
            raise ValueError("bad tile")
        return item

    results = []
    with pytest.raises(ValueError, match="bad tile"):
        for value in read_ahead(range(6), read, 2):
            results.append(value)
    assert results == [0, 1, 2]


def test_check_raises_before_an_item_is_handed_out_and_reading_stops() -> None:
    calls = {"checks": 0, "reads": 0}

    def check() -> None:
        calls["checks"] += 1
        if calls["checks"] > 2:
            raise KeyboardInterrupt("cancelled")

    def read(item: int) -> int:
        calls["reads"] += 1
        return item

    with pytest.raises(KeyboardInterrupt):
        list(read_ahead(range(1000), read, 3, check))
    assert calls["reads"] < 10  # the rest were never read


def test_a_consumer_that_stops_early_leaves_no_reader_running() -> None:
    before = threading.active_count()
    with contextlib.closing(read_ahead(range(1000), lambda item: item, 4)) as items:
        assert next(items) == 0
    assert threading.active_count() == before

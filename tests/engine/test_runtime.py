"""One device resolver, one native-bf16 check, one precision policy (engine/runtime.py)."""

from __future__ import annotations

import pytest
import torch

from torchmap.engine.errors import InputError
from torchmap.engine.runtime import native_bf16, resolve_device, resolve_precision

CPU = torch.device("cpu")


def test_auto_picks_a_gpu_when_there_is_one_else_the_cpu() -> None:
    expected = "cuda" if torch.cuda.is_available() else None
    assert resolve_device("auto").type == (expected or resolve_device(None).type)
    assert resolve_device("CPU") == CPU


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has a CUDA GPU")
def test_a_device_this_machine_lacks_or_does_not_know_is_refused_naming_device() -> None:
    for name in ("cuda", "cuda:1", "gpu"):
        with pytest.raises(InputError) as raised:
            resolve_device(name)
        assert raised.value.field == "device"


def test_precisions_by_full_or_short_name_and_auto_per_purpose() -> None:
    assert resolve_precision("fp32", CPU, training=True) == torch.float32
    assert resolve_precision("float32", CPU, training=False) == torch.float32
    # Training on a CPU stays in float32 (bf16 learned less per epoch, and under MAX_TIME no
    # more per minute: bench_budget.py --precision bf16); inference takes bfloat16 where the
    # CPU computes it natively.
    assert resolve_precision("auto", CPU, training=True) == torch.float32
    inference = torch.bfloat16 if native_bf16(CPU) else torch.float32
    assert resolve_precision(None, CPU, training=False) == inference
    assert resolve_precision("bfloat16", CPU, training=False) == torch.bfloat16


def test_a_precision_the_device_cannot_run_is_refused_naming_precision() -> None:
    refused = ["float16", "fp16", "double"]
    if not native_bf16(CPU):
        refused.append("bf16")  # training in emulated bf16 would be slower than float32
    for name in refused:
        with pytest.raises(InputError) as raised:
            resolve_precision(name, CPU, training=True)
        assert raised.value.field == "precision"


def test_physical_cores_count_cores_not_hyperthreads(tmp_path) -> None:
    from torchmap.engine.threads import physical_cores

    cpuinfo = tmp_path / "cpuinfo"
    blocks = [f"processor\t: {i}\nphysical id\t: 0\ncore id\t\t: {i % 4}\n" for i in range(8)]
    cpuinfo.write_text("\n".join(blocks))
    assert physical_cores(cpuinfo) == 4
    assert physical_cores(tmp_path / "missing") >= 1


def test_each_job_gets_its_share_and_the_desktop_keeps_a_core() -> None:
    from torchmap.engine.threads import thread_share

    assert thread_share(8, 0, interactive=False) == 8
    assert thread_share(8, 1, interactive=False) == 4
    assert thread_share(8, 0, interactive=True) == 7
    assert thread_share(2, 3, interactive=True) == 1
    assert thread_share(1, 0, interactive=True) == 1


def test_other_jobs_are_the_live_registrations_of_others(tmp_path) -> None:
    import os

    from torchmap.engine.threads import other_jobs

    live, dead, mine = f"{os.getppid()}-aaaa", "999999999-bbbb", f"{os.getpid()}-cccc"
    for name in (live, dead, mine):
        (tmp_path / name).touch()
    assert other_jobs(tmp_path, mine) == [live]
    assert not (tmp_path / dead).exists()  # a job that died is forgotten


def test_compute_threads_sets_the_share_and_restores_torch_s_setting(monkeypatch) -> None:
    from torchmap.engine import threads as runtime

    before = torch.get_num_threads()
    monkeypatch.setattr(runtime, "physical_cores", lambda: 4)
    monkeypatch.setattr(runtime, "other_jobs", lambda folder, mine: ["1-a"])

    class Lines:
        infos: list[str] = []

        def info(self, text: str) -> None:
            self.infos.append(text)

    lines = Lines()
    with runtime.compute_threads(lines) as share:
        assert share == 2 and torch.get_num_threads() == 2
        with runtime.compute_threads() as inner:  # a second run in the same process
            assert inner == 2
        assert torch.get_num_threads() == 2  # the outer run still runs
    assert torch.get_num_threads() == before
    assert any("2 of 4 cores" in line for line in lines.infos)

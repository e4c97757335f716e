"""Per-step training time alone and beside a second torch job: every job on all the cores
(torch's default, what TorchMap did before) against each job on its share
(engine/threads.py's policy). Measure on an otherwise idle machine.

    .venv/bin/python bench/bench_threads.py [--steps 12]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

CHILD = "--child"


def child(threads: int, steps: int) -> None:
    """Train a U-Net-ResNet-18 on 8 chips of 64 px for ``steps`` steps; print s/step."""
    import torch

    from torchmap.engine.models.networks import build_model

    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = build_model("unet", 3, 4)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    images, targets = torch.randn(8, 3, 64, 64), torch.randint(0, 4, (8, 64, 64))
    loss = torch.nn.CrossEntropyLoss()

    def step() -> None:
        optimizer.zero_grad()
        loss(model(images), targets).backward()
        optimizer.step()

    step()  # warm-up
    started = time.perf_counter()
    for _ in range(steps):
        step()
    print(json.dumps({"seconds_per_step": (time.perf_counter() - started) / steps}))


def run_jobs(threads: list[int], steps: int) -> list[float]:
    """Start one child per entry (its thread count) at once; their seconds per step."""
    jobs = [
        subprocess.Popen([sys.executable, __file__, CHILD, str(t), str(steps)],
                         stdout=subprocess.PIPE, text=True)
        for t in threads
    ]  # fmt: skip
    return [json.loads(job.communicate()[0].strip().splitlines()[-1])["seconds_per_step"]
            for job in jobs]  # fmt: skip


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == CHILD:
        child(int(sys.argv[2]), int(sys.argv[3]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=12)
    arguments = parser.parse_args()
    from torchmap.engine.threads import physical_cores, thread_share

    cores = physical_cores()
    share = thread_share(cores, 1, interactive=False)
    alone = run_jobs([cores], arguments.steps)[0]
    crowded = run_jobs([cores, cores], arguments.steps)
    shared = run_jobs([share, share], arguments.steps)
    print(f"Training step, U-Net-ResNet-18, 8 chips of 64 px, {cores} physical cores:")
    print("| run | threads per job | s/step (each job) | x alone |")
    print("| --- | --- | --- | --- |")
    print(f"| alone | {cores} | {alone:.2f} | 1.0 |")
    for name, threads, times in (("two jobs, each on every core", cores, crowded),
                                 ("two jobs, each on its share", share, shared)):  # fmt: skip
        shown = " / ".join(f"{t:.2f}" for t in times)
        print(f"| {name} | {threads} | {shown} | {max(times) / alone:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

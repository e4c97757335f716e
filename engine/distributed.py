"""Several processes as one run, on PyTorch's own distributed runtime: ``torchrun`` starts the
processes (ranks) and sets ``RANK``, ``WORLD_SIZE``, ``LOCAL_RANK`` and the rendezvous; NCCL
joins them on GPUs, gloo on CPUs. A :class:`Group` is what the engine needs of it: who this
process is, rank 0's decisions for everyone (a plan, a stop, the time), and sums across
ranks (confusion matrices, losses). A single process is a group of one, where all of it is
free, so the engine's code reads the same either way."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Group:
    """This process's place in the run: ``rank`` of ``world`` processes, ``local_rank`` on
    this machine (its GPU)."""

    rank: int = 0
    world: int = 1
    local_rank: int = 0

    @property
    def is_main(self) -> bool:
        """Rank 0 decides, writes the outputs and talks to the user."""
        return self.rank == 0

    @property
    def distributed(self) -> bool:
        return self.world > 1

    def decide(self, value: Any) -> Any:
        """Rank 0's ``value`` on every rank (a plan, a rate, a stop), so that all follow the
        same decision whatever each one measured."""
        if not self.distributed:
            return value
        import torch.distributed as dist

        box = [value]
        dist.broadcast_object_list(box, src=0)
        return box[0]

    def sum(self, values: np.ndarray | float) -> np.ndarray | float:
        """The sum over all ranks of a number or an array (int64 or float64 kept)."""
        if not self.distributed:
            return values
        import torch
        import torch.distributed as dist

        array = np.asarray(values)
        tensor = torch.from_numpy(np.ascontiguousarray(array, dtype=_wide(array.dtype)))
        dist.all_reduce(tensor, op=dist.ReduceOp.SUM)
        result = tensor.numpy()
        return result.astype(array.dtype) if array.ndim else result.item()

    def barrier(self) -> None:
        if self.distributed:
            import torch.distributed as dist

            dist.barrier()

    def shard(self, items: list | np.ndarray) -> list:
        """This rank's share of ``items``: every ``world``-th from its rank on, all shares of
        one length (the last few items go unused rather than leave one rank a step short)."""
        items = list(items)
        each = len(items) // self.world if self.distributed else len(items)
        return items[self.rank :: self.world][:each]


def _wide(dtype: np.dtype) -> np.dtype:
    return np.dtype(np.int64) if np.issubdtype(dtype, np.integer) else np.dtype(np.float64)


SINGLE = Group()


def launched_by_torchrun() -> bool:
    return int(os.environ.get("WORLD_SIZE", "1")) > 1 and "RANK" in os.environ


def join() -> Group:
    """The group torchrun started this process in (initialised once), else a group of one.
    GPUs: NCCL, one per local rank (set as the current device, so "cuda" means it); CPUs:
    gloo."""
    if not launched_by_torchrun():
        return SINGLE
    import torch
    import torch.distributed as dist

    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    if not dist.is_initialized():
        if torch.cuda.is_available():
            # This rank's GPU is "cuda" from now on; CPU tensors (DEVICE=cpu) go by gloo.
            torch.cuda.set_device(local_rank)
            dist.init_process_group(backend="cpu:gloo,cuda:nccl")
        else:
            dist.init_process_group(backend="gloo")
    return Group(dist.get_rank(), dist.get_world_size(), local_rank)


def leave(group: Group) -> None:
    """Close the group's connections (each rank at its end, after the last collective)."""
    if group.distributed:
        import torch.distributed as dist

        if dist.is_initialized():
            dist.destroy_process_group()


def unwrap(model: Any) -> Any:
    """The network inside a DistributedDataParallel wrapper (or the network itself)."""
    return getattr(model, "module", model)

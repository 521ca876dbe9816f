"""Data parallelism and ZeRO sharding, simulated on a list of per-rank arrays — reference solution.

grads[r] is what rank r computed on its own slice of the batch. DDP's all-reduce gives every rank
the mean; ZeRO-2 / FSDP reduce-scatter it instead, so rank r keeps only the averaged shard it
updates, and an all-gather brings the full vector back. Shards follow FSDP's rule for a flat
parameter: pad with zeros to a multiple of world_size, then equal contiguous slices.
"""

import numpy as np


def all_reduce_mean(grads):
    """list of N same-shaped arrays (one per rank) → list of N arrays, each the element-wise mean."""
    mean = np.mean(np.stack(grads), axis=0)             # average over the ranks (axis 0), not over elements
    return [mean.copy() for _ in grads]                  # every rank holds its own copy


def shard_for_rank(flat, rank, world_size):
    """1-D flat (numel,) → rank's contiguous shard of ceil(numel / world_size) values, zero-padded at the end."""
    shard_size = -(-flat.size // world_size)              # ceiling division: no value is left unowned
    padded = np.zeros(shard_size * world_size, dtype=flat.dtype)
    padded[:flat.size] = flat                             # the padding goes after the last real value
    return padded[rank * shard_size:(rank + 1) * shard_size]


def reduce_scatter_mean(grads):
    """list of N flat gradients (numel,) → list of N shards: rank r gets shard r of the mean gradient."""
    world_size = len(grads)
    mean = np.mean(np.stack(grads), axis=0)
    return [shard_for_rank(mean, rank, world_size) for rank in range(world_size)]


def all_gather(shards, numel):
    """list of N shards (in rank order) → list of N full vectors (numel,), the padding dropped."""
    full = np.concatenate(shards)[:numel]
    return [full.copy() for _ in shards]


if __name__ == "__main__":
    print(all_reduce_mean([np.array([1.0, 2.0, 3.0, 4.0]), np.array([3.0, 0.0, 1.0, 2.0])]))
    print([shard_for_rank(np.arange(10.0), r, 4) for r in range(4)])
    grads = [np.array([1.0, 2.0, 3.0, 4.0, 5.0]), np.array([3.0, 4.0, 5.0, 6.0, 7.0])]
    shards = reduce_scatter_mean(grads)
    print(shards, all_gather(shards, 5))

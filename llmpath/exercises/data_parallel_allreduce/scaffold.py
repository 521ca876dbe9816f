import numpy as np


def all_reduce_mean(grads):
    """list of N same-shaped arrays (one per rank) → list of N arrays, each the element-wise mean."""
    # TODO: about 2 lines
    raise NotImplementedError


def shard_for_rank(flat, rank, world_size):
    """1-D flat (numel,) → rank's contiguous shard of ceil(numel / world_size) values, zero-padded at the end."""
    # TODO: shard size, a zero-padded copy, one slice (about 4 lines)
    raise NotImplementedError


def reduce_scatter_mean(grads):
    """list of N flat gradients (numel,) → list of N shards: rank r gets shard r of the mean gradient."""
    # TODO: about 3 lines (shard_for_rank helps)
    raise NotImplementedError


def all_gather(shards, numel):
    """list of N shards (in rank order) → list of N full vectors (numel,), the padding dropped."""
    # TODO: about 2 lines
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python data_parallel_allreduce.py
    print(all_reduce_mean([np.array([1.0, 2.0, 3.0, 4.0]), np.array([3.0, 0.0, 1.0, 2.0])]))   # [2 1 2 3] twice
    print([shard_for_rank(np.arange(10.0), r, 4) for r in range(4)])   # [0 1 2] [3 4 5] [6 7 8] [9 0 0]
    grads = [np.array([1.0, 2.0, 3.0, 4.0, 5.0]), np.array([3.0, 4.0, 5.0, 6.0, 7.0])]
    shards = reduce_scatter_mean(grads)
    print(shards)                      # [2 3 4] [5 6 0]
    print(all_gather(shards, 5))       # [2 3 4 5 6] twice: the same as all_reduce_mean(grads)

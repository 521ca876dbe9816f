"""ZeRO: sharding optimizer state (and parameters) across processes.

Teaches: data parallelism keeps a full copy of the parameters, the gradients and the Adam
moments on every rank. ZeRO removes that redundancy: stage 1 gives each rank one shard of
the optimizer state (torch.distributed.optim.ZeroRedundancyOptimizer), stage 2 also shards
the gradients, stage 3 also the parameters (PyTorch FSDP, `fully_shard`). The demo trains
one MLP with AdamW three ways — one process, ZeRO-1 on the ranks, FSDP on the ranks — measures
the bytes every rank actually holds, and checks the sharded runs end where the single
process ends. Ranks: 2 processes on this CPU (gloo), or whatever torchrun starts:
`torchrun --nproc_per_node 2 -m llmpath.demos.zero` (also with --nnodes N).
Sources: Rajbhandari et al., ZeRO (2020); PyTorch docs for ZeroRedundancyOptimizer and FSDP2.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from llmpath.demos.base import DemoContext, DemoError, Option
from llmpath.demos.data_parallel import WORLD_SIZE, flat_params, free_port, make_data, zero_memory_gb

OPTIONS = [
    Option("steps", int, 5, "training steps", "训练步数", low=1, high=200),
    Option("batch", int, 64, "global batch size (split evenly over the ranks)", "全局批大小（平均分给各进程）", low=2, high=4096),
    Option("lr", float, 0.001, "AdamW learning rate", "AdamW 学习率", low=1e-6, high=1.0),
]

HIDDEN = 384  # two 384×384 layers of equal size, so ZeRO-1's greedy split gives each of 2 ranks one


def make_mlp(seed: int):
    """About 300 K parameters in 8 tensors; input 8 and 3 classes as in the data-parallel demo's data."""
    import torch
    from torch import nn

    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(8, HIDDEN), nn.Tanh(), nn.Linear(HIDDEN, HIDDEN), nn.Tanh(),
                         nn.Linear(HIDDEN, HIDDEN), nn.Tanh(), nn.Linear(HIDDEN, 3))


def local_bytes(tensors) -> int:
    """Bytes this process stores: a sharded DTensor counts only its local shard."""
    total = 0
    for t in tensors:
        if t is None:
            continue
        t = t.to_local() if hasattr(t, "to_local") else t
        total += t.numel() * t.element_size()
    return total


def state_bytes(optimizer) -> int:
    """Bytes of the optimizer's own state tensors (exp_avg, exp_avg_sq, step), as stored."""
    import torch

    return local_bytes(t for s in optimizer.state.values() for t in s.values() if torch.is_tensor(t))


def measure(model, optimizer) -> dict[str, int]:
    params = list(model.parameters())
    return {"params": local_bytes(params), "grads": local_bytes(p.grad for p in params), "optimizer": state_bytes(optimizer)}


def single_process(steps: int, batch: int, lr: float, seed: int) -> dict:
    """The reference: AdamW in one process on the whole batch."""
    import torch
    import torch.nn.functional as F

    model = make_mlp(seed)
    opt = torch.optim.AdamW(model.parameters(), lr=lr)
    x, y = make_data(batch, seed)
    losses = []
    for _ in range(steps):
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        memory = measure(model, opt)  # after step: the state exists, the gradients are still there
        opt.zero_grad()
        losses.append(loss.item())
    return {"losses": losses, "memory": memory, "final_params": flat_params(model),
            "n_params": sum(p.numel() for p in model.parameters()), "n_tensors": len(list(model.parameters()))}


def global_mean(value: float) -> float:
    """The mean of one number over the ranks: the mean of equal-shard losses is the full-batch loss."""
    import torch
    import torch.distributed as dist

    t = torch.tensor([value])
    dist.all_reduce(t)
    return float(t) / dist.get_world_size()


def train_zero1(rank: int, world: int, steps: int, batch: int, lr: float, seed: int) -> dict:
    """ZeRO-1: DDP averages the gradients; ZeroRedundancyOptimizer keeps AdamW state only for this rank's
    parameters, updates them, and broadcasts them to the other ranks."""
    import torch
    import torch.nn.functional as F
    from torch.distributed.optim import ZeroRedundancyOptimizer
    from torch.nn.parallel import DistributedDataParallel

    model = DistributedDataParallel(make_mlp(seed))
    opt = ZeroRedundancyOptimizer(model.parameters(), optimizer_class=torch.optim.AdamW, lr=lr)
    x, y = make_data(batch, seed)
    x_local, y_local = x.chunk(world)[rank], y.chunk(world)[rank]
    losses = []
    for _ in range(steps):
        loss = F.cross_entropy(model(x_local), y_local)
        loss.backward()  # DDP all-reduces and averages the gradients here
        opt.step()
        memory = {**measure(model, opt.optim), "owned_tensors": len(opt.optim.param_groups[0]["params"])}
        opt.zero_grad()
        losses.append(global_mean(loss.item()))
    return {"losses": losses, "memory": memory, "final_params": flat_params(model.module)}


def train_fsdp(rank: int, world: int, steps: int, batch: int, lr: float, seed: int) -> dict:
    """ZeRO-3: fully_shard splits every parameter (dim 0) over the ranks. Forward and backward all-gather
    one layer's weights at a time; backward reduce-scatters the gradients, so each rank keeps only its
    shard of the parameters, the gradients and (created by AdamW on those shards) the optimizer state."""
    import torch
    import torch.nn.functional as F
    from torch.distributed.fsdp import fully_shard

    model = make_mlp(seed)
    for layer in model:
        if isinstance(layer, torch.nn.Linear):
            fully_shard(layer)  # one all-gather unit per layer
    fully_shard(model)
    opt = torch.optim.AdamW(model.parameters(), lr=lr)
    x, y = make_data(batch, seed)
    x_local, y_local = x.chunk(world)[rank], y.chunk(world)[rank]
    losses = []
    for _ in range(steps):
        loss = F.cross_entropy(model(x_local), y_local)
        loss.backward()
        opt.step()
        memory = measure(model, opt)
        opt.zero_grad()
        losses.append(global_mean(loss.item()))
    full = [p.full_tensor() for p in model.parameters()]  # all-gather the shards to compare
    return {"losses": losses, "memory": memory, "final_params": torch.cat([p.detach().reshape(-1) for p in full])}


def fsdp_unavailable() -> str | None:
    try:
        from torch.distributed.fsdp import fully_shard  # noqa: F401  (torch ≥ 2.6)
    except ImportError as exc:
        return str(exc)
    return None


def train_rank(rank: int, world: int, settings: dict) -> dict:
    """Everything one rank does once the process group exists."""
    import torch

    torch.set_num_threads(1)
    record = {"rank": rank, "zero1": train_zero1(rank, world, **settings)}
    if fsdp_unavailable() is None:
        record["fsdp"] = train_fsdp(rank, world, **settings)
    return record


def spawned_worker(rank: int, world: int, port: int, settings: dict, out_dir: str) -> None:
    import torch
    import torch.distributed as dist

    os.environ["MASTER_ADDR"] = "127.0.0.1"
    os.environ["MASTER_PORT"] = str(port)
    dist.init_process_group("gloo", rank=rank, world_size=world)
    try:
        torch.save(train_rank(rank, world, settings), Path(out_dir) / f"rank{rank}.pt")
    finally:
        dist.destroy_process_group()


def spawn_ranks(settings: dict) -> list[dict]:
    """Start WORLD_SIZE processes on this machine; return each rank's record."""
    import torch
    import torch.multiprocessing as mp

    with tempfile.TemporaryDirectory() as out_dir:
        mp.spawn(spawned_worker, args=(WORLD_SIZE, free_port(), settings, out_dir), nprocs=WORLD_SIZE, join=True)
        return [torch.load(Path(out_dir) / f"rank{r}.pt") for r in range(WORLD_SIZE)]


def torchrun_rank() -> int | None:
    """This process's rank when torchrun (or another launcher) started it, else None."""
    if "RANK" in os.environ and "WORLD_SIZE" in os.environ:
        return int(os.environ["RANK"])
    return None


def torchrun_ranks(settings: dict | None) -> list[dict] | None:
    """Under torchrun: join the group (env://), take rank 0's settings, train, gather every record on rank 0."""
    import torch.distributed as dist

    dist.init_process_group("gloo", timeout=timedelta(minutes=5))
    try:
        rank, world = dist.get_rank(), dist.get_world_size()
        box = [settings]
        dist.broadcast_object_list(box, src=0)
        settings = box[0]
        if settings["batch"] % world:
            return None  # rank 0 reports it
        record = train_rank(rank, world, settings)
        records = [None] * world if rank == 0 else None
        dist.gather_object(record, records, dst=0)
        return records
    finally:
        dist.destroy_process_group()


def run(ctx: DemoContext, *, steps: int, batch: int, lr: float) -> None:
    settings = {"steps": steps, "batch": batch, "lr": lr, "seed": ctx.seed}
    launched = torchrun_rank()
    if launched is not None and launched != 0:
        torchrun_ranks(None)  # a follower rank: work, print nothing
        return
    world = int(os.environ["WORLD_SIZE"]) if launched is not None else WORLD_SIZE
    if batch % world:
        if launched is not None:
            torchrun_ranks(settings)  # let the followers see the settings and stop
        raise DemoError(f"--batch must be divisible by the {world} ranks, got {batch}", f"--batch 必须能被 {world} 个进程（rank）整除，收到的是 {batch}")

    ctx.heading("1. Where the memory goes", "1. 显存都花在哪里")
    ref = single_process(steps, batch, lr, ctx.seed)
    psi = ref["n_params"]
    ctx.say(
        "Training with Adam stores three kinds of model state: the parameters, their gradients, and the optimizer "
        "state (two moments per parameter). With mixed precision, the usual setup for large models, that is "
        "16 bytes per parameter: fp16 weights (2) + fp16 gradients (2) + an fp32 master copy of the weights, the "
        "momentum and the variance (4 + 4 + 4 = 12). The optimizer state is three quarters of it. This demo trains "
        f"in fp32, which also comes to 16 bytes: weights 4 + gradients 4 + two moments 8. The model: an MLP with "
        f"{psi:,} parameters in {ref['n_tensors']} tensors, AdamW, {steps} steps on a batch of {batch}.",
        "用 Adam 训练要保存三类模型状态：参数、梯度和优化器状态（每个参数两个矩）。大模型通常用混合精度训练，"
        "每个参数共 16 字节：fp16 权重（2）＋fp16 梯度（2）＋fp32 的权重主副本、动量和方差（4＋4＋4＝12）。"
        "优化器状态占了四分之三。本演示用 fp32 训练，恰好也是 16 字节：权重 4＋梯度 4＋两个矩 8。"
        f"模型：一个 MLP，共 {psi:,} 个参数，分布在 {ref['n_tensors']} 个张量中；AdamW，在大小为 {batch} 的批次上训练 {steps} 步。",
    )
    ctx.say(
        "ZeRO (Zero Redundancy Optimizer, DeepSpeed) keeps data parallelism — every rank trains on its own slice "
        "of the batch — but stops storing the same state on every rank. Stage 1 shards the optimizer state: each "
        "rank updates only its share of the parameters and broadcasts the result. Stage 2 also shards the "
        "gradients (reduce-scatter instead of all-reduce: each rank receives only the averaged gradients it "
        "updates). Stage 3 also shards the parameters and all-gathers each layer just before it is used. "
        "PyTorch ships stage 1 as ZeroRedundancyOptimizer and stage 3 as FSDP (`fully_shard`).",
        "ZeRO（零冗余优化器，DeepSpeed）保留数据并行——每个进程训练自己那一份批次——但不再让每个进程保存同样的状态。"
        "第 1 阶段切分优化器状态：每个进程只更新自己那份参数，再把结果广播出去。第 2 阶段再切分梯度（用 reduce-scatter "
        "代替 all-reduce：每个进程只收到自己要更新的那部分平均梯度）。第 3 阶段连参数也切分，每一层在用到之前才 all-gather。"
        "PyTorch 自带的第 1 阶段是 ZeroRedundancyOptimizer，第 3 阶段是 FSDP（`fully_shard`）。",
    )

    ctx.heading("2. The same training on the ranks", "2. 在多个进程上做同样的训练")
    if launched is None:
        ctx.say(
            f"torch.multiprocessing.spawn starts {world} processes on this CPU (gloo backend); each takes "
            f"{batch // world} of the {batch} examples. The same file runs on many machines unchanged: "
            "`torchrun --nproc_per_node 2 -m llmpath.demos.zero` (add `--nnodes N --rdzv-endpoint HOST:PORT` "
            "on each machine); it then reads RANK and WORLD_SIZE instead of spawning.",
            f"torch.multiprocessing.spawn 在本机 CPU 上启动 {world} 个进程（gloo 后端），每个进程取 {batch} 个样本中的 "
            f"{batch // world} 个。同一个文件不用改就能跑在多台机器上：`torchrun --nproc_per_node 2 -m llmpath.demos.zero`"
            "（在每台机器上加 `--nnodes N --rdzv-endpoint HOST:PORT`）；这时它读取 RANK 和 WORLD_SIZE，不再自己启动进程。",
        )
        records = spawn_ranks(settings)
    else:
        ctx.say(
            f"Started by torchrun: {world} ranks (RANK, WORLD_SIZE, MASTER_ADDR from the environment), gloo backend; "
            f"each takes {batch // world} of the {batch} examples.",
            f"由 torchrun 启动：{world} 个进程（RANK、WORLD_SIZE、MASTER_ADDR 来自环境变量），gloo 后端；"
            f"每个进程取 {batch} 个样本中的 {batch // world} 个。",
        )
        records = torchrun_ranks(settings)
    have_fsdp = "fsdp" in records[0]

    ctx.heading("3. Bytes per rank, measured", "3. 每个进程的字节数（实测）")
    rows = [[ctx.t("one process", "单进程"), "—", *_memory_cells(ref["memory"])]]
    for r in records:
        m = r["zero1"]["memory"]
        rows.append([f"ZeRO-1 rank {r['rank']}", m["owned_tensors"], *_memory_cells(m)])
    if have_fsdp:
        for r in records:
            rows.append([f"FSDP (ZeRO-3) rank {r['rank']}", ref["n_tensors"], *_memory_cells(r["fsdp"]["memory"])])
    ctx.table(
        ctx.t("bytes each process holds after a step (from the tensors themselves)", "每个进程在一步之后持有的字节数（直接从张量统计）"),
        [ctx.t("run", "运行方式"), ctx.t("param tensors updated", "负责更新的参数张量"), ctx.t("parameters", "参数"),
         ctx.t("gradients", "梯度"), ctx.t("optimizer state", "优化器状态"), ctx.t("total", "合计")],
        rows,
    )
    single_opt = ref["memory"]["optimizer"]
    zero1_opt = [r["zero1"]["memory"]["optimizer"] for r in records]
    ctx.say(
        f"ZeRO-1: each rank holds AdamW state for only the tensors it updates — {', '.join(f'{b / single_opt:.1%}' for b in zero1_opt)} "
        "of the single process's. The split is by whole tensors (ZeroRedundancyOptimizer gives each tensor to the "
        "rank with the least so far, largest first), so it is even only up to one tensor. Parameters and gradients "
        "are still full copies: that is what stages 2 and 3 remove. FSDP splits every tensor along its first "
        "dimension, so each rank holds 1/N of the parameters, the gradients and the optimizer state.",
        f"ZeRO-1：每个进程只保存自己负责更新的那些张量的 AdamW 状态——分别是单进程的 {'、'.join(f'{b / single_opt:.1%}' for b in zero1_opt)}。"
        "它按整个张量划分（ZeroRedundancyOptimizer 从大到小把每个张量分给目前最少的进程），所以只能做到相差不超过一个张量的均分。"
        "参数和梯度仍是完整副本：这正是第 2、3 阶段要去掉的。FSDP 把每个张量沿第一维切开，所以每个进程只保存 1/N 的参数、梯度和优化器状态。",
    )
    if not have_fsdp:
        ctx.say(f"FSDP was skipped: torch.distributed.fsdp.fully_shard is not available here ({fsdp_unavailable()}).",
                f"跳过了 FSDP：这里没有 torch.distributed.fsdp.fully_shard（{fsdp_unavailable()}）。")

    ctx.heading("4. Same result as one process", "4. 与单进程结果相同")
    runs = [("ZeRO-1", "zero1")] + ([("FSDP", "fsdp")] if have_fsdp else [])
    ctx.table(
        ctx.t("full-batch loss (mean over the ranks' equal slices)", "整批损失（各进程等大分片损失的平均）"),
        [ctx.t("step", "步"), ctx.t("one process", "单进程"), *[name for name, _ in runs]],
        [[s + 1, round(ref["losses"][s], 6), *[round(records[0][key]["losses"][s], 6) for _, key in runs]] for s in range(steps)],
    )
    one = ctx.t("one process on the full batch", "单进程整批训练")
    for name, key in runs:
        ctx.agree(ctx.t(f"{name}: loss, every step", f"{name}：每一步的损失"), records[0][key]["losses"], ref["losses"],
                  reference_name=one, tolerance=1e-5, key=f"max_diff_loss_{key}")
        ctx.agree(ctx.t(f"{name}: weights after {steps} steps", f"{name}：{steps} 步后的权重"), records[0][key]["final_params"],
                  ref["final_params"], reference_name=one, tolerance=1e-5, key=f"max_diff_weights_{key}")
    ctx.say(
        "The losses agree to float rounding; the weights to a small fraction of the learning rate. Adding the "
        "two half-batch gradients rounds differently from one full-batch sum, and Adam divides by √v, so where a "
        "gradient is nearly zero a rounding-sized change can move that weight by a visible fraction of lr.",
        "损失在浮点舍入范围内一致；权重的差只是学习率的一小部分。两个半批次梯度相加与一次整批求和的舍入不同，"
        "而 Adam 要除以 √v，所以在梯度几乎为零的地方，舍入大小的变化也能让权重移动 lr 的一小部分。",
    )

    ctx.heading("5. Measured against the ZeRO formulas", "5. 实测与 ZeRO 公式对照")
    predicted = fp32_bytes_per_rank(psi, world)
    mixed = zero_memory_gb(psi / 1e9, world)
    measured = {"DDP": _total(ref["memory"]), "ZeRO-1": _total(records[0]["zero1"]["memory"]),
                "ZeRO-3 / FSDP": _total(records[0]["fsdp"]["memory"]) if have_fsdp else None}
    ctx.table(
        ctx.t(f"bytes per rank, Ψ = {psi:,}, N = {world}", f"每个进程的字节数，Ψ＝{psi:,}，N＝{world}"),
        [ctx.t("strategy", "策略"), ctx.t("fp32 formula (this demo)", "fp32 公式（本演示）"), ctx.t("predicted", "预测"),
         ctx.t("measured, rank 0", "实测（rank 0）"), ctx.t("mixed precision (2 + 2 + 12)", "混合精度（2＋2＋12）")],
        [[name, formula, f"{predicted[name]:,.0f}", "—" if measured.get(name) is None else f"{measured[name]:,}",
          f"{mixed[name] * 1e9:,.0f}"] for name, formula in FP32_FORMULAS.items()],
    )
    ctx.say(
        "Stage 2 is not run here: PyTorch has no separate ZeRO-2 optimizer; `fully_shard(model, "
        "reshard_after_forward=False)` comes closest (it keeps the gathered parameters from forward to backward, "
        "like FSDP's SHARD_GRAD_OP). Sharding costs communication, not accuracy: ZeRO-1 adds a broadcast of the "
        "updated parameters, ZeRO-3 an all-gather of every layer in forward and again in backward. On GPUs the "
        "same code runs with the nccl backend, one rank per GPU.",
        "这里没有运行第 2 阶段：PyTorch 没有单独的 ZeRO-2 优化器；最接近的是 `fully_shard(model, "
        "reshard_after_forward=False)`（它把收集到的参数从前向保留到反向，相当于 FSDP 的 SHARD_GRAD_OP）。"
        "切分付出的是通信而不是精度：ZeRO-1 多了一次对更新后参数的广播，ZeRO-3 在前向和反向中都要对每一层做 all-gather。"
        "在 GPU 上，同样的代码改用 nccl 后端、每块 GPU 一个进程即可。",
    )
    ctx.figures.update(
        world_size=world,
        backend="gloo",
        launcher="torchrun" if launched is not None else "spawn",
        n_params=psi,
        fsdp=have_fsdp,
        bytes_single=ref["memory"],
        bytes_zero1=[{k: v for k, v in r["zero1"]["memory"].items()} for r in records],
        bytes_fsdp=[r["fsdp"]["memory"] for r in records] if have_fsdp else [],
    )


FP32_FORMULAS = {"DDP": "(4 + 4 + 8) Ψ", "ZeRO-1": "(4 + 4) Ψ + 8 Ψ / N",
                 "ZeRO-2": "4 Ψ + (4 + 8) Ψ / N", "ZeRO-3 / FSDP": "(4 + 4 + 8) Ψ / N"}


def fp32_bytes_per_rank(psi: int, n: int) -> dict[str, float]:
    """The ZeRO paper's formulas with fp32 training's sizes: weights 4, gradients 4, Adam moments 8 bytes."""
    return {"DDP": 16 * psi, "ZeRO-1": 8 * psi + 8 * psi / n, "ZeRO-2": 4 * psi + 12 * psi / n, "ZeRO-3 / FSDP": 16 * psi / n}


def _total(m: dict[str, int]) -> int:
    return m["params"] + m["grads"] + m["optimizer"]


def _memory_cells(m: dict[str, int]) -> list[str]:
    return [f"{m['params']:,}", f"{m['grads']:,}", f"{m['optimizer']:,}", f"{_total(m):,}"]


def main(argv: list[str]) -> None:
    """`torchrun --nproc_per_node 2 -m llmpath.demos.zero [--json] [--steps 3]`: rank 0 runs the CLI demo
    (and prints); the other ranks only train."""
    rank = torchrun_rank()
    if rank is None or rank == 0:
        from llmpath.cli import app

        app(["demo", "zero", *argv], prog_name="llmpath")
    else:
        torchrun_ranks(None)


if __name__ == "__main__":
    main(sys.argv[1:])

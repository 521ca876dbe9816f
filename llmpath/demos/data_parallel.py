"""Data parallelism with torch.distributed: two processes, one model, half the batch each.

Teaches: every rank holds a full copy of the model and computes gradients on its own
shard of the batch; an all-reduce averages the gradients, so every rank applies the same
update and the copies stay identical. With equal shards and a mean loss, the result is
exactly one process training on the whole batch. This is what DistributedDataParallel
(DDP) does, overlapping the all-reduce with the backward pass. Here: the gloo backend,
2 processes on this CPU (torch.multiprocessing.spawn, MASTER_ADDR=127.0.0.1).
Sources: PyTorch "Writing Distributed Applications" tutorial; Rajbhandari et al., ZeRO (2020).
"""

from __future__ import annotations

import os
import socket
import tempfile
from pathlib import Path

from llmpath.demos.base import DemoContext, Option

OPTIONS = [
    Option("steps", int, 5, "training steps", "训练步数", low=1, high=500),
    Option("batch", int, 64, "global batch size (split evenly over 2 ranks)", "全局批大小（平均分给 2 个进程）", low=2, high=4096),
    Option("lr", float, 0.5, "SGD learning rate", "SGD 学习率", low=1e-5, high=10.0),
    Option("params_billion", float, 7.5, "model size Ψ for the ZeRO memory table, in billions", "ZeRO 显存表中的模型规模 Ψ（十亿）", low=0.001, high=10_000.0),
    Option("gpus", int, 64, "GPUs N for the ZeRO memory table", "ZeRO 显存表中的 GPU 数 N", low=1, high=100_000),
]

WORLD_SIZE = 2


def make_model(seed: int):
    """The same small MLP on every rank: seeded identically (DDP also broadcasts rank 0's weights)."""
    import torch
    from torch import nn

    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(8, 16), nn.Tanh(), nn.Linear(16, 3))


def make_data(batch: int, seed: int):
    """A labelled batch every rank can rebuild: x (batch, 8), y (batch,) from a random linear teacher."""
    import torch

    gen = torch.Generator().manual_seed(seed + 1)
    x = torch.randn(batch, 8, generator=gen)
    y = (x @ torch.randn(8, 3, generator=gen)).argmax(1)
    return x, y


def flat_grad(model):
    import torch

    return torch.cat([p.grad.reshape(-1) for p in model.parameters()])


def flat_params(model):
    import torch

    return torch.cat([p.detach().reshape(-1) for p in model.parameters()])


def sgd_step(model, lr: float) -> None:
    """p ← p − lr · ∂L/∂p, then clear the gradient."""
    import torch

    with torch.no_grad():
        for p in model.parameters():
            p -= lr * p.grad
            p.grad = None


def worker(rank: int, world_size: int, port: int, steps: int, batch: int, lr: float, seed: int, out_dir: str) -> None:
    """One rank. Under torchrun, rank/world_size/port would come from RANK, WORLD_SIZE, MASTER_PORT."""
    import torch
    import torch.distributed as dist
    import torch.nn.functional as F

    torch.set_num_threads(1)
    os.environ["MASTER_ADDR"] = "127.0.0.1"
    os.environ["MASTER_PORT"] = str(port)
    dist.init_process_group("gloo", rank=rank, world_size=world_size)
    try:
        model = make_model(seed)
        for p in model.parameters():  # start from rank 0's weights, as DDP does
            dist.broadcast(p.data, src=0)
        x, y = make_data(batch, seed)
        x_local, y_local = x.chunk(world_size)[rank], y.chunk(world_size)[rank]  # this rank's shard
        record = {"local_grads": [], "avg_grads": [], "losses": [], "rank_weight_gap": []}
        for _ in range(steps):
            loss = F.cross_entropy(model(x_local), y_local)  # mean over the local shard
            loss.backward()
            record["local_grads"].append(flat_grad(model).clone())
            for p in model.parameters():
                dist.all_reduce(p.grad, op=dist.ReduceOp.SUM)  # Σ over ranks …
                p.grad /= world_size  # … then the mean
            record["avg_grads"].append(flat_grad(model).clone())
            record["losses"].append(loss.item())
            sgd_step(model, lr)
            w = flat_params(model)
            gathered = [torch.empty_like(w) for _ in range(world_size)]
            dist.all_gather(gathered, w)  # everyone's weights, to check they are identical
            record["rank_weight_gap"].append(max(float((g - w).abs().max()) for g in gathered))
        record["final_params"] = flat_params(model)
        torch.save(record, Path(out_dir) / f"rank{rank}.pt")
    finally:
        dist.destroy_process_group()


def single_process(steps: int, batch: int, lr: float, seed: int):
    """The reference: one process, the whole batch. Returns (gradients per step, final weights)."""
    import torch.nn.functional as F

    model = make_model(seed)
    x, y = make_data(batch, seed)
    grads = []
    for _ in range(steps):
        F.cross_entropy(model(x), y).backward()
        grads.append(flat_grad(model).clone())
        sgd_step(model, lr)
    return grads, flat_params(model)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_ranks(steps: int, batch: int, lr: float, seed: int) -> list[dict]:
    """Spawn WORLD_SIZE processes running ``worker``; return each rank's record."""
    import torch
    import torch.multiprocessing as mp

    with tempfile.TemporaryDirectory() as out_dir:
        mp.spawn(worker, args=(WORLD_SIZE, free_port(), steps, batch, lr, seed, out_dir), nprocs=WORLD_SIZE, join=True)
        return [torch.load(Path(out_dir) / f"rank{r}.pt") for r in range(WORLD_SIZE)]


def zero_memory_gb(params_billion: float, gpus: int) -> dict[str, float]:
    """Per-GPU memory for model states, mixed-precision Adam (ZeRO paper, section 3):
    fp16 weights 2Ψ + fp16 gradients 2Ψ + optimizer states 12Ψ (fp32 weights, momentum, variance)."""
    psi, n, k = params_billion * 1e9, gpus, 12
    return {
        "DDP": (2 + 2 + k) * psi / 1e9,
        "ZeRO-1": (2 + 2 + k / n) * psi / 1e9,
        "ZeRO-2": (2 + (2 + k) / n) * psi / 1e9,
        "ZeRO-3 / FSDP": (2 + 2 + k) * psi / n / 1e9,
    }


def run(ctx: DemoContext, *, steps: int, batch: int, lr: float, params_billion: float, gpus: int) -> None:
    from llmpath.demos.base import DemoError

    if batch % WORLD_SIZE:
        raise DemoError(f"--batch must be even (split over {WORLD_SIZE} ranks), got {batch}", f"--batch 必须是偶数（要分给 {WORLD_SIZE} 个进程），收到的是 {batch}")
    device = ctx.torch_device()

    ctx.heading("1. Two ranks, one model", "1. 两个进程，一个模型")
    ctx.say(
        f"torch.multiprocessing.spawn starts {WORLD_SIZE} processes (ranks 0 and 1). Each calls "
        "dist.init_process_group(\"gloo\", rank, world_size) and meets the other at MASTER_ADDR=127.0.0.1 on a free port. "
        f"Each builds the same MLP, takes its half of the batch ({batch // WORLD_SIZE} of {batch} examples), "
        "computes its own gradients, and all-reduces them.",
        f"torch.multiprocessing.spawn 启动 {WORLD_SIZE} 个进程（rank 0 和 1）。每个进程调用 "
        "dist.init_process_group(\"gloo\", rank, world_size)，在 MASTER_ADDR=127.0.0.1 的一个空闲端口会合。"
        f"各自构建相同的 MLP，取自己那一半批次（{batch} 个样本中的 {batch // WORLD_SIZE} 个），计算自己的梯度，再做 all-reduce。",
    )
    if device == "cuda":
        ctx.say(
            "A GPU is present; on GPUs one would use the nccl backend and one rank per GPU. This demo keeps its ranks on the CPU (gloo).",
            "检测到 GPU；在 GPU 上通常使用 nccl 后端、每块 GPU 一个进程。本演示的进程仍在 CPU 上运行（gloo）。",
        )
    records = run_ranks(steps, batch, lr, ctx.seed)
    ref_grads, ref_final = single_process(steps, batch, lr, ctx.seed)

    ctx.heading("2. Each rank's gradients, and the all-reduce", "2. 各进程的梯度与 all-reduce")
    g0, g1 = records[0]["local_grads"][0], records[1]["local_grads"][0]
    avg = records[0]["avg_grads"][0]
    ctx.table(
        ctx.t("step 1: the first 5 gradient entries (first layer's weights)", "第 1 步：前 5 个梯度分量（第一层权重）"),
        ["", *[f"g{j}" for j in range(5)], "‖g‖"],
        [
            ["rank 0", *[round(float(v), 5) for v in g0[:5]], round(float(g0.norm()), 5)],
            ["rank 1", *[round(float(v), 5) for v in g1[:5]], round(float(g1.norm()), 5)],
            [ctx.t("all-reduce mean", "all-reduce 平均"), *[round(float(v), 5) for v in avg[:5]], round(float(avg.norm()), 5)],
            [ctx.t("one process", "单进程"), *[round(float(v), 5) for v in ref_grads[0][:5]], round(float(ref_grads[0].norm()), 5)],
        ],
    )
    ctx.say(
        "The two ranks see different data, so their gradients differ. all_reduce(SUM) leaves the sum on every rank; "
        "dividing by the world size gives the mean, and the mean of the two half-batch means is the full-batch mean. "
        "Every rank then takes the same SGD step, so the weights stay identical without ever being sent:",
        "两个进程看到的数据不同，梯度也不同。all_reduce(SUM) 让每个进程都得到总和；除以进程数得到平均值，"
        "而两个半批次均值的平均正是整批的均值。于是每个进程都走同样的一步 SGD，权重无需传输就保持一致：",
    )
    gaps = [max(r["rank_weight_gap"][s] for r in records) for s in range(steps)]
    ctx.table(
        ctx.t("per step", "每一步"),
        [ctx.t("step", "步"), "loss rank 0", "loss rank 1", ctx.t("max |w₀ − w₁|", "max |w₀ − w₁|")],
        [[s + 1, round(records[0]["losses"][s], 5), round(records[1]["losses"][s], 5), f"{gaps[s]:.1e}"] for s in range(steps)],
    )
    grad_diff = max(float((records[r]["avg_grads"][s] - ref_grads[s]).abs().max()) for r in range(WORLD_SIZE) for s in range(steps))
    ctx.agree(ctx.t("averaged gradients, every step", "每一步的平均梯度"), grad_diff, 0.0, reference_name=ctx.t("one process on the full batch", "单进程整批训练"), tolerance=1e-5, key="max_diff_gradients")
    ctx.agree(ctx.t(f"weights after {steps} steps", f"{steps} 步后的权重"), records[0]["final_params"], ref_final, reference_name=ctx.t("one process on the full batch", "单进程整批训练"), tolerance=1e-5, key="max_diff_weights")

    ctx.heading("3. The same script on many machines: torchrun", "3. 同一个脚本跑在多台机器上：torchrun")
    ctx.say(
        "In a real script you do not spawn processes yourself. `torchrun` starts one process per GPU and sets "
        "RANK, LOCAL_RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT; the script calls `dist.init_process_group(\"nccl\")` "
        "(it reads those variables), wraps the model in `DistributedDataParallel`, and feeds each rank its own shard "
        "through `DistributedSampler`. On two machines with 8 GPUs each, run on both:\n\n"
        "```\ntorchrun --nnodes 2 --nproc-per-node 8 --rdzv-backend c10d \\\n"
        "         --rdzv-endpoint node0.example:29500 train.py\n```\n\n"
        "DDP buckets the gradients and all-reduces each bucket while backward is still running, so communication "
        "hides behind computation.",
        "实际脚本中不需要自己启动进程。`torchrun` 为每块 GPU 启动一个进程，并设置 RANK、LOCAL_RANK、WORLD_SIZE、"
        "MASTER_ADDR 和 MASTER_PORT；脚本调用 `dist.init_process_group(\"nccl\")`（它会读取这些变量），"
        "用 `DistributedDataParallel` 包装模型，再用 `DistributedSampler` 给每个进程分配各自的数据分片。"
        "两台各有 8 块 GPU 的机器上，在两台机器上都运行：\n\n"
        "```\ntorchrun --nnodes 2 --nproc-per-node 8 --rdzv-backend c10d \\\n"
        "         --rdzv-endpoint node0.example:29500 train.py\n```\n\n"
        "DDP 把梯度分桶，在反向传播还在进行时就对每个桶做 all-reduce，让通信隐藏在计算之后。",
    )

    ctx.heading("4. When the model does not fit: model parallelism, ZeRO and FSDP", "4. 模型放不下时：模型并行、ZeRO 与 FSDP")
    mem = zero_memory_gb(params_billion, gpus)
    ctx.say(
        "Data parallelism copies everything to every GPU. Model parallelism splits the model itself: tensor parallelism "
        "cuts each weight matrix across GPUs (Megatron-LM), pipeline parallelism puts different layers on different GPUs. "
        "DeepSpeed ZeRO keeps data parallelism but stops storing redundant copies: stage 1 shards the optimizer states, "
        "stage 2 also the gradients, stage 3 also the parameters (gathered layer by layer when needed). PyTorch's FSDP "
        "is the ZeRO-3 idea built in (FairScale's sharded data parallel moved there). Per-GPU memory for model states "
        f"with mixed-precision Adam (16 bytes per parameter), Ψ = {params_billion:g} B parameters on N = {gpus} GPUs "
        "(activations not counted):",
        "数据并行把所有东西复制到每块 GPU。模型并行则切分模型本身：张量并行把每个权重矩阵切到多块 GPU 上（Megatron-LM），"
        "流水线并行把不同层放在不同 GPU 上。DeepSpeed ZeRO 保留数据并行，但不再保存冗余副本：第 1 阶段切分优化器状态，"
        "第 2 阶段再切分梯度，第 3 阶段连参数也切分（需要时逐层收集）。PyTorch 的 FSDP 就是内置的 ZeRO-3 思想"
        "（FairScale 的分片数据并行已迁移到这里）。混合精度 Adam（每个参数 16 字节）下，"
        f"Ψ = {params_billion:g} B 参数、N = {gpus} 块 GPU 时，每块 GPU 上模型状态的显存（不含激活值）：",
    )
    ctx.table(
        ctx.t("memory per GPU", "每块 GPU 的显存"),
        [ctx.t("strategy", "策略"), ctx.t("formula", "公式"), "GB"],
        [
            ["DDP", "(2 + 2 + 12) Ψ", f"{mem['DDP']:,.1f}"],
            ["ZeRO-1", "(2 + 2) Ψ + 12 Ψ / N", f"{mem['ZeRO-1']:,.1f}"],
            ["ZeRO-2", "2 Ψ + (2 + 12) Ψ / N", f"{mem['ZeRO-2']:,.1f}"],
            ["ZeRO-3 / FSDP", "(2 + 2 + 12) Ψ / N", f"{mem['ZeRO-3 / FSDP']:,.1f}"],
        ],
    )
    ctx.figures.update(
        world_size=WORLD_SIZE,
        backend="gloo",
        steps=steps,
        max_rank_weight_gap=max(gaps),
        rank_losses_step1=[round(r["losses"][0], 6) for r in records],
        zero_memory_gb={k: round(v, 2) for k, v in mem.items()},
    )
    if ctx.wants_plot():
        from llmpath.demos.base import pyplot

        plt = pyplot()
        fig, ax = plt.subplots(figsize=(6, 3.5))
        ax.bar(list(mem), list(mem.values()))
        ax.set_ylabel("GB per GPU")
        ax.set_title(f"model states, Ψ = {params_billion:g} B, N = {gpus}")
        ctx.savefig(fig)

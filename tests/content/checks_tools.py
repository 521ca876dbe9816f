"""Independent recomputation of the tools and practice modules' numeric answers."""

import io

import numpy as np


def _word_count() -> int:
    counts: dict[str, int] = {}
    for w in "the cat sat on the mat by the door".split():
        counts[w] = counts.get(w, 0) + 1
    return counts["the"]


_LOG = """step,split,loss
100,train,2.91
100,val,3.02
200,train,2.40
200,val,
300,train,err
300,val,2.75
"""


def _clean_rows() -> int:
    import pandas as pd

    df = pd.read_csv(io.StringIO(_LOG))
    df["loss"] = pd.to_numeric(df["loss"], errors="coerce")
    df = df.dropna()
    return len(df[df["split"] == "val"])


def _rolling() -> float:
    import pandas as pd

    return float(pd.Series([4.0, 3.0, 3.5, 2.5]).rolling(2).mean().iloc[-1])


def _grad_cube() -> float:
    import torch

    x = torch.tensor(2.0, requires_grad=True)
    (x**3).backward()
    return float(x.grad)


def _grad_accumulates() -> float:
    import torch

    x = torch.tensor(1.0, requires_grad=True)
    for _ in range(2):
        (3 * x).backward()
    return float(x.grad)


def _chain_grad() -> float:
    import torch

    x = torch.tensor(3.0, requires_grad=True)
    ((2 * x + 1) ** 2).backward()
    return float(x.grad)


def _numel(*modules) -> int:
    return sum(p.numel() for m in modules for p in m.parameters())


def _mlp_params() -> int:
    from torch import nn

    return _numel(nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3)))


def _log_loss(y: int, p: float) -> float:
    from sklearn.metrics import log_loss

    return float(log_loss([y], [[1 - p, p]], labels=[0, 1]))


def _block_params(d: int) -> int:
    from torch import nn

    return _numel(*[nn.Linear(d, d) for _ in range(4)], nn.Linear(d, 4 * d), nn.Linear(4 * d, d),
                  nn.LayerNorm(d), nn.LayerNorm(d))


def _score_elements() -> int:
    import torch

    q = k = torch.zeros(2, 4, 10, 16)  # (B, h, T, head_dim)
    return (q @ k.transpose(-2, -1)).numel()


def _temperature() -> float:
    import torch

    return float(torch.softmax(torch.tensor([2.0, 0.0], dtype=torch.float64) / 0.5, dim=0)[0])


def _top_k_zeroed() -> int:
    import torch

    logits = torch.randn(50_257, generator=torch.Generator().manual_seed(0))
    kth = torch.topk(logits, 50).values[-1]
    probs = torch.softmax(logits.masked_fill(logits < kth, float("-inf")), dim=0)
    return int((probs == 0).sum())


def _mean_pool_first() -> float:
    import torch

    h = torch.tensor([[[2.0, 4.0], [4.0, 8.0], [9.0, 9.0]]])  # (B, T, H)
    m = torch.tensor([[1, 1, 0]]).unsqueeze(-1).float()       # (B, T, 1)
    return float(((h * m).sum(1) / m.sum(1))[0, 0])


def _imbalanced_accuracy() -> float:
    from sklearn.metrics import accuracy_score

    y_true = [1] * 50 + [0] * 950
    return accuracy_score(y_true, [0] * 1000)


def _lora_params() -> int:
    from torch import nn

    a, b = nn.Linear(768, 8, bias=False), nn.Linear(8, 768, bias=False)  # A: (8, 768), B: (768, 8)
    return _numel(a, b)


def _linear_decay() -> float:
    import torch
    from transformers import get_linear_schedule_with_warmup

    opt = torch.optim.AdamW([torch.nn.Parameter(torch.zeros(1))], lr=2e-5)
    sched = get_linear_schedule_with_warmup(opt, num_warmup_steps=100, num_training_steps=1100)
    return 2e-5 * sched.lr_lambdas[0](600) / 1e-5


def _zero_gb_per_gpu(params: float, gpus: int, stage: int) -> float:
    """Model states per GPU in GB: shard sizes laid out per state, as the ZeRO paper's table counts them."""
    states = {"weights": 2, "gradients": 2, "optimizer": 12}  # bytes per parameter, mixed-precision Adam
    sharded = {1: {"optimizer"}, 2: {"optimizer", "gradients"}, 3: {"optimizer", "gradients", "weights"}}[stage]
    per_param = sum(b / gpus if name in sharded else b for name, b in states.items())
    return params * per_param / 1e9


def _min_gpus(total_gb: float, free_gb: float) -> int:
    n = 1
    while total_gb / n > free_gb:
        n += 1
    return n


def _gpipe_bubble(stages: int, micro: int) -> float:
    """Simulate a GPipe forward schedule: stage s works on micro-batch j in slot s + j; count idle slots."""
    slots = micro + stages - 1
    busy = sum(1 for s in range(stages) for t in range(slots) if 0 <= t - s < micro)
    return 1 - busy / (stages * slots)


def _hf_test_rows() -> int:
    """datasets' train_test_split sizes its test split like scikit-learn's: ⌈test_size · n⌉."""
    from sklearn.model_selection import train_test_split

    _, test = train_test_split(np.arange(1037), test_size=0.1, random_state=42)
    return len(test)


def _view_or_copy() -> int:
    """Run the question's lines as written: NumPy decides what is a view and what is a copy."""
    a = np.arange(6)
    y = a[1:4]
    y *= 10
    z = a[[0, 5]]
    z[:] = -1
    return int(a.sum())


def _default_list() -> int:
    def collect(x, acc=[]):  # noqa: B006 — the shared default is what the question is about
        acc.append(x)
        return acc

    collect(1)
    collect(2)
    return len(collect(3))


CHECKS = {
    # python-for-ml
    "python-for-ml.slice-sum": lambda: sum([10, 20, 30, 40, 50][1:4]),
    "python-for-ml.batch-count": lambda: len([list(range(10))[i:i + 4] for i in range(0, 10, 4)]),
    "python-for-ml.word-count": _word_count,
    "python-for-ml.comprehension-filter": lambda: len([t for t in "the model learns from data".split() if len(t) > 3]),
    "python-for-ml.default-list": _default_list,
    # numpy-pandas-matplotlib
    "numpy-pandas-matplotlib.axis-sum": lambda: int(np.arange(12).reshape(3, 4).sum(axis=0)[1]),
    "numpy-pandas-matplotlib.mean-pool-size": lambda: np.zeros((8, 128, 768)).mean(axis=1).size,
    "numpy-pandas-matplotlib.clean-rows": _clean_rows,
    "numpy-pandas-matplotlib.rolling": _rolling,
    "numpy-pandas-matplotlib.slice-size": lambda: np.arange(24).reshape(4, 6)[1:3, ::2].size,
    "numpy-pandas-matplotlib.mask-sum": lambda: (lambda x: int(x[x % 3 == 0].sum()))(np.arange(12).reshape(3, 4)),
    "numpy-pandas-matplotlib.view-or-copy": _view_or_copy,
    # pytorch-basics
    "pytorch-basics.grad-cube": _grad_cube,
    "pytorch-basics.grad-accumulates": _grad_accumulates,
    "pytorch-basics.mlp-params": _mlp_params,
    "pytorch-basics.chain-grad": _chain_grad,
    "pytorch-basics.view-rows": lambda: __import__("torch").arange(24).view(2, 3, 4).view(-1, 4).shape[0],
    # huggingface
    "huggingface.bert-length": lambda: len(["[CLS]"] + "the cat sat".split() + ["[SEP]"]),
    "huggingface.map-calls": lambda: len(range(0, 67_349, 1_000)),
    "huggingface.generate-length": lambda: len([0] * 6 + [1] * 20),
    "huggingface.split-sizes": _hf_test_rows,
    "huggingface.filter-count": lambda: len([n for n in [12, 70, 33, 64, 65, 8, 128, 40] if n <= 64]),
    # distributed-training
    "distributed-training.adam-memory": lambda: 7e9 * (2 + 2 + 4 + 4 + 4) / 1e9,
    "distributed-training.accum-steps": lambda: 512 // (16 * 8),
    "distributed-training.tp-shard": lambda: np.array_split(np.empty((4096, 16384), dtype=np.int8), 4, axis=1)[0].size,
    "distributed-training.zero1-per-gpu": lambda: _zero_gb_per_gpu(7e9, 8, 1),
    "distributed-training.zero3-min-gpus": lambda: _min_gpus(_zero_gb_per_gpu(70e9, 1, 3), 60.0),
    "distributed-training.pipeline-bubble": lambda: _gpipe_bubble(4, 12),
    # practice-logistic-regression
    "practice-logistic-regression.grad-w2": lambda: float(((0.8 - 1) * np.array([1.0, 2.0]))[1]),
    "practice-logistic-regression.log-loss": lambda: _log_loss(1, 0.8),
    "practice-logistic-regression.boundary": lambda: (4 - 1 * 0) / 2,
    "practice-logistic-regression.threshold-count": lambda: int((np.array([0.30, 0.55, 0.80, 0.45, 0.51]) >= 0.5).sum()),
    # practice-transformer-block
    "practice-transformer-block.gpt2-blocks": lambda: 12 * _block_params(768),
    "practice-transformer-block.score-elements": _score_elements,
    "practice-transformer-block.head-dim": lambda: 512 // 8,
    # practice-gpt2-generation
    "practice-gpt2-generation.temperature": _temperature,
    "practice-gpt2-generation.greedy-index": lambda: int(np.argmax([1.2, 3.4, 0.5, 3.1])),
    "practice-gpt2-generation.top-k-zeroed": _top_k_zeroed,
    # practice-bert-classification
    "practice-bert-classification.mean-pool": _mean_pool_first,
    "practice-bert-classification.pair-length": lambda: len(["[CLS]"] + ["a"] * 6 + ["[SEP]"] + ["b"] * 4 + ["[SEP]"]),
    "practice-bert-classification.imbalanced": _imbalanced_accuracy,
    # practice-fine-tuning
    "practice-fine-tuning.warmup-steps": lambda: int(0.1 * 1200),
    "practice-fine-tuning.lora-params": _lora_params,
    "practice-fine-tuning.linear-decay": _linear_decay,
}

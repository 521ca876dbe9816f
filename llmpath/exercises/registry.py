"""Every exercise's id, unit and title, readable without importing any check."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExerciseSpec:
    id: str
    unit: str
    title_en: str
    title_zh: str
    difficulty: int = 1
    timeout_s: float = 10.0        # wall-clock limit of one check (start-up included)
    memory_mb: int = 2048          # address-space limit of the checker process
    memory_kind: str = "as"        # "as" (RLIMIT_AS) or "data" (RLIMIT_DATA)

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en

    @property
    def package(self) -> str:
        """The folder under llmpath/exercises/ holding scaffold, solution, check and hints."""
        return self.id.replace("-", "_")

    @property
    def file_name(self) -> str:
        """The learner's file in the workspace, e.g. ``top_k_top_p.py``."""
        return f"{self.package}.py"


EXERCISES: tuple[ExerciseSpec, ...] = (
    ExerciseSpec("softmax", "entropy-and-cross-entropy", "Numerically stable softmax", "数值稳定的 softmax", 1),
    ExerciseSpec("cross-entropy", "entropy-and-cross-entropy", "Cross-entropy from logits", "从 logits 计算交叉熵", 2),
    ExerciseSpec("gradient-step", "gradient-descent", "One gradient-descent step", "一步梯度下降", 1),
    ExerciseSpec("adam-step", "optimizers", "One Adam update", "一次 Adam 更新", 2),
    ExerciseSpec("pca-svd", "eigen-and-svd", "PCA via SVD", "用 SVD 实现 PCA", 2),
    ExerciseSpec("kfold-indices", "data-splits", "K-fold split indices", "k 折划分索引", 1),
    ExerciseSpec("precision-recall-f1", "classification-metrics", "Precision, recall and F1", "精确率、召回率与 F1", 1),
    ExerciseSpec("bleu", "regression-and-text-metrics", "BLEU from scratch", "从零实现 BLEU", 3),
    ExerciseSpec("relu", "neurons-and-activations", "ReLU and its derivative", "ReLU 及其导数", 1),
    ExerciseSpec("attention", "attention", "Scaled dot-product attention", "缩放点积注意力", 2),
    ExerciseSpec("multi-head-split", "multi-head-attention", "Split and merge attention heads", "拆分与合并注意力头", 2),
    ExerciseSpec("layernorm", "transformer-architecture", "LayerNorm", "层归一化 LayerNorm", 2),
    ExerciseSpec("causal-mask", "transformer-architecture", "Causal attention mask", "因果注意力掩码", 1),
    ExerciseSpec("positional-encoding", "positional-encoding", "Sinusoidal positional encoding", "正弦位置编码", 2),
    # torch reserves gigabytes of address space and takes seconds to import: more room, more time.
    ExerciseSpec("torch-mlp", "pytorch-basics", "An nn.Module MLP in PyTorch", "用 PyTorch nn.Module 写 MLP", 2,
                 timeout_s=40.0, memory_mb=8192),
    ExerciseSpec("logistic-gradient", "practice-logistic-regression", "Logistic-regression gradient", "逻辑回归的梯度", 2),
    ExerciseSpec("top-k-top-p", "practice-gpt2-generation", "Top-k and top-p filtering", "Top-k 与 Top-p 采样过滤", 3),
)


def exercise_ids() -> list[str]:
    return [spec.id for spec in EXERCISES]


def get_exercise(exercise_id: str) -> ExerciseSpec:
    """The exercise with this id (or a unique prefix); otherwise suggest the nearest ids (exit 2)."""
    key = exercise_id.strip().lower()
    for spec in EXERCISES:
        if spec.id == key or spec.package == key:
            return spec
    starting = [spec.id for spec in EXERCISES if key and spec.id.startswith(key)]
    if len(starting) == 1:
        return next(spec for spec in EXERCISES if spec.id == starting[0])
    from llmpath.content.catalog import suggest
    from llmpath.errors import UnknownTopicError

    raise UnknownTopicError(exercise_id, suggest(key, exercise_ids(), starting), kind="exercise")


def exercises_in_unit(unit: str) -> list[ExerciseSpec]:
    return [spec for spec in EXERCISES if spec.unit == unit]

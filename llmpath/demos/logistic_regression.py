"""Logistic regression from scratch (gradient descent) vs scikit-learn, on breast-cancer data.

Teaches: p(y=1 | x) = σ(w·x + b); training minimises the mean cross-entropy (+ an L2 penalty)
by gradient descent, ∇ = Xᵀ(p − y)/n + λw. Then the classification metrics: confusion matrix,
accuracy, precision, recall, F1, the ROC curve and its area (AUC). A language model's output
layer is the same idea with a softmax over the vocabulary instead of one sigmoid.
"""

from __future__ import annotations

import numpy as np

from llmpath.demos.base import DemoContext, Option, pyplot
from llmpath.i18n import L10n

OPTIONS = [
    Option("lr", float, 1.0, "gradient-descent learning rate", "梯度下降学习率", low=1e-4, high=5.0),
    Option("steps", int, 3000, "gradient-descent steps", "梯度下降步数", low=1, high=100_000),
    Option("threshold", float, 0.5, "decision threshold on p(malignant)", "判为恶性的概率阈值", low=0.0, high=1.0),
]


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def fit_logistic(x: np.ndarray, y: np.ndarray, *, c: float = 1.0, lr: float = 1.0, steps: int = 3000) -> tuple[np.ndarray, float, list[float]]:
    """Minimise mean log-loss + ‖w‖² / (2 C n) (scikit-learn's objective ÷ n) by full-batch gradient descent."""
    n, d = x.shape
    w, b = np.zeros(d), 0.0
    lam = 1 / (c * n)
    losses = []
    for _ in range(steps):
        z = x @ w + b
        p = sigmoid(z)
        losses.append(float(np.mean(np.logaddexp(0, z) - y * z) + lam / 2 * w @ w))
        w -= lr * (x.T @ (p - y) / n + lam * w)
        b -= lr * float(np.mean(p - y))
    return w, b, losses


def confusion(y: np.ndarray, pred: np.ndarray) -> np.ndarray:
    """[[TN, FP], [FN, TP]] — rows are the truth, columns the prediction (scikit-learn's layout)."""
    return np.array([[np.sum((y == 0) & (pred == 0)), np.sum((y == 0) & (pred == 1))],
                     [np.sum((y == 1) & (pred == 0)), np.sum((y == 1) & (pred == 1))]])


def scores(cm: np.ndarray) -> dict[str, float]:
    """accuracy = (TP+TN)/all; precision = TP/(TP+FP); recall = TP/(TP+FN); F1 = 2PR/(P+R)."""
    (tn, fp), (fn, tp) = cm
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"accuracy": (tp + tn) / cm.sum(), "precision": precision, "recall": recall, "f1": f1}


def roc_curve(y: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sweep the threshold from high to low: (FPR, TPR) after each distinct score."""
    order = np.argsort(-score, kind="mergesort")
    y, score = y[order], score[order]
    last = np.r_[np.where(np.diff(score))[0], len(y) - 1]  # last index of each distinct score
    tps = np.cumsum(y)[last]
    fps = (last + 1) - tps
    return np.r_[0, fps / fps[-1]], np.r_[0, tps / tps[-1]]


def auc(fpr: np.ndarray, tpr: np.ndarray) -> float:
    """Area under the ROC curve by the trapezoid rule."""
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))


def run(ctx: DemoContext, *, lr: float, steps: int, threshold: float) -> None:
    from sklearn.datasets import load_breast_cancer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import confusion_matrix, f1_score, precision_score, recall_score, roc_auc_score

    rng = np.random.default_rng(ctx.seed)
    data = load_breast_cancer()
    x, y = data.data, 1 - data.target  # 1 = malignant (scikit-learn codes malignant as 0)
    order = rng.permutation(len(y))
    tr, te = order[:426], order[426:]
    mean, std = x[tr].mean(axis=0), x[tr].std(axis=0)
    x_tr, x_te = (x[tr] - mean) / std, (x[te] - mean) / std
    y_tr, y_te = y[tr], y[te]

    ctx.heading("1. The model", "1. 模型")
    ctx.say(
        f"{len(y)} tumours, {x.shape[1]} measurements each, label 1 = malignant ({y.mean():.0%}). "
        f"Train on {len(tr)}, test on {len(te)}. The model: p = σ(w·x + b), σ(z) = 1 / (1 + e⁻ᶻ). "
        "Training minimises the cross-entropy −[y log p + (1 − y) log(1 − p)] plus a small L2 penalty, by gradient descent.",
        f"共 {len(y)} 个肿瘤样本，每个 {x.shape[1]} 项测量，标签 1 = 恶性（占 {y.mean():.0%}）。训练 {len(tr)} 个，测试 {len(te)} 个。"
        "模型：p = σ(w·x + b),σ(z) = 1 / (1 + e⁻ᶻ)。用梯度下降最小化交叉熵 −[y log p + (1 − y) log(1 − p)] 加一个小的 L2 惩罚。",
    )
    w, b, losses = fit_logistic(x_tr, y_tr, lr=lr, steps=steps)
    ctx.chart(ctx.t("training loss (log scale)", "训练损失（对数刻度）"), {L10n("loss", "损失"): losses}, x_label=L10n("step", "步"), log_y=True)
    ref = LogisticRegression(C=1.0, tol=1e-10, max_iter=10_000).fit(x_tr, y_tr)
    p_ours = sigmoid(x_te @ w + b)
    p_ref = ref.predict_proba(x_te)[:, 1]
    ctx.agree(L10n("test probabilities", "测试集概率"), p_ours, p_ref, reference_name="sklearn LogisticRegression", tolerance=1e-3)
    top = np.argsort(-np.abs(w))[:6]
    ctx.bars(ctx.t("largest weights (standardized features)", "最大的权重（标准化特征）"), [data.feature_names[i] for i in top], w[top], fmt="{:+.2f}")

    ctx.heading("2. Confusion matrix and scores", "2. 混淆矩阵与指标")
    pred = (p_ours >= threshold).astype(int)
    cm = confusion(y_te, pred)
    s = scores(cm)
    ctx.table(ctx.t(f"confusion matrix at threshold {threshold:g}", f"阈值 {threshold:g} 下的混淆矩阵"), ["", L10n("predicted benign", "预测为良性"), L10n("predicted malignant", "预测为恶性")],
              [["benign", f"TN = {cm[0, 0]}", f"FP = {cm[0, 1]}"], ["malignant", f"FN = {cm[1, 0]}", f"TP = {cm[1, 1]}"]])
    ctx.say(
        "Precision = TP/(TP+FP): of the tumours we flag, how many are malignant. Recall = TP/(TP+FN): of the malignant ones, "
        "how many we catch. F1 is their harmonic mean. Lowering the threshold trades precision for recall — in screening, "
        "a missed cancer (FN) costs more than a false alarm.",
        "精确率 = TP/(TP+FP)：被判为恶性的样本中真正恶性的比例。召回率 = TP/(TP+FN)：恶性样本中被找出的比例。F1 是二者的调和平均。"
        "降低阈值会用精确率换召回率——在筛查中，漏诊（FN）比误报代价更大。",
    )
    ctx.table(ctx.t("scores", "指标"), [L10n("metric", "指标"), L10n("ours", "我们的实现"), "sklearn.metrics"], [
        ["accuracy", round(s["accuracy"], 4), round(float(np.mean(pred == y_te)), 4)],
        ["precision", round(s["precision"], 4), round(precision_score(y_te, pred, zero_division=0), 4)],
        ["recall", round(s["recall"], 4), round(recall_score(y_te, pred), 4)],
        ["F1", round(s["f1"], 4), round(f1_score(y_te, pred), 4)],
    ])
    ctx.agree(L10n("confusion matrix", "混淆矩阵"), cm, confusion_matrix(y_te, pred, labels=[0, 1]), reference_name="sklearn confusion_matrix", tolerance=0)
    ctx.agree(L10n("precision, recall, F1", "精确率、召回率与 F1"), [s["precision"], s["recall"], s["f1"]],
              [precision_score(y_te, pred, zero_division=0), recall_score(y_te, pred), f1_score(y_te, pred)], reference_name="sklearn.metrics", tolerance=1e-12, key="max_diff_scores")

    ctx.heading("3. The ROC curve", "3. ROC 曲线")
    fpr, tpr = roc_curve(y_te, p_ours)
    area = auc(fpr, tpr)
    ctx.say(
        f"Every threshold gives one (false-positive rate, true-positive rate) point; the area under the curve (AUC = {area:.4f}) "
        "is the probability that a random malignant case scores higher than a random benign one. 0.5 = guessing, 1 = perfect.",
        f"每个阈值给出一个（假阳性率，真阳性率）点；曲线下面积（AUC = {area:.4f}）等于随机一个恶性样本得分高于随机一个良性样本的概率。0.5 = 瞎猜，1 = 完美。",
    )
    rows = []
    for t in (0.9, 0.7, 0.5, 0.3, 0.1, 0.02):
        c = confusion(y_te, (p_ours >= t).astype(int))
        rows.append([t, f"{c[0, 1] / c[0].sum():.3f}", f"{c[1, 1] / c[1].sum():.3f}"])
    ctx.table(ctx.t("points on the ROC curve", "ROC 曲线上的点"), [L10n("threshold", "阈值"), "FPR", "TPR"], rows)
    ctx.agree("ROC-AUC", area, roc_auc_score(y_te, p_ours), reference_name="sklearn roc_auc_score", tolerance=1e-12)
    ctx.figures.update(**{k: float(v) for k, v in s.items()}, roc_auc=area, confusion_matrix=cm.tolist(),
                       sklearn_accuracy=float(ref.score(x_te, y_te)), final_loss=losses[-1], threshold=threshold)

    if ctx.wants_plot():
        plt = pyplot()
        fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))
        ax1.semilogy(losses)
        ax1.set_xlabel("step")
        ax1.set_ylabel("training loss")
        ax2.plot(fpr, tpr, label=f"AUC = {area:.3f}")
        ax2.plot([0, 1], [0, 1], "k--", lw=0.8)
        ax2.set_xlabel("false-positive rate")
        ax2.set_ylabel("true-positive rate")
        ax2.set_title("ROC curve")
        ax2.legend()
        ctx.savefig(fig)

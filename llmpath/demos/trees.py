"""Decision trees, random forests and feature importance, on scikit-learn's wine data.

Teaches: a tree asks one yes/no question per node, choosing the feature and threshold that most
reduce Gini impurity G = 1 − Σ pₖ²; a random forest averages many trees grown on bootstrap
samples with random feature subsets (lower variance); feature importance = total impurity
decrease a feature brings. Analogy (not lineage): attention also learns which inputs to weigh.
"""

from __future__ import annotations

import numpy as np

from llmpath.demos.base import DemoContext, Option, pyplot
from llmpath.i18n import L10n

OPTIONS = [
    Option("max_depth", int, 3, "depth of the single tree", "单棵树的深度", low=1, high=20),
    Option("trees", int, 100, "trees in the forest", "森林中树的数量", low=1, high=500),
]


def gini(y: np.ndarray, n_classes: int) -> float:
    """G = 1 − Σₖ pₖ²: the chance two random picks from the node have different classes."""
    if len(y) == 0:
        return 0.0
    p = np.bincount(y, minlength=n_classes) / len(y)
    return float(1 - np.sum(p**2))


def best_split(x: np.ndarray, y: np.ndarray, n_classes: int) -> tuple[int, float, float]:
    """Exhaustive search: (feature, threshold, weighted child impurity) minimising (nₗGₗ + nᵣGᵣ)/n.

    Thresholds are midpoints between consecutive distinct values, as in scikit-learn.
    """
    n = len(y)
    best = (-1, 0.0, np.inf)
    for j in range(x.shape[1]):
        order = np.argsort(x[:, j], kind="mergesort")
        xs, ys = x[order, j], y[order]
        left = np.zeros(n_classes)
        right = np.bincount(ys, minlength=n_classes).astype(float)
        for i in range(n - 1):
            left[ys[i]] += 1
            right[ys[i]] -= 1
            if xs[i] == xs[i + 1]:
                continue
            nl, nr = i + 1, n - i - 1
            impurity = (nl * (1 - np.sum((left / nl) ** 2)) + nr * (1 - np.sum((right / nr) ** 2))) / n
            if impurity < best[2] - 1e-12:
                best = (j, float((xs[i] + xs[i + 1]) / 2), float(impurity))
    return best


def run(ctx: DemoContext, *, max_depth: int, trees: int) -> None:
    from sklearn.datasets import load_wine
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.tree import DecisionTreeClassifier, export_text

    rng = np.random.default_rng(ctx.seed)
    data = load_wine()
    x, y, names = data.data, data.target, list(data.feature_names)
    order = rng.permutation(len(y))
    tr, te = order[:124], order[124:]
    k = int(y.max()) + 1

    ctx.heading("1. The first question: the root split", "1. 第一个问题：根节点的划分")
    root = gini(y[tr], k)
    j, thr, child = best_split(x[tr], y[tr], k)
    ctx.say(
        f"Wine data: {len(y)} wines from 3 cultivars, 13 chemical measurements. The root holds {len(tr)} training wines with "
        f"Gini impurity 1 − Σ pₖ² = {root:.4f}. Trying every feature and every threshold, the best question is "
        f"**{names[j]} ≤ {thr:.3f}?**, which lowers the weighted impurity to {child:.4f}.",
        f"葡萄酒数据：3 个品种共 {len(y)} 瓶酒，13 项化学指标。根节点有 {len(tr)} 瓶训练样本，基尼不纯度 1 − Σ pₖ² = {root:.4f}。"
        f"遍历所有特征和阈值，最佳问题是 **{names[j]} ≤ {thr:.3f}?**，把加权不纯度降到 {child:.4f}。",
    )
    tree = DecisionTreeClassifier(max_depth=max_depth, random_state=ctx.seed).fit(x[tr], y[tr])
    t = tree.tree_
    ref_child = (t.n_node_samples[t.children_left[0]] * t.impurity[t.children_left[0]] + t.n_node_samples[t.children_right[0]] * t.impurity[t.children_right[0]]) / t.n_node_samples[0]
    ctx.agree(L10n("root split impurity", "根节点划分的不纯度"), child, ref_child, reference_name="sklearn DecisionTreeClassifier", tolerance=1e-9, key="max_diff_root_impurity")
    ctx.figures.update(root_feature=names[j], root_threshold=thr, sklearn_root_feature=names[int(t.feature[0])], sklearn_root_threshold=float(t.threshold[0]))

    ctx.heading(f"2. A tree of depth {max_depth}", f"2. 深度为 {max_depth} 的树")
    text = export_text(tree, feature_names=names, decimals=2, max_depth=3)
    ctx.say("```\n" + text.rstrip() + "\n```", "```\n" + text.rstrip() + "\n```")
    tree_acc = float(tree.score(x[te], y[te]))
    ctx.table(ctx.t("accuracy", "准确率"), [L10n("model", "模型"), L10n("train", "训练"), L10n("test", "测试")], [[ctx.t(f"tree (depth {max_depth})", f"决策树（深度 {max_depth}）"), round(float(tree.score(x[tr], y[tr])), 4), round(tree_acc, 4)]])

    ctx.heading("3. A random forest", "3. 随机森林")
    forest = RandomForestClassifier(n_estimators=trees, random_state=ctx.seed, n_jobs=1).fit(x[tr], y[tr])
    forest_acc = float(forest.score(x[te], y[te]))
    ctx.say(
        f"{trees} trees, each grown on a bootstrap sample of the training wines and choosing among √13 ≈ 3 random features at every "
        "split, vote on the class. Each tree overfits differently, so averaging cancels much of the error (lower variance).",
        f"{trees} 棵树，每棵在训练样本的自助采样（bootstrap）上生长，每次划分只在随机的 √13 ≈ 3 个特征中选择，最后投票。"
        "每棵树过拟合的方式不同，平均之后误差相互抵消（方差降低）。",
    )
    ctx.table(ctx.t("test accuracy", "测试准确率"), [L10n("model", "模型"), L10n("test", "测试")], [[ctx.t(f"one tree (depth {max_depth})", f"一棵树（深度 {max_depth}）"), f"{tree_acc:.2%}"], [ctx.t(f"forest ({trees} trees)", f"森林（{trees} 棵树）"), f"{forest_acc:.2%}"]])

    ctx.heading("4. Feature importance", "4. 特征重要性")
    imp = forest.feature_importances_
    top = np.argsort(-imp)[:8]
    ctx.bars(ctx.t("mean impurity decrease (forest)", "平均不纯度下降（森林）"), [names[i] for i in top], imp[top])
    ctx.say(
        "Importance adds up how much each feature lowered impurity across all splits and trees, normalised to sum 1. "
        "**Analogy:** attention also learns how much weight to give each input. Where it stops: tree importances are one global "
        "number per feature, fixed after training; attention weights are recomputed for every token from the content of the "
        "input (query · key), sum to 1 per query, and are learned by gradient descent, not greedy splitting.",
        "重要性把每个特征在所有树、所有划分中带来的不纯度下降加起来，并归一化为和 1。"
        "**类比：**注意力也在学习给每个输入多少权重。类比的边界：树的重要性是每个特征一个全局数值，训练后固定；"
        "注意力权重对每个词元都根据输入内容（query · key）重新计算，每个 query 的权重和为 1，并通过梯度下降学习，而不是贪心划分。",
    )
    ctx.agree(L10n("importances sum to 1", "重要性之和为 1"), float(imp.sum()), 1.0, reference_name=L10n("normalisation", "归一化"), tolerance=1e-9, key="max_diff_importance_sum")
    ctx.figures.update(tree_test_accuracy=tree_acc, forest_test_accuracy=forest_acc, top_features=[names[i] for i in top[:3]],
                       importances={names[i]: float(imp[i]) for i in top})

    if ctx.wants_plot():
        plt = pyplot()
        fig, ax = plt.subplots(figsize=(7, 4))
        ax.barh([names[i] for i in top][::-1], imp[top][::-1])
        ax.set_xlabel("importance")
        ax.set_title("Random forest feature importances (wine)")
        ctx.savefig(fig)

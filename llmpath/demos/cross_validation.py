"""Train / validation / test splits and k-fold cross-validation.

Teaches: the test set estimates performance on unseen data only if nothing was chosen by
looking at it. Choose hyper-parameters on validation data — or, with little data, by k-fold
cross-validation (each example validates once, trains k − 1 times; report mean ± spread) —
then touch the test set once. Picking the best of many models *on the test set* overstates it.
"""

from __future__ import annotations

import warnings

import numpy as np

from llmpath.demos.base import DemoContext, Option, pyplot
from llmpath.i18n import L10n

OPTIONS = [Option("k", int, 5, "number of folds", "折数 k", low=2, high=50)]

DEPTHS = (1, 2, 3, 4, 6, 8, 12)


def k_fold_indices(n: int, k: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Split 0..n−1 into k consecutive folds (the first n mod k folds one larger); yield (train, validation)."""
    sizes = np.full(k, n // k)
    sizes[: n % k] += 1
    folds, start = [], 0
    for size in sizes:
        val = np.arange(start, start + size)
        folds.append((np.r_[np.arange(0, start), np.arange(start + size, n)], val))
        start += size
    return folds


def cross_val_scores(make_model, x: np.ndarray, y: np.ndarray, k: int) -> np.ndarray:
    """Accuracy on each held-out fold of a fresh model trained on the other k − 1."""
    out = []
    for train, val in k_fold_indices(len(y), k):
        model = make_model().fit(x[train], y[train])
        out.append(np.mean(model.predict(x[val]) == y[val]))
    return np.array(out)


def run(ctx: DemoContext, *, k: int) -> None:
    from sklearn.datasets import load_breast_cancer
    from sklearn.model_selection import KFold, cross_val_score
    from sklearn.tree import DecisionTreeClassifier

    rng = np.random.default_rng(ctx.seed)
    data = load_breast_cancer()
    order = rng.permutation(len(data.target))
    x = data.data[order]
    y = data.target[order]
    n_test = 114
    x_dev, y_dev, x_test, y_test = x[:-n_test], y[:-n_test], x[-n_test:], y[-n_test:]

    def model(depth):
        return lambda: DecisionTreeClassifier(max_depth=depth, random_state=ctx.seed)

    ctx.heading("1. Three roles for the data", "1. 数据的三种角色")
    ctx.say(
        f"Breast-cancer data, {len(y)} cases, shuffled. We lock away {n_test} as the **test set** (looked at once, at the end) and keep "
        f"{len(y_dev)} for development. Anything fitted to data (a scaler's mean and std, a vocabulary) is fitted on "
        "development data only — otherwise test information leaks into training.",
        f"乳腺癌数据共 {len(y)} 例，打乱后把 {n_test} 例锁起来作为**测试集**（最后只看一次），其余 {len(y_dev)} 例用于开发。"
        "任何从数据中拟合的东西（标准化的均值与标准差、词表）都只用开发数据拟合——否则测试信息会泄漏进训练。",
    )

    ctx.heading(f"2. {k}-fold cross-validation", f"2. {k} 折交叉验证")
    folds = k_fold_indices(len(y_dev), k)
    ctx.say(
        f"Cut the development data into {k} folds. Train on {k - 1}, validate on the one left out, {k} times: every example is "
        "validated exactly once. The spread of the fold scores shows how much one split could mislead.",
        f"把开发数据切成 {k} 折。用 {k - 1} 折训练、剩下 1 折验证，共 {k} 次：每个样本恰好被验证一次。各折得分的离散程度说明单次划分可能有多大误导。",
    )
    ref_folds = list(KFold(n_splits=k).split(x_dev))
    ctx.agree(L10n("fold indices", "各折索引"), np.concatenate([v for _, v in folds]), np.concatenate([v for _, v in ref_folds]), reference_name="sklearn KFold", tolerance=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scores = cross_val_scores(model(3), x_dev, y_dev, k)
        ref_scores = cross_val_score(model(3)(), x_dev, y_dev, cv=KFold(n_splits=k))
    ctx.table(ctx.t("decision tree of depth 3: accuracy per fold", "深度为 3 的决策树：各折准确率"), [L10n("fold", "折"), L10n("train size", "训练集大小"), L10n("val size", "验证集大小"), L10n("accuracy", "准确率")],
              [[i + 1, len(tr), len(va), f"{s:.4f}"] for i, ((tr, va), s) in enumerate(zip(folds, scores))][:12] +
              ([["…", "", "", ""]] if k > 12 else []))
    ctx.bars(ctx.t("fold accuracy", "各折准确率"), [ctx.t(f"fold {i + 1}", f"第 {i + 1} 折") for i in range(min(k, 12))], scores[:12], fmt="{:.3f}")
    ctx.say(f"Mean {scores.mean():.4f} ± {scores.std(ddof=1):.4f} (std over folds); min {scores.min():.4f}, max {scores.max():.4f}.",
            f"均值 {scores.mean():.4f} ± {scores.std(ddof=1):.4f}（各折标准差）；最低 {scores.min():.4f}，最高 {scores.max():.4f}。")
    ctx.agree(L10n("fold scores", "各折得分"), scores, ref_scores, reference_name="sklearn cross_val_score", tolerance=1e-12)

    ctx.heading("3. Choose the tree depth by cross-validation, then test once", "3. 用交叉验证选树深，再测试一次")
    rows, cv_means, test_scores = [], [], []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for depth in DEPTHS:
            s = scores if depth == 3 else cross_val_scores(model(depth), x_dev, y_dev, k)
            cv_means.append(float(s.mean()))
            test_scores.append(float(model(depth)().fit(x_dev, y_dev).score(x_test, y_test)))
            rows.append([depth, f"{s.mean():.4f} ± {s.std(ddof=1):.4f}"])
    best = int(np.argmax(cv_means))
    final = test_scores[best]
    for i, row in enumerate(rows):
        row.append("◀ chosen" if i == best else "")
    ctx.table(ctx.t("maximum tree depth (deeper = more flexible)", "最大树深（越深越灵活）"), ["max_depth", ctx.t(f"{k}-fold accuracy", f"{k} 折准确率"), ""], rows)
    cheat = max(test_scores)
    ctx.say(
        f"Cross-validation picks max_depth = {DEPTHS[best]}. Retrained on all development data, it scores **{final:.4f}** on the test set: "
        f"that is our honest estimate. Had we tried every depth on the test set and reported the best, we would claim {cheat:.4f} — "
        "an optimistic number, because the test set was used to choose. (In LLM work the same rule applies to benchmarks: "
        "tuning on a benchmark's test split, or training on text that contains it, inflates the score.)",
        f"交叉验证选出 max_depth = {DEPTHS[best]}。用全部开发数据重新训练后，在测试集上得分 **{final:.4f}**：这是诚实的估计。"
        f"如果在测试集上试遍每个深度再报告最好的，我们会声称 {cheat:.4f}——这是偏乐观的，因为测试集被用来做了选择。"
        "（LLM 评测也是同样的道理：在基准的测试集上调参，或用包含它的文本训练，都会虚高分数。）",
    )
    ctx.figures.update(k=k, fold_scores=[float(s) for s in scores], cv_mean=float(scores.mean()), cv_std=float(scores.std(ddof=1)),
                       chosen_depth=DEPTHS[best], cv_mean_by_depth=cv_means, test_accuracy=final, best_test_if_cheating=cheat)

    if ctx.wants_plot():
        plt = pyplot()
        fig, ax = plt.subplots(figsize=(6, 4))
        ax.plot(DEPTHS, cv_means, "o-", label=f"{k}-fold CV mean")
        ax.plot(DEPTHS, test_scores, "s--", label="test (look once!)")
        ax.set_xlabel("max_depth")
        ax.set_ylabel("accuracy")
        ax.legend()
        ctx.savefig(fig)

"""Checks for mlm-masking: the hand-worked sentence of the task, a padded batch whose special tokens get
small draws, no target at all, a 512-token sequence (the unit's ≈ 77 targets, ≈ 61 [MASK]), and GPT's
shifted targets: the task's example, a right-padded batch, a seeded batch and a one-token sequence."""

import numpy as np

from llmpath.exercises.checking import Case, Mistake, Rng, make_case
from .solution import IGNORE, mlm_mask as mask_ref, next_token_targets as targets_ref

CLS, SEP, MASK, PAD = 101, 102, 103, 0      # BERT's ids for [CLS], [SEP], [MASK], [PAD]


# ------------------------------------------------------------------ typical mistakes: mlm_mask

def _labels_everywhere(ids, special, u_select, u_kind, random_ids, mask_id):
    inputs, _ = mask_ref(ids, special, u_select, u_kind, random_ids, mask_id)
    return inputs, ids.copy()                                  # every position a target, not just the selected


def _labels_from_inputs(ids, special, u_select, u_kind, random_ids, mask_id):
    inputs, labels = mask_ref(ids, special, u_select, u_kind, random_ids, mask_id)
    return inputs, np.where(labels != IGNORE, inputs, IGNORE)  # the label read after masking: 103 to predict


def _all_mask(ids, special, u_select, u_kind, random_ids, mask_id):
    _, labels = mask_ref(ids, special, u_select, u_kind, random_ids, mask_id)
    return np.where(labels != IGNORE, mask_id, ids), labels    # no 10 % random, no 10 % kept


def _special_masked(ids, special, u_select, u_kind, random_ids, mask_id):
    return mask_ref(ids, np.zeros_like(special), u_select, u_kind, random_ids, mask_id)


def _kind_without_selection(ids, special, u_select, u_kind, random_ids, mask_id):
    _, labels = mask_ref(ids, special, u_select, u_kind, random_ids, mask_id)
    inputs = np.where(u_kind < 0.8, mask_id, ids)              # the 80/10/10 rule applied to every position
    return np.where((u_kind >= 0.8) & (u_kind < 0.9), random_ids, inputs), labels


def _kept_not_target(ids, special, u_select, u_kind, random_ids, mask_id):
    inputs, labels = mask_ref(ids, special, u_select, u_kind, random_ids, mask_id)
    return inputs, np.where(inputs == ids, IGNORE, labels)      # the unchanged 10 % (and lucky random ones) dropped


def _random_overwrites_mask(ids, special, u_select, u_kind, random_ids, mask_id):
    inputs, labels = mask_ref(ids, special, u_select, u_kind, random_ids, mask_id)
    overwritten = (labels != IGNORE) & (u_kind < 0.9)              # "u_kind < 0.9" after the masks: the 80 % too
    return np.where(overwritten, random_ids, inputs), labels


MASK_MISTAKES = (
    Mistake("special_masked", _special_masked),
    Mistake("labels_everywhere", _labels_everywhere),
    Mistake("labels_from_inputs", _labels_from_inputs),
    Mistake("all_mask", _all_mask),
    Mistake("kind_without_selection", _kind_without_selection),
    Mistake("kept_not_target", _kept_not_target),
    Mistake("random_overwrites_mask", _random_overwrites_mask),
)


# ------------------------------------------------------------------ typical mistakes: next_token_targets

def _not_shifted(ids, pad_id):
    return np.where(ids == pad_id, IGNORE, ids)


def _shifted_backwards(ids, pad_id):
    targets = np.full_like(ids, IGNORE)
    targets[..., 1:] = ids[..., :-1]
    return np.where(targets == pad_id, IGNORE, targets)


def _wrapped_around(ids, pad_id):
    targets = np.roll(ids, -1, axis=-1)                         # the last position "predicts" the first token
    return np.where(targets == pad_id, IGNORE, targets)


def _rolled_flat(ids, pad_id):
    targets = np.roll(ids, -1)                                 # no axis: the flattened batch, row b + 1's first token moves to row b's end
    targets[-1] = IGNORE                                       # written for one sequence: on a batch this is the whole last row
    return np.where(targets == pad_id, IGNORE, targets)


def _padding_as_target(ids, pad_id):
    targets = np.full_like(ids, IGNORE)
    targets[..., :-1] = ids[..., 1:]
    return targets


TARGET_MISTAKES = (
    Mistake("not_shifted", _not_shifted),
    Mistake("shifted_backwards", _shifted_backwards),
    Mistake("wrapped_around", _wrapped_around),
    Mistake("rolled_flat", _rolled_flat),
    Mistake("padding_as_target", _padding_as_target),
)


def _mask_args(ids, special, u_select, u_kind, random_ids):
    return {"ids": ids, "special": special, "u_select": u_select, "u_kind": u_kind, "random_ids": random_ids, "mask_id": MASK}


def _mask_case(name, rng, ids, special, u_select=None):
    u_select = rng.gen.random(ids.shape) if u_select is None else u_select
    args = _mask_args(ids, special, u_select, rng.gen.random(ids.shape), rng.integers(1000, 30000, *ids.shape))
    return make_case(name, "mlm_mask", mask_ref, args, mistakes=MASK_MISTAKES, outputs=("inputs", "labels"), rtol=0.0, atol=0.0)


def _targets_case(name, ids, pad_id=PAD):
    return make_case(name, "next_token_targets", targets_ref, {"ids": ids, "pad_id": pad_id},
                     mistakes=TARGET_MISTAKES, rtol=0.0, atol=0.0)


LONG = 512


def cases():
    rng = Rng(15)
    # [CLS] the cat sat on the mat [SEP]: targets where u_select < 0.15 on ordinary tokens, i.e. cat, on, mat;
    # cat: u_kind 0.50 → [MASK]; on: 0.85 → the random id 3000; mat: 0.95 → kept, still a target.
    ids = np.array([CLS, 1996, 4937, 2938, 2006, 1996, 13523, SEP])
    special = np.array([True, False, False, False, False, False, False, True])
    args = _mask_args(ids, special, np.array([0.01, 0.50, 0.05, 0.90, 0.10, 0.30, 0.14, 0.02]),
                      np.array([0.30, 0.20, 0.50, 0.10, 0.85, 0.60, 0.95, 0.40]), np.array([5, 17, 2000, 999, 3000, 42, 77, 8]))
    yield Case(("the example in the task: [CLS] the cat sat on the mat [SEP]", "题目中的例子：[CLS] the cat sat on the mat [SEP]"),
               "mlm_mask", args, (np.array([CLS, 1996, MASK, 2938, 3000, 1996, 13523, SEP]),
                                  np.array([IGNORE, IGNORE, 4937, IGNORE, 2006, IGNORE, 13523, IGNORE])),
               mistakes=MASK_MISTAKES, outputs=("inputs", "labels"), rtol=0.0, atol=0.0)

    lengths = (9, 6)                                            # [CLS] … [SEP] then [PAD] up to T = 12
    batch = rng.integers(1000, 30000, 2, 12)
    for row, n in enumerate(lengths):
        batch[row, 0], batch[row, n - 1], batch[row, n:] = CLS, SEP, PAD
    specials = np.isin(batch, [CLS, SEP, PAD])
    u_select = np.where(specials, 0.01, rng.gen.random(batch.shape) * 0.4)   # special tokens get the smallest draws
    yield _mask_case(("a padded batch (seed 15), B = 2, T = 12: [CLS], [SEP] and [PAD] drew 0.01",
                      "填充后的批次（种子 15），B = 2、T = 12：[CLS]、[SEP] 和 [PAD] 抽到的都是 0.01"), rng, batch, specials, u_select)
    quiet = rng.integers(1000, 30000, 10)
    yield _mask_case(("no draw below 0.15: nothing is masked, every label is −100", "没有小于 0.15 的抽样值：什么都不遮，标签全是 −100"),
                     rng, quiet, np.zeros(10, dtype=bool), 0.15 + 0.85 * rng.gen.random(10))
    long_rng = Rng(27)                                          # a typical draw: 0.15 × 510 ≈ 77 targets, 0.8 × 77 ≈ 61 [MASK]
    long = long_rng.integers(1000, 30000, LONG)
    long[0], long[-1] = CLS, SEP
    yield _mask_case((f"a {LONG}-token sequence (seed 27): the unit's ≈ 77 targets, ≈ 61 of them [MASK]",
                      f"{LONG} 个 token 的序列（种子 27）：本单元说的约 77 个目标，其中约 61 个为 [MASK]"),
                     long_rng, long, np.isin(long, [CLS, SEP]))

    yield Case(("the example in the task: [5, 8, 2, 9, 0, 0] with padding 0", "题目中的例子：[5, 8, 2, 9, 0, 0]，填充为 0"),
               "next_token_targets", {"ids": np.array([[5, 8, 2, 9, 0, 0]]), "pad_id": 0},
               np.array([[8, 2, 9, IGNORE, IGNORE, IGNORE]]), mistakes=TARGET_MISTAKES, rtol=0.0, atol=0.0)
    yield _targets_case(("a seeded batch without padding (seed 15), B = 3, T = 7", "没有填充的随机批次（种子 15），B = 3、T = 7"),
                        rng.integers(1, 50, 3, 7))
    padded = rng.integers(1, 50, 3, 8)
    for row, n in enumerate((8, 5, 2)):
        padded[row, n:] = PAD
    yield _targets_case(("a right-padded batch (seed 15), lengths 8, 5 and 2", "右侧填充的批次（种子 15），长度 8、5、2"), padded)
    yield _targets_case(("a one-token sequence: nothing to predict", "只有一个 token 的序列：没有可预测的"), np.array([[42]]))


def after_pass(values):
    """The learner's own masking of the long sequence, counted, beside the unit's expectation."""
    inputs, labels = values[3]
    targets = int(np.sum(labels != IGNORE))
    masked = int(np.sum((labels != IGNORE) & (inputs == MASK)))
    kept = int(np.sum((labels != IGNORE) & (inputs == labels)))
    return (f"your masking of the {LONG}-token sequence: {targets} targets ({targets / (LONG - 2):.1%} of the ordinary tokens), "
            f"{masked} shown as [MASK], {targets - masked - kept} random, {kept} unchanged; on average 0.15 × {LONG - 2} ≈ 77 targets and 0.8 × 77 ≈ 61 [MASK]",
            f"你的代码对 {LONG} 个 token 的序列：{targets} 个目标（占普通 token 的 {targets / (LONG - 2):.1%}），"
            f"{masked} 个显示为 [MASK]，{targets - masked - kept} 个随机，{kept} 个不变；平均而言应有 0.15 × {LONG - 2} ≈ 77 个目标、0.8 × 77 ≈ 61 个 [MASK]")

"""Checks for lstm-cell: a hand-worked scalar step with the unit's forget bias b_f = 1, a zero state,
saturated gates that keep the memory, a seeded batch, and sequences: a 1 followed by zeros that the
cell remembers, and a seeded batch of sequences."""

import numpy as np

from llmpath.exercises.checking import Case, Mistake, Rng, make_case
from .solution import lstm_sequence as sequence_ref, lstm_step as step_ref


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _step_variant(*, order="ifgo", forget=_sigmoid, candidate=np.tanh, forget_term=True, h_cell="new", h_squash=True):
    """The reference step with one thing done the way a newcomer might slip."""
    def step(x, h, c, W, U, b):
        parts = dict(zip(order, np.split(x @ W.T + h @ U.T + b, 4, axis=1)))
        i, f, g, o = _sigmoid(parts["i"]), forget(parts["f"]), candidate(parts["g"]), _sigmoid(parts["o"])
        c_new = (f * c if forget_term else 0.0) + i * g
        shown = c_new if h_cell == "new" else c
        return o * (np.tanh(shown) if h_squash else shown), c_new
    return step


def _interleaved_blocks(x, h, c, W, U, b):
    """z.reshape(B, H, 4): every fourth column taken as one gate, as if the rows of W alternated i, f, g, o."""
    batch, hidden = h.shape
    blocks = (x @ W.T + h @ U.T + b).reshape(batch, hidden, 4)
    i, f, g, o = _sigmoid(blocks[..., 0]), _sigmoid(blocks[..., 1]), np.tanh(blocks[..., 2]), _sigmoid(blocks[..., 3])
    c_new = f * c + i * g
    return o * np.tanh(c_new), c_new


STEP_MISTAKES = (
    Mistake("gate_order", _step_variant(order="ifog")),
    Mistake("interleaved_blocks", _interleaved_blocks),
    Mistake("forget_tanh", _step_variant(forget=np.tanh)),
    Mistake("candidate_sigmoid", _step_variant(candidate=_sigmoid)),
    Mistake("no_forget_term", _step_variant(forget_term=False)),
    Mistake("h_without_tanh", _step_variant(h_squash=False)),
    Mistake("h_from_old_cell", _step_variant(h_cell="old")),
)


def _state_not_carried(xs, h0, c0, W, U, b):
    steps = [step_ref(x, h0, c0, W, U, b) for x in xs]         # every step restarted from (h0, c0)
    return np.stack([h for h, _ in steps]), steps[-1][1]


def _cell_not_carried(xs, h0, c0, W, U, b):
    h, hs = h0, []
    for x in xs:
        h, c = step_ref(x, h, c0, W, U, b)                       # h carried, the cell reset to c0 every step
        hs.append(h)
    return np.stack(hs), c


SEQUENCE_MISTAKES = (
    Mistake("state_not_carried", _state_not_carried),
    Mistake("cell_not_carried", _cell_not_carried),
)


def _weights(rng, d, hidden, scale=0.5):
    return rng.normal(4 * hidden, d, scale=scale), rng.normal(4 * hidden, hidden, scale=scale), rng.normal(4 * hidden, scale=scale)


def _step_case(name, x, h, c, W, U, b):
    return make_case(name, "lstm_step", step_ref, {"x": x, "h": h, "c": c, "W": W, "U": U, "b": b},
                     mistakes=STEP_MISTAKES, outputs=("h_new", "c_new"))


def _sequence_case(name, xs, h0, c0, W, U, b):
    return make_case(name, "lstm_sequence", sequence_ref, {"xs": xs, "h0": h0, "c0": c0, "W": W, "U": U, "b": b},
                     mistakes=SEQUENCE_MISTAKES, outputs=("hs", "c_T"))


def cases():
    rng = Rng(11)
    # i = σ(0) = 0.5, f = σ(1) ≈ 0.7310586, g = tanh(1) ≈ 0.7615942, o = σ(0) = 0.5
    # c' = 0.7310586·1 + 0.5·0.7615942 ≈ 1.1118557,  h' = 0.5·tanh(1.1118557) ≈ 0.4023587
    yield Case(("the example in the task: one unit, forget bias b_f = 1", "题目中的例子：一个单元，遗忘门偏置 b_f = 1"), "lstm_step",
               {"x": np.array([[1.0]]), "h": np.zeros((1, 1)), "c": np.ones((1, 1)), "W": np.array([[0.0], [0.0], [1.0], [0.0]]),
                "U": np.zeros((4, 1)), "b": np.array([0.0, 1.0, 0.0, 0.0])},
               (np.array([[0.402358679]]), np.array([[1.111855657]])), mistakes=STEP_MISTAKES, outputs=("h_new", "c_new"))
    W, U, b = _weights(rng, 4, 3)
    yield _step_case(("a zero state (h = c = 0): the first step, B = 2, D = 4, H = 3", "零状态（h = c = 0）：第一步，B = 2、D = 4、H = 3"),
                     rng.normal(2, 4), np.zeros((2, 3)), np.zeros((2, 3)), W, U, b)
    yield _step_case(("a seeded batch (seed 11): B = 3, D = 4, H = 3", "随机批次（种子 11）：B = 3、D = 4、H = 3"),
                     rng.normal(3, 4), rng.normal(3, 3, scale=0.5), rng.normal(3, 3, scale=2.0), W, U, b)
    big = np.array([-6.0, 6.0, 0.0, 6.0])                    # i ≈ 0, f ≈ 1, o ≈ 1: the memory passes through
    yield _step_case(("saturated gates (i ≈ 0, f ≈ 1): the old cell passes almost unchanged", "饱和的门（i ≈ 0、f ≈ 1）：旧的细胞状态几乎原样通过"),
                     rng.normal(2, 3), rng.normal(2, 2), np.array([[2.0, -3.0], [0.5, 1.5]]),
                     rng.normal(8, 3, scale=0.1), rng.normal(8, 2, scale=0.1), np.repeat(big, 2))
    W5, U5, b5 = _weights(rng, 6, 5)
    yield _step_case(("a seeded batch (seed 11): B = 4, D = 6, H = 5", "随机批次（种子 11）：B = 4、D = 6、H = 5"),
                     rng.normal(4, 6), rng.normal(4, 5, scale=0.5), rng.normal(4, 5), W5, U5, b5)

    pulse = np.array([1.0, 0.0, 0.0, 0.0, 0.0, 0.0]).reshape(6, 1, 1)   # the unit's "first input, then nothing"
    W1, U1 = np.array([[2.0], [0.0], [3.0], [0.0]]), np.array([[0.5], [0.0], [-0.5], [0.0]])
    b1 = np.array([-1.0, 3.0, 0.0, 2.0])                                 # f = σ(3) ≈ 0.95 keeps the cell
    yield _sequence_case(("a 1 followed by zeros: the cell carries it for 5 more steps (f = σ(3) ≈ 0.95)",
                          "先输入 1，之后全是 0：细胞状态把它又带了 5 步（f = σ(3) ≈ 0.95）"),
                         pulse, np.zeros((1, 1)), np.zeros((1, 1)), W1, U1, b1)
    Ws, Us, bs = _weights(rng, 3, 4)
    yield _sequence_case(("a seeded batch of sequences (seed 11): T = 5, B = 2, D = 3, H = 4", "随机序列批次（种子 11）：T = 5、B = 2、D = 3、H = 4"),
                         rng.normal(5, 2, 3), rng.normal(2, 4, scale=0.5), rng.normal(2, 4), Ws, Us, bs)

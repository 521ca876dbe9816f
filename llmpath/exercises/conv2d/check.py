"""Checks for conv2d: the output-size formula on the unit's examples and on a partial last window, a
hand-worked 3×3 convolution, a case where mixing the channel axes or adding the bias along the width
runs without an error, "same" padding, stride with padding on non-square shapes, a ViT patch
embedding, a 1×1 kernel and a seeded layer."""

import numpy as np

from llmpath.exercises.checking import Case, Mistake, Rng, make_case
from .solution import conv2d as conv_ref, output_size as size_ref


# ------------------------------------------------------------------ typical mistakes: output_size

def _size_no_plus_one(n, k, stride=1, padding=0):
    return (n + 2 * padding - k) // stride


def _size_padding_once(n, k, stride=1, padding=0):
    return (n + padding - k) // stride + 1


def _size_true_division(n, k, stride=1, padding=0):
    return (n + 2 * padding - k) / stride + 1


def _size_no_stride(n, k, stride=1, padding=0):
    return n + 2 * padding - k + 1


SIZE_MISTAKES = (
    Mistake("size_no_plus_one", _size_no_plus_one),
    Mistake("size_padding_once", _size_padding_once),
    Mistake("size_true_division", _size_true_division),
    Mistake("size_no_stride", _size_no_stride),
)


# ------------------------------------------------------------------ typical mistakes: conv2d

def _conv_variant(*, flip=False, canvas="centred", window_stride=True, size_plus_one=1, bias="channels"):
    """The reference loop with one thing done the way a newcomer might slip."""
    def conv(x, w, b, stride=1, padding=0):
        if flip:
            w = w[:, :, ::-1, ::-1]                       # true convolution: the kernel turned by 180°
        c_in, height, width = x.shape
        c_out, _, kh, kw = w.shape
        if canvas == "corner":                            # zeros only after the image (bottom and right)
            padded = np.zeros((c_in, height + 2 * padding, width + 2 * padding))
            padded[:, :height, :width] = x
        elif canvas == "none":                            # the padding argument ignored
            padded, padding = x, 0
        else:
            padded = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))
        h_out = (height + 2 * padding - kh) // stride + size_plus_one
        w_out = (width + 2 * padding - kw) // stride + size_plus_one
        out = np.empty((c_out, h_out, w_out))
        step = stride if window_stride else 1
        for i in range(h_out):
            for j in range(w_out):
                patch = padded[:, i * step:i * step + kh, j * step:j * step + kw]
                out[:, i, j] = np.tensordot(w, patch, axes=3)
        if bias == "channels":
            return out + b[:, None, None]
        if bias == "last_axis":
            return out + b                                # broadcasts along W_out, not along the channels
        return out
    return conv


def _channels_swapped(x, w, b, stride=1, padding=0):
    return conv_ref(x, w.transpose(1, 0, 2, 3), b, stride, padding)   # w read as (C_in, C_out, kH, kW)


CONV_MISTAKES = (
    Mistake("flipped_kernel", _conv_variant(flip=True)),
    Mistake("no_bias", _conv_variant(bias="none")),
    Mistake("bias_on_last_axis", _conv_variant(bias="last_axis")),
    Mistake("channels_swapped", _channels_swapped),
    Mistake("size_off_by_one", _conv_variant(size_plus_one=0)),
    Mistake("padding_ignored", _conv_variant(canvas="none")),
    Mistake("padding_one_side", _conv_variant(canvas="corner")),
    Mistake("stride_not_in_window", _conv_variant(window_stride=False)),
)


def _size_case(name, n, k, stride, padding):
    return make_case(name, "output_size", size_ref, {"n": n, "k": k, "stride": stride, "padding": padding},
                     mistakes=SIZE_MISTAKES, rtol=0.0, atol=0.0)


def _conv_case(name, x, w, b, stride, padding):
    return make_case(name, "conv2d", conv_ref, {"x": x, "w": w, "b": b, "stride": stride, "padding": padding},
                     mistakes=CONV_MISTAKES)


def cases():
    rng = Rng(7)
    size_args = {"n": 28, "k": 3, "stride": 1, "padding": 1}
    yield Case(("the unit's example: n = 28, k = 3, s = 1, p = 1 (\"same\" size)", "本单元的例子：n = 28、k = 3、s = 1、p = 1（尺寸不变）"),
               "output_size", size_args, 28, mistakes=SIZE_MISTAKES, rtol=0.0, atol=0.0)
    yield Case(("the unit's example: n = 28, k = 3, s = 2, p = 0", "本单元的例子：n = 28、k = 3、s = 2、p = 0"),
               "output_size", {"n": 28, "k": 3, "stride": 2, "padding": 0}, 13, mistakes=SIZE_MISTAKES, rtol=0.0, atol=0.0)
    yield _size_case(("n = 8, k = 3, s = 3, p = 1: the last partial window does not count", "n = 8、k = 3、s = 3、p = 1：末尾不完整的窗口不算"), 8, 3, 3, 1)
    yield _size_case(("a kernel as large as the input: n = k = 5", "卷积核和输入一样大：n = k = 5"), 5, 5, 1, 0)
    yield _size_case(("ViT patches: n = 224, k = s = 16", "ViT 图像块：n = 224、k = s = 16"), 224, 16, 16, 0)

    x = np.array([[[1.0, 2.0, 0.0], [0.0, 1.0, 3.0], [2.0, 1.0, 1.0]]])
    w = np.array([[[[1.0, 0.0], [-1.0, 1.0]]]])
    yield Case(("the example in the task: a 3×3 image, the unit's 2×2 kernel, bias 0.5", "题目中的例子：3×3 图像、本单元的 2×2 卷积核、偏置 0.5"),
               "conv2d", {"x": x, "w": w, "b": np.array([0.5]), "stride": 1, "padding": 0},
               np.array([[[2.5, 4.5], [-0.5, 1.5]]]), mistakes=CONV_MISTAKES)
    yield _conv_case(("C_in = C_out = 2 and W_out = C_out: mixed-up channel axes or a bias along the width raise no error",
                      "C_in = C_out = 2 且 W_out = C_out：弄混通道轴或沿宽度加偏置都不会报错"),
                     rng.normal(2, 4, 4), rng.normal(2, 2, 3, 3), rng.normal(2), 1, 0)
    yield _conv_case(("padding 1 keeps a 5×5 image 5×5 (3×3 kernel, 1 → 2 channels)", "填充 1 让 5×5 图像保持 5×5（3×3 卷积核，1 → 2 个通道）"),
                     rng.normal(1, 5, 5), rng.normal(2, 1, 3, 3), rng.normal(2), 1, 1)
    yield _conv_case(("stride 2, padding 1: an 8×6 image, a 3×2 kernel, 3 → 2 channels", "步幅 2、填充 1：8×6 图像、3×2 卷积核、3 → 2 个通道"),
                     rng.normal(3, 8, 6), rng.normal(2, 3, 3, 2), rng.normal(2), 2, 1)
    yield _conv_case(("a ViT patch embedding: kernel = stride = 4 on an 8×8 RGB image, 3 → 5 channels",
                      "ViT 的图像块嵌入：在 8×8 的 RGB 图像上卷积核 = 步幅 = 4，3 → 5 个通道"),
                     rng.normal(3, 8, 8), rng.normal(5, 3, 4, 4), rng.normal(5), 4, 0)
    yield _conv_case(("a 1×1 kernel mixes channels pixel by pixel (3 → 2 channels, 4×5)", "1×1 卷积核逐像素地混合通道（3 → 2 个通道，4×5）"),
                     rng.normal(3, 4, 5), rng.normal(2, 3, 1, 1), rng.normal(2), 1, 0)
    yield _conv_case(("a seeded layer (seed 7): 4 → 6 channels, 11×9, 3×3 kernel, stride 2, padding 2",
                      "随机的一层（种子 7）：4 → 6 个通道、11×9、3×3 卷积核、步幅 2、填充 2"),
                     rng.normal(4, 11, 9), rng.normal(6, 4, 3, 3), rng.normal(6), 2, 2)

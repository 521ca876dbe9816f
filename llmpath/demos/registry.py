"""Every demo's id, module, title and time budget — without importing any demo.

``llmpath demo --list`` and content validation read this table; the demo's own file
(``llmpath/demos/<module_name>.py``) is imported only when it runs.
"""

from __future__ import annotations

from dataclasses import dataclass

from llmpath.errors import UnknownTopicError


@dataclass(frozen=True)
class DemoSpec:
    id: str
    module: str  # the curriculum module it belongs to
    title_en: str
    title_zh: str
    budget_s: float  # median wall time allowed on a 2-core machine, imports included
    heavy: str = "numpy"  # the heaviest library it imports: numpy, sklearn, torch, transformers
    typical_s: float = 0.0  # measured median on 2 idle cores (benchmarks/demos.py); 0 = light demo
    memory_mb: int = 0  # measured peak RSS
    first_run_s: float = 0.0  # one-time extra work (model preparation) on the first run

    @property
    def module_name(self) -> str:
        return "llmpath.demos." + self.id.replace("-", "_")

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en


DEMOS: tuple[DemoSpec, ...] = (
    # Part 1: math and classic machine learning (budget 5 s each)
    DemoSpec("tensors", "math", "Vectors, matrices and [batch, seq_len, hidden_dim] tensors", "向量、矩阵与 [batch, seq_len, hidden_dim] 张量", 5),
    DemoSpec("eigen", "math", "Eigenvalues by power iteration", "用幂迭代求特征值", 5),
    DemoSpec("svd", "math", "SVD: compressing a real image", "SVD:压缩一张真实图片", 5, "sklearn"),
    DemoSpec("pca", "math", "PCA from scratch on handwritten digits", "从零实现 PCA:手写数字降维", 5, "sklearn"),
    DemoSpec("probability", "math", "Sampling, expectation, MLE and a Bayes update", "采样、期望、极大似然与贝叶斯更新", 5),
    DemoSpec("entropy", "math", "Entropy, cross-entropy, KL and softmax temperature", "熵、交叉熵、KL 散度与 softmax 温度", 5),
    DemoSpec("gradient-descent", "math", "Gradient descent and the learning rate", "梯度下降与学习率", 5),
    DemoSpec("optimizers", "math", "SGD, momentum, Adam and AdamW compared", "SGD、动量、Adam 与 AdamW 对比", 5, "sklearn"),
    DemoSpec("vanishing-gradients", "math", "Vanishing and exploding gradients, and the fixes", "梯度消失与梯度爆炸及其对策", 5),
    DemoSpec("regularization", "ml", "Overfitting, L1/L2, dropout and early stopping", "过拟合、L1/L2、Dropout 与早停", 5, "sklearn"),
    DemoSpec("logistic-regression", "ml", "Logistic regression from scratch vs scikit-learn", "从零实现逻辑回归并与 scikit-learn 对比", 5, "sklearn"),
    DemoSpec("cross-validation", "ml", "Train/validation/test splits and k-fold CV", "训练/验证/测试划分与 k 折交叉验证", 5, "sklearn"),
    DemoSpec("metrics", "ml", "Metrics: precision to perplexity, BLEU and ROUGE", "评估指标:从精确率到困惑度、BLEU 与 ROUGE", 5, "sklearn"),
    DemoSpec("trees", "ml", "Decision trees, random forests and feature importance", "决策树、随机森林与特征重要性", 5, "sklearn"),
    DemoSpec("svm", "ml", "Linear SVM: margins and support vectors", "线性 SVM:间隔与支持向量", 5, "sklearn"),
    DemoSpec("kmeans", "ml", "K-Means from scratch vs scikit-learn", "从零实现 K-Means 并与 scikit-learn 对比", 5, "sklearn"),
    # Part 2: deep learning, the Transformer, pretrained models
    DemoSpec("activations", "dl", "Neurons and activation functions", "神经元与激活函数", 5, "torch"),
    DemoSpec("mlp", "dl", "A fully connected network learns two moons", "全连接网络学习双月数据", 10, "torch"),
    DemoSpec("cnn", "dl", "A small CNN reads handwritten digits", "小型 CNN 识别手写数字", 20, "torch", 7.3, 450),
    DemoSpec("rnn", "dl", "RNN vs LSTM vs GRU on long-range memory", "RNN、LSTM 与 GRU 的长程记忆对比", 30, "torch", 22, 440),
    DemoSpec("attention", "dl", "Scaled dot-product attention, step by step", "逐步拆解缩放点积注意力", 5, "torch"),
    DemoSpec("multi-head", "dl", "Multi-head attention and masks", "多头注意力与掩码", 5, "torch"),
    DemoSpec("positional-encoding", "dl", "Sinusoidal and learned positional encodings", "正弦与可学习位置编码", 5, "torch"),
    DemoSpec("transformer-block", "dl", "One pre-norm Transformer decoder block", "一个 Pre-Norm Transformer 解码器块", 10, "torch"),
    DemoSpec("tiny-gpt", "practice", "Pre-training a tiny GPT-2 from scratch", "从零预训练一个迷你 GPT-2", 90, "transformers", 50, 600),
    DemoSpec("gpt2", "practice", "Text generation with a pretrained causal LM", "用预训练因果语言模型生成文本", 20, "transformers", 14, 1600, 40),
    DemoSpec("bert", "practice", "BERT-style encoders: WordPiece and contextual embeddings", "BERT 类编码器:WordPiece 与上下文嵌入", 20, "transformers", 16, 830),
    DemoSpec("fine-tune", "practice", "Fine-tuning an encoder for text classification", "微调编码器做文本分类", 120, "transformers", 30, 1060),
    DemoSpec("clip", "dl", "CLIP in miniature: contrastive image-text alignment", "迷你 CLIP:图文对比对齐", 60, "torch", 9.4, 430),
    DemoSpec("data-parallel", "tools", "Data parallelism with torch.distributed", "用 torch.distributed 做数据并行", 30, "torch", 5.8, 700),
)

_BY_ID = {spec.id: spec for spec in DEMOS}


def demo_ids() -> list[str]:
    return [spec.id for spec in DEMOS]


def get_demo(demo_id: str) -> DemoSpec:
    key = demo_id.strip().lower()
    if key in _BY_ID:
        return _BY_ID[key]
    from llmpath.suggest import suggest

    starting = [i for i in _BY_ID if i.startswith(key)]
    if len(starting) == 1:
        return _BY_ID[starting[0]]
    raise UnknownTopicError(demo_id, suggest(key, list(_BY_ID), starting), kind="demo")

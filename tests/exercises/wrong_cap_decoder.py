"""Typical wrong solutions of llama-decoder, each the reference with one edit, and the phrase its failure must show.

They run on SmolLM2-135M's real weights (tests/exercises/test_llama_decoder.py runs them in one module, with the
prepared weights shared; the generic test in test_checks.py skips this exercise when the weights are missing).
"""

from pathlib import Path

_REFERENCE = (Path(__file__).resolve().parents[2] / "llmpath" / "exercises" / "llama_decoder" / "solution.py").read_text(encoding="utf-8")


def _edit(old: str, new: str) -> str:
    assert old in _REFERENCE, old
    return _REFERENCE.replace(old, new)


WRONG = {
    "llama-decoder": [
        ("an lm_head of its own", _edit('weights.get("lm_head.weight", self.embed)', 'weights["lm_head.weight"]'), "tied to the embedding"),
        ("no output head", _edit("self.cfg.eps) @ self.head.T, new_caches", "self.cfg.eps), new_caches"), "these are the hidden states"),
        ("no final norm", _edit("return rms_norm(x, self.norm, self.cfg.eps) @ self.head.T", "return x @ self.head.T"),
         "final RMSNorm is missing"),
        ("embedding scaled by sqrt(D)", _edit("x = self.embed[ids]", "x = self.embed[ids] * self.embed.shape[1] ** 0.5"), "scaled by √D"),
        ("softmax of the logits", _edit("return rms_norm(x, self.norm, self.cfg.eps) @ self.head.T, new_caches",
                                        "return torch.softmax(rms_norm(x, self.norm, self.cfg.eps) @ self.head.T, dim=-1), new_caches"),
         "not their softmax"),
        ("rope theta 10000", _edit("head_dim, self.cfg.rope_theta)", "head_dim, 10000.0)"), "θ = 10000"),
        ("positions not offset by start", _edit("torch.arange(start, start + ids.shape[1])", "torch.arange(ids.shape[1])"),
         "start … start + T - 1"),
        ("caches not handed to the blocks", _edit("caches[i] if caches else None)", "None)"), "not handed to the blocks"),
    ],
}

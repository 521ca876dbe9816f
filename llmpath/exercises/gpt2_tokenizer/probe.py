"""gpt2-tokenizer's probe: calls the learner's functions in the child and returns what they return;
the parent (``check.py``) decides everything."""


def bytes_to_unicode(module):
    return module.bytes_to_unicode()


def gpt2_encode(module, text, encoder_json, vocab_bpe):
    return module.gpt2_encode(text, encoder_json, vocab_bpe)

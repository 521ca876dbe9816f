"""The child side of ``llmpath demo my-model``: run the learner's assembled model on SmolLM2's weights.

Copied into a fresh folder next to the learner's files (llama_decoder.py and the steps it imports) and
run there confined, like a check's harness, as ``python -I -S -B _generate.py``. It imports nothing of
llmpath (the child cannot see the package). It reads ``job.json``, builds ``Llama``, generates greedily
with the learner's KV cache, appends each new token id to ``tokens.txt`` as it comes (the parent shows
them live) and writes ``result.json``: the tokens, the seconds, and the logits of the prompt's last
position (the parent compares them with transformers'). Everything it writes is untrusted data there.
"""

import json
import os
import sys
import time
import traceback


def _where(exc):
    """``file.py:line`` of the deepest frame in one of the learner's files (this folder), or ''."""
    here = os.getcwd()
    found = ""
    for frame in traceback.extract_tb(exc.__traceback__):
        path = os.path.abspath(frame.filename)
        if os.path.dirname(path) == here and not os.path.basename(path).startswith("_"):
            found = "%s:%d" % (os.path.basename(path), frame.lineno)
    return found


def generate(job, log):
    from types import SimpleNamespace

    import torch
    from safetensors.torch import load_file

    import llama_decoder

    torch.set_num_threads(1)
    weights = {name: t.float() for name, t in load_file(os.path.join(job["folder"], "model.safetensors")).items()}
    model = llama_decoder.Llama(SimpleNamespace(**job["cfg"]), weights)
    out = list(job["ids"])
    with torch.no_grad():
        started = time.perf_counter()
        logits, caches = model.forward(torch.tensor([out]))
        last = [float(v) for v in logits[0, -1].tolist()]
        for _ in range(int(job["new_tokens"])):
            out.append(int(logits[0, -1].argmax()))
            log.write("%d\n" % out[-1])
            log.flush()
            logits, caches = model.forward(torch.tensor([out[-1:]]), caches, start=len(out) - 1)
        seconds = time.perf_counter() - started
    return {"tokens": out[len(job["ids"]):], "seconds": seconds, "last_logits": last}


def main():
    with open("job.json", encoding="utf-8") as handle:
        job = json.load(handle)
    for entry in job.get("paths", []):
        if entry not in sys.path:
            sys.path.append(entry)     # the libraries only (torch, safetensors): never llmpath's own folders
    sys.path.insert(0, os.getcwd())    # the learner's files
    try:
        with open("tokens.txt", "w", encoding="utf-8") as log:
            result = generate(job, log)
    except BaseException as exc:  # noqa: BLE001 - whatever the learner's code raises is reported as data
        result = {"error": ("%s: %s" % (type(exc).__name__, exc))[:300], "where": _where(exc)}
    with open("result.json.tmp", "w", encoding="utf-8") as handle:
        json.dump(result, handle)
    os.replace("result.json.tmp", "result.json")
    os._exit(0)


if __name__ == "__main__":
    main()

"""The capstone: an LLM built from the learner's own code (reference implementations the chain is checked against)."""

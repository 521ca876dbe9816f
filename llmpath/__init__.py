"""llmpath: a learning path, demo runner and quiz tutor for the foundations of LLMs."""

__version__ = "0.1.0"
__all__ = ["__version__"]

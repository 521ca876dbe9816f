"""`llmpath models`: which pretrained models the demos can use, and their one-time preparation."""

from __future__ import annotations

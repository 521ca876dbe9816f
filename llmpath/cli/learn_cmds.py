"""Learning: start (guided), quiz, review, progress, config."""

from __future__ import annotations

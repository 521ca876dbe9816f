"""Generators for the dl module (see llmpath/generators/__init__.py for the contract)."""

from __future__ import annotations

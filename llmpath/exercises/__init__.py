"""Hands-on coding exercises: scaffolds, references, checks and a sandboxed runner."""

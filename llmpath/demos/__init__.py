"""Hands-on demos: a light registry plus one readable file per demo, imported only to run it."""

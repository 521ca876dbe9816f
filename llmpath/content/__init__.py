"""Content as data: the schema, the YAML loader and the cross-file catalog."""

# The kinds of question, defined once (the schema and the `quiz --type` option both use it); here,
# not in models.py, so the CLI can name them without importing the dataclasses.
QUESTION_TYPES = ("single", "multi", "true_false", "numeric", "text", "generated")

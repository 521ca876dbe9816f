"""Content as data: the schema, the YAML loader and the cross-file catalog."""

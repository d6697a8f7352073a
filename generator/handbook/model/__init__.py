"""The content model: field specifications (one source for validation, conversion and the
JSON Schema), positioned values, and the loaded handbook."""

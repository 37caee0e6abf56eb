"""The JSON API under /api/v1: bearer tokens, the same scoping as the pages."""

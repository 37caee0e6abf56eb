"""Data-matching feeds from other departments: formats, reading, matching, facts."""

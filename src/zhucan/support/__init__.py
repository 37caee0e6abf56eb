"""Support: yearly needs of people (and, later, services delivered and facilities)."""

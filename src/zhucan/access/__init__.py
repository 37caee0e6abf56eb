"""Users, roles, jurisdiction scoping, the audit log and encryption of sensitive fields."""

"""Engine, sessions, table metadata, migrations and bulk columnar I/O."""

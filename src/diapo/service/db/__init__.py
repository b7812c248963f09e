"""The service database: tables, engine, migrations and keyword-only data access."""

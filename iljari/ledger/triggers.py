"""Database triggers that replace the `registry` cache token (see ledger.cube) on any change to the registry.

Created by migration 0004 and again after every `migrate` (SQLite drops a table's triggers when a later
migration rebuilds the table), idempotently.
"""

from __future__ import annotations

from typing import Any

# Tables whose changes alter what a cached roll-up slice means (ids to attributes, paths, districts).
WATCHED = ["programs_program", "programs_program_target_groups", "orgs_orgunit", "programs_code"]

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION iljari_registry_token() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ledger_cachetoken (name, token) VALUES ('registry', replace(gen_random_uuid()::text, '-', ''))
  ON CONFLICT (name) DO UPDATE SET token = excluded.token;
  RETURN NULL;
END $$;
"""


def ensure_registry_triggers(connection: Any) -> None:
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(PG_FUNCTION)
            for table in WATCHED:
                cur.execute(f"CREATE OR REPLACE TRIGGER {table}_registry_token "
                            f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                            f"FOR EACH STATEMENT EXECUTE FUNCTION iljari_registry_token()")
        elif connection.vendor == "sqlite":
            for table in WATCHED:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    cur.execute(
                        f"CREATE TRIGGER IF NOT EXISTS {table}_registry_token_{event.lower()} AFTER {event} "
                        f"ON {table} BEGIN INSERT INTO ledger_cachetoken (name, token) "
                        f"VALUES ('registry', lower(hex(randomblob(16)))) "
                        f"ON CONFLICT (name) DO UPDATE SET token = excluded.token; END")
        else:  # pragma: no cover
            raise RuntimeError(f"no registry triggers for {connection.vendor}")


def installed_triggers(connection: Any) -> set[str]:
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE '%%_registry_token'")
        else:
            cur.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_registry_token_%'")
        return {r[0] for r in cur.fetchall()}

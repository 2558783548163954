"""Copies of the test database's contents, put back in milliseconds instead of rebuilt.

Two are kept. The *fresh install* (what the migrations leave: Wagtail's root page and site, the
role groups and their permissions) is taken when a worker's test database is built and kept
beside it, because the database is reused between runs (--reuse-db) and the tests that need
committed data (the browser journeys, the threaded ones) empty it when they finish: each run
starts by putting the fresh install back. The *demo* is seeded once per worker and put back
before each browser journey, which changes what it touches.

On SQLite the copy uses the database's own backup API (into a file beside the database, or
into memory); on PostgreSQL every table is copied into a schema of its own and back, in one
transaction, with the sequences reset.
"""

from __future__ import annotations

import os
import sqlite3

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

MIGRATIONS = "django_migrations"


class Snapshot:
    def __init__(self, name: str, *, keep: bool = False):
        """``keep``: the copy outlives the process (a file beside an SQLite database; on
        PostgreSQL the schema lives in the test database anyway)."""
        self.name = name
        self.keep = keep
        self._memory: sqlite3.Connection | None = None
        self.taken = False

    # -- where the copy lives ---------------------------------------------------------------
    @property
    def schema(self) -> str:
        return f"agora_snapshot_{self.name}"

    @property
    def path(self) -> str:
        return f"{connection.settings_dict['NAME']}.{self.name}"

    def _sqlite_copy(self, *, create: bool) -> sqlite3.Connection | None:
        if not self.keep:
            if self._memory is None and create:
                self._memory = sqlite3.connect(":memory:", check_same_thread=False)
            return self._memory
        if not create and not os.path.exists(self.path):
            return None
        return sqlite3.connect(self.path)

    # -- what it holds ----------------------------------------------------------------------
    def exists(self) -> bool:
        if not self.keep:
            return self.taken
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            return self._sqlite_copy(create=False) is not None
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM information_schema.schemata WHERE schema_name = %s", [self.schema]
            )
            return cursor.fetchone() is not None

    def migrations(self) -> set[tuple[str, str]]:
        """The migrations applied when the copy was taken."""
        query = f"SELECT app, name FROM {{}}{MIGRATIONS}"
        if connection.vendor == "sqlite":
            copy = self._sqlite_copy(create=False)
            return set(copy.execute(query.format("")).fetchall()) if copy else set()
        with connection.cursor() as cursor:
            cursor.execute(query.format(f"{self.schema}."))
            return set(cursor.fetchall())

    @staticmethod
    def applied_migrations() -> set[tuple[str, str]]:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT app, name FROM {MIGRATIONS}")
            return set(cursor.fetchall())

    # -- taking and putting back ------------------------------------------------------------
    def take(self) -> None:
        connection.ensure_connection()
        self.taken = True
        if connection.vendor == "sqlite":
            if self.keep and os.path.exists(self.path):
                os.remove(self.path)
            copy = self._sqlite_copy(create=True)
            connection.connection.backup(copy)
            if self.keep:
                copy.close()
            return
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")
            cursor.execute(f"CREATE SCHEMA {self.schema}")
            for table in [*self.tables(), MIGRATIONS]:
                cursor.execute(f'CREATE TABLE {self.schema}."{table}" AS TABLE public."{table}"')

    def restore(self) -> None:
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            copy = self._sqlite_copy(create=False)
            copy.backup(connection.connection)
            if self.keep:
                copy.close()
            return
        tables = self.tables()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE " + ", ".join(f'public."{t}"' for t in tables) + " RESTART IDENTITY"
            )
            for table in tables:
                cursor.execute(
                    f'INSERT INTO public."{table}" SELECT * FROM {self.schema}."{table}"'
                )
            models = apps.get_models(include_auto_created=True)
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)

    @staticmethod
    def tables() -> list[str]:
        return [
            name
            for name in connection.introspection.table_names(include_views=False)
            if name != MIGRATIONS
        ]

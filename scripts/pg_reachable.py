"""Exit 0 when the PostgreSQL server in DATABASE_URL-style argv[1] accepts a connection, else 1."""

import sys

import psycopg

try:
    psycopg.connect(sys.argv[1].replace("postgres://", "postgresql://", 1), connect_timeout=3).close()
except Exception as exc:  # any failure means "not reachable" for the test runner
    print(f"PostgreSQL not reachable: {exc}", file=sys.stderr)
    sys.exit(1)

"""people and roles on screen: blocked accounts, a name to search by, invitations that
grant a role, and indexes for the audit log's person filter

`users.name_key` is the display name in lower case (kept by the model), so the
administrators' people page finds an account by the start of its name through an
index on either database; addresses are stored lower-cased already and have their
unique index. Both compare character by character (collation "C" on PostgreSQL, as
SQLite always does), so "starts with" is a range over the index, whatever the server's
locale. `invitations.role` says what accepting gives: participant (as before),
or procesmanager or owner for someone who had no account when they were assigned.

Revision ID: 0014_people
Revises: 0017_cowriting
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0014_people"
down_revision = "0017_cowriting"
branch_labels = None
depends_on = None


def upgrade() -> None:
    key = sa.String(length=80).with_variant(postgresql.VARCHAR(80, collation="C"), "postgresql")
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("blocked_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("name_key", key, nullable=False, server_default=""))
    if op.get_bind().dialect.name == "postgresql":
        op.execute('ALTER TABLE users ALTER COLUMN email TYPE varchar(254) COLLATE "C"')
    op.execute("UPDATE users SET name_key = lower(display_name)")
    op.create_index("ix_users_name_key", "users", ["name_key", "id"])
    with op.batch_alter_table("invitations") as batch_op:
        batch_op.add_column(
            sa.Column("role", sa.String(length=30), nullable=False, server_default="participant")
        )
    op.create_index("ix_audit_entries_actor", "audit_entries", ["actor_id", "created_at", "id"])
    op.create_index("ix_audit_entries_subject", "audit_entries", ["subject", "created_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_audit_entries_subject", table_name="audit_entries")
    op.drop_index("ix_audit_entries_actor", table_name="audit_entries")
    with op.batch_alter_table("invitations") as batch_op:
        batch_op.drop_column("role")
    op.drop_index("ix_users_name_key", table_name="users")
    if op.get_bind().dialect.name == "postgresql":
        op.execute('ALTER TABLE users ALTER COLUMN email TYPE varchar(254) COLLATE "default"')
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("name_key")
        batch_op.drop_column("blocked_at")

"""recruitment and audit: the audit trail; invitations to a consultation

Written by hand. Members may now also have the role "participant" (an invitee who
accepted); `consultation_members.role` is a non-native enum (VARCHAR without a CHECK
constraint), so that needs no DDL.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("consultation_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("before", sa.Text(), nullable=False),
        sa.Column("after", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_audit_entries_created", "audit_entries", ["created_at", "id"])
    op.create_index("ix_audit_entries_consultation_id", "audit_entries", ["consultation_id"])

    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column(
            "status",
            sa.Enum("open", "accepted", "withdrawn", name="invitationstatus", native_enum=False, length=30),
            nullable=False,
        ),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("accepted_at", sa.DateTime(), nullable=True),
        sa.Column("accepted_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["invited_by_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["accepted_by_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    # One open invitation per address per consultation: re-inviting refreshes it.
    op.create_index(
        "uq_invitations_open_address", "invitations", ["consultation_id", "email"], unique=True,
        sqlite_where=sa.text("status = 'open'"), postgresql_where=sa.text("status = 'open'"),
    )
    op.create_index("ix_invitations_list", "invitations", ["consultation_id", "id"])
    op.create_index("ix_invitations_counts", "invitations", ["consultation_id", "status", "expires_at"])
    op.create_index("ix_invitations_invited_by_id", "invitations", ["invited_by_id"])
    op.create_index("ix_invitations_accepted_by_id", "invitations", ["accepted_by_id"])


def downgrade() -> None:
    # Participants were members only through an accepted invitation.
    op.execute("DELETE FROM consultation_members WHERE role = 'participant'")
    op.drop_table("invitations")
    op.drop_table("audit_entries")

"""notifications: following, notifications, e-mail preferences, phase announcements

`users` only gains a plain column with a server default, so no batch rebuild is needed
on SQLite. The new token purpose (reset_password) needs no DDL: token purposes are stored
as VARCHAR without a CHECK constraint.

Revision ID: 0005
Revises: 0004
"""

from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

NOTIFICATION_KINDS = (
    "response", "outcome", "implementation", "idea_hidden", "idea_restored",
    "comment_hidden", "comment_restored", "reply", "merged", "phase_started",
)


def upgrade() -> None:
    op.add_column(
        "users",
        sa.Column(
            "email_frequency",
            sa.Enum("immediately", "daily", "never", name="emailfrequency", native_enum=False, length=20),
            server_default="immediately",
            nullable=False,
        ),
    )

    op.create_table(
        "follows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=True),
        sa.Column("idea_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("unfollowed_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("(consultation_id IS NULL) <> (idea_id IS NULL)", name="ck_follows_one_target"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["idea_id"], ["ideas.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idea_id", "user_id", name="uq_follows_idea_user"),
        sa.UniqueConstraint("consultation_id", "user_id", name="uq_follows_consultation_user"),
    )
    op.create_index("ix_follows_user", "follows", ["user_id", "id"])

    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("event_key", sa.String(length=120), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(*NOTIFICATION_KINDS, name="notificationkind", native_enum=False, length=30),
            nullable=False,
        ),
        sa.Column("consultation_id", sa.Integer(), nullable=True),
        sa.Column("idea_id", sa.Integer(), nullable=True),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column("outcome_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("read_at", sa.DateTime(), nullable=True),
        sa.Column("email_pending", sa.Boolean(), nullable=False),
        sa.Column("emailed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["idea_id"], ["ideas.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["comment_id"], ["comments.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["outcome_id"], ["outcomes.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "event_key", name="uq_notifications_user_event"),
    )
    op.create_index("ix_notifications_user_newest", "notifications", ["user_id", "id"])
    op.create_index("ix_notifications_user_unread", "notifications", ["user_id", "read_at"])
    op.create_index("ix_notifications_email_pending", "notifications", ["email_pending", "user_id", "id"])
    op.create_index("ix_notifications_consultation_id", "notifications", ["consultation_id"])
    op.create_index("ix_notifications_idea_id", "notifications", ["idea_id"])
    op.create_index("ix_notifications_comment_id", "notifications", ["comment_id"])
    op.create_index("ix_notifications_outcome_id", "notifications", ["outcome_id"])

    op.create_table(
        "phase_announcements",
        sa.Column("phase_id", sa.Integer(), nullable=False),
        sa.Column("announced_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["phase_id"], ["phases.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("phase_id"),
    )


def downgrade() -> None:
    op.drop_table("phase_announcements")
    op.drop_table("notifications")
    op.drop_table("follows")
    # Plain DROP COLUMN (SQLite 3.35+), as in 0004.
    op.drop_column("users", "email_frequency")

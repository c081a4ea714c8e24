"""feedback: response deadlines, official responses, outcomes and implementation updates

Only plain columns are added to existing tables (no foreign keys), so SQLite needs no
batch rebuild of `ideas` — a rebuild would drop the full-text triggers of 0002.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

IDEA_STATUSES = ("new", "under_consideration", "adopted", "partly_adopted", "not_adopted", "implemented")


def _idea_status(name: str) -> sa.Column:
    return sa.Column(name, sa.Enum(*IDEA_STATUSES, name="ideastatus", native_enum=False, length=30), nullable=False)


def upgrade() -> None:
    op.add_column("consultations", sa.Column("response_days", sa.Integer(), server_default="21", nullable=False))
    op.add_column("consultations", sa.Column("outcome_count", sa.Integer(), server_default="0", nullable=False))
    op.add_column("ideas", sa.Column("responded_at", sa.DateTime(), nullable=True))
    op.add_column("ideas", sa.Column("responded_in_time", sa.Boolean(), nullable=True))
    op.create_index("ix_ideas_awaiting_response", "ideas", ["consultation_id", "status", "phase_id", "created_at"])

    op.create_table(
        "outcomes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("phase_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=150), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("status", sa.Enum("draft", "published", name="publicationstatus", native_enum=False, length=30), nullable=False),
        sa.Column("decision_count", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("decision_count >= 0", name="ck_outcomes_decision_count"),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["phase_id"], ["phases.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["published_by_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_outcomes_consultation", "outcomes", ["consultation_id", "status", "published_at"])

    op.create_table(
        "outcome_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outcome_id", sa.Integer(), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=False),
        _idea_status("decision"),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("rationale_html", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["outcome_id"], ["outcomes.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["idea_id"], ["ideas.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("outcome_id", "idea_id", name="uq_outcome_decisions_outcome_idea"),
    )
    op.create_index("ix_outcome_decisions_idea_id", "outcome_decisions", ["idea_id"])

    op.create_table(
        "idea_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("outcome_id", sa.Integer(), nullable=True),
        _idea_status("from_status"),
        _idea_status("to_status"),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("responder_role", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["idea_id"], ["ideas.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["outcome_id"], ["outcomes.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_idea_status_changes_idea", "idea_status_changes", ["idea_id", "created_at", "id"])
    op.create_index("ix_idea_status_changes_outcome_id", "idea_status_changes", ["outcome_id"])

    op.create_table(
        "implementation_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "progress IS NULL OR (progress >= 0 AND progress <= 100)", name="ck_implementation_updates_progress"
        ),
        sa.ForeignKeyConstraint(["idea_id"], ["ideas.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_implementation_updates_idea", "implementation_updates", ["idea_id", "created_at", "id"])

    op.create_table(
        "implementation_milestones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("update_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("planned_on", sa.Date(), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["update_id"], ["implementation_updates.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_implementation_milestones_update_id", "implementation_milestones", ["update_id"])


def downgrade() -> None:
    op.drop_table("implementation_milestones")
    op.drop_table("implementation_updates")
    op.drop_table("idea_status_changes")
    op.drop_table("outcome_decisions")
    op.drop_table("outcomes")
    op.drop_index("ix_ideas_awaiting_response", table_name="ideas")
    # Plain DROP COLUMN (SQLite 3.35+), again to keep the full-text triggers on `ideas`.
    op.drop_column("ideas", "responded_in_time")
    op.drop_column("ideas", "responded_at")
    op.drop_column("consultations", "outcome_count")
    op.drop_column("consultations", "response_days")

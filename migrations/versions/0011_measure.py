"""goals, KPI targets and stored KPI figures; supports indexed by idea and time

Revision ID: 0011_measure
Revises: 0013_work
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_measure"
down_revision = "0013_work"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "goals",
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("achieve_by", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("consultation_id"),
    )
    op.create_table(
        "kpi_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("kpi", sa.String(length=40), nullable=False),
        sa.Column("target", sa.Float(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("target >= 0", name="ck_kpi_targets_target"),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("consultation_id", "kpi", name="uq_kpi_targets_consultation_kpi"),
    )
    op.create_table(
        "kpi_counts",
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("counted_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("consultation_id"),
    )
    op.create_table(
        "kpi_daily",
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("kpi", sa.String(length=40), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("consultation_id", "kpi", "day"),
    )
    with op.batch_alter_table("supports") as batch_op:
        batch_op.create_index("ix_supports_idea_created", ["idea_id", "created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("supports") as batch_op:
        batch_op.drop_index("ix_supports_idea_created")
    op.drop_table("kpi_daily")
    op.drop_table("kpi_counts")
    op.drop_table("kpi_targets")
    op.drop_table("goals")

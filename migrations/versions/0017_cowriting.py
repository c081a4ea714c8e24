"""co-writing: draft documents in paragraphs, versions, amendments and their supports

Comments may now be about a paragraph or an amendment instead of an idea (exactly one of
the three, by a CHECK constraint), so the reaction, report and moderation machinery serves
all of them. Phases gain the co-writing setting; notifications may name an amendment or a
document version. New notification kinds need no DDL (non-native enums).

Revision ID: 0017_cowriting
Revises: 0015_safety
"""

import sqlalchemy as sa
from alembic import op

revision = "0017_cowriting"
down_revision = "0015_safety"
branch_labels = None
depends_on = None

ONE_COMMENT_SUBJECT = (
    "(CASE WHEN idea_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN paragraph_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN amendment_id IS NULL THEN 0 ELSE 1 END) = 1"
)


def _enum(*values: str, name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=30)


def upgrade() -> None:
    with op.batch_alter_table("phases") as batch_op:
        batch_op.add_column(sa.Column("allows_cowriting", sa.Boolean(), server_default=sa.false(), nullable=False))

    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("phase_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=150), nullable=False),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=False),
        sa.Column("last_key", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["phase_id"], ["phases.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_documents_consultation", "documents", ["consultation_id", "id"])
    op.create_index("ix_documents_phase_id", "documents", ["phase_id"])
    op.create_index("ix_documents_created_by_id", "documents", ["created_by_id"])

    op.create_table(
        "document_paragraphs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.Integer(), nullable=False),
        sa.Column("kind", _enum("heading", "text", name="paragraphkind"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("comment_count", sa.Integer(), nullable=False),
        sa.Column("open_amendment_count", sa.Integer(), nullable=False),
        sa.CheckConstraint("comment_count >= 0", name="ck_document_paragraphs_comment_count"),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("document_id", "key", name="uq_document_paragraphs_key"),
    )
    op.create_index("ix_document_paragraphs_order", "document_paragraphs", ["document_id", "position"])

    op.create_table(
        "document_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["published_by_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("document_id", "number", name="uq_document_versions_number"),
    )
    op.create_index("ix_document_versions_published_by_id", "document_versions", ["published_by_id"])

    op.create_table(
        "document_version_paragraphs",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("paragraph_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("change", _enum("same", "changed", "added", name="paragraphchange"), nullable=False),
        sa.Column("changed_in", sa.Integer(), nullable=False),
        sa.Column("participant_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["document_versions.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["paragraph_id"], ["document_paragraphs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("version_id", "paragraph_id"),
    )
    op.create_index(
        "ix_document_version_paragraphs_order", "document_version_paragraphs", ["version_id", "position"]
    )
    op.create_index(
        "ix_document_version_paragraphs_paragraph_id", "document_version_paragraphs", ["paragraph_id"]
    )

    op.create_table(
        "amendments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("paragraph_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("kind", _enum("replace", "delete", "insert_after", name="amendmentkind"), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("base_text", sa.Text(), nullable=False),
        sa.Column("proposed_text", sa.Text(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column(
            "status", _enum("open", "accepted", "partly_accepted", "rejected", name="amendmentstatus"), nullable=False
        ),
        sa.Column("support_count", sa.Integer(), nullable=False),
        sa.Column("comment_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=False),
        sa.Column("adopted_text", sa.Text(), nullable=True),
        sa.Column("applied_paragraph_id", sa.Integer(), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("support_count >= 0", name="ck_amendments_support_count"),
        sa.CheckConstraint("comment_count >= 0", name="ck_amendments_comment_count"),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["paragraph_id"], ["document_paragraphs.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["applied_paragraph_id"], ["document_paragraphs.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["version_id"], ["document_versions.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_amendments_paragraph", "amendments", ["paragraph_id", "status", "id"])
    op.create_index("ix_amendments_document", "amendments", ["document_id", "status", "id"])
    op.create_index("ix_amendments_version", "amendments", ["version_id", "applied_paragraph_id"])
    op.create_index("ix_amendments_author_id", "amendments", ["author_id"])
    op.create_index("ix_amendments_decided_by_id", "amendments", ["decided_by_id"])

    op.create_table(
        "amendment_supports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("amendment_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["amendment_id"], ["amendments.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("amendment_id", "user_id", name="uq_amendment_supports_amendment_user"),
    )
    op.create_index("ix_amendment_supports_user_id", "amendment_supports", ["user_id"])

    with op.batch_alter_table("comments") as batch_op:
        batch_op.alter_column("idea_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("paragraph_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("amendment_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_comments_paragraph_id", "document_paragraphs", ["paragraph_id"], ["id"], ondelete="CASCADE"
        )
        batch_op.create_foreign_key("fk_comments_amendment_id", "amendments", ["amendment_id"], ["id"], ondelete="CASCADE")
        batch_op.create_check_constraint("ck_comments_one_subject", ONE_COMMENT_SUBJECT)
        batch_op.create_index("ix_comments_paragraph_thread", ["paragraph_id", "root_id", "id"])
        batch_op.create_index("ix_comments_amendment_thread", ["amendment_id", "root_id", "id"])

    with op.batch_alter_table("notifications") as batch_op:
        batch_op.add_column(sa.Column("amendment_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("document_version_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_notifications_amendment_id", "amendments", ["amendment_id"], ["id"], ondelete="CASCADE"
        )
        batch_op.create_foreign_key(
            "fk_notifications_document_version_id", "document_versions", ["document_version_id"], ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_index("ix_notifications_amendment_id", ["amendment_id"])
        batch_op.create_index("ix_notifications_document_version_id", ["document_version_id"])


def downgrade() -> None:
    with op.batch_alter_table("notifications") as batch_op:
        batch_op.drop_index("ix_notifications_document_version_id")
        batch_op.drop_index("ix_notifications_amendment_id")
        batch_op.drop_constraint("fk_notifications_document_version_id", type_="foreignkey")
        batch_op.drop_constraint("fk_notifications_amendment_id", type_="foreignkey")
        batch_op.drop_column("document_version_id")
        batch_op.drop_column("amendment_id")
    op.execute("DELETE FROM comments WHERE idea_id IS NULL")
    with op.batch_alter_table("comments") as batch_op:
        batch_op.drop_index("ix_comments_amendment_thread")
        batch_op.drop_index("ix_comments_paragraph_thread")
        batch_op.drop_constraint("ck_comments_one_subject", type_="check")
        batch_op.drop_constraint("fk_comments_amendment_id", type_="foreignkey")
        batch_op.drop_constraint("fk_comments_paragraph_id", type_="foreignkey")
        batch_op.drop_column("amendment_id")
        batch_op.drop_column("paragraph_id")
        batch_op.alter_column("idea_id", existing_type=sa.Integer(), nullable=False)
    for table in ("amendment_supports", "amendments", "document_version_paragraphs", "document_versions",
                  "document_paragraphs", "documents"):
        op.drop_table(table)
    with op.batch_alter_table("phases") as batch_op:
        batch_op.drop_column("allows_cowriting")

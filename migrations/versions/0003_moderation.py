"""moderation: house rules, reports, decisions and appeals; hidden and merged ideas

Written by hand. On SQLite the foreign key `ideas.merged_into_id` needs a batch rebuild
of `ideas`, which drops the full-text triggers of 0002; they are created again right
after, both on the way up and on the way down. (A plain ADD COLUMN … REFERENCES would
avoid the rebuild, but SQLite reflects such a key without its ON DELETE rule.)

The public sort indexes on `ideas` become partial (listed ideas only), and one full index
serves the procesmanager's list of every idea.

Revision ID: 0003
Revises: 0002
"""

from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

LISTED = "hidden_at IS NULL AND merged_into_id IS NULL"
SORT_INDEXES = {
    "ix_ideas_by_newest": ["consultation_id", "id"],
    "ix_ideas_by_support": ["consultation_id", "support_count", "id"],
    "ix_ideas_by_comments": ["consultation_id", "comment_count", "id"],
    "ix_ideas_by_random": ["consultation_id", "random_key", "id"],
}

# Frozen copy of the default house rules at the time of this migration, for the
# consultations that already exist (new ones get theirs from the service).
DEFAULT_RULES = [
    ("Wees respectvol",
     "Kritiek op ideeën mag, op personen niet. Geen beleidigingen, bedreigingen of discriminatie."),
    ("Blijf bij het onderwerp",
     "Reageer op de vraag van dit traject en op elkaar. Voor andere zaken kunt u de gemeente rechtstreeks benaderen."),
    ("Geen reclame of spam",
     "Geen advertenties, geen herhaalde berichten en geen links die niets met het onderwerp te maken hebben."),
    ("Respecteer privacy",
     "Noem geen namen, adressen of andere gegevens van anderen en deel geen gegevens waarmee iemand te herkennen is."),
    ("Houd het binnen de wet",
     "Geen oproepen tot geweld of andere strafbare inhoud. Ziet u iets dat niet deugt? Gebruik de knop Melden."),
]


# As created by 0002; a rebuild of `ideas` on SQLite drops them.
FTS_TRIGGERS = [
    "CREATE TRIGGER ideas_fts_insert AFTER INSERT ON ideas BEGIN "
    "INSERT INTO ideas_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "CREATE TRIGGER ideas_fts_delete AFTER DELETE ON ideas BEGIN "
    "INSERT INTO ideas_fts(ideas_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body); END",
    "CREATE TRIGGER ideas_fts_update AFTER UPDATE OF title, body ON ideas BEGIN "
    "INSERT INTO ideas_fts(ideas_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body); "
    "INSERT INTO ideas_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
]


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=30)


def _listed(name: str, columns: list[str]) -> None:
    op.create_index(name, "ideas", columns, sqlite_where=sa.text(LISTED), postgresql_where=sa.text(LISTED))


def upgrade() -> None:
    for name in SORT_INDEXES:
        op.drop_index(name, table_name="ideas")
    if _sqlite():
        # SQLite adds a foreign key only by rebuilding the table, which drops its
        # triggers: the full-text triggers of 0002 are put back right after.
        with op.batch_alter_table("ideas", recreate="always") as batch_op:
            batch_op.add_column(sa.Column("hidden_at", sa.DateTime(), nullable=True))
            batch_op.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
            batch_op.add_column(sa.Column("merged_count", sa.Integer(), server_default="0", nullable=False))
            batch_op.create_foreign_key("fk_ideas_merged_into_id", "ideas", ["merged_into_id"], ["id"], ondelete="SET NULL")
        _create_fts_triggers()
    else:
        op.add_column("ideas", sa.Column("hidden_at", sa.DateTime(), nullable=True))
        op.add_column("ideas", sa.Column("merged_into_id", sa.Integer(), nullable=True))
        op.add_column("ideas", sa.Column("merged_count", sa.Integer(), server_default="0", nullable=False))
        op.create_foreign_key(
            "fk_ideas_merged_into_id", "ideas", "ideas", ["merged_into_id"], ["id"], ondelete="SET NULL"
        )
    op.create_index("ix_ideas_merged_into_id", "ideas", ["merged_into_id"])
    for name, columns in SORT_INDEXES.items():
        _listed(name, columns)
    op.create_index("ix_ideas_moderation_feed", "ideas", ["consultation_id", "id"])
    op.add_column("comments", sa.Column("hidden_at", sa.DateTime(), nullable=True))

    house_rules = op.create_table(
        "house_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("explanation", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_house_rules_consultation", "house_rules", ["consultation_id", "position"])

    op.create_table(
        "moderation_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("kind", _enum("actionkind", "hide", "restore", "merge", "dismiss", "uphold"), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=True),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column("target_idea_id", sa.Integer(), nullable=True),
        sa.Column("rule_id", sa.Integer(), nullable=True),
        sa.Column("rule_title", sa.String(length=120), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("lifted_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("(idea_id IS NULL) <> (comment_id IS NULL)", name="ck_moderation_actions_one_subject"),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["idea_id"], ["ideas.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["comment_id"], ["comments.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["target_idea_id"], ["ideas.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["rule_id"], ["house_rules.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_moderation_actions_log", "moderation_actions", ["consultation_id", "created_at", "id"])
    for column in ("actor_id", "idea_id", "comment_id", "target_idea_id", "rule_id"):
        op.create_index(f"ix_moderation_actions_{column}", "moderation_actions", [column])

    op.create_table(
        "appeals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", _enum("appealstatus", "open", "upheld", "granted"), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["action_id"], ["moderation_actions.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["decision_id"], ["moderation_actions.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("action_id"),
    )
    op.create_index("ix_appeals_queue", "appeals", ["consultation_id", "status", "id"])
    op.create_index("ix_appeals_author_id", "appeals", ["author_id"])
    op.create_index("ix_appeals_decision_id", "appeals", ["decision_id"])

    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=True),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column("reporter_id", sa.Integer(), nullable=True),
        sa.Column("rule_id", sa.Integer(), nullable=True),
        sa.Column("rule_title", sa.String(length=120), nullable=False),
        sa.Column("note", sa.String(length=1000), nullable=False),
        sa.Column("status", _enum("reportstatus", "open", "upheld", "dismissed"), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("(idea_id IS NULL) <> (comment_id IS NULL)", name="ck_reports_one_subject"),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["idea_id"], ["ideas.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["comment_id"], ["comments.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["reporter_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["rule_id"], ["house_rules.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["action_id"], ["moderation_actions.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    for name, column in (("uq_reports_open_idea", "idea_id"), ("uq_reports_open_comment", "comment_id")):
        where = sa.text(f"status = 'open' AND {column} IS NOT NULL")
        op.create_index(name, "reports", ["reporter_id", column], unique=True, sqlite_where=where, postgresql_where=where)
    op.create_index("ix_reports_queue", "reports", ["consultation_id", "status", "id"])
    op.create_index("ix_reports_idea", "reports", ["idea_id", "status"])
    op.create_index("ix_reports_comment", "reports", ["comment_id", "status"])
    for column in ("reporter_id", "rule_id", "action_id"):
        op.create_index(f"ix_reports_{column}", "reports", [column])

    # Existing consultations get the default house rules.
    consultation_ids = [row[0] for row in op.get_bind().execute(sa.text("SELECT id FROM consultations"))]
    op.bulk_insert(
        house_rules,
        [
            {"consultation_id": cid, "position": n, "title": title, "explanation": explanation}
            for cid in consultation_ids
            for n, (title, explanation) in enumerate(DEFAULT_RULES, start=1)
        ],
    )




def _create_fts_triggers() -> None:
    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS ideas_fts_{trigger}")
    for trigger in FTS_TRIGGERS:
        op.execute(trigger)
    op.execute("INSERT INTO ideas_fts(ideas_fts) VALUES ('rebuild')")


def downgrade() -> None:
    op.drop_table("reports")
    op.drop_table("appeals")
    op.drop_table("moderation_actions")
    op.drop_table("house_rules")
    op.drop_column("comments", "hidden_at")
    op.drop_index("ix_ideas_moderation_feed", table_name="ideas")
    for name, columns in SORT_INDEXES.items():
        op.drop_index(name, table_name="ideas")
        op.create_index(name, "ideas", columns)
    op.drop_index("ix_ideas_merged_into_id", table_name="ideas")
    if _sqlite():
        # SQLite cannot drop a column that has a foreign key: rebuild the table, which
        # drops its triggers, so put the full-text triggers of 0002 back.
        with op.batch_alter_table("ideas", recreate="always") as batch_op:
            batch_op.drop_column("merged_count")
            batch_op.drop_column("merged_into_id")
            batch_op.drop_column("hidden_at")
        _create_fts_triggers()
    else:
        op.drop_constraint("fk_ideas_merged_into_id", "ideas", type_="foreignkey")
        op.drop_column("ideas", "merged_count")
        op.drop_column("ideas", "merged_into_id")
        op.drop_column("ideas", "hidden_at")

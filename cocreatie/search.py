"""Full-text search over ideas, with each database's own engine behind one function."""

from __future__ import annotations

import re

from sqlalchemy import Select, func, literal_column, text

from cocreatie import db
from cocreatie.models import Idea

_FTS_TOKEN = re.compile(r"\w+", re.UNICODE)


def terms(query: str) -> list[str]:
    return _FTS_TOKEN.findall(query.lower())[:12]


def matching_ideas(statement: Select, query: str) -> Select:
    """Full-text search with each database's own engine, behind one function."""
    words = terms(query)
    if not words:
        return statement
    if db.is_sqlite():
        # Every term quoted (no FTS syntax from the user), the last one as a prefix.
        match = " ".join(f'"{t}"' for t in words[:-1]) + f' "{words[-1]}"*'
        matching_ids = text("SELECT rowid FROM ideas_fts WHERE ideas_fts MATCH :match").bindparams(
            match=match.strip()
        )
        return statement.where(Idea.id.in_(matching_ids.columns(rowid=Idea.id.type)))
    # Terms are \w+ tokens, so they carry no tsquery syntax. Match either every term
    # by its Dutch stem ("bomen" finds "boom") or every term as typed, the last as a prefix.
    stemmed = func.to_tsquery(literal_column("'dutch'::regconfig"), " & ".join(words))
    prefixed = func.to_tsquery(
        literal_column("'simple'::regconfig"), " & ".join(words[:-1] + [f"{words[-1]}:*"])
    )
    return statement.where(literal_column("ideas.search_vector").op("@@")(stemmed.op("||")(prefixed)))

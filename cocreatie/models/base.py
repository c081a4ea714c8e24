"""The declarative base every model derives from (and Alembic reads)."""

from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass

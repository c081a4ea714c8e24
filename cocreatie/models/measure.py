"""Goals, KPI targets and the figures counted against them (cocreatie/measure/).

A consultation states its goal in words and, per KPI, an optional target (with an
optional date by which it should be reached). KPIs are never typed in: they are counted
from the data. What counting costs too much to repeat on every page view is stored:
``KpiCount`` says when a consultation was last counted, ``KpiDaily`` holds each KPI's
value at the end of every local day (today's: as counted). A KPI is named by its key in
the registry (``cocreatie/measure/kpis.py``), a plain string, so features can add KPIs
without a schema change.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cocreatie.clock import utcnow
from cocreatie.models.base import Base


class Goal(Base):
    """What a consultation should achieve, in words, and by when. One per consultation."""

    __tablename__ = "goals"

    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), primary_key=True
    )
    text: Mapped[str] = mapped_column(Text, default="")
    achieve_by: Mapped[date | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class KpiTarget(Base):
    """The value a KPI should reach (or, for a KPI where lower is better, stay under),
    optionally by a date. At most one per KPI per consultation."""

    __tablename__ = "kpi_targets"
    __table_args__ = (
        UniqueConstraint("consultation_id", "kpi", name="uq_kpi_targets_consultation_kpi"),
        CheckConstraint("target >= 0", name="ck_kpi_targets_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    kpi: Mapped[str] = mapped_column(String(40))
    target: Mapped[float] = mapped_column(Float)
    due_on: Mapped[date | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class KpiCount(Base):
    """When a consultation's figures were last counted and stored (by `flask measure
    refresh` or a procesmanager's "count now")."""

    __tablename__ = "kpi_counts"

    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), primary_key=True
    )
    counted_at: Mapped[datetime]


class KpiDaily(Base):
    """A KPI's value at the end of one local day; for the day of counting, as counted.
    Replaced as a whole for a consultation each time it is counted."""

    __tablename__ = "kpi_daily"

    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), primary_key=True
    )
    kpi: Mapped[str] = mapped_column(String(40), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    value: Mapped[float] = mapped_column(Float)

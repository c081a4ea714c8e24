"""Reach and representativeness (cocreatie/reach/): who takes part, against who lives here.

Site-wide tables the administrator uploads (each upload replaces its table as a whole):

- ``District`` and ``Population``: residents per district and age band (the reference
  figures, in the shape CBS publishes them);
- ``PostcodeArea``: which district a postcode area (the four digits) lies in. It names
  its district by code without a foreign key, so replacing the reference figures never
  breaks it; an area whose district is gone counts as "elsewhere".

Per consultation:

- ``ProfileQuestions``: which of the fixed questions its owner asks, and the channels
  for "how did you hear of this?";
- ``ProfileAnswer``: one row per person per consultation (not on the account), made when
  they answer or skip. Each answer is a value, ``UNSAID`` ("Zeg ik liever niet") or NULL
  (not asked, or skipped). The postcode itself is never stored: only its district.
  Deleting the account deletes the row (foreign key, and `privacy.services`).
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cocreatie.clock import utcnow
from cocreatie.models.base import Base

UNSAID = "unsaid"  # "Zeg ik liever niet": an answer, always allowed
OUTSIDE = "outside"  # a postcode that lies in none of the districts


class AgeBand(enum.StrEnum):
    """The age groups of CBS's key figures for districts (Kerncijfers wijken en buurten),
    so the answers compare with the reference figures without conversion."""

    UNDER_15 = "0-14"
    FROM_15 = "15-24"
    FROM_25 = "25-44"
    FROM_45 = "45-64"
    FROM_65 = "65+"


class District(Base):
    __tablename__ = "reach_districts"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer)  # the order of the uploaded file


class Population(Base):
    __tablename__ = "reach_population"
    __table_args__ = (CheckConstraint("residents >= 0", name="ck_reach_population_residents"),)

    district_code: Mapped[str] = mapped_column(
        ForeignKey("reach_districts.code", ondelete="CASCADE"), primary_key=True
    )
    age_band: Mapped[str] = mapped_column(String(10), primary_key=True)
    residents: Mapped[int]


class PostcodeArea(Base):
    __tablename__ = "reach_postcode_areas"

    area: Mapped[str] = mapped_column(String(4), primary_key=True)  # "1234"
    district_code: Mapped[str] = mapped_column(String(20))


class ProfileQuestions(Base):
    __tablename__ = "reach_questions"

    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), primary_key=True
    )
    ask_district: Mapped[bool] = mapped_column(default=False)
    ask_age_band: Mapped[bool] = mapped_column(default=False)
    ask_channel: Mapped[bool] = mapped_column(default=False)
    # The answers to "how did you hear of this?", one per line, in the owner's order.
    channels: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def channel_list(self) -> list[str]:
        return [line.strip() for line in self.channels.splitlines() if line.strip()]

    @property
    def asks_anything(self) -> bool:
        return self.ask_district or self.ask_age_band or (self.ask_channel and bool(self.channel_list))


class ProfileAnswer(Base):
    __tablename__ = "reach_answers"
    __table_args__ = (UniqueConstraint("consultation_id", "user_id", name="uq_reach_answers_consultation_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    district_code: Mapped[str | None] = mapped_column(String(20))  # a code, UNSAID or OUTSIDE
    age_band: Mapped[str | None] = mapped_column(String(10))  # an AgeBand value or UNSAID
    channel: Mapped[str | None] = mapped_column(String(80))  # one of the channels, or UNSAID
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)

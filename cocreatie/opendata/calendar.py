"""An iCalendar file (RFC 5545, through the icalendar library) with a consultation's
phases, so that people can put "the decision phase opens" in their own agenda."""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Calendar, Event

from cocreatie import links
from cocreatie.labels import PHASE_KIND_LABELS
from cocreatie.models import Consultation


def phases(consultation: Consultation, organisation: str, host: str, now: datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", f"-//{organisation}//Cocreatie//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", consultation.title)
    page = links.url("consultations.show", slug=consultation.slug)
    for phase in consultation.phases:
        kind = str(PHASE_KIND_LABELS[phase.kind])
        event = Event()
        event.add("uid", f"phase-{phase.id}@{host}")
        event.add("dtstamp", now.replace(tzinfo=UTC))
        event.add("dtstart", phase.starts_at.replace(tzinfo=UTC))
        event.add("dtend", phase.ends_at.replace(tzinfo=UTC))
        event.add("summary", f"{consultation.title}: {phase.title or kind}")
        event.add("description", "\n\n".join(p for p in (kind, phase.description, page) if p))
        event.add("url", page)
        calendar.add_component(event)
    return calendar.to_ical()

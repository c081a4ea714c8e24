"""Open data: the download page, the ZIP downloads, the Atom feeds and the iCalendar file.
Everything here is what an anonymous visitor may see, whoever asks (tables.py)."""

from __future__ import annotations

import tempfile
from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, current_app, render_template, send_file
from flask_babel import get_locale
from flask_babel import gettext as _

from cocreatie import links
from cocreatie.clock import utcnow
from cocreatie.extensions import limiter
from cocreatie.models import Consultation
from cocreatie.opendata import calendar, export, feeds
from cocreatie.opendata.tables import TABLES, public_consultations

bp = Blueprint("opendata", __name__)

# A download reads every row of what it covers: a few per minute per address is plenty
# for a person or a harvester, and keeps the site up.
DOWNLOAD_LIMIT = "6 per minute"
# Above this, the ZIP being written moves from memory to a temporary file.
IN_MEMORY = 8 * 1024 * 1024


def _public(slug: str) -> Consultation:
    found = public_consultations(slug)
    if not found:
        abort(404)
    return found[0]


@bp.route("/open-data")
def index():
    return render_template("opendata/index.html", consultations=public_consultations(), tables=TABLES,
                           platform_licence=export.PLATFORM_LICENCE,
                           contributions_licence=export.CONTRIBUTIONS_LICENCE)


def _download(consultations: list[Consultation], name: str, title: str) -> Response:
    now = utcnow()
    spool = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY)
    export.write(spool, [c.id for c in consultations], name=name, title=title,
                 organisation=current_app.config["ORGANISATION_NAME"], now=now)
    spool.seek(0)
    response = send_file(spool, mimetype="application/zip", as_attachment=True,
                         download_name=f"{name}-{now:%Y-%m-%d}.zip")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/open-data/alle-consultaties.zip")
@limiter.limit(DOWNLOAD_LIMIT)
def download_site():
    return _download(public_consultations(), "alle-consultaties",
                     _("Open data of %(org)s", org=current_app.config["ORGANISATION_NAME"]))


@bp.route("/consultaties/<slug>/open-data.zip")
@limiter.limit(DOWNLOAD_LIMIT)
def download_consultation(slug: str):
    consultation = _public(slug)
    return _download([consultation], consultation.slug, consultation.title)


def _atom(consultations: list[Consultation], *, feed_id: str, title: str, page: str, self_url: str) -> Response:
    body = feeds.atom(
        feed_id=feed_id, title=title, page=page, self_url=self_url, language=str(get_locale() or "nl"),
        subtitle=_("New ideas, official responses, outcomes and progress"),
        items=feeds.entries(consultations), fallback_updated=utcnow(),
    )
    return Response(body, mimetype="application/atom+xml")


@bp.route("/feed.atom")
def site_feed():
    organisation = current_app.config["ORGANISATION_NAME"]
    return _atom(public_consultations(), feed_id=links.url("opendata.site_feed"),
                 title=_("Consultations of %(org)s", org=organisation),
                 page=links.url("consultations.home"), self_url=links.url("opendata.site_feed"))


@bp.route("/consultaties/<slug>/feed.atom")
def consultation_feed(slug: str):
    consultation = _public(slug)
    self_url = links.url("opendata.consultation_feed", slug=slug)
    return _atom([consultation], feed_id=self_url, title=consultation.title,
                 page=links.url("consultations.show", slug=slug), self_url=self_url)


@bp.route("/consultaties/<slug>/fasen.ics")
def phases_calendar(slug: str):
    consultation = _public(slug)
    host = urlsplit(links.url("consultations.home")).hostname or "localhost"
    body = calendar.phases(consultation, current_app.config["ORGANISATION_NAME"], host, utcnow())
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{slug}.ics"'
    return response

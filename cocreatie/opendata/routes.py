"""Open data: the download page, the ZIP downloads, the Atom feeds and the iCalendar file.
Everything here is what an anonymous visitor may see, whoever asks (tables.py)."""

from __future__ import annotations

import tempfile
from datetime import UTC
from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, current_app, render_template, send_file
from flask_babel import get_locale
from flask_babel import gettext as _

from cocreatie import links
from cocreatie.clock import utcnow
from cocreatie.extensions import limiter
from cocreatie.models import Consultation
from cocreatie.opendata import calendar, export, feeds, queries, stored
from cocreatie.opendata.tables import TABLES, public_consultations

bp = Blueprint("opendata", __name__)

# A download reads every row of what it covers: a few per minute per address is plenty
# for a person or a harvester, and keeps the site up.
DOWNLOAD_LIMIT = "6 per minute"
# Above this, a download made for one request only moves from memory to a temporary file.
IN_MEMORY = 8 * 1024 * 1024
# A large download not ready yet: it is made by `flask export`, which cron runs (README).
RETRY_AFTER_SECONDS = 15 * 60


def _public(slug: str) -> Consultation:
    found = public_consultations(slug)
    if not found:
        abort(404)
    return found[0]


@bp.route("/open-data")
def index():
    consultations = public_consultations()
    return render_template("opendata/index.html", consultations=consultations, tables=TABLES,
                           site_offer=queries.offer(consultations, site=True),
                           offers={c.id: queries.offer([c]) for c in consultations},
                           platform_licence=export.PLATFORM_LICENCE,
                           contributions_licence=export.CONTRIBUTIONS_LICENCE)


def _send(found: stored.Found, name: str) -> Response:
    made = found.made.at
    response = send_file(found.file, mimetype="application/zip", as_attachment=True,
                         download_name=f"{name}-{made:%Y-%m-%d}.zip", last_modified=made.replace(tzinfo=UTC),
                         etag=f"{made:%Y%m%dT%H%M%S}-{found.made.version}", conditional=True)
    response.content_length = found.size
    return response


def _download(consultations: list[Consultation], site: bool) -> Response | tuple:
    """The stored download when it is up to date; else a small one made now (and stored),
    a large one as it was last made unless something in it has since been taken out of
    public view; else an honest "not ready yet" (decision 0020)."""
    config = current_app.config
    downloads = stored.downloads_from(config)
    key = stored.SITE if site else stored.key_of(consultations[0])
    name, _title = stored.described(None if site else consultations[0], config["ORGANISATION_NAME"],
                                    config["BABEL_DEFAULT_LOCALE"])
    wanted = stored.made_now(consultations, utcnow())
    found = downloads.open(key)
    if found is not None and found.made.same_content(wanted):
        return _send(found, name)
    if stored.on_request(consultations, config["OPEN_DATA_ON_REQUEST_IDEAS"]):
        if found is not None:
            found.file.close()
        try:
            stored.make(downloads, consultations, site=site, organisation=config["ORGANISATION_NAME"],
                        locale=config["BABEL_DEFAULT_LOCALE"], made=wanted)
            found = downloads.open(key)
        except OSError:  # the folder cannot be written (full, read-only): made for this request only
            current_app.logger.exception("Could not store the open-data download %s", key)
            spool = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY)
            stored.make_into(spool, consultations, site=site, organisation=config["ORGANISATION_NAME"],
                             locale=config["BABEL_DEFAULT_LOCALE"], made=wanted)
            found = stored.Found(spool, wanted, spool.tell())
            spool.seek(0)
        if found is not None:
            return _send(found, name)
    elif found is not None:
        if not stored.withdrawn_since(found.made, wanted):
            return _send(found, name)
        found.file.close()
    return render_template("opendata/not_ready.html", consultation=None if site else consultations[0]), 503, {
        "Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"}


@bp.route("/open-data/alle-consultaties.zip")
@limiter.limit(DOWNLOAD_LIMIT)
def download_site():
    return _download(public_consultations(), site=True)


@bp.route("/consultaties/<slug>/open-data.zip")
@limiter.limit(DOWNLOAD_LIMIT)
def download_consultation(slug: str):
    return _download([_public(slug)], site=False)


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

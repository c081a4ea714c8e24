"""Every page type is valid HTML, checked by the Nu HTML Checker (the W3C's validator).

Valid markup is the ground WCAG 2.1 (4.1.1) and assistive technology stand on: a
duplicate id, a label pointing nowhere or a stray end tag changes what a screen reader
announces. Each page is rendered with the Flask test client for every kind of person who
sees it, in Dutch and in English, with realistic data; all are written to one folder and
checked in ONE run of the checker (a JVM start costs seconds, so never one per page).

The test also proves it missed nothing: every GET route of the application must have
been rendered at least once, unless it is listed in EXEMPT (tests/world.py) with the reason.
The world it renders is built by tests/world.py, shared with the browser sweep.

The checker comes from npm: run `make vnu` (`make test` does it). Without it this test
fails, never skips: a check that silently does not run is worse than none.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import abort
from flask_babel import refresh
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from cocreatie import create_app, db
from cocreatie.accounts import services as accounts
from cocreatie.config import PROJECT_ROOT
from cocreatie.models import Appeal, Consultation, Invitation, InvitationStatus, MemberRole, Outcome, TokenPurpose
from cocreatie.moderation import queries as moderation_queries
from cocreatie.notifications import unsubscribe
from cocreatie.signin import secret_box, services as signin
from tests.conftest import NOW, login
from tests.factories import PASSWORD, TOTP_SECRET
from tests.world import EXEMPT

pytestmark = pytest.mark.validity

VNU_JAR = Path(os.environ.get("VNU_JAR", PROJECT_ROOT / ".tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"))

LOCALES = ("nl", "en")
VISITOR, CITIZEN, PROCESMANAGER, OWNER, ADMIN = "visitor", "citizen", "procesmanager", "owner", "admin"
EVERYONE = (VISITOR, CITIZEN, PROCESMANAGER, OWNER, ADMIN)
SIGNED_IN = (CITIZEN, PROCESMANAGER, OWNER, ADMIN)
CSRF_VALUE = re.compile(r'(?<=name="csrf_token" value=")[^"]*|(?<=name="csrf_token" type="hidden" value=")[^"]*')


@dataclass
class Rendered:
    label: str
    url: str
    file: Path


@dataclass
class Site:
    """The pages rendered so far, and which endpoints they came from."""

    app: object
    folder: Path
    clients: dict = field(default_factory=dict)
    pages: list[Rendered] = field(default_factory=list)
    endpoints: set[str] = field(default_factory=set)
    fingerprints: set[str] = field(default_factory=set)
    rendered: int = 0

    def _record(self, method: str, url: str, response, status: int, label: str, who: str, locale: str) -> None:
        body = response.get_data(as_text=True)
        assert f'<html lang="{locale}">' in body, f"{method} {url} as {who} is not in {locale}"
        assert response.status_code == status, f"{method} {url} as {who} ({locale}): {response.status_code}, expected {status}"
        assert response.mimetype == "text/html", f"{method} {url} is {response.mimetype}"
        adapter = self.app.url_map.bind("localhost")
        try:
            endpoint, _args = adapter.match(urlsplit(url).path, method=method)
            self.endpoints.add(endpoint)
        except HTTPException:  # an error page for an address that matches no route
            pass
        self.rendered += 1
        # The same markup (apart from its form tokens) needs checking only once.
        fingerprint = hashlib.sha256(CSRF_VALUE.sub("", body).encode()).hexdigest()
        if fingerprint in self.fingerprints:
            return
        self.fingerprints.add(fingerprint)
        name = re.sub(r"[^a-z0-9]+", "-", f"{label} {who} {locale}".lower()).strip("-")
        path = self.folder / f"{len(self.pages):04d}-{name}.html"
        path.write_text(body, encoding="utf-8")
        self.pages.append(Rendered(f"{label} [{who}, {locale}]", url, path))

    def get(self, url: str, label: str, who=EVERYONE, status: int = 200, locales=LOCALES) -> None:
        for person in (who,) if isinstance(who, str) else who:
            for locale in locales:
                refresh()
                response = self.clients[person, locale].get(url)
                self._record("GET", url, response, status, label, person, locale)

    def post(self, url: str, label: str, who, data=None, status: int | None = None, locales=LOCALES) -> None:
        """A form sent with errors: the page comes back with the messages and the input
        (with 422 in the newer packages, 200 in the older ones). `data` may be a function
        that makes it, for a file upload (each request reads its file to the end)."""
        for person in (who,) if isinstance(who, str) else who:
            for locale in locales:
                refresh()
                response = self.clients[person, locale].post(url, data=(data() if callable(data) else data) or {})
                if status is None:
                    assert response.status_code in (200, 409, 422), f"POST {url} as {person}: {response.status_code}"
                    assert 'class="field__error"' in response.get_data(as_text=True), f"POST {url} showed no error"
                self._record("POST", url, response, status or response.status_code, label, person, locale)


def _client(app, user, locale: str):
    """A browser of its own, signed in as `user`, in `locale`.

    The test's app context stays pushed, so requests share `g`, where Flask-Babel caches
    the locale: Site forgets it (refresh()) before each request."""
    client = app.test_client()
    if user is not None:
        login(client, user)
    with client.session_transaction() as session:
        session["locale"] = locale
    return client


def _render_everything(site: Site, w: dict) -> None:
    c, slug = w["consultation"], w["consultation"].slug
    trees, rude = w["trees"], w["rude"]
    manage = f"/beheer/consultaties/{slug}"

    # --- public pages, for everyone ------------------------------------------------------
    site.get("/", "home")
    site.get("/consultaties/afgerond", "finished consultations")
    site.get(f"/consultaties/{slug}", "consultation")
    for sort in ("support", "newest", "discussed", "random"):
        site.get(f"/consultaties/{slug}?sort={sort}&seed=7", f"consultation sorted by {sort}", who=(VISITOR, CITIZEN))
    site.get(f"/consultaties/{slug}?q=bomen", "consultation search", who=(VISITOR, CITIZEN))
    site.get(f"/consultaties/{slug}?q=onvindbaar", "consultation search without results", who=VISITOR)
    site.get(f"/consultaties/{slug}?sort=newest&page=2", "consultation, second page", who=VISITOR)
    site.get(f"/consultaties/{w['finished'].slug}", "finished consultation")
    site.get(f"/consultaties/{w['upcoming'].slug}", "upcoming consultation", who=(VISITOR, CITIZEN))
    site.get(f"/consultaties/{w['concept'].slug}", "draft consultation", who=OWNER)
    site.get(f"/ideeen/{trees.id}", "idea with comments, hidden comment, response, progress, merge")
    site.get(f"/ideeen/{trees.id}?page=2", "idea, second page of comments", who=(VISITOR, CITIZEN))
    site.get(f"/ideeen/{w['benches'].id}", "idea with an outcome")
    site.get(f"/ideeen/{w['duplicate'].id}", "merged idea")
    site.get(f"/ideeen/{rude.id}", "hidden idea")
    site.get(f"/ideeen/{w['fresh'].id}", "idea without reactions")
    site.get(f"/consultaties/{slug}/huisregels", "house rules of a consultation")
    site.get(f"/consultaties/{slug}/moderatielog", "moderation log")
    for outcome in db.session.scalars(select(Outcome).where(Outcome.published_at.is_not(None))):
        site.get(f"/consultaties/{outcome.consultation.slug}/uitkomsten/{outcome.id}", "published outcome")
    site.get("/api", "the API's reference page", who=(VISITOR, CITIZEN))
    for path, label in (("/over", "about"), ("/toegankelijkheid", "accessibility statement"),
                        ("/privacy", "privacy statement"), ("/huisregels", "house rules"),
                        ("/open-data", "open data")):
        site.get(path, label)
    # A large download that `flask export` has not made yet: a page that says so (503).
    on_request, site.app.config["OPEN_DATA_ON_REQUEST_IDEAS"] = site.app.config["OPEN_DATA_ON_REQUEST_IDEAS"], 0
    site.get(f"/consultaties/{slug}/open-data.zip", "open data not ready yet", who=VISITOR, status=503)
    site.get("/open-data", "open data, downloads not ready yet", who=VISITOR)
    site.app.config["OPEN_DATA_ON_REQUEST_IDEAS"] = on_request

    # --- accounts ------------------------------------------------------------------------
    site.get("/registreren", "register", who=VISITOR)
    site.post("/registreren", "register with errors", who=VISITOR, data={"email": "geen-adres", "password": "kort"})
    site.get("/registreren/controleer-uw-e-mail", "check your e-mail", who=VISITOR)
    site.get("/bevestigen/een-token", "confirm e-mail", who=VISITOR)
    site.post("/bevestigen/een-token", "confirmation failed", who=VISITOR, status=400)
    site.get("/inloggen", "log in", who=VISITOR)
    site.post("/inloggen", "log in with errors", who=VISITOR, data={"email": "iemand@example.nl", "password": "fout"})
    site.get("/wachtwoord-vergeten", "forgot password", who=VISITOR)
    site.post("/wachtwoord-vergeten", "forgot password with errors", who=VISITOR, data={"email": "geen-adres"})
    site.get("/wachtwoord-vergeten/verstuurd", "reset link sent", who=VISITOR)
    token = accounts.issue_token(w["critic"], TokenPurpose.RESET_PASSWORD, accounts.RESET_TOKEN_LIFETIME, NOW)
    db.session.commit()
    site.get(f"/wachtwoord-herstellen/{token}", "reset password", who=VISITOR)
    site.post(f"/wachtwoord-herstellen/{token}", "reset password with errors", who=VISITOR, data={"password": "kort"})
    site.get("/wachtwoord-herstellen/verlopen", "reset link not valid", who=VISITOR, status=400)

    # --- citizens: ideas, reports, appeals, notifications -------------------------------
    site.get(f"/consultaties/{slug}/ideeen/nieuw", "new idea", who=CITIZEN)
    site.post(f"/consultaties/{slug}/ideeen/nieuw", "new idea with errors", who=CITIZEN, data={"title": "Kort", "body": ""})
    site.get(f"/ideeen/{w['fresh'].id}/bewerken", "edit idea", who=CITIZEN)
    site.post(f"/ideeen/{trees.id}/reacties", "comment with errors", who=CITIZEN, data={"body": ""})
    site.post(f"/ideeen/{trees.id}/reacties", "reply with errors", who=CITIZEN,
              data={"body": "", "parent_id": str(w["comment"].id)})
    site.get(f"/ideeen/{w['reported'].id}/melden", "report an idea", who=CITIZEN)
    site.post(f"/ideeen/{w['benches'].id}/melden", "report with errors", who=CITIZEN, data={"note": "x" * 2000})
    site.get(f"/reacties/{w['comment'].id}/melden", "report a comment", who=(PROCESMANAGER, OWNER))
    site.get(f"/moderatie/besluiten/{w['hidden_idea'].id}/herbeoordeling", "already appealed", who=CITIZEN, status=403)
    hidden_comment_action = w["hidden_comment_action"]
    site.get(f"/moderatie/besluiten/{hidden_comment_action.id}/herbeoordeling", "ask for review", who="critic")
    site.post(f"/moderatie/besluiten/{hidden_comment_action.id}/herbeoordeling", "ask for review with errors",
              who="critic", data={"body": ""})
    site.get("/account/berichten", "notifications", who=SIGNED_IN)
    site.get("/account/volgend", "following", who=SIGNED_IN)
    site.get("/account/e-mailinstellingen", "e-mail settings", who=SIGNED_IN)
    site.post("/account/e-mailinstellingen", "e-mail settings with errors", who=CITIZEN, data={"email_frequency": "hourly"})
    site.get("/account", "my account", who=SIGNED_IN)
    site.post("/account/naam", "my account: name with errors", who=CITIZEN, data={"name-display_name": "x"})
    site.post("/account/e-mailadres", "my account: new address with errors", who=CITIZEN, data={"email-email": "geen-adres"})
    site.post("/account/wachtwoord", "my account: password with errors", who=CITIZEN, data={"password-new_password": "kort"})
    site.get("/account/verwijderen", "delete my account (the owner: only owner)", who=(CITIZEN, OWNER))
    site.post("/account/verwijderen", "delete my account with errors", who=CITIZEN, data={})
    site.get("/account/e-mailadres/bevestigen/een-token", "confirm a new address", who=VISITOR)
    site.post("/account/e-mailadres/bevestigen/een-token", "new address not confirmed", who=VISITOR, status=400)
    site.get(f"/e-mail/afmelden/{unsubscribe.make_token(w['author'])}", "unsubscribe", who=VISITOR)
    site.post("/e-mail/afmelden/vervalst", "unsubscribe failed", who=VISITOR, status=400)
    site.get("/e-mail/afgemeld", "unsubscribed", who=VISITOR)

    # --- invitations ---------------------------------------------------------------------
    closed, token = w["closed"], w["token"]
    site.get(f"/consultaties/{closed.slug}/uitnodiging/{token}", "invitation (signed out)", who=VISITOR)
    site.get(f"/consultaties/{closed.slug}/uitnodiging/{token}", "invitation", who="invitee")
    site.get(f"/consultaties/{closed.slug}/uitnodiging/{token}", "invitation for someone else", who=CITIZEN, status=403)
    site.get(f"/consultaties/{closed.slug}/uitnodiging/onzin", "invitation link not valid", who=VISITOR, status=404)

    # --- the procesmanager: moderation and recruitment ------------------------------------
    for view in ("reports", "appeals", "ideas", "comments"):
        site.get(f"{manage}/moderatie?view={view}", f"moderation queue: {view}", who=PROCESMANAGER)
    site.get(f"{manage}/moderatie?view=ideas&reported=1&kind=ideas", "moderation queue filtered", who=PROCESMANAGER)
    site.post(f"{manage}/moderatie", "moderation queue with errors", who=PROCESMANAGER, data={"action": "hide"})
    appeal_id = db.session.scalar(select(Appeal.id))
    site.get(f"/beheer/herbeoordelingen/{appeal_id}", "decide on a review", who=PROCESMANAGER)
    site.post(f"/beheer/herbeoordelingen/{appeal_id}", "decide on a review with errors", who=PROCESMANAGER, data={})
    site.get(f"/beheer/ideeen/{w['reported'].id}/verbergen", "hide an idea", who=PROCESMANAGER)
    site.post(f"/beheer/ideeen/{w['reported'].id}/verbergen", "hide with errors", who=PROCESMANAGER, data={"reason": "kort"})
    site.get(f"/beheer/reacties/{w['reported_comment'].id}/verbergen", "hide a comment", who=PROCESMANAGER)
    site.get(f"/beheer/ideeen/{rude.id}/terugzetten", "show an idea again", who=PROCESMANAGER)
    site.post(f"/beheer/ideeen/{rude.id}/terugzetten", "show again with errors", who=PROCESMANAGER, data={})
    site.get(f"/beheer/reacties/{w['hidden_comment'].id}/terugzetten", "show a comment again", who=PROCESMANAGER)
    site.get(f"/beheer/ideeen/{w['benches'].id}/samenvoegen", "merge", who=PROCESMANAGER)
    site.post(f"/beheer/ideeen/{w['benches'].id}/samenvoegen", "merge with errors", who=PROCESMANAGER,
              data={"q": "bomen", "reason": ""})
    site.get(f"{manage}/huisregels", "edit house rules", who=PROCESMANAGER)
    site.post(f"{manage}/huisregels", "add a house rule with errors", who=PROCESMANAGER, data={"title": ""})
    rule = moderation_queries.house_rules(c)[0]
    site.get(f"{manage}/huisregels/{rule.id}", "edit a house rule", who=PROCESMANAGER)
    site.get(f"{manage}/werving", "recruitment", who=(PROCESMANAGER, OWNER, ADMIN))
    site.get(f"/beheer/consultaties/{closed.slug}/werving", "recruitment with invitations", who=(PROCESMANAGER, ADMIN))
    site.post(f"/beheer/consultaties/{closed.slug}/werving/uitnodigen", "invite with errors", who=PROCESMANAGER,
              data={"emails": "geen adres"})

    # --- the owner: managing, responses, outcomes ------------------------------------------
    site.get("/beheer", "manage", who=(OWNER, ADMIN))
    site.get("/beheer/consultaties/nieuw", "new consultation", who=OWNER)
    site.post("/beheer/consultaties/nieuw", "new consultation with errors", who=OWNER, data={"title": "x"})
    site.get(f"{manage}/bewerken", "edit consultation", who=(OWNER, ADMIN))
    site.get(f"{manage}/fasen", "phases", who=(OWNER, ADMIN))
    site.get(f"{manage}/fasen/nieuw", "new phase", who=OWNER)
    site.post(f"{manage}/fasen/nieuw", "new phase with errors", who=OWNER, data={"kind": "evaluation"})
    site.get(f"{manage}/fasen/{c.phases[0].id}", "edit phase", who=OWNER)
    site.get(f"{manage}/bestanden", "image and attachments", who=(OWNER, ADMIN))
    site.get(f"{manage}/fasen/{c.phases[1].id}/bestanden", "a phase's image and attachments", who=OWNER)
    site.get(f"{manage}/uitkomsten/{w['draft'].id}/bestanden", "an outcome's image and attachments", who=OWNER)
    site.post(f"{manage}/bestanden/bijlagen", "add an attachment with errors", who=OWNER, data={"attachment-title": "x"})
    site.post(f"{manage}/bestanden/afbeelding", "image with errors", who=OWNER, data={"image-alt_text": ""})
    site.get(f"{manage}/bestanden/{w['proposal'].id}/verwijderen", "remove an attachment", who=OWNER)
    site.get(f"{manage}/termijnbewaking", "overdue responses", who=(OWNER, ADMIN))
    site.get("/mijn-werk", "my work", who=(OWNER, PROCESMANAGER, ADMIN))
    site.post(f"{manage}/termijnbewaking/reactietermijn", "response time with errors", who=OWNER,
              data={"response_days": "-1"})
    site.get(f"/ideeen/{w['fresh'].id}/reageren", "respond", who=OWNER)
    site.get(f"/ideeen/{trees.id}/reageren", "respond again", who=OWNER)
    site.post(f"/ideeen/{w['fresh'].id}/reageren", "respond with errors", who=OWNER, data={})
    site.get(f"/ideeen/{trees.id}/voortgang", "progress update", who=OWNER)
    site.post(f"/ideeen/{trees.id}/voortgang", "progress update with errors", who=OWNER, data={"progress": "200"})
    draft = w["draft"]
    site.get(f"{manage}/uitkomsten", "outcomes", who=OWNER)
    site.get(f"{manage}/uitkomsten/nieuw", "new outcome", who=OWNER)
    site.post(f"{manage}/uitkomsten/nieuw", "new outcome with errors", who=OWNER, data={"title": "x"})
    site.get(f"{manage}/uitkomsten/{draft.id}", "prepare outcome", who=OWNER)
    site.get(f"{manage}/uitkomsten/{draft.id}/ideeen", "choose ideas for an outcome", who=OWNER)
    site.get(f"{manage}/uitkomsten/{draft.id}/ideeen?q=bomen&status=new&phase={c.phases[0].id}",
             "choose ideas, filtered", who=OWNER)
    site.get(f"{manage}/uitkomsten/{draft.id}/publiceren", "publish outcome: are you sure?", who=OWNER)
    site.get(f"{manage}/uitkomsten/{draft.id}/bewerken", "edit outcome", who=OWNER)
    site.get(f"{manage}/uitkomsten/{draft.id}/besluiten/{w['reported'].id}", "change a decision", who=OWNER)
    site.get(f"{manage}/uitkomsten/{draft.id}/besluiten/{w['fresh'].id}", "new decision", who=OWNER)
    site.post(f"{manage}/uitkomsten/{draft.id}/besluiten/{w['fresh'].id}", "decision with errors", who=OWNER, data={})
    site.get(f"/consultaties/{slug}/uitkomsten/{draft.id}", "draft outcome preview", who=OWNER)
    site.get(f"{manage}/rollen", "roles", who=(OWNER, ADMIN))
    site.post(f"{manage}/rollen", "roles with errors", who=OWNER, data={"email": "geen adres"})
    from cocreatie.models import ConsultationMember
    memberships = {row.user_id: row.id for row in db.session.execute(select(
        ConsultationMember.user_id, ConsultationMember.id).where(ConsultationMember.consultation_id == c.id))}
    site.get(f"{manage}/rollen/{memberships[w['pm'].id]}/verwijderen", "confirm removing a role", who=OWNER)
    site.get(f"{manage}/rollen/{memberships[w['owner'].id]}/verwijderen", "the last owner stays", who=OWNER)
    # the safety net: confirmation pages
    concept = w["concept"]
    site.get(f"/beheer/consultaties/{concept.slug}/publiceren", "publish: confirm", who=OWNER)
    site.post(f"/beheer/consultaties/{concept.slug}/publiceren/plannen", "plan publication with errors", who=OWNER,
              data={"publish_on": "1900-01-01", "publish_time": "08:00"})
    site.get(f"/beheer/consultaties/{concept.slug}/verwijderen", "delete a draft: confirm", who=OWNER)
    site.get(f"{manage}/terug-naar-concept", "back to draft: not any more", who=OWNER)
    site.get(f"/beheer/consultaties/{w['upcoming'].slug}/terug-naar-concept", "back to draft: confirm", who=ADMIN)
    site.get(f"{manage}/kopieren", "copy a consultation", who=OWNER)
    site.post(f"{manage}/kopieren", "copy with errors", who=OWNER, data={"first_day": "1900-01-01"})
    site.get(f"/beheer/consultaties/{concept.slug}/fasen/{concept.phases[0].id}/verwijderen", "remove a phase: confirm",
             who=OWNER)
    site.post(f"{manage}/bewerken", "make invite-only: confirm", who=OWNER, status=200,
              data={"title": c.title, "question": c.question, "summary": c.summary, "body": c.body,
                    "visibility": "invite_only", "support_budget": ""})
    site.get(f"{manage}/huisregels/{rule.id}/verwijderen", "remove a house rule: confirm", who=PROCESMANAGER)
    open_invitation = db.session.scalar(select(Invitation.id).where(
        Invitation.consultation_id == closed.id, Invitation.status == InvitationStatus.OPEN))
    site.get(f"/beheer/consultaties/{closed.slug}/werving/{open_invitation}/intrekken", "withdraw an invitation: confirm",
             who=PROCESMANAGER)

    # --- goals and KPIs -------------------------------------------------------------------------
    site.get(f"{manage}/dashboard", "dashboard", who=(PROCESMANAGER, OWNER, ADMIN))
    site.get(f"/beheer/consultaties/{w['concept'].slug}/dashboard", "dashboard of a draft", who=OWNER)
    site.get(f"{manage}/doelen", "goal and targets", who=OWNER)
    site.post(f"{manage}/doelen", "goal and targets with errors", who=OWNER,
              data={"text": "Doel", "target_responded_in_time": "120"})
    site.get(f"/consultaties/{w['finished'].slug}/verantwoording", "accountability", who=(VISITOR, CITIZEN))
    site.get(f"/consultaties/{w['finished'].slug}/verantwoording/rapport", "accountability report", who=VISITOR)
    site.get(f"/consultaties/{slug}/verantwoording", "accountability before closing", who=VISITOR, status=404)

    # --- reach: profile questions, the representation, reference figures --------------------
    site.get(f"/consultaties/{slug}/over-u", "profile questions", who=(CITIZEN, "critic"))
    site.post(f"/consultaties/{slug}/over-u", "profile questions with errors", who=CITIZEN,
              data={"postcode": "12", "age_band": "25-44", "action": "answer"})
    site.get(f"{manage}/bereik", "reach and representativeness", who=(PROCESMANAGER, OWNER))
    site.get(f"{manage}/werving?wijk=WK099902", "recruitment in a district", who=PROCESMANAGER)
    site.get(f"{manage}/profielvragen", "profile questions of a consultation", who=(OWNER, ADMIN))
    site.post(f"{manage}/profielvragen", "profile questions with errors", who=OWNER,
              data={"channel": "y", "channels": ""})
    site.get("/beheer/bereik", "reference figures and districts", who=ADMIN)
    site.post("/beheer/bereik/referentiecijfers", "reference figures with errors", who=ADMIN,
              data=lambda: {"population-upload": (io.BytesIO(b"Codering;Wijk\nWK1;Noord\n"), "wijken.csv")})
    site.post("/beheer/bereik/postcodes", "postcode table with errors", who=ADMIN, data={})

    # --- the administrator ------------------------------------------------------------------
    site.get("/beheer/audit", "audit log", who=ADMIN)
    site.get(f"/beheer/audit?action=moderation&consultation={c.id}", "audit log filtered", who=ADMIN)
    site.get("/beheer/mensen", "people", who=ADMIN)
    site.get("/beheer/mensen?q=piet", "people found", who=ADMIN)
    site.get("/beheer/mensen?q=niemand-zo", "people not found", who=ADMIN)
    site.get(f"/beheer/mensen/{w['pm'].id}", "a person with roles", who=ADMIN)
    site.get(f"/beheer/mensen/{w['admin'].id}", "the administrator's own person page", who=ADMIN)
    for change in ("ambtenaar", "beheerder", "blokkeren"):
        site.get(f"/beheer/mensen/{w['critic'].id}/{change}", f"confirm: {change}", who=ADMIN)
    site.get(f"/beheer/mensen/{w['admin'].id}/blokkeren", "confirm: not possible", who=ADMIN)

    # --- co-writing: a draft text, its versions, paragraphs and amendments -----------------------
    d = w["document"]
    site.get(f"/teksten/{d.id}", "draft text, version 2 with credits")
    site.get(f"/teksten/{d.id}/versies/1", "draft text, an older version", who=(VISITOR, CITIZEN))
    site.get(f"/teksten/{d.id}/versies/2/wat-er-veranderde", "what changed in a version")
    site.get(f"/teksten/{d.id}/vergelijken?van=1&met=2", "versions side by side", who=(VISITOR, CITIZEN))
    site.get(f"/teksten/{d.id}/vergelijken?van=1&met=2&weergave=inline", "versions inline", who=(VISITOR, CITIZEN))
    site.get(f"/teksten/{d.id}/alineas/2", "a paragraph with reactions and amendments")
    site.post(f"/teksten/{d.id}/alineas/2/reacties", "react to a paragraph with errors", who=CITIZEN, data={"body": ""})
    site.get(f"/teksten/{d.id}/alineas/2/wijzigingsvoorstel", "propose an amendment", who=CITIZEN)
    site.post(f"/teksten/{d.id}/alineas/2/wijzigingsvoorstel", "propose an amendment with errors", who=CITIZEN,
              data={"kind": "replace", "proposed_text": "Op het plein komen twaalf nieuwe linden.", "explanation": "",
                    "base_version": "2"})
    site.post(f"/teksten/{d.id}/alineas/2/wijzigingsvoorstel", "the paragraph changed while writing", who=CITIZEN,
              data={"kind": "replace", "proposed_text": "Dertig bomen.", "explanation": "Meer.", "base_version": "1"},
              status=409)
    for key in ("accepted_amendment", "open_amendment", "outdated_amendment"):
        site.get(f"/wijzigingsvoorstellen/{w[key].id}", f"amendment ({key})", who=(VISITOR, CITIZEN, OWNER))
    site.post(f"/wijzigingsvoorstellen/{w['open_amendment'].id}/besluit", "decide with errors", who=OWNER,
              data={"status": "rejected", "reason": ""})
    site.post(f"/wijzigingsvoorstellen/{w['open_amendment'].id}/reacties", "discuss with errors", who=CITIZEN,
              data={"body": ""})
    site.get(f"/beheer/teksten/{d.id}", "overview per paragraph", who=OWNER)
    site.get(f"/beheer/teksten/{d.id}?sorteer=support", "overview per paragraph, by support", who=OWNER)
    site.get(f"{manage}/wijzigingsvoorstellen", "amendments awaiting a decision", who=OWNER)
    site.get(f"/beheer/teksten/{d.id}/nieuwe-versie", "publish a new version", who=OWNER)
    site.post(f"/beheer/teksten/{d.id}/nieuwe-versie", "publish with errors", who=OWNER, data={"summary": ""})
    site.get(f"{manage}/teksten/nieuw", "add a draft text", who=OWNER)
    site.post(f"{manage}/teksten/nieuw", "add a draft text with errors", who=OWNER, data={"title": "x", "body": ""})

    # --- error pages ---------------------------------------------------------------------------
    site.get("/bestaat-niet", "not found", who=(VISITOR, CITIZEN), status=404)
    site.get("/beheer/audit", "forbidden", who=CITIZEN, status=403)
    site.get(f"/ideeen/{trees.id}/reageren", "forbidden for a procesmanager", who=PROCESMANAGER, status=403)
    site.get("/uitloggen", "method not allowed", who=VISITOR, status=405)


def _render_sign_in(site: Site, app, w: dict) -> None:
    """The sessions page, two-step sign-in in each state, and the code step of log-in."""
    box = secret_box.for_app(app.config)
    signin.turn_on_with_secret(w["critic"], TOTP_SECRET, box, NOW)  # a citizen who opted in
    db.session.commit()
    base = "/account/tweestapsverificatie"
    site.get("/account/sessies", "where you are logged in", who=SIGNED_IN)
    site.get(base, "two-step sign-in", who=(CITIZEN, OWNER, "critic"))
    site.get(f"{base}/instellen", "set up two-step sign-in", who=CITIZEN)
    site.post(f"{base}/instellen", "set up with errors", who=CITIZEN, data={"password": "fout"})
    site.get(f"{base}/uitzetten", "turn two-step sign-in off", who="critic")
    site.post(f"{base}/uitzetten", "turn off with errors", who="critic", data={"code": "000000"})
    site.get(f"{base}/nieuwe-herstelcodes", "new recovery codes", who=OWNER)
    site.post(f"{base}/nieuwe-herstelcodes", "new recovery codes with errors", who=OWNER, data={"code": "0"})
    for locale in LOCALES:
        # A new procesmanager, sent to set it up, going through it.
        db.session.commit()  # end the test's own reads first (see tests/feedback/test_routes.py)
        user = accounts.create_user(f"nieuw-{locale}@example.nl", "Nieuwe procesmanager", PASSWORD, NOW)
        accounts.assign_consultation_role(user, w["consultation"].id, MemberRole.PROCESMANAGER, NOW)
        db.session.commit()
        new = site.clients["new staff", locale] = _client(app, user, locale)
        site.get(base, "two-step sign-in required", who="new staff", locales=(locale,))
        refresh()
        new.post(f"{base}/instellen", data={"password": PASSWORD})
        site.get(f"{base}/koppelen", "connect the app", who="new staff", locales=(locale,))
        site.post(f"{base}/koppelen", "connect the app with errors", who="new staff", data={"code": "000000"},
                  locales=(locale,))
        refresh()
        new.post(f"{base}/koppelen", data={"code": signin.totp_code(signin.pending_secret(user, box), signin.time_step(NOW))})
        site.get(f"{base}/herstelcodes", "recovery codes", who="new staff", locales=(locale,))
        # The code step of logging in.
        pending = site.clients["password typed", locale] = _client(app, None, locale)
        refresh()
        pending.post("/inloggen", data={"email": w["owner"].email, "password": PASSWORD})
        site.get("/inloggen/code", "type your code", who="password typed", locales=(locale,))
        site.post("/inloggen/code", "code with errors", who="password typed", data={"code": "000000"},
                  locales=(locale,))


def _render_failures(site: Site, app) -> None:
    """Pages only an error produces: a server error, an expired form, a busy database, too much data."""
    failing = create_app({**app.config, "TESTING": False, "WTF_CSRF_ENABLED": True})
    # Routes of this throwaway app only, each raising what the real ones may raise.
    statuses = {"fout": 500, "verboden": 403, "verwijderd": 410, "te-vaak": 429}

    @failing.get("/proef/<what>")
    def fail(what: str):
        if what == "fout":
            raise RuntimeError("a bug that must not be shown")
        abort(statuses[what])

    @failing.post("/proef/druk")
    def busy():
        raise OperationalError("INSERT …", {}, Exception("database is locked"))

    slug = db.session.scalar(select(Consultation.slug).where(Consultation.published_at.is_not(None)).limit(1))
    for locale in LOCALES:
        client = _client(failing, None, locale)
        for what, status in statuses.items():
            site._record("GET", f"/proef/{what}", client.get(f"/proef/{what}"), status, f"error {status}", VISITOR, locale)
        response = client.post(f"/consultaties/{slug}/ideeen/nieuw", data={"title": "Meer bankjes", "body": "Mijn tekst."})
        site._record("POST", f"/consultaties/{slug}/ideeen/nieuw", response, 400, "session expired", VISITOR, locale)
        response = client.post("/registreren", data={"display_name": "x" * (3 * 1024 * 1024)})
        site._record("POST", "/registreren", response, 413, "too large", VISITOR, locale)
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/inloggen").get_data(as_text=True))[1]
        response = client.post("/proef/druk", data={"csrf_token": token, "title": "Meer bankjes", "body": "Mijn tekst."})
        site._record("POST", "/proef/druk", response, 503, "database busy", VISITOR, locale)


def _check_with_vnu(pages: list[Rendered]) -> list[str]:
    """Run the checker once over all files; the problems as readable lines."""
    try:
        result = subprocess.run(
            # A short run: Java's quick compiler alone and its simplest collector halve the
            # checker's CPU time (same messages).
            ["java", "-Xss8m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(VNU_JAR),
             "--errors-only", "--format", "json", *[str(p.file) for p in pages]],
            capture_output=True, text=True, timeout=600,
        )
    except FileNotFoundError:
        pytest.fail("The Nu HTML Checker needs Java 11 or newer: sudo apt-get install default-jre-headless")
    if result.returncode not in (0, 1):
        pytest.fail(f"the Nu HTML Checker did not run (exit {result.returncode}):\n{result.stderr[-2000:]}")
    report = json.loads(result.stderr or result.stdout)
    by_file = {p.file.name: p for p in pages}
    problems = []
    for message in report["messages"]:
        if message.get("type") not in ("error", "non-document-error"):
            continue
        page = by_file.get(Path(urlsplit(message.get("url", "")).path).name)
        where = f"{page.file.name}:{message.get('lastLine', '?')}" if page else message.get("url", "?")
        what = f"{page.label} {page.url}" if page else ""
        extract = (message.get("extract") or "").replace("\n", " ")
        problems.append(f"{where}: {message['message']}\n    {what}\n    …{extract}…")
    return problems


def test_every_page_type_is_valid_html(app, committed, page_world, tmp_path):
    assert VNU_JAR.is_file(), f"The Nu HTML Checker is not installed ({VNU_JAR}). Run `make vnu` first."

    app.config.update(IDEAS_PER_PAGE=4, COMMENTS_PER_PAGE=1)  # so that lists show their page links
    w = page_world
    people = {
        VISITOR: None, CITIZEN: w["author"], PROCESMANAGER: w["pm"], OWNER: w["owner"], ADMIN: w["admin"],
        "critic": w["critic"], "invitee": w["invitee"],
    }
    site = Site(app=app, folder=tmp_path)
    for who, user in people.items():
        for locale in LOCALES:
            site.clients[who, locale] = _client(app, user, locale)
    _render_everything(site, w)
    _render_sign_in(site, app, w)
    _render_failures(site, app)

    get_routes = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    missing = sorted(get_routes - site.endpoints - set(EXEMPT))
    assert not missing, f"These page types were never rendered; add them to this test (or to EXEMPT, with a reason): {missing}"

    problems = _check_with_vnu(site.pages)
    assert not problems, (
        f"{len(problems)} HTML error(s) in {len(site.pages)} distinct pages ({site.rendered} rendered), "
        f"kept in {tmp_path}:\n" + "\n".join(problems)
    )

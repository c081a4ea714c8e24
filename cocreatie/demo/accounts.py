"""The demo's four log-ins (staff with their authenticator keys), and the keys the data
files use for them (`by = "@citizen"`)."""

from __future__ import annotations

from cocreatie.models import SiteRole

CITIZEN_EMAIL = "inwoner@voorbeeld.nl"
PROCESMANAGER_EMAIL = "procesmanager@voorbeeld.nl"
CIVIL_SERVANT_EMAIL = "ambtenaar@voorbeeld.nl"
ADMIN_EMAIL = "beheerder@voorbeeld.nl"
DEMO_PASSWORD = "voorbeeld-demo-2026"
DEMO_URL = "http://127.0.0.1:5000"

# Staff sign in with two factors (cocreatie.signin). The demo's staff have them set up
# with these fixed authenticator keys, printed below, so that the demo stays explorable.
# Demo only: anyone who reads this file can make their codes.
TOTP_SECRETS = {
    PROCESMANAGER_EMAIL: "3JYKFX4A6S5E6PQVOBAYIMEJFYCYHLMW",
    CIVIL_SERVANT_EMAIL: "DW4DCEBDPELCYB6M74MSHQGOAKYC7AWN",
    ADMIN_EMAIL: "LXFGUQBWDIRW5ESOXIXMACSZ5LHLAZRC",
}

LOGINS_TEXT = f"""\
Demo log-ins for Gemeente Voorbeeld (every account uses the password {DEMO_PASSWORD}):

  citizen (inwoner)           {CITIZEN_EMAIL:<28}  notifications, an idea of her own
  procesmanager               {PROCESMANAGER_EMAIL:<28}  moderation: open reports, a request for review
  civil servant (ambtenaar)   {CIVIL_SERVANT_EMAIL:<28}  official responses, an outcome, progress updates
  administrator (beheerder)   {ADMIN_EMAIL:<28}  audit log

Staff accounts also ask for a code (two-step sign-in). Add their key to an authenticator
app, or print the current code with
  .venv/bin/python -c "import pyotp; print(pyotp.TOTP('KEY').now())"

  procesmanager               {TOTP_SECRETS[PROCESMANAGER_EMAIL]}
  civil servant (ambtenaar)   {TOTP_SECRETS[CIVIL_SERVANT_EMAIL]}
  administrator (beheerder)   {TOTP_SECRETS[ADMIN_EMAIL]}

Open {DEMO_URL} in your browser."""

# Every other person in the data files is named by their display name (people.toml).
CITIZEN = "@citizen"
PROCESMANAGER = "@procesmanager"
CIVIL_SERVANT = "@civil-servant"
ADMIN = "@admin"

ROLE_ACCOUNTS: tuple[tuple[str, str, str, SiteRole], ...] = (
    (CITIZEN, CITIZEN_EMAIL, "Lotte Jansen", SiteRole.CITIZEN),
    (PROCESMANAGER, PROCESMANAGER_EMAIL, "Mirjam Smit", SiteRole.CITIZEN),
    (CIVIL_SERVANT, CIVIL_SERVANT_EMAIL, "Ahmed Bouali", SiteRole.CIVIL_SERVANT),
    (ADMIN, ADMIN_EMAIL, "Peter van Dijk", SiteRole.ADMIN),
)

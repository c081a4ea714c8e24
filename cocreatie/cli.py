"""`flask --app cocreatie …` commands: thin wrappers around services."""

from __future__ import annotations

import click
from alembic import command
from alembic.config import Config
from flask import Flask, current_app
from sqlalchemy import select

from cocreatie import audit, db, names
from cocreatie.accounts import services as account_services
from cocreatie.clock import utcnow
from cocreatie.config import PROJECT_ROOT
from cocreatie.models import Consultation, SiteRole, User
from cocreatie.models.users import normalise_email


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade_database(database_url: str) -> None:
    command.upgrade(alembic_config(database_url), "head")


def init_app(app: Flask) -> None:
    @app.cli.command("migrate")
    def migrate():
        """Apply all database migrations."""
        upgrade_database(current_app.config["DATABASE_URL"])
        click.echo("Database is up to date.")

    @app.cli.command("load-demo")
    def load_demo():
        """Load the Gemeente Voorbeeld demo data (once; does nothing if it is there)."""
        if current_app.config["ENV_NAME"] == "production":
            raise click.ClickException(
                "load-demo refuses to run with COCREATIE_ENV=production: the demo creates an "
                "administrator whose password is published."
            )
        from cocreatie import demo

        if db.session.scalar(select(User).where(User.email == demo.CITIZEN_EMAIL)):
            click.echo("Demo data is already loaded.")
        else:
            with click.progressbar(length=100, label="Loading demo data") as bar:
                demo.load(utcnow(), progress=bar.update)
            db.session.commit()
        click.echo(demo.LOGINS_TEXT)

    @app.cli.command("create-admin")
    @click.option("--email", prompt=True)
    @click.option("--name", prompt=True)
    @click.password_option()
    def create_admin(email: str, name: str, password: str):
        """Create an administrator account."""
        problem = account_services.password_problem(password, email, name)
        if problem:
            raise click.BadParameter(problem, param_hint="password")
        problem = names.display_name_problem(names.normalise_display_name(name), role_words_allowed=True)
        if problem:
            raise click.BadParameter(problem, param_hint="name")
        now = utcnow()
        admin = account_services.create_user(email, name, password, now, site_role=SiteRole.ADMIN)
        audit.record(None, "roles.assign", f"user {admin.id}", now,
                     after={"site_role": SiteRole.ADMIN.value, "via": "command line"})
        db.session.commit()
        click.echo(f"Administrator {email} created.")

    @app.cli.command("assign-role")
    @click.argument("email")
    @click.argument("role", type=click.Choice(["citizen", "civil_servant", "admin", "owner", "procesmanager"]))
    @click.option("--consultation", "slug", help="Slug of the consultation (for owner and procesmanager).")
    def assign_role(email: str, role: str, slug: str | None):
        """Give someone a site role, or a role in one consultation."""
        from cocreatie.recruitment import services as role_services

        user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
        if user is None:
            raise click.ClickException(f"No account with e-mail address {email}.")
        consultation = None
        if role in {"owner", "procesmanager"}:
            consultation = db.session.scalar(select(Consultation).where(Consultation.slug == (slug or "")))
            if consultation is None:
                raise click.ClickException("Give an existing consultation with --consultation SLUG.")
        # Recorded in the audit log like a change made on the site (without an actor).
        role_services.assign_role_from_command_line(user, role, utcnow(), consultation=consultation)
        db.session.commit()
        click.echo(f"{email} is now {role}" + (f" of {slug}" if slug else "") + ".")

    @app.cli.command("send-digests")
    def send_digests():
        """E-mail the daily digest to everyone who chose it (run once a day)."""
        from cocreatie.notifications import delivery

        now, last, sent = utcnow(), 0, 0
        with click.progressbar(length=delivery.count_digest_recipients(), label="Sending digests") as bar:
            # A commit per batch: each batch's mail goes out after its commit, and what
            # was sent is marked, so a rerun after a failure sends only the rest.
            while (batch := delivery.send_digest_batch(now, after_user_id=last)) is not None:
                db.session.commit()
                bar.update(batch.sent)
                sent, last = sent + batch.sent, batch.last_user_id
        click.echo(f"Sent {sent} digest(s).")

    @app.cli.command("notify-phase-changes")
    def notify_phase_changes():
        """Tell followers about phases that have started (run e.g. every 15 minutes)."""
        from cocreatie.notifications import services as notification_services

        announced = notification_services.announce_started_phases(utcnow())
        db.session.commit()
        click.echo(f"Announced {announced} phase(s).")

    @app.cli.command("seed-bench")
    @click.option("--ideas", default=100_000, show_default=True, help="Ideas in the benchmark consultation.")
    @click.option("--supports", default=1_000_000, show_default=True, help="Supports over all ideas.")
    @click.option("--comments", default=300_000, show_default=True, help="Comments over all ideas.")
    @click.option("--users", type=int, default=None, help="People (default: enough for the supports).")
    def seed_bench(ideas: int, supports: int, comments: int, users: int | None):
        """Create (or replace) the large "Benchmark" consultation for load tests."""
        from cocreatie import seeding

        with click.progressbar(length=100, label="Seeding benchmark data") as bar:
            from cocreatie.signin import secret_box

            consultation = seeding.seed_bench(
                ideas=ideas, supports=supports, comments=comments, users=users, progress=bar.update,
                secret_box=secret_box.for_app(current_app.config),
            )
        db.session.commit()
        seeding.after_commit()
        click.echo(
            f"Consultation /consultaties/{consultation.slug}: {ideas} ideas, {supports} supports, "
            f"{comments} comments; the idea with the most comments is "
            f"/ideeen/{seeding.heavy_idea_id(consultation.id)}. Every account "
            f"(bench-000000@{seeding.BENCH_EMAIL_DOMAIN} …) has the password {seeding.BENCH_PASSWORD}."
        )

    @app.cli.command("export")
    @click.argument("path", required=False, type=click.Path(dir_okay=False))
    @click.option("--consultation", "slug", default=None, help="One consultation (its slug); default: all public ones.")
    def export_open_data(path: str | None, slug: str | None):
        """Make the open-data downloads (ZIP: CSV, JSON, datapackage.json).

        Without PATH: the downloads the website serves, in OPEN_DATA_PATH (instance/open-data),
        one per public consultation and one for the whole site, each made again only when
        its content changed (run it from cron, see the README). With PATH: one download
        written to that file."""
        from cocreatie.opendata import stored, tables

        config = current_app.config
        consultations = tables.public_consultations(slug)
        if slug and not consultations:
            raise click.ClickException(f"No public consultation {slug!r}.")
        organisation, locale = config["ORGANISATION_NAME"], config["BABEL_DEFAULT_LOCALE"]

        def with_progress(label: str, chosen, write) -> None:
            rows = tables.count_rows(tables.Scope([c.id for c in chosen]))
            with click.progressbar(length=max(rows, 1), label=label) as bar:
                seen = 0

                def tick():
                    nonlocal seen
                    seen += 1
                    if seen % 1000 == 0:
                        bar.update(1000)

                write(tick)

        if path is not None:
            import os

            from cocreatie.opendata import export

            name, title = stored.described(consultations[0] if slug else None, organisation, locale)
            draft = f"{path}.part"  # moved into place only when complete: never half a file at PATH
            try:
                with open(draft, "wb") as out:
                    with_progress("Exporting", consultations, lambda tick: export.write(
                        out, [c.id for c in consultations], name=name, title=title, organisation=organisation,
                        now=utcnow(), tick=tick))
                os.replace(draft, path)
            finally:
                if os.path.exists(draft):
                    os.remove(draft)
            click.echo(f"Wrote {path}: {len(consultations)} consultation(s).")
            return

        downloads = stored.downloads_from(config)
        wanted = [(c.slug, [c], False) for c in consultations] + ([] if slug else [("the whole site", consultations, True)])
        made = 0
        for label, chosen, site in wanted:
            key = stored.SITE if site else stored.key_of(chosen[0])
            now = stored.made_now(chosen, utcnow())
            before = downloads.made(key)
            if before is not None and before.same_content(now):
                click.echo(f"{label}: up to date (made {before.at:%Y-%m-%d %H:%M} UTC).")
                continue
            with_progress(label, chosen, lambda tick: stored.make(
                downloads, chosen, site=site, organisation=organisation, locale=locale, made=now, tick=tick))
            db.session.rollback()  # end the read: the next download sees the newest data
            made += 1
        if not slug:  # a consultation no longer public: its download goes
            public = {stored.key_of(c) for c in consultations} | {stored.SITE}
            for key in set(downloads.keys()) - public:
                downloads.remove(key)
                click.echo(f"Removed {key}.zip: no longer public.")
        click.echo(f"Made {made} download(s) in {downloads.folder}.")

    @app.cli.command("publish-scheduled")
    def publish_scheduled():
        """Publish the drafts whose planned publication has come (run every few minutes;
        the first view of such a draft publishes it too)."""
        from cocreatie.consultations import services as consultations

        published = consultations.publish_due(utcnow())
        db.session.commit()
        for consultation in published:
            click.echo(f"Published {consultation.slug}.")
        click.echo(f"{len(published)} consultation(s) published.")

    @app.cli.command("retention")
    def retention():
        """Remove personal data kept longer than the privacy statement says (run once a day)."""
        from cocreatie.privacy import retention as privacy_retention

        done = privacy_retention.apply_retention(utcnow())
        db.session.commit()
        for line in done.lines():
            click.echo(line)

    @app.cli.command("backup")
    @click.argument("path", required=False, type=click.Path(dir_okay=False))
    def backup_database(path: str | None):
        """Write a consistent copy of the database while the site keeps running.

        Without PATH: instance/backups/cocreatie-<UTC time>.sqlite (.dump on PostgreSQL).
        The uploaded files its rows name go into the folder PATH.files. Both hold
        personal data and are readable by their owner only.
        """
        from pathlib import Path

        from cocreatie import backup

        from cocreatie.files import storage as file_storage

        engine = db.current().engine
        folder = Path(current_app.instance_path) / "backups"
        target = Path(path) if path else backup.default_path(folder, engine, utcnow())
        try:
            written = backup.back_up(engine, target, progress=click.echo, storage=file_storage.current())
        except backup.BackupError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"Wrote {written.describe()}.")
        if written.files:
            click.echo(f"The uploaded files are in {backup.files_folder(target)}: keep them with the copy.")
        if written.missing:
            click.echo("The missing files were deleted, with their rows, while the backup ran.")

    @app.cli.command("restore")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    def restore_database(path: str):
        """Read a backup into this database, which must be empty, and its uploaded files
        (PATH.files) into the file storage; then run `flask migrate`."""
        from pathlib import Path

        from alembic.script import ScriptDirectory

        from cocreatie import backup

        from cocreatie.files import storage as file_storage

        try:
            restored = backup.restore(db.current().engine, Path(path), progress=click.echo, storage=file_storage.current())
        except backup.BackupError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"Restored {restored.describe()}; content version {restored.content_version}.")
        if restored.missing:
            click.echo(f"Put the missing files into {current_app.config.get('FILE_STORAGE_PATH') or 'instance/files'} "
                       f"from {backup.files_folder(Path(path))} or another copy; until then those images and attachments cannot be shown.")
        head = ScriptDirectory.from_config(alembic_config(current_app.config["DATABASE_URL"])).get_current_head()
        if restored.revision != head:
            click.echo(f"Run `flask migrate` to bring the data from revision {restored.revision} to {head}.")

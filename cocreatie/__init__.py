"""Cocreatie: e-participation and co-creation for governments."""

from __future__ import annotations

from flask import Flask

from cocreatie.config import PROJECT_ROOT


def create_app(config: dict | None = None) -> Flask:
    """Wire the application. Reads configuration; changes nothing outside this app."""
    from cocreatie import branding, cli, config as config_module, db, errorpages, links, mail, pagecache, web
    from cocreatie.converters import BoundedIntConverter
    from cocreatie.accounts import guessing
    from cocreatie.extensions import trust_proxies
    from cocreatie.accounts.routes import bp as accounts_bp
    from cocreatie.api.routes import bp as api_bp
    from cocreatie.admin.routes import bp as admin_bp
    from cocreatie.consultations.routes import bp as consultations_bp
    from cocreatie.cowriting.routes import bp as cowriting_bp
    from cocreatie.extensions import babel, csrf, limiter, login_manager, select_locale
    from cocreatie.feedback.routes import bp as feedback_bp
    from cocreatie.files import storage as file_storage
    from cocreatie.files import receivers as file_receivers
    from cocreatie.measure import receivers as measure_receivers
    from cocreatie.files.routes import bp as files_bp
    from cocreatie.ideas.routes import bp as ideas_bp
    from cocreatie.measure.routes import bp as measure_bp
    from cocreatie.moderation import receivers as moderation_receivers
    from cocreatie.moderation.routes import bp as moderation_bp
    from cocreatie.notifications import receivers as notification_receivers
    from cocreatie.notifications.routes import bp as notifications_bp
    from cocreatie.opendata.routes import bp as opendata_bp
    from cocreatie.pages.routes import bp as pages_bp
    from cocreatie.privacy.routes import bp as privacy_bp
    from cocreatie.recruitment.routes import bp as recruitment_bp
    from cocreatie.people.routes import bp as people_bp
    from cocreatie.reach.routes import bp as reach_bp
    from cocreatie.signin import current as signin_current
    from cocreatie.signin import receivers as signin_receivers
    from cocreatie.signin.routes import bp as signin_bp
    from cocreatie.worklist.routes import bp as worklist_bp

    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    # Every <int:...> in a route: ASCII digits, no larger than an id (404 otherwise).
    app.url_map.converters["int"] = BoundedIntConverter
    app.config.update(config_module.from_environment())
    if config:
        app.config.update(config)
    config_module.settle_secret_key(app.config)  # outside production: instance/secret_key
    config_module.check_safe(app.config)
    branding.init_app(app)  # a wrong colour or logo stops here, with a ConfigError

    database = db.init_app(app)
    mail.init_app(app, database)
    file_storage.init_app(app, database)  # uploads: bytes follow their rows' commit or rollback
    links.init_app(app)
    csrf.init_app(app)
    trust_proxies(app)  # PROXY_HOPS: the visitor's address for rate limits and the audit log
    limiter.init_app(app)
    guessing.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(PROJECT_ROOT / "cocreatie" / "translations"),
    )
    web.init_app(app, login_manager)
    # The signed-in person, only while the session's record on the server is live: ended
    # at log-out, from the sessions page, by a password change, or timed out.
    login_manager.user_loader(signin_current.signed_in_user)
    pagecache.init_app(app, database)  # after web: it reads the version in the request's session
    errorpages.init_app(app)
    cli.init_app(app)
    moderation_receivers.connect()  # idempotent: a second app connects nothing twice
    notification_receivers.connect()
    signin_receivers.connect()
    file_receivers.connect()  # a copied consultation gets its own copy of the header images
    measure_receivers.connect()  # … and the goal and KPI targets of its source

    # The read API first: its request hook makes an API request anonymous before any
    # other feature's hook could load a signed-in person (cocreatie/api/routes.py).
    for blueprint in (
        api_bp, accounts_bp, consultations_bp, ideas_bp, feedback_bp, moderation_bp,
        notifications_bp, recruitment_bp, admin_bp, pages_bp, signin_bp, privacy_bp, worklist_bp,
        opendata_bp, measure_bp, files_bp, cowriting_bp, people_bp, reach_bp,
    ):
        app.register_blueprint(blueprint)
    pagecache.serve_participants(app)  # after the blueprints' checks of the session
    register_personal_parts()
    return app


def register_personal_parts() -> None:
    """The parts of a page that are the reader's own (cocreatie/personal.py), by kind."""
    from cocreatie import personal
    from cocreatie.notifications import queries as notification_queries
    from cocreatie.reach import queries as reach_queries

    personal.register("supported", (False, True), select=personal.rows_of("supports", "idea_id"), read=personal.found_rows)
    personal.register("follow", notification_queries.FOLLOW_VARIANTS, select=notification_queries.follow_select,
                      read=notification_queries.follow_read)
    personal.register("unread", notification_queries.UNREAD_VARIANTS, select=notification_queries.unread_select,
                      read=notification_queries.unread_read)
    personal.register("amendment_supported", (False, True), select=personal.rows_of("amendment_supports", "amendment_id"),
                      read=personal.found_rows)
    personal.register("ask_profile", (False, True), facts=reach_queries.ask_profile_facts)

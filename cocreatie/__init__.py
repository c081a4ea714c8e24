"""Cocreatie: e-participation and co-creation for governments."""

from __future__ import annotations

from flask import Flask

from cocreatie.config import PROJECT_ROOT


def create_app(config: dict | None = None) -> Flask:
    """Wire the application. Reads configuration; changes nothing."""
    from cocreatie import branding, cli, config as config_module, db, errorpages, mail, pagecache, web
    from cocreatie.accounts import bp as accounts_bp
    from cocreatie.consultations import bp as consultations_bp
    from cocreatie.extensions import babel, csrf, limiter, login_manager, select_locale
    from cocreatie.ideas import bp as ideas_bp
    from cocreatie.feedback import bp as feedback_bp
    from cocreatie.moderation import bp as moderation_bp
    from cocreatie.notifications import bp as notifications_bp
    from cocreatie.recruitment import bp as recruitment_bp
    from cocreatie.admin import bp as admin_bp
    from cocreatie.pages import bp as pages_bp

    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.update(config_module.from_environment())
    if config:
        app.config.update(config)
    config_module.check_safe(app.config)
    branding.init_app(app)  # a wrong colour or logo stops here, with a ConfigError

    db.bind(app.config["DATABASE_URL"])
    mail.configure(app.config)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(PROJECT_ROOT / "cocreatie" / "translations"),
    )
    web.init_app(app, login_manager)
    pagecache.init_app(app)  # after web: it reads the version in the request's session
    errorpages.init_app(app)
    cli.init_app(app)

    app.register_blueprint(accounts_bp)
    app.register_blueprint(consultations_bp)
    app.register_blueprint(ideas_bp)
    app.register_blueprint(feedback_bp)
    app.register_blueprint(moderation_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(recruitment_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(pages_bp)
    return app

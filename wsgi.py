"""The WSGI entry point: `gunicorn wsgi:app` in production.

`python wsgi.py` serves the app for development on http://127.0.0.1:5000 like `flask run`,
but without the Server header that names Werkzeug's and Python's versions (`flask run`
offers no way to drop it). Gunicorn's Server header says only "gunicorn", without a
version, and cannot be switched off from here: the TLS proxy in front can drop it."""

from werkzeug.serving import WSGIRequestHandler, run_simple

from cocreatie import create_app

app = create_app()


class QuietRequestHandler(WSGIRequestHandler):
    """Werkzeug's development request handler, without the Server header."""

    def send_response(self, code, message=None):
        self.log_request(code)
        self.send_response_only(code, message)
        self.send_header("Date", self.date_time_string())


if __name__ == "__main__":
    run_simple("127.0.0.1", 5000, app, request_handler=QuietRequestHandler, use_reloader=True, threaded=True)

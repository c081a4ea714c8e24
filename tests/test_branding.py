"""The organisation's colour and logo: WCAG contrast maths, darkening a colour that fails
until it passes (same hue), start-up checks, the generated stylesheet and the header."""

from __future__ import annotations

import colorsys
import logging
import re

import pytest

from cocreatie import branding, create_app
from cocreatie.branding import WHITE, contrast_ratio, parse_colour, relative_luminance
from cocreatie.config import ConfigError

# --- contrast maths ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("colour", "ratio"),
    [("#767676", 4.54), ("#777777", 4.48), ("#000000", 21.0), ("#ffffff", 1.0), ("#154273", 10.20), ("#00703c", 6.21)],
)
def test_contrast_with_white_of_known_colours(colour, ratio):
    assert contrast_ratio(parse_colour(colour), WHITE) == pytest.approx(ratio, abs=0.005)


def test_767676_is_the_lightest_grey_that_passes_aa():
    assert contrast_ratio(parse_colour("#767676"), WHITE) >= 4.5
    assert contrast_ratio(parse_colour("#777777"), WHITE) < 4.5


def test_contrast_is_symmetric_and_luminance_spans_zero_to_one():
    red, blue = parse_colour("#ff0000"), parse_colour("#0000ff")
    assert contrast_ratio(red, blue) == contrast_ratio(blue, red)
    assert relative_luminance((0, 0, 0)) == 0 and relative_luminance(WHITE) == pytest.approx(1)


@pytest.mark.parametrize("value", ["#abc", "#AABBCC", " #aabbcc "])
def test_colours_are_read_in_either_hex_form(value):
    assert parse_colour(value) == (0xAA, 0xBB, 0xCC)


@pytest.mark.parametrize("value", ["", "aabbcc", "#abcd", "#ggg000", "blue", "rgb(0,0,0)", "#1234567"])
def test_anything_else_is_not_a_colour(value):
    with pytest.raises(ValueError):
        parse_colour(value)


# --- adjusting a colour that fails ------------------------------------------------------


def _hue(rgb):
    return colorsys.rgb_to_hls(*(c / 255 for c in rgb))[0]


@pytest.mark.parametrize("colour", ["#777777", "#ffdd00", "#e17000", "#3399ff", "#00ff00", "#ff69b4", "#ffffff"])
def test_a_failing_colour_is_darkened_to_the_lightest_shade_that_passes_keeping_its_hue(colour):
    configured = parse_colour(colour)
    colours = branding.palette(colour)

    assert colours.adjusted
    assert contrast_ratio(colours.primary, WHITE) >= 4.5
    assert contrast_ratio(colours.primary, WHITE) < 4.6  # not darker than it needs to be
    if len(set(configured)) > 1:  # greys have no hue to keep
        assert _hue(colours.primary) == pytest.approx(_hue(configured), abs=0.01)


def test_777777_becomes_767676():
    assert branding.to_hex(branding.palette("#777777").primary) == "#767676"


@pytest.mark.parametrize("colour", ["#154273", "#767676", "#000000", "#00703c"])
def test_a_colour_that_passes_is_kept(colour):
    colours = branding.palette(colour)
    assert not colours.adjusted and branding.to_hex(colours.primary) == colour


@pytest.mark.parametrize("colour", ["#154273", "#ffdd00", "#3399ff", "#000000", "#e17000"])
def test_the_hover_shade_is_darker_with_the_same_hue(colour):
    colours = branding.palette(colour)
    assert contrast_ratio(colours.primary_dark, WHITE) >= contrast_ratio(colours.primary, WHITE) >= 4.5
    if colour != "#000000":
        assert contrast_ratio(colours.primary_dark, WHITE) > contrast_ratio(colours.primary, WHITE) * 1.2
        assert _hue(colours.primary_dark) == pytest.approx(_hue(colours.primary), abs=0.01)


@pytest.mark.parametrize("colour", ["#ffdd00", "#00ff00", "#ff0000", "#3399ff", "#767676"])
def test_the_yellow_focus_indicator_keeps_3_to_1_against_any_primary_colour(colour):
    # WCAG 1.4.11: the focus colour of cocreatie.css on the coloured header and buttons.
    focus = parse_colour("#ffdd00")
    assert contrast_ratio(focus, branding.palette(colour).primary) >= 3


# --- start-up -----------------------------------------------------------------------------


def _app_with(app, **settings):
    return create_app({**app.config, **settings})


@pytest.mark.parametrize("value", ["blue", "#12345", "154273x"])
def test_an_invalid_colour_stops_the_start_with_a_clear_error(app, value):
    with pytest.raises(ConfigError, match="ORGANISATION_COLOUR .* is not a colour"):
        _app_with(app, ORGANISATION_COLOUR=value)


def test_a_failing_colour_is_darkened_with_a_warning(app, caplog):
    with caplog.at_level(logging.WARNING, logger="cocreatie.branding"):
        branded = _app_with(app, ORGANISATION_COLOUR="#e17000")
    assert "ORGANISATION_COLOUR #e17000 has 3.22:1 contrast with white" in caplog.text
    assert "#ba5d00" in caplog.text
    assert "--color-primary: #ba5d00;" in branded.extensions["cocreatie.branding"].css


def test_a_passing_colour_starts_without_a_warning(app, caplog):
    with caplog.at_level(logging.WARNING, logger="cocreatie.branding"):
        _app_with(app, ORGANISATION_COLOUR="#154273")
    assert caplog.text == ""


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("https://cdn.example.com/logo.svg", "must be on this site"),
        ("//cdn.example.com/logo.svg", "must be on this site"),
        ("javascript:alert(1)", "must be on this site"),
        ("img/missing.svg", "no such file under static/"),
        ("../cocreatie/config.py", "no such file under static/"),
        ("img\\logo.svg", "is not a path or URL"),
    ],
)
def test_a_logo_from_elsewhere_or_missing_stops_the_start(app, value, message):
    with pytest.raises(ConfigError, match=message):
        _app_with(app, ORGANISATION_LOGO=value)


def test_a_logo_under_static_is_found_with_or_without_the_prefix(tmp_path, monkeypatch):
    (tmp_path / "static" / "img").mkdir(parents=True)
    (tmp_path / "static" / "img" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    monkeypatch.setattr(branding, "PROJECT_ROOT", tmp_path)
    for value in ["img/logo.svg", "static/img/logo.svg"]:
        assert branding.parse_logo(value, "http://localhost") == branding.Logo(static_file="img/logo.svg")
    assert branding.parse_logo("", "http://localhost") is None
    assert branding.parse_logo("/beeld/logo.png", "http://localhost") == branding.Logo(address="/beeld/logo.png")
    assert branding.parse_logo("https://gemeente.nl/logo.png", "https://gemeente.nl") == branding.Logo(
        address="https://gemeente.nl/logo.png"
    )


# --- the stylesheet and the header --------------------------------------------------------


def _stylesheet_link(page: str) -> str:
    links = re.findall(r'<link rel="stylesheet" href="([^"]+)">', page)
    assert links[0] == "/static/css/cocreatie.css", links  # the generated one comes after
    assert links[1].startswith("/huisstijl.css?v="), links
    return links[1]


def test_without_a_colour_the_stylesheet_changes_nothing(client):
    href = _stylesheet_link(client.get("/").get_data(as_text=True))
    response = client.get(href)
    assert response.status_code == 200 and response.mimetype == "text/css"
    assert "--color" not in response.get_data(as_text=True)


def test_the_stylesheet_sets_the_colours_and_is_cached_by_version(app):
    client = _app_with(app, ORGANISATION_COLOUR="#e17000").test_client()
    href = _stylesheet_link(client.get("/").get_data(as_text=True))

    response = client.get(href)
    css = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/css"
    assert "--color-primary: #ba5d00;" in css and "--color-action: #ba5d00;" in css
    assert "--color-primary-dark: #874300;" in css and "--color-action-dark: #874300;" in css
    cache = response.cache_control
    assert cache.public and cache.max_age == 365 * 24 * 3600 and cache.immutable
    etag = response.headers["ETag"]
    assert etag.strip('"') == href.split("v=")[1]

    again = client.get(href, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    # Without the version (or with an old one) it is not cached for long.
    assert client.get("/huisstijl.css").cache_control.no_cache
    assert client.get("/huisstijl.css?v=old").cache_control.max_age is None


def test_another_colour_is_another_stylesheet_address(app):
    first = _stylesheet_link(_app_with(app, ORGANISATION_COLOUR="#e17000").test_client().get("/").get_data(as_text=True))
    second = _stylesheet_link(_app_with(app, ORGANISATION_COLOUR="#154273").test_client().get("/").get_data(as_text=True))
    assert first != second


def test_the_header_shows_the_logo_with_the_organisation_name_as_its_text(app):
    client = _app_with(app, ORGANISATION_LOGO="/static/img/logo.svg", ORGANISATION_NAME="Gemeente Zonnedal").test_client()
    page = client.get("/").get_data(as_text=True)
    assert '<img class="site-header__logo" src="/static/img/logo.svg" alt="Gemeente Zonnedal">' in page
    assert 'class="site-header__org"' not in page  # the name is not said twice


def test_without_a_logo_the_header_shows_the_name(client):
    page = client.get("/").get_data(as_text=True)
    assert '<span class="site-header__org">Gemeente Voorbeeld</span>' in page
    assert "site-header__logo" not in page

"""The organisation's own look, from the configuration: its logo and its primary colour.

The primary colour colours links on white, and is the background of white text (the
header, buttons, the current page in a list of pages), so WCAG 2.1 AA asks 4.5:1
against white. A configured colour that falls short is darkened, keeping its hue and
saturation, to the lightest shade that passes, and a warning is logged; a value that is
not a colour stops the application at start-up. The colours reach the pages through a
small generated stylesheet (no inline styles under our Content-Security-Policy) that
sets the custom properties static/css/cocreatie.css uses; without a configured colour it
sets nothing and the defaults there apply.

The focus indicator stays the fixed yellow of cocreatie.css: against any primary colour
that passes 4.5:1 with white it keeps at least 3:1 (WCAG 1.4.11), so it needs no shade
of its own.
"""

from __future__ import annotations

import colorsys
import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, request, url_for

from cocreatie.config import PROJECT_ROOT, ConfigError

log = logging.getLogger(__name__)

RGB = tuple[int, int, int]
WHITE: RGB = (255, 255, 255)
MINIMUM_CONTRAST = 4.5  # WCAG 2.1 AA, normal text (1.4.3)
HOVER_DARKER = 0.10  # HLS lightness taken off the primary colour for hover and focus
STYLESHEET_MAX_AGE = 365 * 24 * 3600  # the link carries the version, so a year is safe

_HEX = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


# --- colour maths (WCAG 2.1, "relative luminance" and "contrast ratio") -----------------


def parse_colour(value: str) -> RGB:
    """'#1a2b3c' or '#abc' to (r, g, b); ValueError for anything else."""
    match = _HEX.fullmatch(value.strip())
    if not match:
        raise ValueError(f"{value!r} is not a colour like #154273")
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))


def to_hex(rgb: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(rgb: RGB) -> float:
    r, g, b = (_linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: RGB, b: RGB) -> float:
    lighter, darker = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _with_lightness(rgb: RGB, lightness: float) -> RGB:
    hue, _lightness, saturation = colorsys.rgb_to_hls(*(c / 255 for c in rgb))
    r, g, b = colorsys.hls_to_rgb(hue, max(0.0, min(1.0, lightness)), saturation)
    return (round(r * 255), round(g * 255), round(b * 255))


def _lightness(rgb: RGB) -> float:
    return colorsys.rgb_to_hls(*(c / 255 for c in rgb))[1]


def darken_for_contrast(rgb: RGB, minimum: float = MINIMUM_CONTRAST) -> RGB:
    """The lightest shade of `rgb` (same hue and saturation) with `minimum` against white.

    With hue and saturation fixed, every channel falls with the lightness, so the
    contrast with white only grows as the colour darkens: a bisection finds the shade,
    and black (21:1) always passes.
    """
    if contrast_ratio(rgb, WHITE) >= minimum:
        return rgb
    passes, fails = 0.0, _lightness(rgb)
    for _ in range(40):
        middle = (passes + fails) / 2
        if contrast_ratio(_with_lightness(rgb, middle), WHITE) >= minimum:
            passes = middle
        else:
            fails = middle
    shade = _with_lightness(rgb, passes)
    while contrast_ratio(shade, WHITE) < minimum:  # rounding to whole channel values
        passes -= 0.002
        shade = _with_lightness(rgb, passes)
    return shade


@dataclass(frozen=True)
class Palette:
    configured: RGB
    primary: RGB  # links, buttons and white text on it: at least 4.5:1 with white
    primary_dark: RGB  # hover and focus: a darker shade of the same hue

    @property
    def adjusted(self) -> bool:
        return self.primary != self.configured


def palette(colour: str) -> Palette:
    configured = parse_colour(colour)
    primary = darken_for_contrast(configured)
    darker = _with_lightness(primary, _lightness(primary) - HOVER_DARKER)
    # Rounding may make the darker shade a hair lighter in luminance: never below primary.
    if contrast_ratio(darker, WHITE) < contrast_ratio(primary, WHITE):
        darker = primary
    return Palette(configured, primary, darker)


def stylesheet(colours: Palette | None) -> str:
    if colours is None:
        return "/* No ORGANISATION_COLOUR is configured: the colours of cocreatie.css apply. */\n"
    note = (
        f" ({to_hex(colours.configured)} was darkened to reach {MINIMUM_CONTRAST}:1 with white)"
        if colours.adjusted
        else ""
    )
    return (
        f"/* Generated from ORGANISATION_COLOUR{note}. */\n"
        ":root {\n"
        f"  --color-primary: {to_hex(colours.primary)};\n"
        f"  --color-primary-dark: {to_hex(colours.primary_dark)};\n"
        f"  --color-action: {to_hex(colours.primary)};\n"
        f"  --color-action-dark: {to_hex(colours.primary_dark)};\n"
        "}\n"
    )


# --- the logo ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Logo:
    static_file: str | None = None  # a file under static/
    address: str | None = None  # a path or URL on this site's own origin

    def url(self) -> str:
        return url_for("static", filename=self.static_file) if self.static_file else str(self.address)


def parse_logo(value: str, public_url: str) -> Logo | None:
    """ORGANISATION_LOGO: a file under static/ ('img/logo.svg' or 'static/img/logo.svg'),
    a path on this site ('/static/img/logo.svg'), or a URL on PUBLIC_URL's origin. Images
    from elsewhere would be blocked by the Content-Security-Policy (img-src 'self')."""
    value = value.strip()
    if not value:
        return None
    if "\\" in value or any(ord(ch) < 32 for ch in value):
        raise ConfigError(f"ORGANISATION_LOGO {value!r} is not a path or URL.")
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or value.startswith("//"):
        site = urlsplit(public_url)
        if parts.scheme not in {"http", "https"} or (parts.scheme, parts.netloc) != (site.scheme, site.netloc):
            raise ConfigError(
                f"ORGANISATION_LOGO {value!r} must be on this site ({site.scheme}://{site.netloc}): "
                "put the file under static/ and give its path, like img/logo.svg."
            )
        return Logo(address=value)
    if value.startswith("/"):
        return Logo(address=value)
    path = PurePosixPath(value)
    if path.parts and path.parts[0] == "static":
        path = PurePosixPath(*path.parts[1:])
    if not path.parts or ".." in path.parts or not (PROJECT_ROOT / "static" / path).is_file():
        raise ConfigError(f"ORGANISATION_LOGO {value!r}: there is no such file under static/.")
    return Logo(static_file=path.as_posix())


# --- wiring -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Branding:
    colours: Palette | None
    logo: Logo | None
    css: str
    version: str  # the ETag, and the ?v= of the link: a new colour is a new address


def from_config(config: dict) -> Branding:
    colour = (config.get("ORGANISATION_COLOUR") or "").strip()
    try:
        colours = palette(colour) if colour else None
    except ValueError:
        raise ConfigError(
            f"ORGANISATION_COLOUR {colour!r} is not a colour: give a hex value like #154273."
        ) from None
    if colours is not None and colours.adjusted:
        log.warning(
            "ORGANISATION_COLOUR %s has %.2f:1 contrast with white, less than the %.1f:1 that "
            "WCAG 2.1 AA requires; using the darker %s (%.2f:1) instead.",
            to_hex(colours.configured), contrast_ratio(colours.configured, WHITE), MINIMUM_CONTRAST,
            to_hex(colours.primary), contrast_ratio(colours.primary, WHITE),
        )
    logo = parse_logo(config.get("ORGANISATION_LOGO") or "", config.get("PUBLIC_URL") or "")
    css = stylesheet(colours)
    return Branding(colours, logo, css, hashlib.sha256(css.encode()).hexdigest()[:16])


def _huisstijl():
    brand: Branding = current_app.extensions["cocreatie.branding"]
    response = Response(brand.css, mimetype="text/css")
    response.set_etag(brand.version)
    response.cache_control.public = True
    if request.args.get("v") == brand.version:
        response.cache_control.max_age = STYLESHEET_MAX_AGE
        response.cache_control.immutable = True
    else:
        response.cache_control.no_cache = True  # an old or missing version: ask again each time
    return response.make_conditional(request)


def init_app(app: Flask) -> None:
    """Check the branding settings (ConfigError when they are wrong) and serve the
    stylesheet at /huisstijl.css."""
    brand = from_config(app.config)
    app.extensions["cocreatie.branding"] = brand
    app.add_url_rule("/huisstijl.css", "huisstijl", _huisstijl)
    app.jinja_env.globals.update(
        huisstijl_url=lambda: url_for("huisstijl", v=brand.version),
        organisation_logo_url=lambda: brand.logo.url() if brand.logo else None,
    )

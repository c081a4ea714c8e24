"""The demo's header image and documents, made when the demo is loaded (nothing binary in
the repository): a drawn street scene, and a one-page PDF of a text."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw


def street_scene(seed: int, width: int = 1600, height: int = 700) -> bytes:
    """A square with trees, benches and a building against the sky, as a JPEG."""
    rng = random.Random(seed)
    image = Image.new("RGB", (width, height), (170, 205, 230))
    draw = ImageDraw.Draw(image)
    horizon = int(height * 0.62)
    for y in range(horizon):  # the sky lightens towards the horizon
        shade = 170 + (y * 60) // horizon
        draw.line([(0, y), (width, y)], fill=(min(shade, 235), min(shade + 25, 245), 240))
    draw.rectangle([0, horizon, width, height], fill=(196, 190, 178))  # paving
    draw.rectangle([int(width * 0.55), int(height * 0.18), int(width * 0.95), horizon], fill=(150, 82, 60))  # station
    for x in range(int(width * 0.58), int(width * 0.95) - 50, 70):
        draw.rectangle([x, int(height * 0.3), x + 40, int(height * 0.45)], fill=(225, 232, 238))
    draw.rectangle([int(width * 0.7), int(height * 0.48), int(width * 0.8), horizon], fill=(60, 60, 70))  # entrance
    for _ in range(9):  # trees
        x = rng.randint(40, int(width * 0.5))
        top = rng.randint(int(height * 0.2), int(height * 0.4))
        draw.rectangle([x - 8, top + 80, x + 8, horizon + 30], fill=(95, 70, 45))
        radius = rng.randint(60, 95)
        draw.ellipse([x - radius, top - radius // 2, x + radius, top + radius + 40],
                     fill=(rng.randint(40, 70), rng.randint(120, 160), rng.randint(50, 80)))
    for x in range(80, int(width * 0.5), 180):  # benches
        draw.rectangle([x, horizon + 60, x + 90, horizon + 72], fill=(120, 80, 40))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


def _pdf_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def text_pdf(title: str, text: str) -> bytes:
    """A valid one-page PDF (A4, Helvetica) with a title and the text's lines, wrapped."""
    lines: list[str] = []
    for paragraph in text.strip().split("\n"):
        words, line = paragraph.split(), ""
        for word in words:
            if len(line) + len(word) + 1 > 85:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        lines.append(line)
    body = [f"BT /F1 18 Tf 56 780 Td ({_pdf_text(title)}) Tj ET"]
    y = 748
    for line in lines[:50]:
        body.append(f"BT /F1 11 Tf 56 {y} Td ({_pdf_text(line)}) Tj ET")
        y -= 15
    stream = "\n".join(body).encode("cp1252", errors="replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)

"""What an upload really is, judged by its bytes, never by its name or the browser's word.

Images are decoded in full by Pillow and drawn again: only pixels survive (no EXIF, no
GPS position, no comments, no trailing bytes), at a few widths for `srcset`. Documents
are recognised by their structure: a PDF by its signature, Office Open XML (DOCX, XLSX,
PPTX) by `[Content_Types].xml` and its main part, OpenDocument (ODT, ODS, ODP) by its
`mimetype` entry. Everything else, SVG included, is refused. No request here.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from dataclasses import dataclass

from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from cocreatie.errors import DomainError
from cocreatie.models.files import FileKind

# Widths kept of every image (never wider than it came): `srcset` picks one.
IMAGE_WIDTHS = (480, 960, 1600)
# An image may be larger in bytes than this limit allows only if it is small in pixels:
# decoding 40 million pixels takes ~160 MB of memory, which is the most one upload gets.
MAX_IMAGE_PIXELS = 40_000_000
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
JPEG_QUALITY = 85
MAX_ZIP_ENTRIES = 10_000

CONTENT_TYPES = {
    FileKind.JPEG: "image/jpeg",
    FileKind.PNG: "image/png",
    FileKind.PDF: "application/pdf",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileKind.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    FileKind.ODT: "application/vnd.oasis.opendocument.text",
    FileKind.ODS: "application/vnd.oasis.opendocument.spreadsheet",
    FileKind.ODP: "application/vnd.oasis.opendocument.presentation",
}
# Office Open XML: the part each kind must have, and its content type's main word.
_OOXML = {
    FileKind.DOCX: ("word/document.xml", b"wordprocessingml.document.main+xml"),
    FileKind.XLSX: ("xl/workbook.xml", b"spreadsheetml.sheet.main+xml"),
    FileKind.PPTX: ("ppt/presentation.xml", b"presentationml.presentation.main+xml"),
}
_OPENDOCUMENT = {
    b"application/vnd.oasis.opendocument.text": FileKind.ODT,
    b"application/vnd.oasis.opendocument.spreadsheet": FileKind.ODS,
    b"application/vnd.oasis.opendocument.presentation": FileKind.ODP,
}


@dataclass(frozen=True)
class ImageVariant:
    width: int
    height: int
    data: bytes


@dataclass(frozen=True)
class CheckedImage:
    kind: FileKind
    variants: tuple[ImageVariant, ...]  # narrowest first

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]


def _refuse_image() -> DomainError:
    return DomainError(_("This file is not an image we can use. Choose a JPEG, PNG, WebP or GIF photo or picture."),
                       field="file")


def check_image(data: bytes) -> CheckedImage:
    """Decode the whole image and draw it again, at each width up to its own."""
    with warnings.catch_warnings():
        # Pillow warns about a suspiciously large image before it refuses one: refuse both.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in IMAGE_FORMATS:
                    raise _refuse_image()
                if image.width * image.height > MAX_IMAGE_PIXELS:
                    raise DomainError(_("This image has too many pixels. Make it smaller than 40 megapixels."), field="file")
                image.seek(0)  # an animation: its first frame
                image.load()  # decodes every byte: a broken image stops here
                picture = ImageOps.exif_transpose(image)  # upright, as the camera meant it
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise DomainError(_("This image has too many pixels. Make it smaller than 40 megapixels."), field="file")
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
            raise _refuse_image()
    transparent = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
    picture = picture.convert("RGBA" if transparent else "RGB")
    picture.info = {}  # EXIF (GPS too), XMP, ICC, comments: none is carried to the copies
    kind = FileKind.PNG if transparent else FileKind.JPEG
    widths = sorted({w for w in IMAGE_WIDTHS if w < picture.width} | {min(picture.width, IMAGE_WIDTHS[-1])})
    variants = []
    for width in widths:
        height = max(1, round(picture.height * width / picture.width))
        drawn = picture if width == picture.width else picture.resize((width, height), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        if kind == FileKind.JPEG:
            drawn.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        else:
            drawn.save(out, "PNG", optimize=True)
        variants.append(ImageVariant(width, height, out.getvalue()))
    return CheckedImage(kind, tuple(variants))


def document_kind(data: bytes) -> FileKind:
    """PDF, or an office document by its ZIP structure; anything else is refused."""
    if data.startswith(b"%PDF-"):
        return FileKind.PDF
    if data.startswith(b"PK\x03\x04"):
        kind = _office_kind(data)
        if kind is not None:
            return kind
    raise DomainError(
        _("This file is not a PDF or an office document (Word, Excel, PowerPoint or OpenDocument). "
          "Save it as PDF and try again."),
        field="file",
    )


def _office_kind(data: bytes) -> FileKind | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                return None
            names = {entry.filename for entry in entries}
            if "mimetype" in names:
                mimetype_entry = archive.getinfo("mimetype")
                if mimetype_entry.file_size > 100:
                    return None
                return _OPENDOCUMENT.get(archive.read("mimetype").strip())
            if "[Content_Types].xml" in names:
                types_entry = archive.getinfo("[Content_Types].xml")
                if types_entry.file_size > 1_000_000:
                    return None
                types = archive.read("[Content_Types].xml")
                if b"macroEnabled" in types or any(n.lower().endswith("vbaproject.bin") for n in names):
                    return None  # documents with macros are refused: they can run code
                for kind, (part, main_type) in _OOXML.items():
                    if part in names and main_type in types:
                        return kind
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, ValueError, NotImplementedError):
        return None
    return None

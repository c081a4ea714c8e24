from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, StringField
from wtforms.validators import Optional

from cocreatie.forms import length

IMAGE_TYPES = "image/jpeg,image/png,image/webp,image/gif"
DOCUMENT_TYPES = ".pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp"


class HeaderImageForm(FlaskForm):
    file = FileField(
        _l("Image"),
        description=_l("A JPEG, PNG, WebP or GIF picture, at least 1600 pixels wide for sharp screens."),
        render_kw={"accept": IMAGE_TYPES},
    )
    # Required unless the image is marked decorative (the service checks): no "(optional)"
    # beside the label, and no `required` attribute, which would be wrong for a decorative one.
    alt_text = StringField(
        _l("What the image shows"),
        validators=[Optional(), length(300)],
        description=_l("For people who cannot see it: one sentence, such as “The Stationsplein seen from the "
                       "station, with the bicycle racks on the left”. Required, unless you tick below that the "
                       "image is decorative only."),
        render_kw={"required": False},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.alt_text.flags.required = True
    decorative = BooleanField(_l("The image is decorative only: it shows nothing the text does not say"))


class AttachmentForm(FlaskForm):
    file = FileField(
        _l("Document"),
        validators=[FileRequired(message=_l("Choose a file."))],
        description=_l("PDF, Word, Excel, PowerPoint or OpenDocument."),
        render_kw={"accept": DOCUMENT_TYPES},
    )
    title = StringField(
        _l("Name in the list"),
        validators=[Optional(), length(200)],
        description=_l("For example “Council proposal Stationsplein”. Empty: the file's name."),
    )

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField

from cocreatie.forms import length, required


class IdeaForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[required(), length(150, 5)],
        description=_l("Say in one sentence what your idea is."),
    )
    body = TextAreaField(
        _l("Your idea"),
        validators=[required(), length(10000, 20)],
        description=_l("Explain what you propose and why. You can use Markdown: *italic*, **bold**, lists and links."),
    )


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Your comment"), validators=[required(), length(5000, 2)])
    parent_id = HiddenField()

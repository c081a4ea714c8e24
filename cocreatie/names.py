"""Display names: the one rule for the name shown with a person's contributions.

A name is text anyone can type, so it must not be able to pass for something else: a
line of its own, a reversed or invisible stretch, another person's name in look-alike
letters, or a staff role ("Mirjam Smit (procesmanager)"). Roles are shown by a badge
drawn from the role itself (`cocreatie.badges`), never from a name.

`normalise_display_name` gives the form that is stored (NFKC, one space between words);
`display_name_problem` says why a normalised name cannot be used, or None. Registration,
the account page (through `cocreatie.accounts.forms.DisplayName`) and `create_user` (the
demo, the command line, the tests' factories) all go through both.
"""

from __future__ import annotations

import re
import unicodedata

from flask_babel import gettext as _

MIN_LENGTH = 2
MAX_LENGTH = 80  # the column's size
MAX_MARKS_PER_LETTER = 3  # Vietnamese needs two; a tower of marks covers the next line

LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
# Bidirectional controls (all of category Cf, named here because they are the ones that
# reverse what follows: "‮reganamsecorp" reads as "procesmanager").
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Letters that draw nothing, so a name of them looks empty (they are not of category C).
BLANK_LETTERS = frozenset("\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0\u034f")

# Words that present a person as speaking for the organisation, as (stem, shown in the
# message). A stem matches its obvious forms: plurals, adjectives and compounds
# ("gemeenten", "gemeentelijk", "municipality"), any case, accents, look-alike letters
# and digits, and with spaces, hyphens or dots inside ("proces-manager", "g.e.m.e.e.n.t.e").
ROLE_STEMS: tuple[tuple[str, str], ...] = (
    ("gemeente", "gemeente"),
    ("procesmanager", "procesmanager"),
    ("processmanager", "procesmanager"),
    ("procesbegeleider", "procesbegeleider"),
    ("moderator", "moderator"),
    ("moderatie", "moderatie"),
    ("beheerder", "beheerder"),
    ("ambtena", "ambtenaar"),
    ("ambtelijk", "ambtelijk"),
    ("municipal", "municipality"),
    ("administrat", "administrator"),
    ("civilservant", "civil servant"),
    ("burgemeester", "burgemeester"),
    ("wethouder", "wethouder"),
)
# Short words match only as a whole word: as a part they occur in ordinary names
# ("Mohammad Minhas" squashed holds "admin").
ROLE_WORDS: dict[str, str] = {
    "admin": "admin",
    "admins": "admin",
    "sysadmin": "admin",
    "webadmin": "admin",
    "mod": "mod",
    "mods": "mod",
    "beheer": "beheer",
}

# Letters of other alphabets that look like Latin ones, and digits and signs used for
# letters, folded for the role-word check only (after case folding).
_LOOK_ALIKES = str.maketrans({
    # Cyrillic
    "а": "a", "в": "b", "с": "c", "ԁ": "d", "е": "e", "ё": "e", "һ": "h", "н": "h", "і": "i", "ї": "i",
    "ј": "j", "к": "k", "ӏ": "l", "м": "m", "п": "n", "о": "o", "р": "p", "ԛ": "q", "г": "r", "ѕ": "s",
    "т": "t", "ц": "u", "ѵ": "v", "ԝ": "w", "х": "x", "у": "y", "з": "e",
    # Greek
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "μ": "m", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "γ": "y",
    # Latin variants without a decomposition
    "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŀ": "l",
    # digits and signs
    "0": "o", "3": "e", "4": "a", "5": "s", "6": "b", "7": "t", "8": "b", "9": "g",
    "@": "a", "$": "s", "€": "e", "!": "i", "|": "l",
})
# Alphabets with letters that look alike; a word mixing two of them is a look-alike.
_CONFUSABLE_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC")


def normalise_display_name(raw: str) -> str:
    """The stored form: NFKC (full-width and stylised letters become plain ones), every
    kind of space one ordinary space, none at either end. Line breaks and control
    characters inside are kept, for `display_name_problem` to refuse."""
    text = unicodedata.normalize("NFKC", raw or "")
    text = "".join(" " if c == "\t" or unicodedata.category(c) == "Zs" else c for c in text)
    return re.sub(" {2,}", " ", text).strip()


def _skeletons(name: str) -> list[str]:
    """The name in plain Latin letters, anything else a space: once with "1" read as "i",
    once as "l"."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c)).translate(_LOOK_ALIKES)
    return [re.sub(r"[^a-z]+", " ", folded.replace("1", one)) for one in ("i", "l")]


def role_word(name: str) -> str | None:
    """The role a name suggests ("procesmanager" for "Mirjam (proces-manager)"), or None."""
    for skeleton in _skeletons(name):
        squashed = skeleton.replace(" ", "")
        for stem, shown in ROLE_STEMS:
            if stem in squashed:
                return shown
        for word in skeleton.split():
            if word in ROLE_WORDS:
                return ROLE_WORDS[word]
    return None


def _script(letter: str) -> str | None:
    name = unicodedata.name(letter, "")
    return next((s for s in _CONFUSABLE_SCRIPTS if name.startswith(s + " ")), None)


def mixes_scripts(name: str) -> bool:
    """Whether one word mixes look-alike alphabets ("Mіrjam" with a Cyrillic і)."""
    for word in re.split(r"[^\w]|[\d_]", name):
        if len({s for c in word if unicodedata.category(c).startswith("L") and (s := _script(c))}) > 1:
            return True
    return False


def _has_invisible(name: str) -> bool:
    return any(
        c in BIDI_CONTROLS or c in BLANK_LETTERS or unicodedata.category(c)[0] == "C" for c in name
    )


def _too_many_marks(name: str) -> bool:
    run = 0
    for c in name:
        run = run + 1 if unicodedata.combining(c) else 0
        if run > MAX_MARKS_PER_LETTER:
            return True
    return False


def display_name_problem(name: str, *, role_words_allowed: bool = False) -> str | None:
    """Why a normalised name cannot be used, or None.

    `role_words_allowed` is for names an administrator sets (staff accounts, the demo)
    and for a name someone already has and keeps: a name people choose for themselves
    may not suggest a role.
    """
    if any(c in LINE_BREAKS for c in name):
        return _("Write your name on one line.")
    if _has_invisible(name):
        return _(
            "Your name contains invisible characters or control characters, for example "
            "from copying and pasting. Type it again without them."
        )
    if not MIN_LENGTH <= len(name) <= MAX_LENGTH:
        return _("Use between %(min)d and %(max)d characters.", min=MIN_LENGTH, max=MAX_LENGTH)
    if not any(unicodedata.category(c).startswith("L") for c in name):
        return _("Use at least one letter in your name.")
    if _too_many_marks(name):
        return _("Your name has too many accents on one letter.")
    if mixes_scripts(name):
        return _(
            "Your name mixes letters of different alphabets in one word, such as Latin and "
            "Cyrillic. Write each word in one alphabet."
        )
    if not role_words_allowed and (word := role_word(name)):
        return _(
            "Choose a name without “%(word)s”: a name may not suggest that you speak for the "
            "organisation. Staff are shown with a badge of their role instead.",
            word=word,
        )
    return None

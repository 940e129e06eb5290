"""Which language a message is written in: English or Spanish, by their commonest words.

Customer messages are short, so a character model has little to go on; the
function words every sentence needs ("the", "de", "que") are the most
reliable evidence, helped by what only Spanish spelling has (ñ, ¿, ¡, accents).
A message with no evidence either way (only @mentions and a link, say) is
called English, the language of most traffic and of the default replies.
"""

from __future__ import annotations

import re

from crm_agents.providers.local.lexicon import word_set
from crm_agents.providers.local.text import Text

DEFAULT_LANGUAGE = "en"

# Unaccented, because they are matched against ``Text.tokens``. Words that are
# common in both languages ("no", "me", "a", "he") are left out on purpose.
SPANISH_WORDS = word_set("""
    el la los las lo un una unos unas de del al que y en por con para sin sobre
    entre hasta desde hacia mi mis tu tus su sus nos les le se yo ella ellos
    nosotros vosotros usted ustedes este esta esto estos estas ese esa eso
    aquel es son fue ser estar estoy estamos esta estan ha han hemos habia hay
    pero porque como cuando donde cual quien muy mas menos tambien ya
    aun todavia nunca siempre nada todo todos toda todas otro otra cada solo
    ahora hoy ayer manana aqui alli bien mal hola gracias favor buenas buenos
    quiero puedo pueden puede tiene tienen tengo hacer hace dia dias horas vez
    vuelo vuelos avion billete billetes maleta equipaje retraso aeropuerto
    reserva cancelado reembolso dinero ayuda problema queja vergüenza
    ni o tampoco si asi pues entonces despues antes q porq xq pq
    feliz felices felicidades mejor peor espero pronto funciona lamentable
    """)
ENGLISH_WORDS = word_set("""
    the and to of i my you your it is are was were be been being have has had
    do does did don't doesn't didn't can't won't isn't i'm it's you're that this
    these those there their they them we our us with for from on at by about
    into over after before what why how when where who which will would could
    should just still again now get got need want please thanks thank hi hello
    an or but if so not any all some one out up flight flights bag bags
    plane seat delayed cancelled help service customer card account money order
    refund am im dont cant wont thx lol
    """)
# Spelling only Spanish has; each occurrence counts as one more Spanish word.
_SPANISH_MARKS = re.compile(r"[ñ¿¡]|[a-z]*[áéíóú][a-z]*")


def detect_language(text: Text) -> tuple[str, str]:
    """The ISO 639-1 code of ``text`` and the cue that explains it."""
    spanish = english = 0
    for token in text.tokens:
        if token in SPANISH_WORDS:
            spanish += 1
        elif token in ENGLISH_WORDS:
            english += 1
    marks = len(_SPANISH_MARKS.findall(text.lowered))
    spanish += marks
    if spanish > english:
        language = "es"
    elif english > spanish:
        language = "en"
    else:
        language = DEFAULT_LANGUAGE
    detail = f" accents={marks}" if marks else ""
    cue = f"lang:{language} stopwords es={spanish} vs en={english}{detail}"
    return language, cue

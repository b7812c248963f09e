"""Italian words the interpreter knows: numbers, ordinals, colours and intent keywords.

Text is matched after normalisation: lower case, accents removed
("più" -> "piu"), apostrophes as spaces ("l'ultima" -> "l ultima").
Keyword entries are regular expressions.
"""

from __future__ import annotations

__all__ = [
    "ABSENCE",
    "ASPECTS",
    "CLITIC_VERBS",
    "COLORS",
    "CORRECTIONS",
    "DIRECTIONS",
    "DONT_WANT",
    "DONT_WANT_ACTION",
    "DONT_WANT_AS",
    "DONT_WANT_BEAT",
    "DONT_WANT_BEAT_WORDS",
    "ENDING_KINDS",
    "FONTS",
    "INTENTS",
    "KEEP",
    "LANGUAGE_WORDS",
    "MULTIPLES",
    "NEGATIONS",
    "NEGATION_KEEPS",
    "NUMBERS",
    "ORDINALS",
    "POSITIONS",
    "RELATIVE_PLACES",
    "SIZES",
    "SYNONYMS",
    "TARGETS",
    "TEMPLATES",
    "TEMPLATE_FOR",
    "TEXT_ANIMATIONS",
    "TEXT_LEADS",
    "TEXT_STOPS",
    "TRANSITIONS",
    "TYPO_TARGETS",
    "UNSUPPORTED",
    "VERBS",
    "WITH",
]

# Imperatives that take a pronoun on the end ("mettila", "toglile", "rendilo"):
# the pronoun is split off ("metti la") so that the verb matches as usual.
CLITIC_VERBS: tuple[str, ...] = (
    "metti", "rimetti", "togli", "sposta", "porta", "ordina", "cancella", "elimina", "rimuovi",
    "leva", "scarta", "rallenta", "accelera", "velocizza", "esporta", "salva", "scarica",
    "rendi", "alza", "abbassa", "aggiungi", "inserisci", "lascia", "tieni", "mostra", "cambia",
    "scambia", "inverti", "mescola", "ripristina", "recupera", "taglia", "accorcia", "allunga",
    "fai", "usa", "imposta", "gira", "silenzia", "sfuma", "converti", "manda", "spegni",
    "accendi", "attiva", "disattiva", "sistema", "riporta", "ingrandisci", "rimpicciolisci",
    "colora", "centra", "trasforma", "prova", "dimmi",
)  # fmt: skip

_UNITS: dict[str, int] = {
    "uno": 1, "due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6, "sette": 7, "otto": 8,
    "nove": 9,
}  # fmt: skip
_TENS: dict[str, int] = {
    "venti": 20, "trenta": 30, "quaranta": 40, "cinquanta": 50, "sessanta": 60, "settanta": 70,
    "ottanta": 80, "novanta": 90,
}  # fmt: skip


def _tens_and_compounds() -> dict[str, float]:
    """venti ... novantanove, written as one word (accents are folded before matching).

    The tens lose their last vowel before "uno" and "otto": ventuno, trentotto.
    """
    out: dict[str, float] = {}
    for tens, t in _TENS.items():
        out[tens] = t
        for unit, u in _UNITS.items():
            stem = tens[:-1] if unit in ("uno", "otto") else tens
            out[stem + unit] = t + u
    return out


# "uno" alone is left out: it is an article far more often than a number.
NUMBERS: dict[str, float] = {
    "zero": 0,
    **{word: value for word, value in _UNITS.items() if word != "uno"},
    "dieci": 10,
    "undici": 11,
    "dodici": 12,
    "tredici": 13,
    "quattordici": 14,
    "quindici": 15,
    "sedici": 16,
    "diciassette": 17,
    "diciotto": 18,
    "diciannove": 19,
    **_tens_and_compounds(),
    "cento": 100,
    "mezzo": 0.5,
    "mezza": 0.5,
}

ORDINALS: dict[str, int] = {
    "primo": 1,
    "prima": 1,
    "secondo": 2,
    "seconda": 2,
    "terzo": 3,
    "terza": 3,
    "quarto": 4,
    "quarta": 4,
    "quinto": 5,
    "quinta": 5,
    "sesto": 6,
    "sesta": 6,
    "settimo": 7,
    "settima": 7,
    "ottavo": 8,
    "ottava": 8,
    "nono": 9,
    "nona": 9,
    "decimo": 10,
    "decima": 10,
    "undicesimo": 11,
    "undicesima": 11,
    "dodicesimo": 12,
    "dodicesima": 12,
    "ultimo": -1,
    "ultima": -1,
    "penultimo": -2,
    "penultima": -2,
    "terzultima": -3,
}

COLORS: dict[str, str] = {
    "rosso": "#e53935",
    "rossa": "#e53935",
    "rossi": "#e53935",
    "bianco": "#ffffff",
    "bianca": "#ffffff",
    "bianchi": "#ffffff",
    "nero": "#000000",
    "nera": "#000000",
    "giallo": "#fdd835",
    "gialla": "#fdd835",
    "blu": "#1e88e5",
    "azzurro": "#4fc3f7",
    "azzurra": "#4fc3f7",
    "verde": "#43a047",
    "arancione": "#fb8c00",
    "arancio": "#fb8c00",
    "rosa": "#f48fb1",
    "viola": "#8e24aa",
    "oro": "#d4af37",
    "dorato": "#d4af37",
    "dorata": "#d4af37",
    "grigio": "#9e9e9e",
    "grigia": "#9e9e9e",
    "marrone": "#6d4c41",
    "celeste": "#81d4fa",
    "argento": "#c0c0c0",
}

# Intent keywords (regular expressions over normalised text).
INTENTS: dict[str, list[str]] = {
    "greeting": [r"\bciao\b", r"\bsalve\b", r"\bbuongiorno\b", r"\bbuonasera\b", r"\bhey\b"],
    "thanks": [r"\bgrazie\b", r"\bperfetto\b", r"\bottimo\b", r"\bbravo\b", r"\bsei grande\b"],
    "help": [r"\baiuto\b", r"cosa (?:puoi|sai) fare", r"come funziona", r"\besempi\b"],
    "undo": [
        r"\bannulla\b",
        r"\btorna indietro\b",
        r"\bdisfa\b",
        r"\bannullare\b",
        r"\bcome prima\b",
        r"\bannull",
    ],
    "redo": [r"\bripeti\b", r"\brifai\b", r"\bripristina (?:la )?modifica", r"\brifare\b"],
    "export": [
        r"\besporta",
        r"\bscarica",
        r"\brenderizza",
        r"\bgenera il (?:file|video finale)",
        r"\bsalva il video\b",
        r"\bmandami il video\b",
        r"\bsalva\b",
    ],
    "output": [r"\bformato (?:di )?(?:uscita|file)\b", r"\brisoluzione\b", r"\bin formato\b"],
    "make": [
        r"\b(?:crea|creami|genera|generami|prepara|preparami|monta|realizza|costruisci)\b"
        r"(?: \w+){0,3} "
        r"(?:slideshow|video|montaggio|filmato|presentazione|diaporama|reel)",
        r"\b(?:fai|fammi|facciamo)(?: un| uno| una| il mio| un nuovo)(?: \w+){0,2} "
        r"(?:slideshow|video|montaggio|filmato|presentazione|diaporama|reel)",
        r"\bnuovo slideshow\b",
        r"\bricrea\b",
        r"\brifai (?:lo|il) (?:slideshow|video)",
    ],
    "music": [
        r"\bmusic",
        r"\bcanzon",
        r"\bbrano\b",
        r"\bcolonna sonora\b",
        r"\bsottofondo\b",
        r"\btarantella\b",
        r"\bmandolino\b",
        r"\bserenata\b",
        r"\bfesta\b",
    ],
    "volume": [
        r"\bvolume\b",
        r"\bpiu (?:alt[ao]|bass[ao]|fort[ei]|piano)\b",
        r"\balza\b",
        r"\babbassa\b",
        r"\bsi sente (?:troppo|poco)\b",
        r"\bsilenzia\b",
        r"\bmuto\b",
        r"\btroppo (?:alt|fort|bass)",
        r"\bnon si sente\b",
    ],
    "fade": [
        r"\bdissolvenza (?:in )?(?:entrata|uscita|finale|iniziale)",
        r"\bsfuma",
        r"\bfade\b",
        r"\b(?:parte|entra|inizia|comincia|finisce) (?:piano|piu piano|lentamente|dolcemente)",
        r"\bdissolvenza della musica",
        r"\b(?:parte|partire|entra|entrare|inizia|iniziare|comincia|cominciare|finisce|finire"
        r"|esce|uscire|chiude|chiudere)\b(?: \w+){0,3} (?:piano|piu piano|lentamente"
        r"|dolcemente|gradualmente|in dissolvenza)\b",
    ],
    "duck": [
        r"\bducking\b",
        r"quando (?:parla|c e l audio|si sente)",
        r"\bsotto (?:l audio|i video)",
    ],
    "clip_audio": [
        r"\baudio (?:del|dei) (?:video|clip|filmat)",
        r"\bsuono (?:del|dei) video",
        r"\baudio originale\b",
        r"\bvoce del video\b",
    ],
    "title": [r"\btitolo\b", r"\btitoli\b"],
    # Typeface and text animation ("usa un carattere moderno", "effetto macchina da scrivere").
    "typeface": [r"\bcarattere\b", r"\bcaratteri\b", r"\bfont\b", r"\bserif\b", r"\bgraziat"],
    "text_anim": [r"\bmacchina da scrivere\b", r"\blettera per lettera\b", r"\banimazion"],
    "subtitle": [r"\bsottotitol"],
    "caption": [r"\bdidascali", r"\bscritt[ae]\b", r"\btesto\b", r"\bscrivi\b", r"\bcommento\b"],
    "transition": [r"\btransizion", r"\bdissolvenz", r"\bpassaggi\b", r"\bstacc"],
    "style": [
        r"\bcinematografic",
        r"\bstile\b",
        r"\bromantic",
        r"\benergic",
        r"\bdinamic",
        r"\bcinema\b",
        r"\bda film\b",
    ],
    # Beat sync, culling: "taglia a tempo", "togli le foto mosse", "tieni le 10 migliori".
    "beat_on": [
        r"\btaglia\w* a tempo\b",
        r"\ba tempo (?:di|con la|della) musica\b",
        r"\b(?:a|al|col|con il|sul) (?:ritmo|tempo|battito)(?: della musica)?\b",
        r"\bsul beat\b",
        r"\bsincronizz\w*(?: \w+){0,4} (?:ritmo|tempo|battit\w*|musica|beat)\b",
    ],
    "beat_off": [
        r"\bnon (?:piu )?(?:tagli\w* )?(?:piu )?(?:a|al|sul) (?:tempo|ritmo|battito)\b",
        r"\bsenza (?:sincronizzazione|sincro|tagli a tempo)\b",
        r"\b(?:smett\w*|basta) (?:di|con) (?:\w+ ){0,3}(?:ritmo|tempo|battito|beat)\b",
        r"\b(?:togli|disattiva|spegni|elimina|niente) (?:il |la |i )?"
        r"(?:taglio a tempo|tagli a tempo|sincronizzazione|sincro|beat sync)\b",
    ],
    "keep_best": [r"\bmigliori\b", r"\bpiu belle\b", r"\bpiu riuscite\b"],
    "blurry": [
        r"\bmoss[ea]\b",
        r"\bsfocat[ea]\b",
        r"\bnon (?:sono )?a fuoco\b",
        r"\bfuori fuoco\b",
    ],
    "duplicates": [
        r"\bdoppion[ei]\b",
        r"\bduplicat[ei]\b",
        r"\b(?:foto|scatti|immagini) (?:uguali|identiche|quasi uguali|simili|ripetute)\b",
    ],
    "kenburns": [
        r"\bken ?burns\b",
        r"\beffetto zoom\b",
        r"\bmovimento\b",
        r"\bzoom\b",
        r"\bpanoramica\b",
        r"\bmovimenti\b",
        r"\bfoto (?:ferme|statiche)",
    ],
    "aspect": [
        r"\bverticale\b",
        r"\borizzontale\b",
        r"\bquadrat[oa]\b",
        r"\bformato\b",
        r"\bproporzion",
        r"\brapporto\b",
    ],
    "fit": [
        r"\bfoto intere\b",
        r"\bsfondo sfocato\b",
        r"\bnon (?:tagliare|ritagliare)\b",
        r"\briempi\b",
        r"\bintera\b",
        r"\bbande\b",
        r"\bbordi\b",
    ],
    "reverse": [
        r"\bordine inverso\b",
        r"\binverti l ordine\b",
        r"\bal contrario\b",
        r"\bal rovescio\b",
        r"\bordine contrario\b",
        r"\bcapovolgi\b",
        r"\brovescia\b",
    ],
    "sort": [
        r"\bordina(?:re)?\b",
        r"\bdalla piu (?:recente|vecchia)\b",
        r"\bordine cronologico\b",
        r"\bin ordine di\b",
        r"\bcronologic",
    ],
    "shuffle": [
        r"\bmescola\b",
        r"\bordine casuale\b",
        r"\ba caso\b",
        r"\bcasualmente\b",
        r"\brimescola\b",
    ],
    "swap": [r"\bscambia\b", r"\binverti la\b", r"\binverti il\b"],
    "move": [
        r"\bsposta\w*",
        r"\bmetti\w*",
        r"\bporta\b",
        r"\binizio\b",
        r"\bin fondo\b",
        r"\balla fine\b",
        r"\bin posizione\b",
        r"\bdopo\b",
        r"\bprima della\b",
    ],
    "remove": [
        r"\btogli(?:ere|ete|amo|la|lo|le)?\b",
        r"\brimuov\w*",
        r"\belimin\w*",
        r"\bcancell\w*",
        r"\bleva\b",
        r"\bsenza\b",
        r"\bniente\b",
        r"\bbasta\b",
        r"\bvia\b",
        r"\btoglimi\b",
        r"\bscarta\b",
        r"\bnascond\w*",
    ],
    "restore": [
        r"\brimetti\b",
        r"\bripristina\b",
        r"\brecupera\b",
        r"\breinserisci\b",
        r"\baggiungi di nuovo\b",
        r"\btorna(?:re)? la foto\b",
    ],
    "trim": [
        r"\btaglia\b",
        r"\baccorcia\b",
        r"\btrim\b",
        r"\bsolo i primi\b",
        r"\b(?:tieni|lascia)\w* i primi \d+(?:[.,]\d+)? second",
    ],
    "total": [
        r"\bin tutto\b",
        r"\btotali?\b",
        r"\bin totale\b",
        r"\btotale\b",
        r"\bvideo di\b",
        r"\bdura(?:re|ta)?\b.*\b(?:video|tutto)\b",
        r"\blungo\b",
        r"\blunghezza\b",
        r"\b(?:accorcia|allunga|riduci)\w*(?: tutto)? il video\b",
    ],
    "per_photo": [
        r"\bper foto\b",
        r"\bogni foto\b",
        r"\bciascuna\b",
        r"\bogni immagine\b",
        r"\ba foto\b",
        r"\bper immagine\b",
        r"\bogni slide\b",
    ],
    "slower": [
        r"\bpiu lent",
        r"\brallenta",
        r"\bpiu calm",
        r"\bpiu tranquill",
        r"\bcon calma\b",
        r"\bpiu a lungo\b",
        r"\bpiu lungh",
    ],
    "faster": [
        r"\bpiu veloc",
        r"\bpiu rapid",
        r"\bvelocizza",
        r"\baccelera",
        r"\bpiu svelt",
        r"\bpiu ritm",
        r"\bpiu brev",
        r"\bpiu cort",
    ],
    "more": [
        r"\bmolto\b",
        r"\bmolto piu\b",
        r"\bparecchio\b",
        r"\btantissimo\b",
        r"\bdecisamente\b",
    ],
    "less": [r"\bun po\b", r"\bun pochino\b", r"\bleggermente\b", r"\bappena\b", r"\bun filo\b"],
    "up": [
        r"\bpiu (?:alt[ao]|fort[ei])\b",
        r"\balza\b",
        r"\baumenta\b",
        r"\bsi sente poco\b",
        r"\btroppo bass",
        r"\bnon si sente\b",
        r"\bpiu grand",
        r"\bpiu intens",
        r"\bpiu marcat",
        r"\bpiu evident",
    ],
    "down": [
        r"\bpiu bass[ao]\b",
        r"\babbassa\b",
        r"\bdiminuisci\b",
        r"\bpiu piano\b",
        r"\bsi sente troppo\b",
        r"\btroppo (?:alt|fort)",
        r"\bpiu piccol",
        r"\bpiu legger",
        r"\bpiu delicat",
        r"\bpiu soft\b",
        r"\bridurre\b",
        r"\briduci\b",
    ],
    "off": [
        r"\btogli\b",
        r"\brimuovi\b",
        r"\bspegni\b",
        r"\bdisattiva\b",
        r"\bsenza\b",
        r"\bniente\b",
        r"\bnessun[ao]?\b",
        r"\belimina\b",
        r"\bferm[ei]\b",
        r"\bno\b",
        r"\bleva\b",
        r"\bbasta (?:con|col|coi|con gli|con le)\b",
        r"\bsmett\w* (?:di|con)\b",
    ],
    "on": [r"\baccendi\b", r"\battiva\b", r"\baggiungi\b", r"\bmetti\b", r"\bvoglio\b"],
    "add": [
        r"\baggiungi\b",
        r"\bmetti\b",
        r"\binserisci\b",
        r"\bscrivi\b",
        r"\bcon (?:il|un|la)\b",
    ],
    "change": [
        r"\bcambia\b",
        r"\bmodifica\b",
        r"\bun altr[ao]\b",
        r"\bdivers[ao]\b",
        r"\bsostituisci\b",
    ],
    "photo": [
        r"\bfoto\b",
        r"\bimmagin",
        r"\bscatto\b",
        r"\bslide\b",
        r"\bquella\b",
        r"\bquello\b",
        r"\bvideo\b",
        r"\bclip\b",
        r"\bfilmato\b",
    ],
    # "cancella quasi tutto": how many is not said, so it is asked
    "most": [r"\bquasi tutt[oaie]\b", r"\bla maggior parte\b", r"\bgran parte\b"],
    "only": [r"\bsolo\b", r"\bsoltanto\b", r"\bsolamente\b", r"\bunicamente\b"],
    # A pronoun with nothing it stands for in the clause: "cancella la" (from "cancellala").
    "pronoun": [r"\b(?:la|lo|le|li|questa|quella|questo|quello)$"],
    "sound": [r"\baudio\b", r"\bsuono\b", r"\bvoce\b", r"\brumore\b"],
    "uploaded": [
        r"\bla mia canzone\b",
        r"\bcaricat[ao]\b",
        r"\bmia musica\b",
        r"\bmio brano\b",
        r"\bche ho caricato\b",
    ],
    # Platform presets: shortening a video to its platform's limit, and saying yes to it.
    "fit_limit": [
        r"\baccorci\w*\b",
        r"\btaglia(?:lo|la)?\b",
        r"\bfallo (?:stare|rientrare)\b",
        r"\bentro il limite\b",
        r"\bnel limite\b",
    ],
    "trim_end": [r"\b(?:togliendo|tagliando|togli|taglia) (?:la )?fine\b", r"\bdalla fine\b"],
    "shape": [
        r"\bverticale\b",
        r"\borizzontale\b",
        r"\bquadrat[oa]\b",
        r"\bproporzion",
        r"\brapporto\b",
    ],
    "yes": [r"^(?:si|ok|okay|va bene|certo|d accordo|perfetto|procedi|vai pure|si grazie)$"],
}

POSITIONS: dict[str, str] = {
    r"\bin alto\b": "top",
    r"\bsopra\b": "top",
    r"\bin cima\b": "top",
    r"\bin basso\b": "bottom",
    r"\bsotto\b": "bottom",
    r"\bal fondo\b": "bottom",
    r"\bal centro\b": "center",
    r"\bin mezzo\b": "center",
    r"\bcentrat": "center",
}


#: Which way a slide, push or wipe goes, when the words say so.
DIRECTIONS: dict[str, str] = {
    r"\bdestra\b": "right",
    r"\bsinistra\b": "left",
    r"\bin alto\b|\bverso l'? ?alto\b|\bdal basso\b": "up",
    r"\bin basso\b|\bverso il basso\b|\bdall'? ?alto\b": "down",
}


TRANSITIONS: dict[str, str] = {
    r"\bdissolvenza (?:al |in )?nero\b": "fade_black",
    r"\bnero\b": "fade_black",
    r"\bdissolvenza (?:al |in )?bianco\b": "fade_white",
    r"\bbianc": "fade_white",
    r"\bincrociat": "crossfade",
    r"\bdissolvenz": "crossfade",
    r"\bmorbid": "crossfade",
    r"\bscorriment": "slide_left",
    r"\bscorr": "slide_left",
    r"\bscivol": "slide_left",
    r"\bspint": "push_left",
    r"\btendina\b": "wipe_left",
    r"\bcerchi": "circle",
    r"\bzoom\b": "zoom",
    r"\bstacc\w* (?:nett|secc)\w*": "cut",
    r"\b(?:niente|nessuna|zero) transizion": "cut",
    r"\bnessuna transizione\b": "cut",
    r"\bsenza transizion": "cut",
    r"\btogli (?:le )?transizion": "cut",
    r"\bvari[ae]\b": "varied",
    r"\bdivers[ae]\b": "varied",
    r"\bcasual": "varied",
    r"\bmist[ae]\b": "varied",
}

ASPECTS: dict[str, str] = {
    r"\bverticale\b": "9:16",
    r"\borizzontale\b": "16:9",
    r"\bquadrat[oa]\b": "1:1",
    r"\bstorie\b": "9:16",
    r"\bpanoramic": "16:9",
}

SIZES: dict[str, float] = {
    r"\bpiu grand": 0.075,
    r"\bgrande\b": 0.075,
    r"\benorme\b": 0.12,
    r"\bgrosso\b": 0.075,
    r"\bingrandisc": 0.075,
    r"\brimpicciol": 0.035,
    r"\bpiu piccol": 0.035,
    r"\bpiccol": 0.035,
    r"\bminuscol": 0.025,
}

# Where "move" sends a photo: 1 = first, -1 = last.
TARGETS: dict[str, int] = {
    r"\ball inizio\b": 1,
    r"\ball? (?:inizio|principio)\b": 1,
    r"\bin testa\b": 1,
    r"\bper prim[ao]\b": 1,
    r"\bcome prim[ao]\b": 1,
    r"\bin prima posizione\b": 1,
    r"\balla fine\b": -1,
    r"\bin fondo\b": -1,
    r"\bper ultim[ao]\b": -1,
    r"\bcome ultim[ao]\b": -1,
    r"\bin coda\b": -1,
    r"\bin ultima posizione\b": -1,
}

SYNONYMS: list[tuple[str, ...]] = [
    ("mare", "costa", "onde", "marina", "oceano"),
    ("spiaggia", "lido", "sabbia"),
    ("tramonto", "alba", "crepuscolo"),
    ("duomo", "cattedrale", "chiesa", "basilica"),
    ("gondola", "barca", "venezia", "canale"),
    ("montagna", "montagne", "monti", "dolomiti", "vetta"),
    ("cibo", "pizza", "pasta", "cena", "pranzo", "gelato"),
    ("citta", "centro", "piazza", "strada"),
    ("famiglia", "bambini", "amici", "gruppo"),
    ("cane", "gatto"),
    ("lago",),
    ("roma", "colosseo"),
    ("firenze",),
    ("napoli",),
    ("amalfi", "positano", "costiera"),
]

# --- what a clause means as a whole (see chat/polarity.py) ---------------------

# Words that negate the instruction after them: "non esportare", "senza esportare".
NEGATIONS: list[str] = [
    r"\bnon\b",
    r"\bmai\b",
    r"\bsenza \w+(?:are|ere|ire)\b",
    r"\bniente \w+(?:are|ere|ire)\b",
    r"\baspetta (?:a|ad|prima di)(?= \w+(?:are|ere|ire)\b)",
    r"\blascia (?:stare|perdere)\b",
]
# Negations that are the instruction itself, not a refusal of it: "non tagliare" is a fit.
NEGATION_KEEPS: list[str] = [
    r"\bperche non\b",
    r"\bcome mai non\b",
    r"\bnon (?:tagliare|ritagliare|tagliarle|tagliar)\b",
    r"\bnon si sente\b",
    r"\bnon (?:muover|muove)\w*",
    r"\bnon (?:piu )?(?:tagli\w* )?(?:piu )?(?:a|al|sul) (?:tempo|ritmo|battito)\b",
    r"\bnon (?:sono )?a fuoco\b",
]
# "niente export", "nessuna esportazione": no export, but "niente musica" removes the music.
ABSENCE: list[str] = [r"\bniente\b", r"\bnessun[ao]?\b", r"\bsenza\b"]
# "anzi no", "no aspetta": the clause before is taken back.
CORRECTIONS: list[str] = [
    r"\banzi no\b",
    r"\banzi\b",
    r"\bno aspetta\b",
    r"\bno scusa\b",
    r"\bscusa volevo dire\b",
    r"\bvolevo dire\b",
    r"\bintendevo\b",
    r"\bcioe\b",
    r"\bripensandoci\b",
    # "lascia perdere l'esportazione" refuses it (NEGATIONS); alone, it takes back.
    r"\blascia stare\b(?! (?:l|la|il|lo|le|i|gli)\b)",
    r"\blascia perdere\b(?! (?:l|la|il|lo|le|i|gli)\b)",
    # "esportalo, ma non ancora": the clause before waits
    r"\bnon (?:ancora|adesso|ora|subito)$",
]
# After a correction: "lasciala", "va bene cosi" keep things as they are.
KEEP: list[str] = [
    r"^(?:no )?(?:lascia|lasciala|lascia la|lascialo|lascia lo|lasciale|lascia le|tieni|tienila"
    r"|tieni la|tienilo|tieni lo)\b",
    r"\bva bene cosi\b",
    r"\bcome (?:e|sta)\b",
]
# Verbs that start an instruction of their own, so a clause with one is never glued
# to the one before ("metti 9:16 e fai volare un drone": the drone is named back).
VERBS: list[str] = [
    r"\b(?:fai|fa|fate|metti|aggiungi|inserisci|crea|rendi|usa|sincronizza|applica|manda"
    r"|trasforma|cambia|togli|sposta|mostra|colora)\b"
    # "fallo rosso" ("fa lo rosso") goes on with the clause before
    r"(?! (?:lo|la|li|le|ne)\b)"
]
# How much longer a photo shows: "il doppio", "il triplo", "la meta".
MULTIPLES: dict[str, float] = {
    r"\bil doppio\b": 2.0,
    r"\braddoppia": 2.0,
    r"\bdoppi[ao]\b": 2.0,
    r"\bil triplo\b": 3.0,
    r"\btriplica": 3.0,
    r"\bla meta\b": 0.5,
    r"\bdimezza": 0.5,
    r"\b(\d+(?:\.\d+)?) volte (?:tanto|piu lung[ao]|di piu)\b": 0.0,  # 0: the number says it
}
# Things people ask for that the editor cannot do: the clause is named back, never guessed.
UNSUPPORTED: list[str] = [
    r"\bsincronizz",
    r"\b(?:al|col|con il|sul|a) (?:ritmo|tempo)\b",
    r"\bbattut[ae]\b",
    r"\bfiltr[oi]\b",
    r"\bseppia\b",
    r"\bbianco e nero\b",
    r"\badesiv",
    r"\bfuochi d artificio\b",
    r"\bvoce fuori campo\b",
    r"\bfai ballare\b",
    r"\bemoji\b",
]
# Words a slip of the keyboard is put back to ("esprota" -> "esporta"), one edit away.
TYPO_TARGETS: list[str] = [
    "esporta", "scarica", "togli", "rimuovi", "elimina", "cancella", "musica", "canzone",
    "transizioni", "transizione", "titolo", "didascalia", "lento", "veloce", "rallenta",
    "accelera", "verticale", "orizzontale", "quadrato", "volume", "secondi", "sposta",
    "aggiungi", "foto", "immagini", "ordina", "mescola", "scambia",
]  # fmt: skip
# What comes after "con" in "crea un video con musica italiana" may name the music.
WITH: list[str] = [r"\bcon\b"]


# -- The story: places, dates, chapters and the suggested title (chat/handlers_story.py) --
INTENTS.update(
    {
        "story_places": [
            r"\bluog(?:o|hi)\b",
            r"\blocalita\b",
            r"\bposti\b",
            r"\bdove (?:sono state|e stata|le ho|l ho) (?:scattat|fatt)",
            r"\bdove (?:ho|abbiamo|hai) (?:scattat|fatt)\w*",
            r"\bnomi? delle? citta\b",
        ],
        "story_dates": [
            r"\b(?:la|le) date\b",
            r"\bdate\b",
            r"\bla data\b",
            r"\bgiorni\b",
            r"\bin (?:che|quale) giorno\b",
            r"\bquando (?:ho|abbiamo|hai) (?:scattat|fatt)\w*",
        ],
        "chapters": [
            r"\bcapitol[oi]\b",
            r"\bcartell[io]\b",
            r"\btitolett[io]\b",
            r"\bintertitol[oi]\b",
            # "dividi il video per città / per giorno": a chapter where the town or day changes
            r"\b(?:dividi|separa|spezza)\w*\b.{0,30}\bper (?:citta|luog\w+|giorn\w+|tapp\w+)\b",
        ],
        "story_keep": [r"\blascia\w*\b", r"\btieni\b", r"\bmantieni\b", r"\bmostra\b"],
        "suggest_title": [
            r"\bsuggerisc\w* (?:un |il |mi un )?titolo",
            r"\b(?:dammi|trovami|trova|inventa\w*|pensa\w*|scegli|decidi|proponi\w*) (?:tu )?"
            r"(?:(?:un|il|uno) )?(?:bel )?titolo\b",
            r"\btitolo (?:lo )?(?:scegli|decidi|trovi) tu\b",
            r"\bproponi(?:mi)? (?:un )?titolo",
            r"\bche titolo\b",
            r"\bidea per (?:il |un )?titolo",
        ],
        "suggested_title": [
            r"\btitolo suggerito\b",
            r"\btitolo automatico\b",
            r"\busa (?:quel|questo|il tuo) titolo\b",
            r"\btitolo (?:dai|con i) luoghi\b",
        ],
    }
)

#: The typeface a phrase asks for (Inter is "sans", the modern one).
FONTS: dict[str, str] = {
    r"\bsans\b|\bsenza grazie\b|\bbastoni\b|\blineare\b": "sans",
    r"\bmodern[oaie]\b|\bpulit[oa]\b|\bsemplice\b": "sans",
    r"\bserif\b|\bgraziat|\bclassic[oa]\b|\belegante\b|\btradizional": "serif",
}

#: How a title enters: "titolo che sale", "effetto macchina da scrivere".
TEXT_ANIMATIONS: dict[str, str] = {
    r"\bmacchina da scrivere\b|\blettera per lettera\b|\bdattilograf"
    r"|\buna lettera (?:alla|per) volta\b": "typewriter",
    r"\bche sale\b|\bsal(?:e|ire|ga|endo)\b|\bdal basso\b|\bin salita\b": "rise",
    r"\bsenza (?:animazion|effett)|\b(?:niente|nessuna|zero) animazion|\bfermo\b|\bfisso\b"
    r"|\bdi colpo\b": "none",
    r"\bin dissolvenza\b|\bsfum|\bdissolvenz|\b(?:compare|appare|entra) piano\b": "fade",
}

# Quality words for an export: "max" is the vocabulary's largest resolution.
RESOLUTION_ALIASES: dict[str, str] = {
    r"\b(?:alta|altissima|massima|migliore|piena) (?:qualita|definizione|risoluzione)\b": "max",
    r"\b(?:qualita|definizione|risoluzione) (?:alta|altissima|massima|migliore|piena)\b": "max",
    r"\b(?:bassa|minima) qualita\b|\bqualita (?:bassa|minima)\b": "480p",
}

# The language the story's dates and places are written in: "le date in inglese".
TEXT_LANGUAGES: dict[str, str] = {
    r"\bin italiano\b": "it",
    r"\bin inglese\b": "en",
    r"\bin cinese\b": "zh",
}

# --- the person's own words (see chat/language.py and chat/interpreter.py) ------

#: Words only Italian puts in a request: the reply is in Italian when they outnumber the
#: English ones, whatever the session's language.
LANGUAGE_WORDS: list[str] = [
    r"\b(?:il|lo|la|gli|le|della|delle|dello|del|dei|alla|alle|al|nella|sulla|con|per|che|piu"
    r"|un po|foto|togli|metti|voglio|vorrei|fammi|fai|fallo|grazie|musica|titolo|secondi"
    r"|ogni|tutte|tutto|sposta|dopo|prima|ultima|seconda|terza|niente|senza|anche|solo"
    r"|lento|veloce|anzi|cioe|ciascuna|favore|pochino|dura|durare|scrivi|sotto|sopra|annulla"
    r"|rifai|ripristina|torna|indietro|aggiungi|cambia|rimuovi|elimina|cancella|tieni|esporta"
    r"|rendi|usa|crea|alza|abbassa|tutto|questa|quella|ultimo|passi)\b",
]
#: "non voglio X": the person wants X gone; the words that take it away instead.
DONT_WANT: list[str] = [r"^(?:io )?non (?:voglio|vorrei|mi serve|mi servono)\b"]
DONT_WANT_AS = "togli"
#: "... che segua il ritmo": not wanted, the cuts leave the beat.
DONT_WANT_BEAT = "non a tempo"

#: Unquoted texts: where a title or caption's words start ("titolo Estate 2024",
#: "scrivi Auguri nonna all'inizio"), and the role they are for. What follows the lead
#: is the text, up to a TEXT_STOPS phrase; words of place, size, font, colour or
#: animation are never text (chat/text_leads.py).
TEXT_LEADS: list[tuple[str, str]] = [
    (r"^(?:metti |usa )?come titolo\s+", "title"),
    (r"^(?:il )?titolo (?:deve essere|sara|e)\s+", "title"),
    (r"^titolo\s+(?!(?:in|al|a|piu|con|del|della|di|sulla|sul|da|e)\b)", "title"),
    (r"^chiama (?:il video|lo)\s+", "title"),
    (r"^scrivi\s+(?=.+ (?:all inizio|in apertura|all apertura)$)", "title"),
    (r"^(?:sulla|sotto la|nella) \S+ foto scrivi\s+", "caption"),
    (r"^didascalia (?:della|sulla|per la) \S+ foto\s*:?\s*", "caption"),
]
TEXT_STOPS: list[str] = [r"\s+(?:all inizio|in apertura|all apertura)$"]

#: A place said relative to another photo: "dopo la prima", "prima della pizza", "tra la
#: prima e la seconda" (after the first of the two).
RELATIVE_PLACES: dict[str, str] = {
    r"\bprima (?:della|del|dello|delle|dei|degli|di)\b": "before",
    r"\bdopo\b": "after",
    r"\b(?:tra|fra)\b": "after",
}
#: "non voglio che segua il ritmo": the words that say the beat is what is not wanted.
DONT_WANT_BEAT_WORDS: list[str] = [r"\britmo\b|\bbattito\b|\bbeat\b|\ba tempo\b"]
#: "non voglio esportare", "I don't want to ...": an action refused, not a thing wanted gone.
DONT_WANT_ACTION: list[str] = [r"^(?:di )?\w+(?:are|ere|ire)\b"]

# -- How the video ends: fade, cut or end card (chat/handlers_ending.py) --
INTENTS.update(
    {
        "ending": [
            r"\bfinale (?:del video|in dissolvenza|sfumato|netto|secco|con (?:un[ao]? )?"
            r"(?:cartello|stacco|taglio|dissolvenza|scritta))",
            r"\b(?:chiudi|chiudere|finisci|finire|termina|terminare|concludi|concludere) "
            r"(?:il video )?(?:con|in) (?:un[ao]? )?(?:cartello|stacco|taglio|dissolvenza|scritta)",
            r"\bcartello (?:finale|di chiusura)\b",
            r"\btitoli di coda\b",
            r"\b(?:stacco|taglio) (?:netto |secco )?(?:alla fine|finale)\b",
            r"\b(?:dissolvenza|sfuma\w*) (?:al nero )?alla fine del video\b",
            r"\bsenza (?:dissolvenza|sfumatura) (?:alla fine|finale)\b",
        ],
    }
)

#: Which ending a phrase asks for; the first that matches wins.
ENDING_KINDS: dict[str, str] = {
    r"\bsenza (?:dissolvenza|sfumatura)": "cut",
    r"\bcartello\b|\btitoli di coda\b|\bscritta\b": "card",
    r"\bstacco\b|\btaglio\b|\bnetto\b|\bsecco\b": "cut",
    r"\bdissolvenza\b|\bsfuma\w*": "fade",
}


# "più forte il video": with clips in the slideshow, their own sound (chat/handlers_sound.py).
INTENTS.update(
    {
        "clip_louder": [
            r"\b(?:piu|meno) (?:forte|alto|basso|piano) (?:il|i) (?:video|filmat\w*)\b",
            r"\b(?:il|i) (?:video|filmat\w*) (?:piu|meno) (?:forte|alto|bass\w|piano)\b",
        ],
    }
)

# -- Templates: "usa il modello compleanno", "fai un video di matrimonio"
# (chat/handlers_template.py)
INTENTS.update({"template": [r"\bmodell[oi]\b", r"\btemplate\b"]})

#: Which built-in template a phrase names; the first that matches wins.
TEMPLATES: dict[str, str] = {
    r"\bcompleanno\b|\bcompleanni\b|\bfesta di compleanno\b": "compleanno",
    r"\bmatrimonio\b|\bnozze\b|\bsposi\b": "matrimonio",
    r"\blaurea\b|\bdiploma\b": "laurea",
    r"\bbattesimo\b|\bcomunione\b|\bcresima\b": "battesimo",
    r"\bviaggio\b|\bvacanza\b": "viaggio",
    r"\bnatale\b|\bnatalizi[oa]\b": "natale",
    r"\bestate al mare\b|\bal mare\b|\bspiaggia\b": "mare",
    r"\banniversario\b": "anniversario",
}
#: Where the name the template is for starts: "per Maria", "di Luca", "a Amalfi".
TEMPLATE_FOR: list[str] = [r"\b(?:per|di|a|ad|in)\s+(?=\S)"]

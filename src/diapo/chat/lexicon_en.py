"""English words the interpreter knows: numbers, ordinals, colours and intent keywords.

Entries are regular expressions over normalised text (lower case, no accents,
apostrophes as spaces: "don't" -> "don t").
"""

from __future__ import annotations

__all__ = [
    "ABSENCE",
    "ASPECTS",
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
    "LAST_VERB",
    "MULTIPLES",
    "NEGATIONS",
    "NEGATION_KEEPS",
    "NUMBERS",
    "ORDINALS",
    "POSITIONS",
    "RELATIVE_PLACES",
    "RESOLUTION_ALIASES",
    "SIZES",
    "SYNONYMS",
    "TARGETS",
    "TEMPLATES",
    "TEMPLATE_FOR",
    "TEXT_ANIMATIONS",
    "TEXT_LEADS",
    "TEXT_STOPS",
    "TOO_HIGH",
    "TRANSITIONS",
    "TYPO_TARGETS",
    "UNSUPPORTED",
    "VERBS",
    "WITH",
]

NUMBERS: dict[str, float] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "half a": 0.5,
    "a couple of": 2,
}

ORDINALS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "last": -1,
    "final": -1,
    "second to last": -2,
    "penultimate": -2,
    "next to last": -2,
}

COLORS: dict[str, str] = {
    "red": "#e53935",
    "white": "#ffffff",
    "black": "#000000",
    "yellow": "#fdd835",
    "blue": "#1e88e5",
    "light blue": "#4fc3f7",
    "green": "#43a047",
    "orange": "#fb8c00",
    "pink": "#f48fb1",
    "purple": "#8e24aa",
    "violet": "#8e24aa",
    "gold": "#d4af37",
    "golden": "#d4af37",
    "grey": "#9e9e9e",
    "gray": "#9e9e9e",
    "brown": "#6d4c41",
    "silver": "#c0c0c0",
    "cyan": "#00bcd4",
}

INTENTS: dict[str, list[str]] = {
    "greeting": [r"\bhello\b", r"\bhi\b", r"\bhey\b", r"\bgood (?:morning|evening|afternoon)\b"],
    "thanks": [
        r"\bthanks?\b",
        r"\bthank you\b",
        r"\bgreat\b",
        r"\bawesome\b",
        r"\bperfect\b",
        r"\bcheers\b",
    ],
    "help": [
        r"\bhelp\b",
        r"\bwhat can you do\b",
        r"\bhow does (?:this|it) work\b",
        r"\bexamples?\b",
    ],
    "undo": [
        r"\bundo\b",
        r"\bgo back\b",
        r"\brevert\b",
        r"\btake (?:that|it) back\b",
        r"\bundo that\b",
    ],
    "redo": [r"\bredo\b", r"\bdo it again\b"],
    "export": [
        r"\bexport(?:ing)?\b",
        r"\bdownload\b",
        r"\brender\b",
        r"\bsend me the video\b",
        r"\bsave the video\b",
        r"\bgive me (?:just |only )?the (?:video|file|movie|soundtrack|audio)\b",
        r"\bfinali[sz]e\b",
        r"\bsave (?:it|the (?:video|file|movie))\b",
    ],
    "output": [
        r"\boutput\b",
        r"\bresolution\b",
        r"\bfile format\b",
        r"\bas an? (?:gif|mp4|mov|webm)\b",
    ],
    "make": [
        r"\b(?:create|build|generate|produce|put together)\b(?: \w+){0,3} "
        r"(?:slideshow|slide show|video|montage|reel|movie)",
        r"\b(?:make|do)(?: me)? (?:a|an|my|one|new)(?: \w+){0,2} "
        r"(?:slideshow|slide show|video|montage|reel|movie)",
        r"\bnew slideshow\b",
        r"\bstart over\b",
        # the seed's own "create my photos and images"
        r"\bcreate (?:\w+ ){0,2}(?:photos|pictures|images)\b",
    ],
    "music": [
        r"\bmusic\b",
        r"\bsongs?\b",
        r"\bsoundtrack\b",
        r"\btrack\b",
        r"\btunes?\b",
        r"\bbackground audio\b",
    ],
    "volume": [
        r"\bvolume\b",
        r"\blouder\b",
        r"\bquieter\b",
        r"\bsofter\b",
        r"\bturn (?:it )?(?:up|down)\b",
        r"\btoo loud\b",
        r"\btoo quiet\b",
        r"\bmute\b",
        r"\bnot loud enough\b",
        r"\b(?:crank|pump|bump|tone|dial) (?:\w+ ){0,3}(?:up|down|back)\b",
    ],
    "fade": [r"\bfade[ -]?(?:in|out)\b", r"\bfade (?:the )?music\b", r"\bfades?\b"],
    "duck": [r"\bduck", r"\bunder the clips?\b", r"\bwhen (?:the )?clips? (?:play|talk)"],
    "clip_audio": [
        r"\bclip(?:s|'s)? (?:sound|audio)\b",
        r"\b(?:sound|audio) of the (?:clip|video)",
        r"\boriginal (?:sound|audio)\b",
        r"\bvideo sound\b",
        r"\bmute the (?:clip|video)",
    ],
    "title": [r"\btitle\b", r"\btitles\b", r"\bheading\b"],
    # Typeface and text animation ("use a serif font", "typewriter title").
    "typeface": [r"\bfonts?\b", r"\btypeface\b", r"\bserif\b", r"\bsans\b"],
    "text_anim": [r"\btypewriter\b", r"\bletter by letter\b", r"\banimat"],
    "subtitle": [r"\bsubtitle", r"\bsub-title"],
    "caption": [r"\bcaption", r"\btext\b", r"\blabel\b", r"\bwrite\b", r"\bsays?\b"],
    "transition": [r"\btransition", r"\bcross-?fade", r"\bcuts?\b"],
    "style": [
        r"\bcinematic\b",
        r"\bstyle\b",
        r"\bromantic\b",
        r"\benergetic\b",
        r"\bdynamic\b",
        r"\bmovie-like\b",
        r"\bfilmic\b",
    ],
    # Beat sync, culling: "cut to the beat", "remove the blurry photos", "keep the best 10".
    "beat_on": [
        r"\b(?:sync|synch|synchroni[sz]e|time|cut|match|edit)\w*(?: \w+){0,4} "
        r"(?:to|on|with) the (?:beats?|rhythm|music)\b",
        r"\bbeat ?sync\b",
        r"\bon the beat\b",
    ],
    "beat_off": [
        r"\bno (?:more )?beat ?sync\b",
        r"\b(?:turn off|switch off|disable|stop|remove|drop) (?:the )?"
        r"(?:beat ?sync|sync(?:ing)?)\b",
        r"\b(?:don t|dont|do not|stop|no longer) (?:sync|cut|time)\w*(?: \w+){0,4} "
        r"(?:to|on|with) the (?:beats?|rhythm|music)\b",
        r"\bnot (?:on|to) the beat\b",
        r"\boff the beat\b",
        r"\bbeat ?sync off\b",
    ],
    "keep_best": [r"\bbest\b", r"\bnicest\b", r"\bstrongest\b", r"\btop (?=\d)"],
    "blurry": [
        r"\bblurr?(?:y|ed)\b",
        r"\bout of focus\b",
        r"\bunsharp\b",
        r"\bshaky\b",
    ],
    "duplicates": [
        r"\bduplicates?\b",
        r"\bdupes?\b",
        r"\bnear duplicates?\b",
        r"\b(?:similar|identical|repeated) (?:photos|shots|pictures|images|ones)\b",
    ],
    "kenburns": [
        r"\bken ?burns\b",
        r"\bzoom\b",
        r"\bmotion\b",
        r"\bpan(?:ning)?\b",
        r"\bmovement\b",
        r"\bstatic\b",
        r"\bstill photos\b",
    ],
    "aspect": [
        r"\bvertical\b",
        r"\bportrait\b",
        r"\bhorizontal\b",
        r"\blandscape\b",
        r"\bsquare\b",
        r"\baspect\b",
        r"\bratio\b",
        r"\breels?\b",
        r"\btiktok\b",
        r"\bstories\b",
        r"\bshorts\b",
        r"\byoutube\b",
        r"\binstagram\b",
    ],
    "fit": [
        r"\bwhole photo",
        r"\bblurr?(?:ed|y) background\b",
        r"\bdon t crop\b",
        r"\bno crop",
        r"\bfill\b",
        r"\bcrop\b",
        r"\bletterbox",
        r"\bcontain\b",
        r"\bfit\b",
        r"\bentire photo",
    ],
    "reverse": [
        r"\breverse\b",
        r"\bbackwards\b",
        r"\bopposite order\b",
        r"\b(?:flip|invert) (?:the )?order\b",
        r"\bother way (?:a)?round\b",
    ],
    "sort": [
        r"\bsort\b",
        r"\bchronological",
        r"\b(?:order|arrange) (?:them |the \w+ )?(?:by|from)\b",
        r"\b(?:newest|oldest|latest|earliest) (?:to|first)\b",
    ],
    "shuffle": [r"\bshuffle\b", r"\brandom(?:i[sz]e)?\b", r"\bmix (?:them |the photos )?up\b"],
    "swap": [r"\bswap\b", r"\bswitch\b", r"\bexchange\b"],
    "move": [
        r"\bmove\b",
        r"\bput\b",
        r"\bplace\b",
        r"\bbring\b",
        r"\bstart\b",
        r"\bbeginning\b",
        r"\bend\b",
        r"\bposition\b",
        r"\bafter\b",
        r"\bbefore\b",
        r"\bfirst\b",
    ],
    "remove": [
        r"\bremove\b",
        r"\bhide\b",
        r"\bdelete\b",
        r"\bdrop\b",
        r"\bget rid of\b",
        r"\bwithout\b",
        r"\bno\b",
        r"\btake out\b",
        r"\bcut out\b",
        r"\bkill\b",
        r"\bditch\b",
        r"\bskip\b",
        r"\blose\b",
        r"\bclear\b",
    ],
    "restore": [
        r"\brestore\b",
        r"\bput (?:\w+ )*back\b",
        r"\bbring (?:\w+ )*back\b",
        r"\bre-?add\b",
        r"\badd (?:\w+ )*back\b",
    ],
    "trim": [
        r"\btrim\b",
        r"\bshorten the (?:clip|video)\b",
        r"\bcut the (?:clip|video)\b",
        r"\bonly the first\b",
        r"\b(?:only )?keep (?:only )?the first\b",
    ],
    "total": [
        r"\btotal\b",
        r"\blong\b",
        r"\blength\b",
        r"\boverall\b",
        r"\bin all\b",
        r"\bwhole video\b",
    ],
    "per_photo": [
        r"\bper (?:photo|picture|image|slide)\b",
        r"\beach (?:photo|picture|image|slide)?\b",
        r"\bevery (?:photo|picture|image|slide)\b",
        r"\ba (?:photo|picture|slide)\b",
    ],
    "slower": [
        r"\bslower\b",
        r"\bslow (?:\w+ ){0,2}down\b",
        r"\bmore slowly\b",
        r"\bcalmer\b",
        r"\bslow\b",
        r"\blonger\b",
        r"\brelaxed\b",
    ],
    "faster": [
        r"\bfaster\b",
        r"\bspeed (?:\w+ ){0,2}up\b",
        r"\bquicker\b",
        r"\bsnappier\b",
        r"\bfast\b",
        r"\bshorter\b",
        r"\bmore quickly\b",
        r"\bpace it up\b",
        r"\bpick (?:\w+ ){0,2}up\b",
    ],
    "more": [
        r"\bmuch\b",
        r"\ba lot\b",
        r"\bway\b",
        r"\bvery\b",
        r"\bmuch more\b",
        r"\bseriously\b",
    ],
    "less": [
        r"\ba bit\b",
        r"\ba little\b",
        r"\bslightly\b",
        r"\bsomewhat\b",
        r"\ba touch\b",
        r"\btad\b",
    ],
    "up": [
        r"\bturn \w+ (?:\w+ )?up\b",
        r"\blouder\b",
        r"\bturn (?:it )?up\b",
        r"\braise\b",
        r"\bincrease\b",
        r"\bhigher\b",
        r"\bbigger\b",
        r"\blarger\b",
        r"\bstronger\b",
        r"\bmore\b",
        r"\btoo quiet\b",
        r"\bnot loud enough\b",
        r"\bboost\b",
        r"\b(?:crank|pump|bump|kick|jack) (?:\w+ ){0,3}up\b",
    ],
    "down": [
        r"\bturn \w+ (?:\w+ )?down\b",
        r"\bquieter\b",
        r"\bsofter\b",
        r"\bturn (?:it )?down\b",
        r"\blower\b",
        r"\bdecrease\b",
        r"\breduce\b",
        r"\bsmaller\b",
        r"\bgentler\b",
        r"\bsubtler\b",
        r"\bless\b",
        r"\btoo loud\b",
        r"\b(?:tone|dial) (?:\w+ ){0,3}(?:down|back)\b",
        r"\b(?:bring|knock) (?:\w+ ){0,3}down\b",
    ],
    "off": [
        r"\bremove\b",
        r"\boff\b",
        r"\bdisable\b",
        r"\bwithout\b",
        r"\bno\b",
        r"\bnone\b",
        r"\bdelete\b",
        r"\bstop\b",
        r"\bget rid of\b",
        r"\bkill\b",
        r"\bstatic\b",
        r"\bdrop\b",
        r"\blose\b",
        r"\bclear\b",
    ],
    # "on" alone, not the preposition: "stop the zoom on the photos" turns nothing on.
    "on": [
        r"\bturn on\b",
        r"\benable\b",
        r"\badd\b",
        r"\bon\b(?! (?:the|a|an|each|every|all|my|this|that|these|those|photos?|pictures?|it)\b)",
        r"\bwant\b",
        r"\buse\b",
    ],
    "add": [r"\badd\b", r"\bput\b", r"\binsert\b", r"\bwrite\b", r"\bwith (?:the|a)\b", r"\bset\b"],
    "change": [r"\bchange\b", r"\bswap out\b", r"\banother\b", r"\bdifferent\b", r"\breplace\b"],
    "photo": [
        r"\bphoto",
        r"\bpicture",
        r"\bpic\b",
        r"\bimage",
        r"\bshot\b",
        r"\bslide\b",
        r"\bone\b",
        r"\bclip\b",
        r"\bvideo\b",
    ],
    "most": [r"\balmost (?:everything|all)\b", r"\bmost of\b", r"\bthe majority\b"],
    "only": [r"\bonly\b", r"\bjust\b", r"\bnothing but\b"],
    # A pronoun with nothing it stands for in the clause: "delete it".
    "pronoun": [r"\b(?:it|this|that|them|this one|that one)$"],
    "sound": [r"\bsound\b", r"\baudio\b", r"\bvoice\b", r"\bnoise\b"],
    "uploaded": [r"\bmy (?:own )?(?:song|music|track)\b", r"\buploaded\b", r"\bthe song i\b"],
    # Platform presets: shortening a video to its platform's limit, and saying yes to it.
    "fit_limit": [
        r"\btrim\b",
        r"\bshorten\b",
        r"\bcut it (?:down|short)\b",
        r"\bmake it fit\b",
        r"\bwithin the limit\b",
    ],
    "trim_end": [
        r"\b(?:drop|dropping|cut|cutting|remove|removing)(?: off)? the end\b",
        r"\bfrom the end\b",
    ],
    "shape": [
        r"\bvertical\b",
        r"\bportrait\b",
        r"\bhorizontal\b",
        r"\blandscape\b",
        r"\bsquare\b",
        r"\baspect\b",
        r"\bratio\b",
        r"\bwidescreen\b",
    ],
    "yes": [r"^(?:yes|yeah|yep|ok|okay|sure|please do|do it|go ahead)(?: please)?$"],
}

POSITIONS: dict[str, str] = {
    r"\b(?:at the |on )?top\b": "top",
    r"\bup top\b": "top",
    r"\babove\b": "top",
    r"\b(?:at the )?bottom\b": "bottom",
    r"\bbelow\b": "bottom",
    r"\b(?:in the )?(?:centre|center|middle)\b": "center",
    r"\bcentered\b": "center",
}


#: Which way a slide, push or wipe goes, when the words say so.
DIRECTIONS: dict[str, str] = {
    r"\bright(?:wards)?\b": "right",
    r"\bleft(?:wards)?\b": "left",
    r"\bupwards?\b|\bup\b|\bto the top\b": "up",
    r"\bdownwards?\b|\bdown\b|\bto the bottom\b": "down",
}


TRANSITIONS: dict[str, str] = {
    r"\bfade (?:to |through )?black\b": "fade_black",
    r"\bblack\b": "fade_black",
    r"\bfade (?:to |through )?white\b": "fade_white",
    r"\bwhite\b": "fade_white",
    r"\bcross-?fade": "crossfade",
    r"\bdissolve": "crossfade",
    r"\bfade\b": "crossfade",
    r"\bsmooth\b": "crossfade",
    r"\bslides?\b": "slide_left",
    r"\bsliding\b": "slide_left",
    r"\bpush": "push_left",
    r"\bwipes?\b": "wipe_left",
    r"\bcircle": "circle",
    r"\bzoom\b": "zoom",
    r"\bno transitions?\b": "cut",
    r"\bhard cuts?\b": "cut",
    r"\bjust cuts?\b": "cut",
    r"\bremove (?:the )?transitions\b": "cut",
    r"\bwithout transitions\b": "cut",
    r"\bsimple cuts\b": "cut",
    r"\bvaried\b": "varied",
    r"\bvarious\b": "varied",
    r"\bmixed\b": "varied",
    r"\brandom\b": "varied",
    r"\bdifferent\b": "varied",
    r"\bfancy\b": "varied",
}

ASPECTS: dict[str, str] = {
    r"\bvertical\b": "9:16",
    r"\bportrait\b": "9:16",
    r"\breels?\b": "9:16",
    r"\btiktok\b": "9:16",
    r"\bstor(?:y|ies)\b": "9:16",
    r"\bshorts\b": "9:16",
    r"\bhorizontal\b": "16:9",
    r"\blandscape\b": "16:9",
    r"\byoutube\b": "16:9",
    r"\bwidescreen\b": "16:9",
    r"\bsquare\b": "1:1",
    r"\binstagram (?:post|feed)\b": "4:5",
}

SIZES: dict[str, float] = {
    r"\bbigger\b": 0.075,
    r"\blarger\b": 0.075,
    r"\bbig\b": 0.075,
    r"\blarge\b": 0.075,
    r"\bhuge\b": 0.12,
    r"\bsmaller\b": 0.035,
    r"\bsmall\b": 0.035,
    r"\btiny\b": 0.025,
}

TARGETS: dict[str, int] = {
    r"\b(?:to |at )?the (?:start|beginning|front)\b": 1,
    r"\bfirst\b$": 1,
    r"\bopen with\b": 1,
    r"\bmake it (?:the )?first\b": 1,
    r"\b(?:to |at )?the end\b": -1,
    r"\blast\b$": -1,
    r"\bmake it (?:the )?last\b": -1,
    r"\bto the back\b": -1,
}

SYNONYMS: list[tuple[str, ...]] = [
    ("sea", "ocean", "coast", "seaside", "waves"),
    ("beach", "shore", "sand"),
    ("sunset", "sunrise", "dusk"),
    ("cathedral", "church", "dome", "basilica"),
    ("gondola", "boat", "venice", "canal"),
    ("mountain", "mountains", "hills", "peak"),
    ("food", "pizza", "pasta", "dinner", "lunch", "gelato"),
    ("city", "town", "square", "street"),
    ("family", "kids", "friends", "group"),
    ("dog", "cat"),
    ("lake",),
    ("rome", "colosseum", "coliseum"),
    ("florence",),
    ("naples",),
    ("amalfi coast",),
]

# --- what a clause means as a whole (see chat/polarity.py) ---------------------

NEGATIONS: list[str] = [
    r"\bdon t\b",
    r"\bdont\b",
    r"\bdo not\b",
    r"\bdoesn t\b",
    r"\bnever\b",
    r"\bnot\b",
    r"\bno need to\b",
    r"\bwithout \w+ing\b",
    r"\bhold off\b",
    r"\bwait (?:to|before|with)\b",
    r"\bnever ?mind\b",
    r"\bforget (?:about )?(?=the\b)",
]
NEGATION_KEEPS: list[str] = [
    r"\bwhy (?:don t|not)\b",
    r"\b(?:don t|dont|do not) crop\b",
    r"\b(?:don t|dont|do not) (?:move|zoom)\b",
    r"\bnot loud enough\b",
    r"\bcan t hear\b",
    r"\b(?:don t|dont|do not) (?:sync|cut|time)\w*"
    r"(?= (?:\w+ ){0,4}(?:to|on|with) the (?:beats?|rhythm|music)\b)",
    r"\bnot (?:on|to) the beat\b",
]
ABSENCE: list[str] = [r"\bno\b", r"\bwithout\b"]
CORRECTIONS: list[str] = [
    r"\bactually no\b",
    r"\bactually\b",
    r"\bno wait\b",
    r"\bwait no\b",
    r"\bsorry i meant\b",
    r"\bsorry\b",
    r"\bi mean\b",
    r"\bi meant\b",
    r"\bon second thought\b",
    r"\bscratch that\b",
    # "never mind the export" refuses the export (NEGATIONS); alone, it takes back.
    r"\bnever ?mind\b(?! (?:the|about|that|this)\b)",
    # "export it, but not yet": the clause before waits
    r"\bnot (?:yet|now|right now)$",
]
KEEP: list[str] = [
    r"^(?:no )?(?:keep|leave) (?:it|them|that|the \w+)\b",
    r"^(?:just )?leave it\b",
    r"\bas it is\b",
]
VERBS: list[str] = [
    r"\b(?:add|make|put|use|apply|sync|turn|give|create|show|insert|include|change|let)\b"
    # "make it red" goes on with the clause before
    r"(?! (?:it|them|this|that|these|those)\b)"
]
MULTIPLES: dict[str, float] = {
    r"\btwice as long\b": 2.0,
    r"\btwice the time\b": 2.0,
    r"\bdouble (?:the )?(?:time|duration|length|it)\b": 2.0,
    r"\b(?:last|stay|show) twice\b": 2.0,
    r"\bhalf as long\b": 0.5,
    r"\bhalf the time\b": 0.5,
    r"\bhalve\b": 0.5,
    r"\b(\d+(?:\.\d+)?) times (?:as long|longer)\b": 0.0,
}
UNSUPPORTED: list[str] = [
    r"\bsync",
    r"\bbeats?\b",
    r"\brhythm\b",
    r"\bfilters?\b",
    r"\bsepia\b",
    r"\bblack and white\b",
    r"\bstickers?\b",
    r"\bfireworks?\b",
    r"\bvoice ?-?over\b",
    r"\bconfetti\b",
    r"\bemojis?\b",
]

# Resolutions by another name (any language types them this way).
RESOLUTION_ALIASES: dict[str, str] = {
    r"(?<![a-z0-9])full ?hd(?![a-z0-9])": "1080p",
    r"(?<![a-z0-9])fhd(?![a-z0-9])": "1080p",
    r"(?<![a-z0-9])hd(?![a-z0-9])": "720p",
    # Quality words: "max" is the vocabulary's largest resolution (the chat reads it so).
    r"\b(?:high|higher|highest|best|top|max(?:imum)?|full) quality\b": "max",
    r"\b(?:low|lower|lowest) quality\b": "480p",
}
# Resolutions above the largest one (vocabulary.MAX_RESOLUTION): refused, never promised.
TOO_HIGH: list[str] = [
    r"(?<![a-z0-9])(?:4|8|2) ?k(?![a-z0-9])",
    r"(?<![a-z0-9])(?:2160|1440|4320)p?(?![a-z0-9])",
    r"(?<![a-z0-9])u(?:ltra ?)?hd(?![a-z0-9])",
]
# Words a slip of the keyboard is put back to ("remvoe" -> "remove"), one edit away.
TYPO_TARGETS: list[str] = [
    "export", "download", "remove", "delete", "music", "transition", "transitions", "title",
    "caption", "slower", "faster", "vertical", "horizontal", "square", "volume", "louder",
    "quieter", "seconds", "shuffle", "reverse", "photo", "photos", "picture", "pictures",
    "slideshow", "create", "add",
]  # fmt: skip
# What comes after "with" in "create a slideshow video with Italian" may name the music.
WITH: list[str] = [r"\bwith\b"]
# "the photo should last 6 seconds", "last twice as long": that "last" is a verb,
# not the last photo.
LAST_VERB: list[str] = [
    r"\blasts? (?:for )?"
    r"(?=\d+(?:\.\d+)? ?(?:s\b|sec|second|minut)|twice|half|\d+ times|as long|longer)"
]


# -- The story: places, dates, chapters and the suggested title (chat/handlers_story.py) --
INTENTS.update(
    {
        "story_places": [
            # Not "place": "place the title at the top" is about text.
            r"\bplaces\b",
            r"\blocations?\b",
            r"\bwhere (?:each|the|they|it|every) (?:photo |picture |one )?(?:was|were) taken",
            r"\bplace names?\b",
        ],
        "story_dates": [r"\bdates?\b", r"\bwhen (?:each|they|it) (?:photo )?(?:was|were) taken"],
        "chapters": [
            r"\bchapters?\b",
            r"\bchapter cards?\b",
            r"\bintertitles?\b",
            # "a card whenever we move to a new town", "split it by day": where the town or day
            # changes
            r"\bcards?\b.{0,40}\b(?:towns?|city|cities|places?|days?|stops?)\b",
            r"\b(?:split|divide|break)\b.{0,20}\b(?:by|per|into) "
            r"(?:towns?|city|cities|places?|days?)\b",
        ],
        "story_keep": [r"\bkeep\b", r"\bleave\b", r"\bshow\b"],
        "suggest_title": [
            r"\bsuggest (?:a |the |me a )?title",
            r"\b(?:come up with|think (?:up|of)|pick|choose|invent|find|give me) (?:me )?"
            r"(?:a |the |an? )?(?:good |nice |catchy )?title\b",
            r"\btitle for me\b",
            r"\btitle ideas?\b",
            r"\bidea for (?:a |the )?title",
            r"\bwhat (?:should|could) (?:the title be|i call it)",
        ],
        "suggested_title": [
            r"\bsuggested title\b",
            r"\bauto(?:matic)?[ -]title\b",
            r"\buse (?:that|this|your) title\b",
        ],
    }
)

#: The typeface a phrase asks for (Inter is "sans", the modern one).
FONTS: dict[str, str] = {
    r"\bsans\b|\bsans-serif\b|\bmodern\b|\bclean\b|\bsimple\b": "sans",
    r"\bserif\b|\bclassic\b|\belegant\b|\btraditional\b": "serif",
}

#: How a title enters: "typewriter title", "make the title rise".
TEXT_ANIMATIONS: dict[str, str] = {
    r"\btypewriter\b|\btyped out\b|\btypes? (?:itself |themselves )?out\b": "typewriter",
    r"\bletter by letter\b|\bone letter at a time\b": "typewriter",
    r"\brises?\b|\brising\b|\bslides? (?:\w+ ){0,3}up\b|\bfloats? up\b|\bfrom below\b": "rise",
    r"\bno (?:text |title |caption )?animations?\b|\bwithout (?:any )?(?:animations?|effects?)\b"
    r"|\bnot animated\b": "none",
    r"\bfades? in\b|\bfading in\b|\bfade\b": "fade",
}

# The language the story's dates and places are written in: "the dates in Italian".
TEXT_LANGUAGES: dict[str, str] = {
    r"\bin italian\b": "it",
    r"\bin english\b": "en",
    r"\bin chinese\b": "zh",
}

# --- the person's own words (see chat/language.py and chat/interpreter.py) ------

#: Words only English puts in a request: the reply is in English when they outnumber the
#: Italian ones, whatever the session's language.
LANGUAGE_WORDS: list[str] = [
    r"\b(?:the|it|of|to|and|with|please|make|put|move|remove|delete|want|photo|photos"
    r"|picture|pictures|seconds|each|every|only|just|after|before|last|first|second|third"
    r"|slower|faster|music|title|caption|less|more|bit|little|get|rid|keep|that|this|is"
    r"|should|be|long|whole|thing|need|clip|don t|i|undo|redo|add|change|export|turn|use"
    r"|create|swap|lower|set|give|show|steps|all|one|too|now|again|back)\b",
]
#: "I don't want X": the person wants X gone; the words that take it away instead.
DONT_WANT: list[str] = [
    r"^(?:i )?(?:don t|dont|do not) (?:want|need)(?: (?:any|a|an))?\b",
    r"^(?:i d rather|i would rather) not have\b",
]
DONT_WANT_AS = "remove"
#: "... che segua il ritmo": not wanted, the cuts leave the beat.
DONT_WANT_BEAT = "not on the beat"

#: Unquoted texts: where a title or caption's words start ("title Summer 2024", "call it
#: Our Trip"), and the role they are for (see lexicon_it.TEXT_LEADS).
TEXT_LEADS: list[tuple[str, str]] = [
    (r"^(?:the )?title\s+(?!(?:in|at|to|on|bigger|smaller|with|font|a|the|is|should)\b)", "title"),
    (r"^(?:set|change|rename) the title to\s+", "title"),
    (r"^the title should (?:read|say|be)\s+", "title"),
    (r"^call (?:it|the video)\s+", "title"),
    (r"^write\s+(?=.+ (?:at|on) the (?:start|beginning)$)", "title"),
    # "put the sunset photo at the beginning" moves a photo: only a quoted text is put
    (r"^put\s+(?=qqq (?:at|on) the (?:start|beginning)$)", "title"),
    (r"^write\s+(?=.+ on the \S+ (?:photo|picture|slide)$)", "caption"),
    (r"^caption the \S+ (?:photo|picture|slide)\s+", "caption"),
]
TEXT_STOPS: list[str] = [
    r"\s+(?:at|on) the (?:start|beginning)$",
    r"\s+on the \S+ (?:photo|picture|slide)$",
]

#: A place said relative to another photo (see lexicon_it.RELATIVE_PLACES).
RELATIVE_PLACES: dict[str, str] = {
    r"\bbefore\b": "before",
    r"\bafter\b": "after",
    r"\bbetween\b": "after",
}
#: "non voglio che segua il ritmo": the words that say the beat is what is not wanted.
DONT_WANT_BEAT_WORDS: list[str] = [r"\bbeats?\b|\brhythm\b|\bin time\b"]
#: "non voglio esportare", "I don't want to ...": an action refused, not a thing wanted gone.
DONT_WANT_ACTION: list[str] = [r"^to\b"]

# -- How the video ends: fade, cut or end card (chat/handlers_ending.py) --
INTENTS.update(
    {
        "ending": [
            r"\bend(?:ing)? card\b",
            r"\bclosing card\b",
            r"\bend (?:credits|title)\b",
            r"\b(?:end|finish|close) (?:the video |it )?(?:with|on) (?:an? )?"
            r"(?:fade|hard cut|cut|card|black)",
            r"\b(?:fade|cut) (?:out )?(?:to black )?at the end\b",
            r"\b(?:hard|abrupt|sudden) (?:cut )?ending\b",
            r"\bfade[ -]out ending\b",
            r"\bno fade at the end\b",
            r"\bthe ending\b",
        ],
    }
)

#: Which ending a phrase asks for; the first that matches wins.
ENDING_KINDS: dict[str, str] = {
    r"\bno fade\b|\bwithout (?:a )?fade\b": "cut",
    r"\bcard\b|\bcredits\b|\bend title\b": "card",
    r"\bcut\b|\babrupt\b|\bhard\b|\bsudden\b": "cut",
    r"\bfade\b|\bblack\b": "fade",
}


# "make the video louder": with clips in the slideshow, their own sound (chat/handlers_sound.py).
INTENTS.update({"clip_louder": [r"\b(?:the )?(?:video|clips?) (?:louder|quieter|softer)\b"]})

# -- Templates: "use the birthday template", "make a wedding video" (chat/handlers_template.py)
INTENTS.update({"template": [r"\btemplates?\b"]})

#: Which built-in template a phrase names; the first that matches wins.
TEMPLATES: dict[str, str] = {
    r"\bbirthday\b": "compleanno",
    r"\bwedding\b|\bmarriage\b": "matrimonio",
    r"\bgraduation\b": "laurea",
    r"\bchristening\b|\bbaptism\b|\bcommunion\b": "battesimo",
    r"\btrip\b|\btravel\b|\bjourney\b": "viaggio",
    r"\bchristmas\b|\bxmas\b": "natale",
    r"\bbeach\b|\bby the sea\b|\bseaside\b": "mare",
    r"\banniversary\b": "anniversario",
}
#: Where the name the template is for starts: "for Maria", "to Amalfi".
TEMPLATE_FOR: list[str] = [r"\b(?:for|of|to|in)\s+(?=\S)"]

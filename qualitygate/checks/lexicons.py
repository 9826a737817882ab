"""Word lists the rules share: colours, materials, claims, hype, slang, boilerplate, spelling.

Kept as plain data so a reviewer can see (and argue with) exactly what a rule looks for.
"""

from __future__ import annotations

from qualitygate.checks.caseblind import CaseBlind

# fmt: off

# Colour word -> families it belongs to. A mention is consistent with an attribute when their family
# sets overlap, so "navy" agrees with "Blue" and "teal" with either "Blue" or "Green".
COLOURS: dict[str, frozenset[str]] = {}


def _colours(family: str, *words: str) -> None:
    for word in words:
        COLOURS[word] = COLOURS.get(word, frozenset()) | {family}


_colours("red", "red", "maroon", "crimson", "burgundy", "wine", "scarlet", "cherry", "ruby", "rust")
_colours("red", "coral", "brick red", "magenta")
_colours(
    "pink", "pink", "rose", "fuchsia", "magenta", "peach", "coral", "blush", "salmon", "rose gold"
)
_colours("orange", "orange", "rust", "peach", "coral", "mustard", "saffron", "tangerine", "apricot")
_colours("yellow", "yellow", "mustard", "lemon", "gold", "golden", "cream", "yellow gold")
_colours("gold", "gold", "golden", "yellow gold", "rose gold", "antique gold", "champagne")
_colours("green", "green", "olive", "teal", "mint", "lime", "emerald", "sea green", "turquoise")
_colours("green", "khaki", "pista", "bottle green", "parrot green", "mehendi")
_colours("blue", "blue", "navy", "navy blue", "sky blue", "royal blue", "teal", "turquoise", "aqua")
_colours("blue", "denim", "indigo", "cobalt", "azure", "cyan", "ink blue", "petrol", "aqua blue")
_colours("purple", "purple", "violet", "lavender", "lilac", "mauve", "plum", "magenta", "wine")
_colours(
    "brown", "brown", "tan", "coffee", "chocolate", "camel", "beige", "khaki", "bronze", "copper"
)
_colours("brown", "rust", "mocha", "walnut", "chestnut", "cognac", "mustard")
_colours("beige", "beige", "cream", "off white", "ivory", "nude", "skin", "khaki", "fawn", "camel")
_colours("beige", "sand")
_colours("white", "white", "off white", "ivory", "cream", "pearl", "silver")
_colours("black", "black", "jet black", "charcoal", "ebony", "onyx")
_colours(
    "grey", "grey", "gray", "charcoal", "silver", "ash", "slate", "steel", "gunmetal", "metallic"
)
_colours(
    "silver", "silver", "steel", "chrome", "metallic", "white gold", "platinum", "grey", "gray"
)
_colours("clear", "clear", "transparent")

# Values that agree with any colour mention.
ANY_COLOUR = frozenset(
    {
        "multicolor",
        "multicolour",
        "multi",
        "multi color",
        "multi colour",
        "assorted",
        "printed",
        "as per image",
        "na",
        "n/a",
    }
)

# Colour words that are also ordinary words or materials: only trusted next to a colour cue.
AMBIGUOUS_COLOURS = frozenset(
    {
        "gold",
        "silver",
        "steel",
        "copper",
        "bronze",
        "wine",
        "rust",
        "denim",
        "skin",
        "nude",
        "pearl",
        "cherry",
        "lemon",
        "mint",
        "lime",
        "chocolate",
        "coffee",
        "walnut",
        "chestnut",
        "camel",
        "ash",
        "slate",
        "rose",
        "clear",
        "platinum",
        "metallic",
        "cream",
        "ivory",
        "peach",
        "olive",
        "petrol",
        "ruby",
        "emerald",
        "chrome",
        "plum",
        "tan",
    }
)

# Material word -> canonical material group; synonyms share a group.
MATERIALS: dict[str, str] = {
    "cotton": "cotton", "polyester": "polyester", "polyster": "polyester", "poly": "polyester",
    "nylon": "nylon", "polyamide": "nylon", "lycra": "elastane", "spandex": "elastane",
    "elastane": "elastane", "viscose": "rayon", "rayon": "rayon", "modal": "rayon", "silk": "silk",
    "wool": "wool", "woollen": "wool", "woolen": "wool", "acrylic": "acrylic", "linen": "linen",
    "denim": "cotton", "khadi": "cotton", "georgette": "georgette", "chiffon": "chiffon",
    "crepe": "crepe", "satin": "satin", "velvet": "velvet", "net": "net", "leather": "leather",
    "suede": "leather", "nubuck": "leather", "pu": "synthetic", "polyurethane": "synthetic",
    "synthetic": "synthetic", "faux leather": "synthetic", "rexine": "synthetic",
    "leatherette": "synthetic", "eva": "eva", "rubber": "rubber", "canvas": "canvas",
    "mesh": "mesh", "fleece": "fleece", "jute": "jute", "stainless steel": "steel",
    "steel": "steel", "brass": "brass", "copper": "copper", "aluminium": "aluminium",
    "aluminum": "aluminium", "alloy": "alloy", "plastic": "plastic", "abs": "plastic",
    "polycarbonate": "plastic", "glass": "glass", "ceramic": "ceramic", "porcelain": "ceramic",
    "bone china": "ceramic", "wood": "wood", "wooden": "wood", "bamboo": "wood",
    "sterling silver": "silver", "silver": "silver", "gold": "gold", "platinum": "platinum",
    "crystal": "crystal", "microfiber": "polyester", "microfibre": "polyester",
}
# What completeness accepts as a stated material (the standard's "material" among a category's
# defining facts): the comparable materials above plus a general list of materials and textiles,
# named by the fibre, the plastic or the weave. Accuracy compares only MATERIALS (a "tulle" dress
# may be polyester: a weave does not contradict a fibre). Words that are also common verbs or
# names count only as nouns or adjectives (MATERIAL_NOUN_ONLY: "she felt", "New Jersey").
MATERIAL_NAMES = frozenset(MATERIALS) | frozenset(
    {
        # plastics, rubbers and foams
        "pvc", "vinyl", "abs", "pp", "polypropylene", "polyethylene", "hdpe", "ldpe",
        "tpu", "tpe", "tpr", "silicone", "latex", "neoprene", "resin", "polyresin", "epoxy",
        "acrylic", "plexiglass", "perspex", "melamine", "nitrile", "foam", "polystyrene",
        "styrofoam", "polymer", "rubberized", "pu leather", "mylar", "foil",
        # textiles and weaves
        "tulle", "organza", "taffeta", "chiffon", "satin", "velvet", "velour", "velveteen",
        "fleece", "spandex", "jersey", "mesh", "felt", "sequin", "sequins", "sequined", "lace",
        "corduroy", "flannel", "muslin", "voile", "poplin", "twill", "tweed", "chambray", "oxford",
        "terry", "terrycloth", "chenille", "plush", "minky", "sherpa", "faux fur", "fur", "knit",
        "crochet", "cashmere", "merino", "alpaca", "angora", "mohair", "hemp", "ramie", "tencel",
        "lyocell", "bamboo", "microsuede", "suede", "lurex", "lamé", "brocade", "jacquard",
        "damask", "organdy", "gauze", "cheesecloth", "burlap", "hessian", "oilcloth", "nylon",
        "polyester", "cotton", "elastic",
        # metals, minerals, wood and paper
        "metal", "iron", "cast iron", "zinc", "tin", "titanium", "tungsten", "nickel",
        "pewter", "bronze", "chrome", "carbon fiber", "carbon fibre", "fiberglass", "fibreglass",
        "marble", "granite", "stone", "slate", "concrete", "clay", "terracotta", "stoneware",
        "earthenware", "enamel", "cork", "rattan", "wicker", "plywood", "mdf", "paper", "cardboard",
        "cardstock", "paperboard", "wax", "beeswax", "soy wax", "gemstone",
    }
)
MATERIAL_NOUN_ONLY = frozenset(
    {"felt", "tin", "lace", "jersey", "terry", "knit", "pp", "elastic", "plush", "stone", "wax"}
)

# Materials one group may legitimately be described as (a synthetic-leather shoe is "leather-look").
MATERIAL_COMPATIBLE: dict[str, frozenset[str]] = {
    "synthetic": frozenset({"leather", "polyester", "nylon", "eva", "rubber", "plastic"}),
    "leather": frozenset({"synthetic"}),
    "alloy": frozenset({"steel", "brass", "copper", "aluminium", "silver", "gold"}),
}
# "genuine leather" against a synthetic attribute contradicts it; plain "leather" does not.
GENUINE_CUES = frozenset({"genuine", "real", "pure", "100%", "original"})

# Yes/no claims: the claim's surface forms and the attribute keys that settle it.
CLAIMS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "waterproof": (("waterproof", "water proof"), ("waterproof", "water proof", "water resistant")),
    "water resistant": (
        ("water resistant", "water-resistant", "water resistance"),
        ("water resistant", "waterproof", "water resistance"),
    ),
    "wireless": (("wireless", "cordless"), ("wireless", "connectivity", "cordless")),
    "rechargeable": (("rechargeable",), ("rechargeable", "battery type", "power source")),
    "reversible": (("reversible",), ("reversible",)),
    "machine washable": (
        ("machine washable", "machine wash"),
        ("machine washable", "fabric care", "wash care", "care instructions"),
    ),
    "microwave safe": (("microwave safe",), ("microwave safe",)),
    "dishwasher safe": (("dishwasher safe",), ("dishwasher safe",)),
    "scratch resistant": (
        ("scratch resistant", "scratchproof", "scratch proof"),
        ("scratch resistant",),
    ),
    "shock resistant": (
        ("shock resistant", "shockproof", "shock proof"),
        ("shock resistance", "shock resistant"),
    ),
    "hooded": (("hooded",), ("hooded",)),
    "luminous": (("luminous",), ("luminous",)),
}
YES = frozenset({"yes", "y", "true", "1"})
NO = frozenset({"no", "n", "false", "0", "not applicable"})
NEGATIONS = frozenset({"not", "no", "non", "never", "without", "n't", "isn't", "isnt", "nor"})

# Audience words -> (gender, age group). None means "either".
AUDIENCE: dict[str, tuple[str | None, str | None]] = {
    "men": ("male", "adult"), "man": ("male", "adult"), "gents": ("male", "adult"),
    "male": ("male", None), "him": ("male", None), "boys": ("male", "kid"), "boy": ("male", "kid"),
    "women": ("female", "adult"), "woman": ("female", "adult"), "ladies": ("female", "adult"),
    "female": ("female", None), "her": ("female", None), "girls": ("female", "kid"),
    "girl": ("female", "kid"), "kids": (None, "kid"), "children": (None, "kid"),
    "infants": (None, "baby"), "babies": (None, "baby"), "baby": (None, "baby"),
    "toddlers": (None, "kid"), "unisex": ("any", None),
}

HYPE: tuple[str, ...] = (
    "best in the world", "world's best", "best in class", "best ever", "#1", "no. 1", "number one",
    "guaranteed", "unbeatable", "revolutionary", "miracle", "like never before",
    "once in a lifetime", "mind blowing", "jaw dropping", "out of this world", "second to none",
    "world class", "unmatched", "unparalleled", "best quality", "best price", "best prices",
    "lowest price", "hurry", "buy now", "limited time", "must have", "flawless",
)
SLANG: tuple[str, ...] = (
    "u", "ur", "r", "gr8", "lol", "omg", "plz", "pls", "thx", "b4", "cuz", "coz", "bcoz", "gonna",
    "wanna", "kinda", "sorta", "awsum", "kewl", "luv", "wat", "dat", "dis", "ya", "yo", "lit",
    "fab", "swag", "totes", "amazeballs", "bae", "fleek", "vibez", "tho", "dope",
)
# Short all-caps words that are shouting rather than acronyms; words of 5+ capitals always are.
SHOUT_SHORT = frozenset(
    {
        "NEW",
        "BUY",
        "NOW",
        "HOT",
        "SALE",
        "FREE",
        "BEST",
        "WOW",
        "OMG",
        "MUST",
        "DEAL",
        "OFF",
        "ONLY",
        "GET",
        "YES",
        "BIG",
        "TOP",
        "COOL",
        "SUPER",
        "MEGA",
    }
)
ACRONYMS = frozenset(
    {
        "USB",
        "LED",
        "LCD",
        "HD",
        "UHD",
        "PU",
        "EVA",
        "TPU",
        "PVC",
        "ABS",
        "USA",
        "UK",
        "EU",
        "AC",
        "DC",
        "RAM",
        "ROM",
        "SSD",
        "HDD",
        "GPS",
        "NFC",
        "MRP",
        "BIS",
        "ISI",
        "FDA",
        "UV",
        "UVA",
        "UVB",
        "SPF",
        "OTG",
        "HDMI",
        "AUX",
        "IPS",
        "OLED",
        "AMOLED",
        "RGB",
        "CPU",
        "GPU",
        "WIFI",
        "ISO",
        "MIL",
        "STD",
        "XS",
        "XL",
        "XXL",
        "XXXL",
        "XXXXL",
        "3XL",
        "4XL",
        "5XL",
        "2XL",
        "S",
        "M",
        "L",
        "DIY",
        "ATM",
        "NA",
        "EMI",
        "COD",
        "PCS",
        "ASIN",
        "SKU",
        "UPC",
        "IMEI",
        "SIM",
        "MAH",
        "NYLON",
        "IJ",
        "SI",
        "VS",
        "VVS",
        "GSM",
        "CM",
        "MM",
        "KG",
        "ML",
        "BPA",
        "POLY",
        "LYCRA",
        "FM",
        "AM",
        "PM",
        "TV",
        "LAN",
        "MDF",
        "NATO",
        "ANSI",
        "CE",
        "RF",
        "IR",
        "UPS",
        "USB-C",
        "II",
        "III",
        "IV",
        "VI",
        "VII",
        "VIII",
        "IX",
        "XI",
        "XII",
        "SS",
        "AISI",
        "RFID",
        "POS",
        "PDF",
        "DVD",
        "CD",
        "MP3",
        "MP4",
    }
)

# Marketplace boilerplate that carries no product information, each pattern with its cue, a
# lower-case piece of every match (`CaseBlind`: scanning all the patterns was about a tenth of a
# millisecond per description, most of them finding nothing).
BOILERPLATE: tuple[CaseBlind, ...] = tuple(
    CaseBlind(p, cue)
    for cue, p in (
        ("genuine products", r"\bonly genuine products\.?"),
        ("replacement guarantee", r"\b\d+\s*days?\s*replacement guarantee\.?"),
        ("free shipping", r"\bfree shipping\.?"),
        ("cash on delivery", r"\bcash on delivery!?"),
        (
            "buy",
            r"\bbuy\b[^.]{0,200}?\b(?:only\s+)?for (?:only )?rs\.?\s*[\d,]+(?:\.\d+)?(?: online)?",
        ),
        ("online in india", r"\bonline in india\.?"),
        ("flipkart.com", r"\bfrom flipkart\.com\.?"),
        ("flipkart.com", r"\b(?:only )?at flipkart\.com\.?"),
        ("flipkart.com", r"\bflipkart\.com\.?"),
        ("shop online for ", r"\bshop online for [\w &,]+\.?"),
        ("huge collection of ", r"\bhuge collection of [\w &,]+\.?"),
        ("price:", r"\bprice:\s*rs\.?\s*[\d,]+(?:\.\d+)?"),
        ("best price", r"\bbest prices? (?:online|in india)\.?"),
        ("great discount", r"\bgreat discounts?\.?"),
    )
)

# US spelling -> UK spelling. The checker flags whichever the brand does not use.
SPELLING_US_UK: dict[str, str] = {
    "color": "colour", "colorful": "colourful", "colors": "colours", "colored": "coloured",
    "gray": "grey", "center": "centre", "favorite": "favourite", "jewelry": "jewellery",
    "organize": "organise", "organizer": "organiser", "aluminum": "aluminium", "fiber": "fibre",
    "meter": "metre", "liter": "litre", "theater": "theatre", "flavor": "flavour",
    "honor": "honour", "neighbor": "neighbour", "catalog": "catalogue", "pajamas": "pyjamas",
    "tire": "tyre", "mold": "mould", "cozy": "cosy", "personalize": "personalise",
    "personalized": "personalised", "customize": "customise", "customized": "customised",
    "stylize": "stylise", "moisturizer": "moisturiser", "odor": "odour", "labor": "labour",
    "defense": "defence", "license": "licence", "traveling": "travelling", "jeweled": "jewelled",
    "fueled": "fuelled",
}
SPELLING_UK_US: dict[str, str] = {uk: us for us, uk in SPELLING_US_UK.items()}

FIRST_PERSON = frozenset({"we", "our", "ours", "us", "we're", "we've", "we'll"})
SECOND_PERSON = frozenset({"you", "your", "yours", "you're", "you'll", "you've", "yourself"})
DISPARAGE = (
    "better than", "unlike", "superior to", "beats", "cheaper than", "not like", "outperforms",
)
GENERIC_RIVALS = (
    "other brands", "cheap imitations", "local brands", "other sellers", "competitors",
)
# fmt: on

"""Heads of state and government, 2017–2026, by surname → party code.

A fallback only: the extractor first learns "President X of the Y" from the
document itself. Surnames are matched after a title ("President Moon") or
alone when the document names them with a title somewhere.
"""

LEADERS: dict[str, str] = {
    # United States
    "Trump": "US", "Biden": "US", "Harris": "US", "Obama": "US",
    # Republic of Korea
    "Moon": "KR", "Yoon": "KR", "Lee": "KR", "Han": "KR",
    # Japan
    "Abe": "JP", "Suga": "JP", "Kishida": "JP", "Ishiba": "JP", "Takaichi": "JP",
    # China, India, Australia, New Zealand
    "Xi": "CN", "Li": "CN", "Modi": "IN", "Morrison": "AU", "Albanese": "AU", "Turnbull": "AU", "Ardern": "NZ", "Hipkins": "NZ", "Luxon": "NZ",
    # Europe and the G7
    "Johnson": "GB", "Truss": "GB", "Sunak": "GB", "Starmer": "GB", "May": "GB",
    "Macron": "FR", "Merkel": "DE", "Scholz": "DE", "Merz": "DE", "Draghi": "IT", "Meloni": "IT", "Conte": "IT",
    "Trudeau": "CA", "Carney": "CA", "von der Leyen": "EU", "Michel": "EU", "Costa": "EU",
    # Southeast Asia
    "Marcos": "PH", "Duterte": "PH", "Widodo": "ID", "Jokowi": "ID", "Prabowo": "ID", "Lee Hsien Loong": "SG",
    "Wong": "SG", "Anwar": "MY", "Phuc": "VN", "Chinh": "VN", "Thuong": "VN", "Lam": "VN", "Srettha": "TH", "Paetongtarn": "TH",
    # Others often at summits
    "Zelenskyy": "UA", "Zelensky": "UA", "Putin": "RU", "Kim": "KP", "Lula": "BR", "Sheinbaum": "MX",
    "López Obrador": "MX", "Milei": "AR", "Boric": "CL", "Petro": "CO",
    "Sánchez": "ES", "Rutte": "NL", "Schoof": "NL", "Kristersson": "SE", "Støre": "NO", "Frederiksen": "DK",
    "Stubb": "FI", "Niinistö": "FI", "Orpo": "FI", "Mitsotakis": "GR", "Erdoğan": "TR", "Erdogan": "TR",
    "Duda": "PL", "Morawiecki": "PL", "Nawrocki": "PL", "Netanyahu": "IL", "Herzog": "IL", "Sisi": "EG",
    "Ramaphosa": "ZA", "Tinubu": "NG", "Ruto": "KE", "Tokayev": "KZ", "Mirziyoyev": "UZ", "Rabuka": "FJ",
    "Marape": "PG", "Hasina": "BD", "Hun Manet": "KH", "Luvsannamsrai": "MN",
}

# Title words that put a person's name (or an office holder) right after them, lower-case.
# The mechanism recogniser and the tracker's content words build on this one list.
PERSON_TITLE_WORDS = frozenset(
    """
    president presidents prime minister premier chancellor secretary king queen emperor
    ambassador general admiral chairman chairwoman chair director dr mr mrs ms
    """.split()
)

TITLES = (
    "President", "Prime Minister", "Chancellor", "Premier", "King", "Queen", "Emperor", "Chairman", "General Secretary",
    "Secretary of State", "Secretary", "Foreign Minister", "Minister", "Defense Minister", "Ambassador", "Vice President",
)

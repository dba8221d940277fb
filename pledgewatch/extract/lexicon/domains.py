"""Domain cue words (the annotation guide's domain table, as data).

Each domain lists stems/phrases matched on lower-cased text with word
boundaries at the start (``extract.features.domain_counts``). Counts of these
cues are features of the domain classifier and, alone, a rule-based fallback.
"""

from __future__ import annotations

DOMAIN_CUES: dict[str, tuple[str, ...]] = {
    "defense": (
        "deterr", "extended deterrence", "defense posture", "defence", "defense", "military", "exercise", "strategic asset",
        "nuclear consultative", "operational control", "combined forces", "command", "troops", "forces", "missile defense",
        "submarine", "weapon", "mutual defense", "security cooperation", "strategic command", "warfighting", "armed",
        "defense industr", "procurement", "ballistic missile submarine", "nuclear weapon", "table-top", "contingenc", "alliance deterrence",
        "collective defen", "deterrence and defen", "defend each other", "defend one another", "indivisible security",
        "armed attack", "attack against", "territorial defen", "defence spending", "defense spending", "defence investment", "defense investment",
        "interoperab", "capabilities", "military modernization", "defence cooperation", "defense cooperation", "arms",
    ),
    "dprk": (
        "dprk", "north korea", "denucleariz", "korean peninsula", "inter-korean", "abduct", "unrepatriated", "pyongyang",
        "sanctions", "humanitarian aid to", "separated families", "audacious", "unification", "unified korea",
        "north korean", "kim jong",
    ),
    "nuclear_energy": (
        "civil nuclear", "nuclear energy", "nonproliferation", "non-proliferation", "reactor", "nuclear fuel", "safeguards",
        "iaea", "additional protocol", "peaceful uses of nuclear", "small modular", "nuclear power", "nuclear supply chain", "uranium",
    ),
    "economic_security": (
        "supply chain", "semiconductor", "batter", "critical mineral", "investment screening", "export control", "trade",
        "korus", "ipef", "economic framework", "foreign exchange", "economic security", "coercion", "tariff", "market",
        "commercial dialogue", "apec", "investment", "manufactur", "chips", "economic cooperation", "industrial",
        "economic growth", "growth", "economy", "economies", "economic", "monetary", "fiscal", "financial", "price stability",
        "trading system", "world trade organization", "wto", "free trade", "non-market", "unfair trade", "subsid", "procurement market",
        "infrastructure", "business", "commerce", "commercial", "jobs", "workers",
    ),
    "technology": (
        "technolog", "artificial intelligence", " ai ", "quantum", "biotech", "5g", "6g", "open ran", "digital", "research and development",
        "r&d", "innovation", "telecommunication", "cloud", "data", "science and technology", "stem", "biomanufactur", "network",
        "digitali", "emerging technolog", "critical technolog", "standards", "semiconductor research", "computing", "telecom",
    ),
    "cyber": ("cyber", "ransomware", "cybercrime", "crypto", "malicious cyber", "hack", "virtual asset"),
    "space": ("space", "satellite", "artemis", "lunar", "moon", "nasa", "navigation system", "positioning system", "orbit", "aeronautic"),
    "climate_energy": (
        "climate", "clean energy", "net zero", "net-zero", "emission", "carbon", "hydrogen", "renewable", "methane", "zero-emission",
        "electric vehicle", "green", "environment", "marine debris", "plastic", "biodiversity", "energy security", "energy efficiency",
        "paris agreement", "nationally determined contribution", "cop2", "coal", "decarboni", "energy transition", "deforestation",
        "clean tech", "sustainab", "planet", "nature", "ocean", "circular econom", "climate-neutral", "energy",
    ),
    "health": (
        "health", "pandemic", "vaccin", "covid", "covax", "biological threat", "infectious disease", "medical", "outbreak",
        "disease", "gavi", "cepi", "ghsa", "epidemic", "hospital", "pharmaceut",
        "biosafety", "biosecurity", "world health organization", "frontline workers",
    ),
    "alliance": (
        "our alliance", "the alliance", "ironclad alliance", "comprehensive strategic alliance", "bilateral ties", "our ties",
        "our partnership", "relationship", "broaden and deepen", "people-to-people ties", "across many", "visit",
        "strategic partnership", "transatlantic partnership", "transatlantic bond", "bond between", "partnership between",
        "bilateral cooperation", "bilateral relationship", "our cooperation", "engagement between", "as allies", "our nations",
        "two countries", "our countries", "each other",
    ),
    "regional": (
        "indo-pacific", "asean", "pacific island", "taiwan strait", "south china sea", "east china sea", "trilateral", "quad",
        "ukraine", "russia", "myanmar", "burma", "afghanistan", "united nations", "un charter", "un security council",
        "peacekeeping", "development assistance", "development cooperation", "northern triangle", "mekong", "g7", "g20",
        "nato", "region", "multilateral", "international order", "latin america", "caribbean", "global development", "summit for democracy",
        "international law", "rules-based", "un ", "charter", "developing countries", "least developed", "sustainable development",
        "middle east", "gaza", "israel", "africa", "indian ocean", "pacific", "humanitarian", "civilians", "refugee",
        "global challenges", "peace and security", "international peace", "like-minded partners", "regional partners",
    ),
    "democracy": (
        "democra", "human rights", "gender", "women", "girls", "internet freedom", "corruption", "rule of law", "freedom of expression",
        "religio", "journalist", "civil society", "disinformation", "future of the internet", "equality",
        "fundamental freedoms", "liberty", "empowerment", "democratic governance", "information manipulation", "free expression",
        "express themselves", "lgbt", "inclusion",
    ),
    "people": (
        "education", "exchange", "scholarship", "fulbright", "youth", "student", "travel", "visa", "people-to-people", "grantee",
        "language", "cultural", "tourism", "work and travel", "baggage", "traveler", "border", "alumni", "fellowship",
    ),
}

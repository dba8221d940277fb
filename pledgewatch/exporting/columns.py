"""The export's tables and columns: the one definition the writers, the column reference
(COLUMNS.md, and ``columns.md`` in every export folder) and the tests read.

Names follow event datasets such as PLOVER: lower_snake_case, one row per
thing, dates as ISO 8601 dates, times as UTC timestamps, parties as codes.
Every row that stands for words of a statement keeps their half-open character
offsets into ``documents.text``, so ``text[start:end]`` gives them back.
"""

from __future__ import annotations

from dataclasses import dataclass

# How each column type is written in each format (the reference prints this table).
TYPES: dict[str, tuple[str, str, str, str]] = {
    # type: (meaning, jsonl, csv, parquet)
    "string": ("text", "string", "the text", "string"),
    "integer": ("whole number", "number", "digits", "int64"),
    "float": ("number", "number", "decimal number", "float64"),
    "boolean": ("true or false", "true / false", "`true` / `false`", "bool"),
    "date": ("calendar date", '"YYYY-MM-DD"', "YYYY-MM-DD", "date32"),
    "timestamp": ("moment in UTC", '"YYYY-MM-DDTHH:MM:SS.ffffff+00:00"', "YYYY-MM-DDTHH:MM:SS.ffffff+00:00", "timestamp[us, tz=UTC]"),
    "list[string]": ("list of texts", "array of strings", 'a JSON array: `["US", "KR"]`', "list<string>"),
    "json": ("a JSON object (keys vary)", "object", "the object as JSON text", "string (JSON text)"),
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a key of TYPES
    meaning: str


@dataclass(frozen=True)
class Table:
    name: str
    meaning: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _t(name: str, meaning: str, *columns: tuple[str, str, str]) -> Table:
    return Table(name, meaning, tuple(Column(*c) for c in columns))


_DOC = ("doc_id", "string", "the document (`documents.doc_id`)")
_START = ("start", "integer", "where the words begin: a character offset into `documents.text` (0-based)")
_END = ("end", "integer", "where the words end (half-open: `documents.text[start:end]` is the words)")
_COMMITMENT = ("commitment_ref", "string", "the commitment (`commitments.commitment_ref`)")
_UNIT_INDEX = ("unit_index", "integer", "the unit's position in its document (0-based; `units.unit_index`)")
_RECORDED_BY = ("recorded_by", "string", "who recorded it (`--by`, `PLEDGEWATCH_USER` or the login name)")
_RECORDED_AT = ("recorded_at", "timestamp", "when it was recorded")
_NORMALISED = ("normalised", "json", "the whole normalised reading, including keys that have no column of their own")

TABLES: tuple[Table, ...] = (
    _t("documents", "One row per stored statement.",
       ("doc_id", "string", "the document's id: the first 16 hex digits of the SHA-256 of its text"),
       ("name", "string", "the file name of its first source, as commands accept it"),
       ("title", "string", "its title"),
       ("date", "date", "the statement's date; null when none was found"),
       ("date_source", "string", "where the date was read (front_matter, html_meta, url, dateline, text, file_name, pdf_meta, …)"),
       ("doc_type", "string", "joint_statement, fact_sheet, declaration, communique, press_statement or other"),
       ("parties", "list[string]", "the issuing parties' codes (ISO 3166-1 alpha-2 for states; EU, G7, NATO, ASEAN, AFRICAN_UNION … for groups)"),
       ("meeting_id", "string", "the meeting it belongs to (`meetings.meeting_id`)"),
       ("source_url", "string", "the statement's URL, when known"),
       ("tags", "list[string]", "tags from its front matter"),
       ("warnings", "list[string]", "what ingest warned about it"),
       ("sha256", "string", "SHA-256 of its normalised text"),
       ("ingested_at", "timestamp", "when it was first stored"),
       ("text_length", "integer", "the length of `text` in characters"),
       ("text", "string", "the normalised text; every offset in every table points into it")),
    _t("sources", "One row per file a document was read from (a near-duplicate from another outlet is a second source).",
       _DOC,
       ("name", "string", "the file name"),
       ("path", "string", "the path (or URL) it was ingested from"),
       ("format", "string", "text, markdown, html or pdf"),
       ("encoding", "string", "the character encoding it was decoded with"),
       ("sha256", "string", "SHA-256 of the file's raw bytes"),
       ("size", "integer", "the file's size in bytes"),
       ("url", "string", "the page's own URL when the file names one"),
       ("similarity", "float", "for a near-duplicate from another outlet: its similarity to the stored text (0–1); null otherwise"),
       ("added_at", "timestamp", "when it was stored")),
    _t("units", "One row per unit (sentence, bullet or lead-in) of every document, labelled or not.",
       ("unit_ref", "string", "the unit's reference, `doc_id:start`, as `pledgewatch correct` accepts it"),
       _DOC, _UNIT_INDEX, _START, _END,
       ("kind", "string", "sentence, bullet or lead_in"),
       ("section", "string", "the heading it stands under"),
       ("lead_in_index", "integer", "for a bullet: the `unit_index` of the lead-in it hangs from"),
       ("label", "string", "commitment or other (a person's correction wins over the model); null when not labelled"),
       ("confidence", "float", "the calibrated probability that the label is right (0–1; 1.0 for a person's)"),
       ("text", "string", "the unit's words (`documents.text[start:end]`)")),
    _t("commitments", "One row per unit labelled a commitment.",
       ("commitment_ref", "string", "the commitment's reference, `doc_id:start`, as `pledgewatch status` accepts it"),
       _DOC, _UNIT_INDEX, _START, _END,
       ("date", "date", "the document's date"),
       ("kind", "string", "new or reaffirmed"),
       ("domain", "string", "one of the annotation guide's thirteen domains"),
       ("actors", "list[string]", "the parties that undertake it (codes; one row each in `commitment_actors`)"),
       ("mechanisms", "list[string]", "the mechanisms it names, as written (details in `commitment_mechanisms`)"),
       ("amounts", "list[string]", "the amounts it names, as written (details in `commitment_amounts`)"),
       ("timeframes", "list[string]", "the timeframes it names, as written (details in `commitment_timeframes`)"),
       ("deadline", "date", "the last end of its resolved timeframes, as the ledger computes it; null when none resolves"),
       ("deadline_text", "string", "the words of the timeframe the deadline comes from (or of the first unresolved one)"),
       ("deadline_note", "string", "why the timeframe does not resolve to a date (vague, event, open_ended …)"),
       ("confidence", "float", "the calibrated probability that it is a commitment (1.0 when a person said so)"),
       ("extractor", "string", "what labelled it: the model's name and version, or `person-NAME` for a correction"),
       ("corrected", "boolean", "true when a person's correction decided it"),
       ("why", "list[string]", "the cues and model features that decided it"),
       ("thread_id", "string", "the undertaking it is an appearance of (`threads.thread_id`)"),
       ("text", "string", "the unit's words (`documents.text[start:end]`)")),
    _t("commitment_actors", "One row per actor of a commitment (the long form of `commitments.actors`).",
       _COMMITMENT, _DOC,
       ("party", "string", "the actor's party code")),
    _t("commitment_mechanisms", "One row per mention of a mechanism (a body, dialogue, agreement …) in a commitment.",
       _COMMITMENT, _DOC, _START, _END,
       ("text", "string", "the words as written (`documents.text[start:end]`); `mechanism_events` has the same doc_id, start and end"),
       ("name", "string", "the mechanism's name as read"),
       ("acronym", "string", "its acronym, when one is written"),
       ("long_name", "string", "the long form an acronym stands for"),
       _NORMALISED),
    _t("commitment_amounts", "One row per amount (money or a count) in a commitment.",
       _COMMITMENT, _DOC, _START, _END,
       ("text", "string", "the words as written (`documents.text[start:end]`)"),
       ("amount_type", "string", "money or count"),
       ("value", "float", "the amount (the lower bound of a range)"),
       ("value_max", "float", "the upper bound of a range"),
       ("currency", "string", "for money: the ISO 4217 code (USD, KRW, EUR …)"),
       ("unit", "string", "for a count: what is counted"),
       _NORMALISED),
    _t("commitment_timeframes", "One row per timeframe (a date, a period, a duration, a condition) in a commitment.",
       _COMMITMENT, _DOC, _START, _END,
       ("text", "string", "the words as written (`documents.text[start:end]`)"),
       ("timeframe_type", "string", "date, interval, duration, recurrence, open_ended or unresolved"),
       ("period_start", "date", "the first day of the period it names, resolved against the statement's date"),
       ("period_end", "date", "the last day of the period it names (the deadline it sets)"),
       ("precision", "string", "how precise the words are: day, month, quarter, year …"),
       ("duration", "string", "for a duration: ISO 8601 (`P5Y`)"),
       ("reason", "string", "why it does not resolve (vague, event, no document date …) or why it is open-ended"),
       _NORMALISED),
    _t("meetings", "One row per meeting: the documents of the same parties issued for it.",
       ("meeting_id", "string", "the meeting's id (e.g. `2022-05-21-KR-US`)"),
       ("position", "integer", "its place in the order of meetings (0-based)"),
       ("date", "date", "its date; null when none of its documents is dated"),
       ("parties", "list[string]", "the parties' codes"),
       ("label", "string", "how commands show it"),
       ("doc_ids", "list[string]", "its documents (`documents.doc_id`)"),
       ("order_why", "string", "why it stands where it does in the order")),
    _t("threads", "One row per thread: the same undertaking across the meetings of the same parties.",
       ("thread_id", "string", "the thread's id"),
       ("parties", "list[string]", "the parties' codes"),
       ("domain", "string", "its domain"),
       ("status", "string", "its latest change: new, reiterated, strengthened, weakened or dropped"),
       ("appearances", "integer", "how many commitments it is made of (rows in `thread_members`)"),
       ("first_meeting_id", "string", "the meeting of its first appearance"),
       ("last_meeting_id", "string", "the meeting of its latest appearance"),
       ("dropped_at", "list[string]", "the later meetings of its parties it is absent from")),
    _t("thread_members", "One row per appearance of a thread (a commitment at one meeting).",
       ("thread_id", "string", "the thread (`threads.thread_id`)"),
       ("position", "integer", "the appearance's place in the thread (0-based, in meeting order)"),
       ("meeting_id", "string", "the meeting (`meetings.meeting_id`)"),
       _COMMITMENT, _DOC, _UNIT_INDEX, _START, _END,
       ("change", "string", "against the previous appearance: new, reiterated, strengthened or weakened"),
       ("previous_ref", "string", "the appearance it is compared with (a `commitment_ref`)"),
       ("added", "list[string]", "the word runs it adds to the previous appearance"),
       ("removed", "list[string]", "the word runs it leaves out"),
       ("why", "list[string]", "why it was linked and typed so"),
       ("score", "float", "the link's score"),
       ("text", "string", "the unit's words (`documents.text[start:end]`)")),
    _t("mechanisms", "One row per entry of the mechanisms registry.",
       ("mechanism_id", "string", "the entry's id"),
       ("name", "string", "its name"),
       ("aliases", "list[string]", "other names and acronyms it is written as"),
       ("parties", "list[string]", "the parties that name it"),
       ("domain", "string", "its domain"),
       ("events", "integer", "how many lifecycle events it has (rows in `mechanism_events`)"),
       ("first_date", "date", "the date of its first dated event"),
       ("latest_event", "string", "its latest event")),
    _t("mechanism_events", "One row per lifecycle event of a mechanism: one mention, read from the verbs around it.",
       ("mechanism_id", "string", "the mechanism (`mechanisms.mechanism_id`)"),
       ("position", "integer", "the event's place in the lifecycle (0-based)"),
       ("event", "string", "proposed, agreed, established, reactivated, convened, strengthened or referenced"),
       ("date", "date", "the meeting's date"),
       ("meeting_id", "string", "the meeting (`meetings.meeting_id`)"),
       _DOC, _UNIT_INDEX,
       ("unit_ref", "string", "the unit the mention is in (`units.unit_ref`)"),
       ("start", "integer", "where the mention begins (offset into `documents.text`)"),
       ("end", "integer", "where the mention ends (`documents.text[start:end]` is the mechanism's words)"),
       ("unit_start", "integer", "where the unit begins"),
       ("unit_end", "integer", "where the unit ends (`documents.text[unit_start:unit_end]` is `unit_text`)"),
       ("unit_text", "string", "the unit's words: the evidence for the event")),
    _t("ledger_entries", "One row per ledger entry, in the order recorded: an assessment of an undertaking, or the retraction of one. Nothing is ever edited: a retracted entry is still here, marked.",
       ("entry_id", "string", "the SHA-256 of the entry's content"),
       ("action", "string", "assess or retract"),
       ("target", "string", "what was assessed: commitment (one appearance) or thread (the undertaking)"),
       ("ref", "string", "the reference it was recorded on (a `commitment_ref` or a `thread_id`)"),
       ("status", "string", "not_started, in_progress, partially_achieved, achieved, stalled, abandoned or superseded; null for a retraction"),
       ("evidence_date", "date", "the date the evidence is about"),
       ("evidence_url", "string", "the evidence's URL"),
       ("quote", "string", "the evidence's words, as entered"),
       ("note", "string", "the recorder's note (for a retraction: why)"),
       ("superseded_by", "string", "for superseded: the undertaking that replaced it"),
       ("retracts", "string", "for a retraction: the `entry_id` it takes back"),
       _RECORDED_BY, _RECORDED_AT,
       ("retracted", "boolean", "true when a standing retraction takes this entry back"),
       ("thread_id", "string", "the thread its undertaking is now (threads can be renumbered by re-tracking); null when none holds its units any more"),
       ("located", "string", "how it was found: same thread, thread id changed, thread of the commitment, or no thread holds its units any more"),
       ("anchor_refs", "list[string]", "the units it was anchored to when recorded (details in `ledger_anchors`)")),
    _t("ledger_anchors", "One row per unit a ledger entry is anchored to (the words it was about when recorded).",
       ("entry_id", "string", "the entry (`ledger_entries.entry_id`)"),
       ("position", "integer", "the anchor's place in the entry's list (0-based)"),
       ("unit_ref", "string", "the unit (`doc_id:start`)"),
       _DOC, _START, _END,
       ("text", "string", "the unit's words when recorded (`documents.text[start:end]`)")),
    _t("corrections", "One row per correction of the extractor by a person, in the order recorded (a later one about the same unit wins).",
       ("correction_id", "string", "the SHA-256 of the correction's content"),
       ("unit_ref", "string", "the unit corrected (`doc_id:start`)"),
       _DOC, _START, _END,
       ("label", "string", "commitment or other"),
       ("kind", "string", "new or reaffirmed; null keeps the extractor's"),
       ("actors", "list[string]", "the actors' party codes; null keeps the extractor's"),
       ("domain", "string", "the domain; null keeps the extractor's"),
       ("mechanisms", "list[string]", "the mechanisms, as written; null keeps the extractor's"),
       ("note", "string", "why"),
       _RECORDED_BY, _RECORDED_AT,
       ("text", "string", "the unit's words when corrected (`documents.text[start:end]`)")),
)

TABLE_NAMES = tuple(t.name for t in TABLES)


def table(name: str) -> Table:
    return next(t for t in TABLES if t.name == name)


def columns_markdown() -> str:
    """The column reference, generated from ``TABLES`` (COLUMNS.md is exactly this)."""
    out = [
        "# Export columns",
        "",
        "<!-- generated from pledgewatch/exporting/columns.py: run `pledgewatch export --columns > COLUMNS.md` -->",
        "",
        "`pledgewatch export --format jsonl|csv|parquet -o DIR` writes one file per table below",
        "(`DIR/documents.jsonl`, …), this reference as `DIR/columns.md`, and `DIR/manifest.json`",
        "last (the tables, their files and row counts: an export is complete when it is there).",
        "Every `start`/`end` pair is a half-open character offset into `documents.text` of the",
        "same `doc_id`: `documents.text[start:end]` gives back the words a row stands for.",
        "A null is `null` in JSON lines, an empty cell in CSV and a null in Parquet.",
        "",
        "| type | meaning | JSON lines | CSV | Parquet |",
        "|---|---|---|---|---|",
        *(f"| {name} | {meaning} | {jsonl} | {csv} | `{parquet}` |" for name, (meaning, jsonl, csv, parquet) in TYPES.items()),
    ]
    for t in TABLES:
        out += ["", f"## {t.name}", "", t.meaning, "", "| column | type | meaning |", "|---|---|---|"]
        out += [f"| `{c.name}` | {c.type} | {c.meaning} |" for c in t.columns]
    return "\n".join(out) + "\n"

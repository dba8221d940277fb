"""Every page through the FastAPI test client: HTML and its JSON twin, highlights at the exact
characters, pagination, forms for the roles that may use them, and what a form stores."""

from __future__ import annotations

import html
import re

import pytest

from pledgewatch import browse
from pledgewatch.store.ledger import load_entries
from pledgewatch.store.tracking import load_meetings

from .web_helpers import app, client_for, editor, form_token, viewer, admin, web_db_file, web_store  # noqa: F401

pytestmark = pytest.mark.backends
PAGES = ["/", "/documents", "/threads", "/mechanisms", "/meetings", "/ledger", "/review", "/search?q=nuclear", "/diff",
         "/ledger?due=overdue", "/threads?domain=security", "/mechanisms?q=dialogue", "/documents?party=KR&year=2023"]


def test_every_page_needs_a_signed_in_account(app) -> None:
    anon = client_for(app)
    for path in PAGES + ["/documents/x", "/commitments/x:1"]:
        r = anon.get(path)
        assert r.status_code == 303 and r.headers["location"].startswith("/login?next="), path
        assert anon.get(path.split("?")[0] + ".json").status_code == 401, path
    assert anon.get("/login").status_code == 200


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_as_html_and_as_json(viewer, path: str) -> None:
    r = viewer.get(path)
    assert r.status_code == 200, r.text[:400]
    assert r.headers["content-type"].startswith("text/html") and "</html>" in r.text
    base, _, query = path.partition("?")
    twin = viewer.get(("/.json" if base == "/" else base + ".json") + (f"?{query}" if query else ""))
    assert twin.status_code == 200 and twin.headers["content-type"] == "application/json"
    also = viewer.get(path, headers={"Accept": "application/json"})
    assert also.json() == twin.json()


def test_dashboard_counts_match_the_library(viewer, web_store) -> None:
    data = viewer.get("/.json").json()
    c = browse.corpus(web_store)
    assert data["documents"] == len(c.documents) == 6
    assert data["threads"] == len(c.threads) and data["meetings"] == len(c.meetings)
    assert sum(x["count"] for x in data["by_status"]) == len(browse.standings(web_store).rows)
    page = viewer.get("/").text
    assert '<svg class="bars" role="img" aria-label="Undertakings by ledger status"' in page


def test_document_page_highlights_every_commitment_at_its_exact_characters(viewer, web_store) -> None:
    doc = browse.list_documents(web_store, party="KR", year=2023).items[0]
    view = browse.document_view(web_store, doc.id)
    page = viewer.get(f"/documents/{doc.id}").text
    marks = re.findall(r'<a class="mark[^"]*" id="c(\d+)" href="/commitments/([^"]+)" data-start="(\d+)" data-end="(\d+)"[^>]*>(.*?)</a>', page, re.S)
    assert len(marks) == len(view.marks) > 20
    for anchor, ref, start, end, inner in marks:
        assert html.unescape(inner) == view.text[int(start):int(end)]
        assert ref == f"{doc.id}:{start}" and anchor == start
    article = page[page.index('<article class="statement"'):page.index("</article>")]
    assert html.unescape(re.sub(r"<[^>]+>", "", article.split(">", 1)[1])) == view.text  # nothing added, nothing lost


def test_commitment_page_shows_attributes_thread_diffs_and_history(viewer, web_store) -> None:
    thread = next(t for t in browse.corpus(web_store).threads if len(t.members) > 1 and t.members[-1].diff)
    last = thread.members[-1]
    page = viewer.get(f"/commitments/{last.doc_id}:{last.start}").text
    assert f'href="/threads/{thread.id}"' in page and "<h2>Why</h2>" in page
    assert "<ins>" in page or "<del>" in page  # the word diff between appearances
    data = viewer.get(f"/commitments/{last.doc_id}:{last.start}.json").json()
    assert data["thread"]["id"] == thread.id and data["text"] == last.text and data["why"]


def test_commitment_page_answers_for_any_offset_inside_its_unit(viewer, web_store) -> None:
    last = browse.corpus(web_store).threads[0].members[-1]
    assert len(last.text) > 3
    inner = viewer.get(f"/commitments/{last.doc_id}:{last.start + 3}.json").json()
    assert inner["ref"] == f"{last.doc_id}:{last.start}" and inner == viewer.get(f"/commitments/{last.doc_id}:{last.start}.json").json()
    assert viewer.get(f"/commitments/{last.doc_id}:{10**30}.json").status_code == 404  # no unit there: not a server error


def test_lists_paginate(viewer, web_store) -> None:
    total = len(browse.corpus(web_store).threads)
    assert total > 100
    first = viewer.get("/threads.json").json()
    assert first["total"] == total and len(first["items"]) == 50 and first["offset"] == 0
    second = viewer.get("/threads.json?offset=50").json()
    assert {t["id"] for t in first["items"]}.isdisjoint(t["id"] for t in second["items"])
    page = viewer.get("/threads").text
    assert 'rel="next" href="/threads?offset=50"' in page and "1–50 of" in page
    assert len(viewer.get("/threads.json?offset=999999").json()["items"]) == 0


def test_mechanism_page_draws_its_lifecycle(viewer) -> None:
    page = viewer.get("/mechanisms/NCG").text
    assert "Nuclear Consultative Group" in page and '<svg class="timeline"' in page and "<circle" in page
    assert viewer.get("/mechanisms/no-such-body").status_code == 404


def test_search_ranks_and_marks_the_words(viewer) -> None:
    data = viewer.get("/search.json?q=nuclear+deterrence").json()
    assert data["total"] >= len(data["items"]) > 0
    assert all(any(hit for _, hit in row["snippet"]) for row in data["items"])
    scores = [row["score"] for row in data["items"]]
    assert scores == sorted(scores, reverse=True)
    page = viewer.get("/search?q=nuclear").text
    assert "<mark>nuclear</mark>" in page.lower() or "<mark>Nuclear</mark>" in page


def test_diff_of_two_meetings(viewer, web_store) -> None:
    ms = [m for m in load_meetings(web_store.engine) if "KR" in m.parties]
    data = viewer.get(f"/diff.json?a={ms[0].id}&b={ms[1].id}").json()
    assert {r["status"] for r in data["rows"]} >= {"new", "dropped"}
    assert viewer.get("/diff?a=nothing&b=else").status_code == 404


# --- forms ---------------------------------------------------------------------------------


def _a_commitment(store) -> str:
    return browse.corpus(store).threads[0].members[-1].doc_id + ":" + str(browse.corpus(store).threads[0].members[-1].start)


def test_a_viewer_sees_no_form_and_cannot_post(viewer, web_store) -> None:
    ref = _a_commitment(web_store)
    page = viewer.get(f"/commitments/{ref}").text
    assert "Record an assessment" not in page and "/assessments" not in page and "/corrections" not in page
    before = len(load_entries(web_store.engine))
    r = viewer.post(f"/commitments/{ref}/assessments", data={"csrf": form_token(page), "status": "achieved", "evidence_date": "2024-01-01",
                                                             "evidence_url": "https://example.org", "quote": "done"})
    assert r.status_code == 403
    assert len(load_entries(web_store.engine)) == before


def test_an_editor_records_an_assessment_with_their_name(editor, web_store) -> None:
    ref = _a_commitment(web_store)
    page = editor.get(f"/commitments/{ref}").text
    r = editor.post(f"/commitments/{ref}/assessments", data={
        "csrf": form_token(page), "status": "in_progress", "evidence_date": "2024-02-03",
        "evidence_url": "https://example.org/news/1", "quote": "Work began in February.", "note": "from the ministry"})
    assert r.status_code == 303 and "saved=" in r.headers["location"]
    (entry,) = load_entries(web_store.engine)[-1:]
    assert entry.recorded_by == "eddie" and entry.status == "in_progress" and entry.quote == "Work began in February."
    shown = editor.get(r.headers["location"]).text
    assert "Work began in February." in shown and 'role="status">Saved' in shown
    dash = editor.get("/.json").json()
    assert dash["latest_evidence"][0]["entry_id"] == entry.entry_id


def test_bad_form_input_is_said_and_stores_nothing(editor, web_store) -> None:
    ref = _a_commitment(web_store)
    page = editor.get(f"/commitments/{ref}").text
    before = len(load_entries(web_store.engine))
    for bad in ({"status": "done-ish", "evidence_date": "2024-01-01"}, {"status": "achieved", "evidence_date": "yesterday"},
                {"status": "achieved", "evidence_date": "2999-01-01"}):
        r = editor.post(f"/commitments/{ref}/assessments", data={"csrf": form_token(page), "evidence_url": "https://example.org/x",
                                                                 "quote": "q", **bad})
        assert r.status_code == 400 and 'class="error" role="alert"' in r.text
        assert "Traceback" not in r.text
    assert len(load_entries(web_store.engine)) == before


def test_an_editor_corrects_a_unit(editor, web_store) -> None:
    ref = _a_commitment(web_store)
    page = editor.get(f"/commitments/{ref}").text
    r = editor.post(f"/commitments/{ref}/corrections", data={"csrf": form_token(page), "label": "commitment", "domain": "health",
                                                             "note": "it is about vaccines"})
    assert r.status_code == 303
    data = editor.get(f"/commitments/{ref}.json").json()
    assert data["domain"] == "health" and data["extractor"].startswith("person-")
    from pledgewatch.assessments import corrections_list
    assert corrections_list(web_store)[-1].recorded_by == "eddie"


def test_an_editor_retracts_an_entry(editor, web_store) -> None:
    ref = _a_commitment(web_store)
    page = editor.get(f"/commitments/{ref}").text
    editor.post(f"/commitments/{ref}/assessments", data={"csrf": form_token(page), "status": "stalled", "evidence_date": "2024-02-03",
                                                         "evidence_url": "https://example.org/n", "quote": "Nothing moved."})
    entry = load_entries(web_store.engine)[-1]
    r = editor.post(f"/ledger/entries/{entry.entry_id}/retract", data={"csrf": form_token(page), "note": "wrong page", "back": f"/commitments/{ref}"})
    assert r.status_code == 303
    history = editor.get(f"/commitments/{ref}.json").json()["history"]
    assert [h["retracted"] for h in history if h["entry_id"] == entry.entry_id] == [True]


def test_only_an_admin_merges_and_splits_meetings(editor, admin, web_store) -> None:
    meetings = load_meetings(web_store.engine)
    joint = next(m for m in meetings if len(m.doc_ids) > 1)
    page = admin.get("/meetings").text
    assert 'action="/meetings/merge"' in page and "Split out" in page
    assert 'action="/meetings/merge"' not in editor.get("/meetings").text
    r = editor.post("/meetings/split", data={"csrf": form_token(editor.get("/meetings").text), "doc": joint.doc_ids[0]})
    assert r.status_code == 403
    r = admin.post("/meetings/split", data={"csrf": form_token(page), "doc": joint.doc_ids[0]})
    assert r.status_code == 303
    assert len(load_meetings(web_store.engine)) == len(meetings) + 1
    r = admin.post("/meetings/merge", data={"csrf": form_token(page), "a": joint.doc_ids[0], "b": joint.doc_ids[1]})
    assert r.status_code == 303 and len(load_meetings(web_store.engine)) == len(meetings)


def test_an_admin_manages_accounts_and_tokens(admin, editor, app, web_store) -> None:
    from pledgewatch import accounts

    assert editor.get("/admin").status_code == 403
    page = admin.get("/admin").text
    assert "eddie" in page and "admin-client" in page and "$argon2" not in page
    token = form_token(page)
    r = admin.post("/admin/users", data={"csrf": token, "name": "nina", "role": "editor", "password": "long enough pw"})
    assert r.status_code == 303 and accounts.get_user(web_store, "nina").role == "editor"
    r = admin.post("/admin/users", data={"csrf": token, "name": "nina", "role": "editor", "password": "long enough pw"})
    assert r.status_code == 400 and 'role="alert"' in r.text  # taken
    assert admin.post("/admin/users/nina", data={"csrf": token, "role": "viewer"}).status_code == 303
    assert accounts.get_user(web_store, "nina").role == "viewer"
    assert admin.post("/admin/users/nina", data={"csrf": token, "active": "no"}).status_code == 303
    assert not accounts.get_user(web_store, "nina").active
    r = admin.post("/admin/tokens", data={"csrf": token, "name": "robot", "role": "viewer"})
    secret = re.search(r'<code class="secret">(pw_[^<]+)</code>', r.text).group(1)
    assert accounts.token_account(web_store, secret).name == "token:robot"
    assert secret not in admin.get("/admin").text  # shown once
    token_id = next(t.token_id for t in accounts.list_tokens(web_store) if t.name == "robot")
    assert admin.post(f"/admin/tokens/{token_id}/revoke", data={"csrf": token}).status_code == 303
    assert accounts.token_account(web_store, secret) is None
    assert editor.post("/admin/tokens", data={"csrf": form_token(editor.get("/").text), "name": "x", "role": "admin"}).status_code == 403

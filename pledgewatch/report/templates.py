"""The HTML report's page shell and stylesheet (no external fonts, images or scripts)."""

from __future__ import annotations

CHANGE_COLOURS = {  # text, background
    "new": ("#1d4ed8", "#dbeafe"),
    "reiterated": ("#475569", "#e2e8f0"),
    "strengthened": ("#15803d", "#dcfce7"),
    "weakened": ("#b45309", "#fef3c7"),
    "dropped": ("#b91c1c", "#fee2e2"),
}
STATUS_COLOURS = {  # the ledger's statuses (and none yet): text / bar colour, background
    "not_started": ("#475569", "#e2e8f0"),
    "in_progress": ("#1d4ed8", "#dbeafe"),
    "partially_achieved": ("#0f766e", "#ccfbf1"),
    "achieved": ("#15803d", "#dcfce7"),
    "stalled": ("#b45309", "#fef3c7"),
    "abandoned": ("#b91c1c", "#fee2e2"),
    "superseded": ("#6d28d9", "#ede9fe"),
    "unassessed": ("#94a3b8", "#f1f5f9"),
    "overdue": ("#b91c1c", "#fee2e2"),
    "due_soon": ("#b45309", "#fef3c7"),
}

CSS = """
:root { --ink:#0f172a; --muted:#64748b; --line:#e2e8f0; --soft:#f8fafc; --accent:#1e3a8a; }
* { box-sizing: border-box; }
html { scroll-behavior: smooth; }
body { margin:0; color:var(--ink); background:#f1f5f9; line-height:1.5;
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
.wrap { max-width: 1120px; margin: 0 auto; padding: 0 24px; }
header.top { background: linear-gradient(135deg, #0f172a, #1e3a8a); color:#fff; padding: 36px 0 28px; }
header.top .kicker { text-transform: uppercase; letter-spacing: .12em; font-size: 12px; opacity: .75; margin: 0 0 6px; }
header.top h1 { margin: 0 0 6px; font-size: 30px; font-weight: 650; letter-spacing: -.01em; }
header.top .sub { margin: 0 0 22px; opacity: .85; }
.stats { display:flex; flex-wrap:wrap; gap:12px; }
.stat { background: rgba(255,255,255,.1); border:1px solid rgba(255,255,255,.18); border-radius:10px; padding:10px 16px; min-width:120px; }
.stat b { display:block; font-size: 26px; font-weight: 650; line-height: 1.1; }
.stat span { font-size: 12px; text-transform: uppercase; letter-spacing: .06em; opacity: .8; }
.statusline { margin-top: 14px; display:flex; flex-wrap:wrap; gap:8px; align-items:center; font-size: 13px; }
.statusline .lbl { opacity:.8; margin-right: 4px; }
nav.toc { position: sticky; top: 0; z-index: 5; background: rgba(255,255,255,.95); border-bottom: 1px solid var(--line);
  backdrop-filter: blur(6px); }
nav.toc ol { list-style:none; display:flex; flex-wrap:wrap; gap:4px 18px; margin:0 auto; padding: 10px 24px; max-width:1120px; }
nav.toc a { color: var(--accent); text-decoration:none; font-size: 14px; font-weight: 550; }
nav.toc a:hover { text-decoration: underline; }
main { padding: 8px 24px 48px; }
section.card { background:#fff; border:1px solid var(--line); border-radius: 12px; padding: 20px 24px 22px; margin: 22px 0;
  box-shadow: 0 1px 2px rgba(15,23,42,.04); scroll-margin-top: 56px; }
section.card > h2 { margin: 0 0 4px; font-size: 21px; letter-spacing: -.01em; }
section.card > p.lede { margin: 0 0 14px; color: var(--muted); font-size: 14px; }
h3 { font-size: 16px; margin: 18px 0 6px; }
.empty { color: var(--muted); font-style: italic; padding: 8px 0; }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; margin: 6px 0 4px; }
th { text-align:left; font-weight: 600; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em;
  border-bottom: 2px solid var(--line); padding: 6px 8px; white-space: nowrap; }
td { border-bottom: 1px solid var(--line); padding: 6px 8px; vertical-align: top; }
tbody tr:nth-child(even) td { background: var(--soft); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.date, td.nowrap { white-space: nowrap; font-variant-numeric: tabular-nums; }
.small { font-size: 12px; color: var(--muted); }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
.badge { display:inline-block; border-radius: 999px; padding: 1px 9px; font-size: 12px; font-weight: 600; line-height: 1.6;
  white-space: nowrap; }
.chip { display:inline-block; border:1px solid var(--line); border-radius: 6px; padding: 0 6px; margin: 1px 2px; font-size: 12px;
  white-space: nowrap; background:#fff; color: var(--ink); text-decoration: none; }
a.chip:hover { border-color: var(--accent); }
.dom { display:inline-block; white-space: nowrap; font-size: 12px; color:#fff; border-radius: 4px; padding: 0 6px; }
a.q { color: inherit; text-decoration: none; border-bottom: 1px dotted #94a3b8; }
a.q:hover { background: #eff6ff; border-bottom-color: var(--accent); }
.quote { margin: 0; }
ins { background: #dcfce7; color: #14532d; text-decoration: none; border-radius: 3px; padding: 0 2px; }
del { background: #fee2e2; color: #7f1d1d; border-radius: 3px; padding: 0 2px; }
figure.chart { margin: 8px 0 16px; }
figure.chart figcaption { font-size: 12px; color: var(--muted); }
details.thread { border: 1px solid var(--line); border-radius: 10px; margin: 8px 0; background: #fff; }
details.thread[open] { box-shadow: 0 1px 3px rgba(15,23,42,.06); }
details.thread > summary { cursor: pointer; padding: 8px 12px; list-style-position: outside; display: flex; flex-wrap: wrap;
  gap: 6px 10px; align-items: center; }
details.thread > summary .path { color: var(--muted); font-size: 12px; }
details.thread > summary .lead { flex-basis: 100%; font-size: 13.5px; color: #334155; }
details.thread[open] > summary .lead { display: none; }
ol.members { list-style: none; margin: 0; padding: 4px 14px 12px 14px; border-top: 1px solid var(--line); }
ol.members li { position: relative; padding: 8px 0 8px 22px; border-left: 2px solid var(--line); margin-left: 6px; }
ol.members li::before { content:""; position:absolute; left:-7px; top: 13px; width: 12px; height: 12px; border-radius: 50%;
  background:#fff; border: 2px solid #94a3b8; }
ol.members li.ch-strengthened::before { border-color:#15803d; } ol.members li.ch-weakened::before { border-color:#b45309; }
ol.members li.ch-new::before { border-color:#1d4ed8; } ol.members li.ch-dropped::before { border-color:#b91c1c; background:#fee2e2; }
.mhead { font-size: 12.5px; color: var(--muted); margin-bottom: 2px; display:flex; gap: 8px; flex-wrap: wrap; align-items: center; }
.legend { font-size: 12.5px; color: var(--muted); margin: 0 0 8px; }
article.doc { border-top: 1px solid var(--line); padding-top: 10px; margin-top: 16px; scroll-margin-top: 56px; }
article.doc h3 { margin: 0 0 2px; }
.src { white-space: pre-wrap; font-size: 14px; line-height: 1.65; color: #334155; max-width: 80ch; }
mark { background: #eef2ff; color: inherit; border-radius: 3px; padding: 0 1px; scroll-margin-top: 90px; }
mark.k-reaffirmed { background: #f1f5f9; box-shadow: inset 0 -2px 0 #cbd5e1; }
mark.k-new { background: #eff6ff; box-shadow: inset 0 -2px 0 #93c5fd; }
mark.mention { background: transparent; box-shadow: inset 0 -2px 0 #c4b5fd; }
mark.k-target { background: #fde68a; }
.src mark:target { background: #fde68a; box-shadow: 0 0 0 2px #f59e0b; animation: flash 1.6s ease-out 1; }
@keyframes flash { from { background: #fbbf24; } to { background: #fde68a; } }
.hello { text-align:center; padding: 56px 24px; }
.hello h2 { font-size: 24px; margin: 0 0 8px; }
.hello p { color: var(--muted); max-width: 56ch; margin: 8px auto; }
.hello pre { display:inline-block; text-align:left; background:#0f172a; color:#e2e8f0; border-radius: 8px; padding: 12px 16px; }
blockquote.evq { margin: 0 0 2px; padding: 0 0 0 8px; border-left: 3px solid var(--line); color: #334155; }
a.ev { word-break: break-all; font-size: 12px; }
.note { font-size: 12.5px; color: #475569; }
footer { color: var(--muted); font-size: 12px; text-align: center; padding: 8px 0 32px; }
@media print { nav.toc { display:none; } body { background:#fff; } section.card { box-shadow:none; break-inside: auto; } }
"""

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="generator" content="pledgewatch">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
{body}
{scripts}
</body>
</html>
"""

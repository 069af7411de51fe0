#!/usr/bin/env python3
"""Checks for tests/html/run.sh on what headless Chromium produced.

  check.py png FILE WIDTH HEIGHT   the screenshot is a PNG of that size with content
  check.py dom FILE KIND           the rendered DOM has the page's headings and charts
  check.py netlog FILE             the page asked the network for nothing

Each prints nothing and exits 0 when the check holds, else prints why and exits 1.
Standard library only (struct, zlib, json, re): the test needs no extra package.
"""
import json
import re
import struct
import sys
import zlib


def png(path, want_w, want_h):
    data = open(path, "rb").read()
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "not a PNG (bad magic)"
    if len(data) < 20000:
        return f"only {len(data)} bytes: a blank page?"
    w, h, depth, color = struct.unpack(">IIBB", data[16:26])
    if (w, h) != (want_w, want_h):
        return f"{w}x{h}, expected {want_w}x{want_h}"
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(color)
    if depth != 8 or channels is None:
        return f"unexpected PNG format (depth {depth}, colour type {color})"
    # Distinct scanlines (compared still filtered: equal pixels give equal bytes
    # under the same filter). A blank or one-colour page has a handful.
    idat, pos = b"", 8
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + n]
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = 1 + w * channels
    rows = {raw[i:i + stride] for i in range(0, len(raw), stride)}
    if len(rows) < h // 20:
        return f"only {len(rows)} distinct rows of {h}: next to nothing drawn"
    return None


DIGEST_HEADINGS = ["Top shapes by total time", "Latency distribution", "Statements over time",
                   "Findings", "Indexes", "Queries"]
TASK_HEADINGS = ["Findings", "Indexes"]


def dom(path, kind):
    html = open(path, encoding="utf-8", errors="replace").read()
    problems = []
    task = "digest" if kind == "digest" else kind
    if f"<h1>dbagent {task}</h1>" not in html:
        problems.append(f"no <h1>dbagent {task}</h1>")
    for h in DIGEST_HEADINGS if kind == "digest" else TASK_HEADINGS:
        if f"<h2>{h}</h2>" not in html:
            problems.append(f"no <h2>{h}</h2>")
    if "<script" in html:
        problems.append("a <script> element")
    # Every chart drawn has bars; a digest with statements has at least the top-shapes one.
    charts = re.findall(r'<svg class="chart" id="([a-z-]+)"(.*?)</svg>', html, re.S)
    for chart_id, body in charts:
        if 'class="bar"' not in body:
            problems.append(f"chart {chart_id} has no bars")
    if kind == "digest" and "chart-top" not in [c for c, _ in charts]:
        problems.append("no top-shapes chart (<svg id=chart-top>)")
    if kind != "digest" and charts:
        problems.append(f"{len(charts)} charts on a {kind} page")
    return "; ".join(problems) or None


def netlog(path):
    # Requests the page made carry its file:// network isolation key; Chromium's
    # own background requests (updates, accounts) do not, and are not ours.
    events = json.load(open(path)).get("events", [])
    fetched = sorted({e["params"]["url"] for e in events
                      if "url" in e.get("params", {})
                      and "file://" in str(e["params"].get("network_isolation_key", ""))
                      and not e["params"]["url"].startswith(("file:", "data:", "about:"))})
    return ("the page fetched " + ", ".join(fetched)) if fetched else None


def main(argv):
    checks = {"png": lambda a: png(a[0], int(a[1]), int(a[2])),
              "dom": lambda a: dom(a[0], a[1]),
              "netlog": lambda a: netlog(a[0])}
    if len(argv) < 3 or argv[1] not in checks:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        why = checks[argv[1]](argv[2:])
    except (OSError, ValueError, KeyError, struct.error, zlib.error) as e:
        why = f"{type(e).__name__}: {e}"
    if why:
        print(why)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/env bash
# The HTML report in a real browser (Debian's headless Chromium).
#
#   tests/html/run.sh BIN [PAGE.html ...]
#
# For each of a few workload logs in tests/digest/logs ($inputs below, or
# $HTML_INPUTS; the folder is $HTML_LOGS) it runs
# `BIN digest LOG --format html -o report.html`, then once for all of them
# together; it adds an optimize report of the bundled example, and
# build/html-sample.html (written by the unit test test_html) when present.
# PAGE arguments replace all of that with pages made elsewhere. Each page is
# opened once in Chromium, and three things are checked:
#   screenshot  a 1280x2000 PNG, with something drawn on it
#   dom         the DOM after rendering has the headings and SVG charts with bars
#   offline     Chromium's net log shows the page fetched nothing
# Prints "ok   html NAME CHECK" / "FAIL html NAME CHECK: why" and ends with
# "html: N passed, N failed". HTML_KEEP=DIR keeps the pages and screenshots there.
set -uo pipefail
bin=${1:-build/dbagent}
shift || true
here=$(cd "$(dirname "$0")" && pwd)
logs=${HTML_LOGS:-tests/digest/logs}
# Logs chosen for what they make the page draw: a typical PostgreSQL log,
# MariaDB's slow log, N+1 findings, pg_stat_statements (no timestamps, so no
# hours chart) and plain SQL (no durations either); then all of them in one
# digest (several files, more shapes). A browser run takes seconds, so not
# every log of the digest suite is here.
inputs=${HTML_INPUTS:-pg-default.log mariadb-slow.log pg-n-plus-one.log pgss.csv workload.sql}
chromium=${CHROMIUM:-chromium}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

ok() { echo "ok   html $1"; pass=$((pass + 1)); }
bad() { echo "FAIL html $1: $2"; fail=$((fail + 1)); }

# browser ARGS... — one headless Chromium run with a throwaway profile and HOME.
# Host names resolve nowhere, so neither the page nor Chromium's own background
# services reach the network; the net log still records any request the page makes.
browser() {
    local profile
    profile=$(mktemp -d "$tmp/profile.XXXXXX")
    HOME="$profile" timeout 60 "$chromium" --headless --no-sandbox --disable-gpu \
        --disable-background-networking --disable-component-update --disable-sync \
        --disable-extensions --no-first-run --no-default-browser-check --hide-scrollbars \
        --host-resolver-rules='MAP * ~NOTFOUND' --user-data-dir="$profile/data" "$@" \
        2> "$profile/stderr"
}

# check_page NAME FILE KIND — KIND is digest, or the task of a non-digest page.
# One Chromium run gives the screenshot, the DOM after rendering and the net log.
check_page() {
    local name=$1 kind=$3 page why rc
    page=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
    browser --screenshot="$tmp/$name.png" --window-size=1280,2000 \
        --log-net-log="$tmp/$name.netlog.json" --dump-dom "file://$page" > "$tmp/$name.dom.html"
    rc=$?
    if [ ! -s "$tmp/$name.png" ]; then
        bad "$name screenshot" "chromium wrote no screenshot (exit $rc)"
    elif why=$(python3 "$here/check.py" png "$tmp/$name.png" 1280 2000); then
        ok "$name screenshot"
    else
        bad "$name screenshot" "$why"
    fi
    if [ ! -s "$tmp/$name.dom.html" ]; then
        bad "$name dom" "chromium dumped no DOM (exit $rc)"
    elif why=$(python3 "$here/check.py" dom "$tmp/$name.dom.html" "$kind"); then
        ok "$name dom"
    else
        bad "$name dom" "$why"
    fi
    if [ ! -s "$tmp/$name.netlog.json" ]; then
        bad "$name offline" "chromium wrote no net log (exit $rc)"
    elif why=$(python3 "$here/check.py" netlog "$tmp/$name.netlog.json"); then
        ok "$name offline"
    else
        bad "$name offline" "$why"
    fi
}

# render NAME KIND CMD... — runs a dbagent command that writes $tmp/NAME.html,
# then checks the page.
render() {
    local name=$1 kind=$2
    shift 2
    "$@" > "$tmp/$name.out" 2>&1
    local rc=$?
    if [ "$rc" -ne 0 ] || [ ! -s "$tmp/$name.html" ]; then
        bad "$name render" "exit $rc: $(head -c 300 "$tmp/$name.out" | tr '\n' ' ')"
        return
    fi
    ok "$name render"
    check_page "$name" "$tmp/$name.html" "$kind"
}

if ! command -v "$chromium" > /dev/null 2>&1; then
    bad chromium "'$chromium' is not installed (scripts/deps.sh installs it)"
elif [ $# -gt 0 ]; then
    for page in "$@"; do # the kind is the task its <h1> names ("dbagent optimize")
        kind=$(sed -n 's|.*<h1>dbagent \([a-z]*\)</h1>.*|\1|p' "$page" | head -1)
        check_page "$(basename "$page" .html)" "$page" "${kind:-digest}"
    done
else
    [ -s build/html-sample.html ] && check_page sample build/html-sample.html digest
    render optimize optimize "$bin" optimize --schema examples/shop/schema.sql \
        -f examples/shop/queries.sql --format html -o "$tmp/optimize.html"
    paths=()
    for log in $inputs; do
        paths+=("$logs/$log")
        render "digest-$log" digest "$bin" digest "$logs/$log" --format html -o "$tmp/digest-$log.html"
    done
    render digest-all digest "$bin" digest "${paths[@]}" --format html -o "$tmp/digest-all.html"
fi

if [ -n "${HTML_KEEP:-}" ]; then
    mkdir -p "$HTML_KEEP" && cp "$tmp"/*.png "$tmp"/*.html "$HTML_KEEP"/ 2> /dev/null
fi
echo "html: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/bin/sh
# Browser test of the HTML report: renders reports with headless Chromium
# to PNG and checks that the page loads with nothing logged to the console
# (no script error, no blocked resource, no alert), and that hostile
# article text (tests/html/xss/) stays text: the DOM Chromium builds holds
# the escaped words and no element or attribute of the article's making.
# Prints TAP lines; skips (as ok ... # SKIP) without chromium or without
# ../shared.
#   sh tests/html/run.sh BUILD
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=$(cd "$ROOT/$BUILD" 2>/dev/null && pwd)/parallax
SHARED=${PX_SHARED:-$ROOT/../shared}
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || echo /usr/bin/chromium)}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0

ok() { n=$((n + 1)); echo "ok $n - html $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - html $1"; [ -n "${2:-}" ] && sed 's/^/#   /' "$2" | head -20; }
skip() { n=$((n + 1)); echo "ok $n - html $1 # SKIP $2"; }

# Chromium, headless, with its console on stderr; a page that opens an alert
# dialog never finishes, so the timeout turns that into a failure.
chrome() {
    timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
        --disable-extensions --user-data-dir="$T/profile" --enable-logging=stderr --v=0 "$@"
}

# render NAME INPUT...: the report as HTML, a PNG of it, and its DOM.
render() {
    name=$1
    shift
    if ! "$BIN" stories -q -f html -o "$T/$name.html" "$@" 2>"$T/$name.err"; then
        # exit 1 (records skipped) still writes the report
        [ -s "$T/$name.html" ] || { not_ok "$name: parallax wrote no report" "$T/$name.err"; return 1; }
    fi
    if chrome --screenshot="$T/$name.png" --window-size=1280,2000 "file://$T/$name.html" \
        >/dev/null 2>"$T/$name.shot.log" &&
        [ "$(head -c 4 "$T/$name.png" 2>/dev/null | od -An -c | tr -d ' ')" = "211PNG" ]; then
        ok "$name: rendered to PNG"
    else
        not_ok "$name: rendered to PNG" "$T/$name.shot.log"
        return 1
    fi
    if chrome --dump-dom "file://$T/$name.html" >"$T/$name.dom" 2>"$T/$name.dom.log" &&
        [ -s "$T/$name.dom" ]; then
        :
    else
        not_ok "$name: DOM dumped" "$T/$name.dom.log"
        return 1
    fi
    if grep -h ':CONSOLE' "$T/$name.shot.log" "$T/$name.dom.log" >"$T/$name.console"; then
        not_ok "$name: nothing on the console" "$T/$name.console"
    else
        ok "$name: nothing on the console"
    fi
    [ -n "${KEEP_PNG:-}" ] && cp "$T/$name.png" "$T/$name.html" "$KEEP_PNG/" 2>/dev/null
    return 0
}

# dom_has NAME DESCRIPTION STRING / dom_lacks ...
dom_has() {
    if grep -qF -- "$3" "$T/$1.dom"; then ok "$1: $2"; else not_ok "$1: $2"; fi
}
dom_lacks() {
    if grep -qiF -- "$3" "$T/$1.dom"; then
        not_ok "$1: $2"
        grep -iF -- "$3" "$T/$1.dom" | head -3 | cut -c1-200 | sed 's/^/#   /'
    else
        ok "$1: $2"
    fi
}

if [ ! -x "$CHROMIUM" ]; then
    skip "reports render in a browser" "chromium absent (scripts/install-deps.sh --browser)"
    exit 0
fi
if [ ! -x "$BIN" ]; then
    not_ok "parallax built in $BUILD"
    exit 0
fi

if render examples "$ROOT/examples/"; then
    dom_has examples "a contents list" '<nav>'
    dom_has examples "a timeline per story" '<svg class="timeline"'
    dom_lacks examples "no script element" '<script'
fi

if [ -d "$SHARED/seeds" ]; then
    if render seeds "$SHARED/seeds/"; then
        dom_has seeds "a timeline" '<svg class="timeline"'
        dom_lacks seeds "no script element" '<script'
    fi
else
    skip "seeds" "$SHARED/seeds absent"
fi

if render xss "$ROOT/tests/html/xss/"; then
    dom_has xss "a script in a title shows as text" '&lt;script&gt;alert(1)&lt;/script&gt;'
    dom_has xss "an attribute breaker in a title shows as text" '"&gt;&lt;img src=x onerror=alert(1)&gt;'
    dom_has xss "a closing title tag shows as text" '&lt;/title&gt;&lt;script&gt;alert(4)&lt;/script&gt;'
    dom_has xss "a quote in a source name stays inside the text" 'Quay Courier" onmouseover="alert(2)</span>'
    dom_has xss "markup in a source name shows as text" '&lt;b&gt;Bay&lt;/b&gt; &amp; '"'"'Tide'"'"
    dom_has xss "an http link is kept, quotes inside it escaped" 'href="https://bay-tide.example/quay?a=1&amp;b=&quot;2&quot;"'
    dom_lacks xss "no script element" '<script'
    dom_lacks xss "no img element" '<img'
    # the serialized DOM escapes < and > in text, so a "<" opens a real tag
    if grep -qiE '<[a-z][^<>]* on[a-z]+=' "$T/xss.dom"; then
        not_ok "xss: no event handler attribute"
    else
        ok "xss: no event handler attribute"
    fi
    dom_lacks xss "no svg of the article's" '<svg onload'
    dom_lacks xss "no javascript: link" 'href="javascript:'
    dom_lacks xss "no bold element of the article's" '<b>'
fi

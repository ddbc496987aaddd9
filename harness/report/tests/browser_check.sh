#!/usr/bin/env bash
# Renders conformance.html for the scenarios in DATA/scenarios in headless Chromium and
# checks that the page's script ran without errors (it writes its counts as data-*
# attributes on <body>; an error leaves them out and sets data-script-error), that the
# counts match this fixture set, and that a screenshot is produced.
# Usage: browser_check.sh LUNATIC_HARNESS DATA_DIR OUT_DIR. Exit 77 (skip) without chromium.
set -euo pipefail
harness=$1 data=$2 out=$3

chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "SKIP: chromium is not installed (scripts/setup installs the Debian package)"
  exit 77
fi

rm -rf "$out" && mkdir -p "$out"
rc=0
"$harness" report --spec "$data/catalog.json" --out "$out" "$data/scenarios" > "$out/report.log" || rc=$?
if [ "$rc" -ne 1 ]; then  # bad-wrong-output fails on purpose
  echo "FAIL: lunatic-harness report exited $rc, expected 1"; cat "$out/report.log"; exit 1
fi
page="$out/conformance.html"

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update
       --disable-sync --no-first-run --user-data-dir="$profile" --enable-logging=stderr --v=0)
timeout 90 "$chromium" "${flags[@]}" --dump-dom "file://$page" > "$out/dom.html" 2> "$out/chromium-dom.log"
timeout 90 "$chromium" "${flags[@]}" --hide-scrollbars --window-size=1280,1800 \
  --screenshot="$out/screenshot.png" "file://$page" > /dev/null 2> "$out/chromium-screenshot.log"

failed=0
fail() { echo "FAIL: $*"; failed=1; }
body=$(grep -o '<body[^>]*>' "$out/dom.html" || true)
echo "rendered: $body"
[ -n "$body" ] || fail "no <body> in the dumped DOM ($out/dom.html)"
grep -q 'data-script-error' <<< "$body" && fail "script error: $body"
grep -q 'Uncaught' "$out/chromium-dom.log" && fail "console: $(grep Uncaught "$out/chromium-dom.log")"
# The fixture set: 4 scenarios (1 fails on purpose), 6 outcomes of which 5 are covered
# and 4 passing, and a timeline for every scenario.
for expected in 'data-ready="1"' 'data-scenarios="4"' 'data-scenarios-failed="1"' 'data-outcomes="6"' \
                'data-outcomes-covered="5"' 'data-outcomes-passing="4"' 'data-timelines="4"'; do
  grep -qF "$expected" <<< "$body" || fail "expected $expected on <body>"
done
grep -qF '4 scenarios, 6 outcomes on this page' "$out/dom.html" || fail "the script's summary line is missing"

if [ ! -s "$out/screenshot.png" ]; then
  fail "no screenshot at $out/screenshot.png"
elif [ "$(head -c 8 "$out/screenshot.png" | od -An -tx1 | tr -d ' \n')" != 89504e470d0a1a0a ]; then
  fail "$out/screenshot.png is not a PNG"
else
  echo "screenshot: $out/screenshot.png ($(stat -c %s "$out/screenshot.png") bytes)"
fi
[ "$failed" -eq 0 ] && echo "PASS: conformance.html renders in $("$chromium" --version 2>/dev/null | head -1)"
exit "$failed"

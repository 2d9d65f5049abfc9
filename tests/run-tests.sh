#!/bin/sh
# Runs the whole suite against the build in $1 (default build/): the unit
# tests (cmocka, TAP output), the spec examples and the CLI tests. Prints
# "N passed, N failed" last; exits non-zero when anything failed.
BUILD=${1:-build}
export CMOCKA_MESSAGE_OUTPUT=TAP
out=$(mktemp)
trap 'rm -f "$out"' EXIT
fail_bins=0
for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    echo "# $t"
    if ! "$t" >"$out.1" 2>"$out.2"; then fail_bins=$((fail_bins + 1)); fi
    cat "$out.1"; grep -v '^$' "$out.2" | sed 's/^/# /'
    cat "$out.1" >>"$out"
    # a crash before any TAP line still counts as a failure
    if ! grep -q '^\(not \)\?ok ' "$out.1"; then echo "not ok - $t produced no result" | tee -a "$out"; fi
done
rm -f "$out.1" "$out.2"
for s in tests/spec-run.sh tests/cli/run.sh tests/html/run.sh; do
    [ -f "$s" ] || continue
    echo "# $s"
    sh "$s" "$BUILD" | tee -a "$out"
done
# cmocka's TAP writes a skipped test as "not ok N # SKIP": a skip, not a failure
pass=$(grep -c '^ok ' "$out")
failn=$(grep '^not ok ' "$out" | grep -vc '# SKIP')
skip=$(grep -c '^\(not \)\?ok .*# SKIP' "$out")
okskip=$(grep -c '^ok .*# SKIP' "$out")
echo "$((pass - okskip)) passed, $failn failed, $skip skipped"
[ "$failn" -eq 0 ] && [ "$fail_bins" -eq 0 ]

#!/bin/sh
# CLI tests with exact expected output: each case runs one shell command
# with build/parallax on PATH as `parallax`, and compares its standard
# output, standard error and exit status with tests/cli/expected/NAME.*.
# The closing summary's seconds are masked as "N.NN s". Prints TAP lines.
#   sh tests/cli/run.sh BUILD            check
#   sh tests/cli/run.sh BUILD --update   rewrite the expected files
BUILD=${1:-build}
UPDATE=${2:-}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
EXP="$ROOT/tests/cli/expected"
BIN=$(cd "$ROOT/$BUILD" 2>/dev/null && pwd) || BIN="$BUILD"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export T
n=0

run_case() {
    name=$1
    cmd=$2
    n=$((n + 1))
    (cd "$ROOT" && PATH="$BIN:$PATH" sh -c "$cmd") >"$T/out" 2>"$T/err"
    echo $? >"$T/exit"
    sed -i -e 's/ in [0-9.]* s$/ in N.NN s/' -e "s|$T|\$T|g" "$T/err" "$T/out"
    if [ "$UPDATE" = "--update" ]; then
        cp "$T/out" "$EXP/$name.stdout"
        cp "$T/err" "$EXP/$name.stderr"
        cp "$T/exit" "$EXP/$name.exit"
    fi
    if cmp -s "$T/out" "$EXP/$name.stdout" && cmp -s "$T/err" "$EXP/$name.stderr" &&
        cmp -s "$T/exit" "$EXP/$name.exit"; then
        echo "ok $n - cli $name"
    else
        echo "not ok $n - cli $name"
        for s in stdout stderr exit; do
            f=$s
            [ "$s" = stdout ] && f=out
            [ "$s" = stderr ] && f=err
            diff "$EXP/$name.$s" "$T/$f" | head -20 | sed 's/^/#   /'
        done
    fi
}

run_case version 'parallax --version'
run_case help 'parallax --help'
run_case no-command 'parallax'
run_case unknown-command 'parallax cluster examples/'
run_case stories-examples 'parallax stories examples/'
run_case stories-examples-json 'parallax stories --format json examples/'
run_case stories-threads 'parallax stories -j 1 examples/ > "$T/a" && parallax stories -j 2 examples/ > "$T/b" && cmp "$T/a" "$T/b" && echo same'
run_case stories-stdin 'parallax stories - < examples/wire.jsonl'
run_case stories-bad 'parallax stories tests/bad/'
run_case stories-missing 'parallax stories examples/wire.jsonl no/such/dir'
run_case stories-no-input 'parallax stories --quiet'
run_case stories-bad-option 'parallax stories --story-threshold 2 examples/'
run_case stories-output 'mkdir "$T/o" && parallax stories -o "$T/o/s.txt" examples/ && cat "$T/o/s.txt" && ls "$T/o"'
run_case stories-output-unwritable 'mkdir "$T/u" && parallax stories -o "$T/u/no/s.txt" examples/; echo "exit $?"; ls -A "$T/u"'
run_case stories-output-kept 'mkdir "$T/k" && echo old > "$T/k/s.txt" && parallax stories -o "$T/k/s.txt" no/such/file; echo "exit $?"; cat "$T/k/s.txt"; ls -A "$T/k"'
run_case dedup-examples 'parallax dedup examples/ -o "$T/d.jsonl" --pairs "$T/p.tsv" && cat "$T/p.tsv" && wc -l < "$T/d.jsonl"'
run_case dedup-raw 'parallax dedup examples/wire.jsonl -o - | cmp - examples/wire.jsonl && echo unchanged'
run_case dedup-needs-output 'parallax dedup examples/'
run_case eval-examples 'parallax stories -f json -o "$T/p.json" -q examples/ && parallax eval --gold examples/gold.tsv "$T/p.json"'
run_case stories-gold 'parallax stories --gold examples/gold.tsv -q examples/ > /dev/null'
run_case eval-bad-gold 'printf "a\tb\nbroken\n" > "$T/g.tsv"; parallax stories -f json -o "$T/p.json" -q examples/; parallax eval --gold "$T/g.tsv" "$T/p.json"'
run_case eval-dup-gold 'printf "{\"id\":\"ferry-northern-wire\",\"story\":\"f\"}\n\n{\"id\":\"ferry-northern-wire\",\"story\":\"g\"}\n" > "$T/g.jsonl"; parallax stories --gold "$T/g.jsonl" -q examples/ > /dev/null'
run_case extract-pages 'parallax extract tests/pages/'
run_case extract-text 'parallax extract --format text tests/pages/news.html tests/pages/latin1.html'
run_case extract-stdin-gz 'gzip -c tests/pages/jsonld-array.html | parallax extract -'
run_case extract-errors 'parallax extract no/such.html tests/bad/binary.txt tests/pages/noarticle.html; echo "exit $?"'
run_case extract-output 'mkdir "$T/e" && parallax extract -o "$T/e/a.jsonl" tests/pages/broken.html && cat "$T/e/a.jsonl" && parallax extract -o "$T/e/no/a.jsonl" tests/pages/broken.html; echo "exit $?"; ls "$T/e"'
run_case extract-usage 'parallax extract; parallax extract -f xml tests/pages/; parallax extract --bogus; echo "exit $?"'

# ---- the store (parallax stories --db, list, show, stream, export, import)
run_case store-json-same 'parallax stories --db "$T/j.db" -q -f json examples/ > "$T/a" && parallax stories -q -f json examples/ > "$T/b" && cmp "$T/a" "$T/b" && echo same'
run_case store-incremental 'parallax stories --db "$T/s.db" -q examples/ferry-collision examples/museum > /dev/null && parallax stories --db "$T/s.db" --no-compare examples/'
run_case store-list 'parallax stories --db "$T/l.db" -q --no-compare examples/ > /dev/null && parallax list --db "$T/l.db" && parallax list --db "$T/l.db" --since 2026-03-01 --query wildfire'
run_case store-show 'parallax stories --db "$T/w.db" -q examples/ > /dev/null && parallax show --db "$T/w.db" -f md 9ab6537b723defe4'
run_case store-show-missing 'parallax stories --db "$T/m.db" -q examples/museum > /dev/null; parallax show --db "$T/m.db" 0123456789abcdef'
run_case store-not-a-store 'echo hello > "$T/x.db"; parallax list --db "$T/x.db"; parallax stories --db "$T/x.db" examples/museum'
run_case store-stream 'head -n 2 examples/wire.jsonl | parallax stream --db "$T/st.db" && tail -n +2 examples/wire.jsonl | parallax stream --db "$T/st.db"'
run_case store-stats 'parallax stories --db "$T/o.db" -q --no-compare --window 5 examples/museum > /dev/null && parallax stats --db "$T/o.db" | sed 1d && parallax stories --db "$T/o.db" --window 2 examples/museum; echo "exit $?"; parallax stories --db "$T/o.db" -q --no-compare --window 5 examples/museum > /dev/null; echo "exit $?"'
run_case store-query 'parallax stories --db "$T/q.db" -q --no-compare examples/ > /dev/null && parallax list --db "$T/q.db" --query "ferry" && echo -- && parallax list --db "$T/q.db" --query "evacu*" && echo -- && parallax list --db "$T/q.db" --query "ÉLVANE" && echo -- && parallax list --db "$T/q.db" --query "AND (" && echo -- && parallax list --db "$T/q.db" --query "zzzunseen"'
run_case store-export-import 'parallax stories --db "$T/e.db" -q examples/ > /dev/null && parallax export --db "$T/e.db" -o "$T/e.jsonl" && parallax import --db "$T/i.db" "$T/e.jsonl" && parallax export --db "$T/i.db" -o - | cmp - "$T/e.jsonl" && echo same'
run_case store-stream-idle '{ head -n 2 examples/wire.jsonl; sleep 1; tail -n +3 examples/wire.jsonl; } | parallax stream --db "$T/id.db" --no-compare --idle-ms 100 | grep -c "\"event\":\"batch\""'
run_case store-stream-sigterm '{ head -n 2 examples/wire.jsonl; sleep 4; } | parallax stream --db "$T/sg.db" --no-compare --idle-ms 60000 > "$T/ev" & p=$!; sleep 1; kill -TERM $p; wait $p; echo "exit $?"; cat "$T/ev"; parallax list --db "$T/sg.db"'
run_case store-two-writers '{ head -n 1 examples/wire.jsonl; sleep 3; } | parallax stream --db "$T/tw.db" > /dev/null & p=$!; sleep 1; parallax stories --db "$T/tw.db" examples/museum; echo "exit $?"; parallax list --db "$T/tw.db"; kill -INT $p; wait $p; echo "stream exit $?"'
# feeds and WARC files mixed with the other formats (tests/inputs/, made by mkwarc.py)
run_case stories-mixed 'parallax stories tests/inputs/mixed/'
run_case stories-mixed-json 'parallax stories -f json tests/inputs/mixed/'
run_case stories-feed-stdin 'parallax stories -f json - < tests/inputs/mixed/harbor-ledger.rss'
run_case stories-warc-stdin 'parallax stories -q - < tests/inputs/mixed/coastline-crawl.warc.gz'
run_case stories-bad-warc 'parallax stories tests/inputs/bad-warc/'
run_case dedup-mixed 'parallax dedup -q tests/inputs/mixed/ -o -'
# one rate move written as a fraction of a percentage point, basis points and
# percentage points (tests/inputs/points/, synthetic): units converted, what
# markets and economists expected listed apart, never in the conflict
run_case stories-points 'parallax stories tests/inputs/points/'
run_case stories-points-json 'parallax stories -f json -q tests/inputs/points/'

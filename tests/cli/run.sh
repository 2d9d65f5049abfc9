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
# feeds and WARC files mixed with the other formats (tests/inputs/, made by mkwarc.py)
run_case stories-mixed 'parallax stories tests/inputs/mixed/'
run_case stories-mixed-json 'parallax stories -f json tests/inputs/mixed/'
run_case stories-feed-stdin 'parallax stories -f json - < tests/inputs/mixed/harbor-ledger.rss'
run_case stories-warc-stdin 'parallax stories -q - < tests/inputs/mixed/coastline-crawl.warc.gz'
run_case stories-bad-warc 'parallax stories tests/inputs/bad-warc/'
run_case dedup-mixed 'parallax dedup -q tests/inputs/mixed/ -o -'

#!/bin/sh
# bench/run.sh BUILD - the Parallax benchmarks (see bench/README.md).
#
# Generates deterministic corpora into bench/out/ (kept between runs and
# reused when present), runs the per-stage benchmark (sig_bench) and the
# end-to-end commands, each next to `wc -w` on the same file as a floor,
# and prints one figure per line: "name<TAB>value<TAB>unit". Wall seconds
# and peak RSS come from /usr/bin/time -f "%e %M".
#
# BENCH_SCALE picks the sizes:
#   small    smoke test, about a minute: dedup 100,000 short docs, dedup
#            ~10 MB of 500-word docs, stories 20,000 articles
#   default  the issue's dedup sizes: dedup 1,000,000 short docs
#            (~735 MB), dedup ~100 MB of 500-word docs; stories 200,000
#            articles (~640 MB) so that the run stays near ten minutes
#   full     as default, with stories 1,000,000 articles (~3.2 GB)
set -u
BUILD=${1:-build}
SCALE=${BENCH_SCALE:-default}
HERE=$(cd "$(dirname "$0")" && pwd)
OUT="$HERE/out"
mkdir -p "$OUT"

case "$SCALE" in
small)   DEDUP_N=100000;  LONG_N=3400;  STORIES_N=20000;   LSH_N=200000 ;;
default) DEDUP_N=1000000; LONG_N=34000; STORIES_N=200000;  LSH_N=1000000 ;;
full)    DEDUP_N=1000000; LONG_N=34000; STORIES_N=1000000; LSH_N=1000000 ;;
*) echo "run.sh: BENCH_SCALE must be small, default or full" >&2; exit 2 ;;
esac

GEN="$BUILD/bench/gen"
SIG="$BUILD/bench/sig_bench"
PX="$BUILD/parallax"
TIME=/usr/bin/time

# outputs of an earlier run must not be taken for this run's
rm -f "$OUT"/*.out.jsonl "$OUT"/*.out.json

fig() { printf '%s\t%s\t%s\n' "$1" "$2" "$3"; }

echo "# parallax bench, scale $SCALE, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "# $(nproc) cores, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)," \
     "$(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo)"

if [ ! -x "$GEN" ]; then
    echo "run.sh: $GEN missing; build it with: make $GEN" >&2
    exit 1
fi
if [ ! -x "$TIME" ]; then
    echo "run.sh: $TIME missing (Debian package 'time')" >&2
    exit 1
fi

# gen_once NAME ARGS...: bench/out/NAME, generated unless already there.
gen_once() {
    f="$OUT/$1"
    shift
    if [ ! -s "$f" ]; then
        t0=$(date +%s.%N)
        "$GEN" "$@" "$f.tmp" || { echo "run.sh: gen $* failed" >&2; exit 1; }
        mv "$f.tmp" "$f"
        [ -f "$f.tmp.truth.tsv" ] && mv "$f.tmp.truth.tsv" "${f%.jsonl}.truth.tsv"
        t1=$(date +%s.%N)
        fig "gen.$(basename "$f" .jsonl).seconds" "$(echo "$t1 $t0" | awk '{printf "%.2f", $1 - $2}')" s
    fi
}

gen_once "dedup-$DEDUP_N.jsonl" dedup "$DEDUP_N"
gen_once "dedup500w-$LONG_N.jsonl" -w 500 dedup "$LONG_N"
gen_once "stories-$STORIES_N.jsonl" stories "$STORIES_N"

# timed NAME CMD...: runs CMD under /usr/bin/time; sets SECS and RSS_MB.
timed() {
    tname=$1
    shift
    tf="$OUT/.time.$$"
    "$TIME" -f "%e %M" -o "$tf" "$@" >"$OUT/.stdout.$$" 2>"$OUT/.stderr.$$"
    rc=$?
    # parallax exits 1 when it finished but skipped records: still timed
    if [ "$rc" -gt 1 ] || [ ! -s "$tf" ]; then
        echo "# $tname failed (exit $rc):" >&2
        tail -5 "$OUT/.stderr.$$" >&2
        SECS=""
        rm -f "$tf"
        return 1
    fi
    [ "$rc" -eq 1 ] && echo "# $tname: exit 1 (records skipped)" >&2
    read -r SECS KB <"$(tail -1 "$tf" >"$tf.last" && echo "$tf.last")"
    rm -f "$tf.last"
    RSS_MB=$(echo "scale=1; $KB / 1024" | bc)
    rm -f "$tf"
    return 0
}

# e2e NAME FILE DOCS CMD...: the command and `wc -w` on the same file.
e2e() {
    name=$1 file=$2 docs=$3
    shift 3
    if [ ! -x "$PX" ] || ! "$PX" "$1" --help >/dev/null 2>&1; then
        echo "skipped: $PX $1 not available"
        return
    fi
    mb=$(echo "scale=3; $(stat -c %s "$file") / 1000000" | bc)
    timed "wc -w" wc -w "$file" || return
    wc_s=$SECS
    timed "$name" "$PX" "$@" || { echo "skipped: $PX $1 failed on $file"; return; }
    s=$SECS
    [ "$(echo "$s < 0.01" | bc)" = 1 ] && s=0.01
    [ "$(echo "$wc_s < 0.01" | bc)" = 1 ] && wc_s=0.01
    fig "$name.input_mb" "$mb" MB
    fig "$name.seconds" "$s" s
    fig "$name.docs_per_s" "$(echo "$docs / $s" | bc)" docs/s
    fig "$name.mb_per_s" "$(echo "scale=1; $mb / $s" | bc)" MB/s
    fig "$name.peak_rss_mb" "$RSS_MB" MB
    fig "$name.wc_w_seconds" "$wc_s" s
    fig "$name.time_vs_wc_w" "$(echo "scale=2; $s / $wc_s" | bc)" x
}

if [ -x "$SIG" ]; then
    "$SIG" -n "$LSH_N" | sed 's/^/sig./'
else
    echo "skipped: $SIG not available"
fi

e2e "dedup.short.$DEDUP_N" "$OUT/dedup-$DEDUP_N.jsonl" "$DEDUP_N" \
    dedup "$OUT/dedup-$DEDUP_N.jsonl" -o "$OUT/dedup-$DEDUP_N.out.jsonl" --quiet
e2e "dedup.500w.$LONG_N" "$OUT/dedup500w-$LONG_N.jsonl" "$LONG_N" \
    dedup "$OUT/dedup500w-$LONG_N.jsonl" -o "$OUT/dedup500w-$LONG_N.out.jsonl" --quiet
e2e "stories.$STORIES_N" "$OUT/stories-$STORIES_N.jsonl" "$STORIES_N" \
    stories "$OUT/stories-$STORIES_N.jsonl" --format json \
    -o "$OUT/stories-$STORIES_N.out.json" --quiet

# What dedup removed, next to what the generator planted (exact copies,
# then edited copies by edit rate; at 3% and more the exact Jaccard of a
# 100-word copy is mostly below 0.8, so not every planted copy should go).
for f in "dedup-$DEDUP_N" "dedup500w-$LONG_N"; do
    [ -s "$OUT/$f.out.jsonl" ] || continue
    n=$(wc -l <"$OUT/$f.jsonl")
    kept=$(wc -l <"$OUT/$f.out.jsonl")
    fig "dedup.$f.removed" "$((n - kept))" docs
    awk -F '\t' -v f="$f" 'NR > 1 { c[$3]++ }
        END { for (r in c) printf "dedup.%s.planted.rate%s\t%d\tdocs\n", f, r, c[r] }' \
        "$OUT/$f.truth.tsv" | sort
done

# Quality of the story run against the generator's gold labels (the
# stories file carries them in "story").
if [ -s "$OUT/stories-$STORIES_N.out.json" ] && [ -x "$PX" ] &&
   "$PX" eval --help >/dev/null 2>&1; then
    "$PX" eval --gold "$OUT/stories-$STORIES_N.jsonl" \
        "$OUT/stories-$STORIES_N.out.json" 2>&1 | sed 's/^/# eval: /'
fi

# ---- the store: incremental ingest, open time, size (issue 5). The
# stories corpus goes in batches of STORE_BATCH articles, one
# `parallax stories --db` run each (clustering only: --no-compare); the
# rate of the last batch is the rate into a store already holding the
# rest. Open times: a writer re-adding one article it has (the whole
# clusterer's state is loaded, nothing is written) and a reader's list.
STORE_BATCH=${STORE_BATCH:-10000}
store_bench() {
    src="$OUT/stories-$STORIES_N.jsonl"
    db="$OUT/store-$STORIES_N.db"
    parts="$OUT/store-parts-$STORIES_N"
    [ -s "$src" ] && [ -x "$PX" ] && "$PX" list --help >/dev/null 2>&1 || {
        echo "skipped: store benchmark ($PX list not available)"
        return
    }
    rm -rf "$parts" "$db" "$db-wal" "$db-shm"
    mkdir -p "$parts"
    split -l "$STORE_BATCH" -d -a 4 "$src" "$parts/b"
    total=0
    n=0
    last=""
    for f in "$parts"/b[0-9]*; do
        k=$(wc -l <"$f")
        timed "store.batch" "$PX" stories --db "$db" --no-compare -q -o /dev/null "$f" || return
        total=$(echo "$total + $SECS" | bc)
        n=$((n + k))
        last=$f
        lastk=$k
        lasts=$SECS
    done
    [ "$(echo "$lasts < 0.01" | bc)" = 1 ] && lasts=0.01
    fig "store.$STORIES_N.articles" "$n" docs
    fig "store.$STORIES_N.ingest_docs_per_s" "$(echo "$n / $total" | bc)" docs/s
    fig "store.$STORIES_N.last_batch_docs_per_s" "$(echo "$lastk / $lasts" | bc)" docs/s
    fig "store.$STORIES_N.last_batch_peak_rss_mb" "$RSS_MB" MB
    head -n 1 "$last" >"$parts/one.jsonl"
    timed "store.open_writer" "$PX" stories --db "$db" --no-compare -q -o /dev/null "$parts/one.jsonl" &&
        fig "store.$STORIES_N.reopen_writer_seconds" "$SECS" s
    timed "store.open_reader" "$PX" list --db "$db" --limit 1 &&
        fig "store.$STORIES_N.open_reader_list_seconds" "$SECS" s
    bytes=$(stat -c %s "$db")
    fig "store.$STORIES_N.bytes" "$bytes" B
    fig "store.$STORIES_N.bytes_per_article" "$((bytes / n))" B
    fig "store.$STORIES_N.input_bytes_per_article" "$(($(stat -c %s "$src") / n))" B
    rm -rf "$parts"
}
store_bench
# WARC input: reading speed and memory of a generated crawl, gzipped per
# record and plain (bench/warc_bench.c; the file is removed afterwards)
WB="$BUILD/bench/warc_bench"
if [ -x "$WB" ]; then
    case "$SCALE" in small) WMB=50 ;; *) WMB=500 ;; esac
    for m in record plain; do "$WB" "$WMB" "$m" "$OUT" | cut -f1-3; done
fi
rm -f "$OUT/.stdout.$$" "$OUT/.stderr.$$"

#!/bin/sh
# Enforces the module rules of src/README.md: a stage includes only
# src/common and the stages before it, never the raw-input header of
# ingest (except corpus.c, which wires the pipeline); the CLI and the
# public API tests include parallax.h alone.
set -eu
cd "$(dirname "$0")/.."
fail=0
bad() { echo "check-includes: $1" >&2; fail=1; }

# stage order; a module may include headers of itself, common and earlier stages
order="common ingest text sig cluster compare report store"
rank() { i=0; for m in $order; do [ "$m" = "$1" ] && { echo $i; return; }; i=$((i+1)); done; echo 99; }

for f in src/*/*.c src/*/*.h; do
    [ -f "$f" ] || continue
    mod=$(echo "$f" | cut -d/ -f2)
    r=$(rank "$mod")
    for inc in $(sed -n 's/^#include "\(\.\.\/\)\{0,1\}\([a-z]*\)\/.*/\2/p' "$f"); do
        ir=$(rank "$inc")
        if [ "$ir" -gt "$r" ]; then bad "$f includes later stage $inc"; fi
        if [ "$inc" = ingest ] && [ "$mod" != ingest ]; then
            bad "$f includes the raw-input header of ingest"
        fi
    done
done
for f in cli/*.c cli/*.h tests/api/*; do
    [ -f "$f" ] || continue
    if grep -n '^#include "' "$f" | grep -v -e '"parallax.h"' -e '"cli.h"' >/dev/null; then
        bad "$f includes a private header"
    fi
done
[ "$fail" -eq 0 ] && echo "check-includes: ok"
exit $fail

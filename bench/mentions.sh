#!/usr/bin/env bash
# Times `wikilint mentions` on a generated 100 000-note vault (or N notes: bench/mentions.sh N).
# Run from anywhere in the repo (bench/run calls it last). The vault is /tmp/wikilint-bench-N (shared
# with bench/run), generated with bench/gen_vault.py --seed 1 when absent (~30 s for 100 000
# notes); GEN_VAULT=path overrides the generator. WIKILINT=path uses that binary instead of building
# $CARGO_TARGET_DIR/release/wikilint.
set -euo pipefail
case ${WIKILINT:-} in */*) WIKILINT=$(realpath "$WIKILINT") ;; esac # still right after the cd
cd "$(dirname "$0")/.."
N=${1:-100000}
VAULT=/tmp/wikilint-bench-$N
GEN=${GEN_VAULT:-bench/gen_vault.py}
if [ -n "${WIKILINT:-}" ]; then
  BIN=$WIKILINT
else
  cargo build --release --quiet
  BIN=${CARGO_TARGET_DIR:-target}/release/wikilint
fi

if [ ! -d "$VAULT" ]; then
  echo "generating $VAULT ..." >&2
  python3 "$GEN" --notes "$N" --seed 1 --out "$VAULT" --force
fi

run() { # label, args...
  local label=$1; shift
  local log; log=$(mktemp)
  /usr/bin/time -v "$BIN" mentions --vault "$VAULT" "$@" > /tmp/wikilint-mentions-$N.out 2> "$log" || {
    echo "$label: wikilint failed" >&2; cat "$log" >&2; exit 1; }
  local wall rss
  wall=$(grep 'Elapsed (wall clock)' "$log" | awk '{print $NF}')
  rss=$(grep 'Maximum resident set size' "$log" | awk '{print $NF}')
  rm -f "$log"
  # m:ss.ss -> seconds
  local secs; secs=$(echo "$wall" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  echo "$label: ${secs} s, peak RSS $((rss / 1024)) MB, output $(wc -c < /tmp/wikilint-mentions-$N.out) bytes"
}

"$BIN" mentions --vault "$VAULT" --format json > /dev/null # warm the page cache
run "$N notes, human" 
run "$N notes, json" --format json
# Linking is previewed only: the shared vault must stay as generated.
run "$N notes, --link --diff" --link --diff

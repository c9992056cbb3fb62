#!/usr/bin/env bash
# What the search index costs: `panelpress build` (search on, the default) against what a
# user does without it, `panelpress build` with search off and then the Pagefind CLI run by
# hand on the output.
#
#   bench/search.sh [PAGES ...]          default: 2000 10000
#
# For each size it uses the neutral corpus of bench/gen_corpus.py (written once, as
# compare.sh writes it) and a second site of the same pages with `search: {enabled: false}`,
# then alternates RUNS timed runs of:
#   with     panelpress build (search on)
#   without  panelpress build, search off
#   cli      the Pagefind CLI over the output of `without` (`pagefind --site OUT`)
# and prints the medians of wall time, CPU time (user+sys) and peak memory (max RSS), the
# cost of "by hand" (without + cli: wall and CPU added, peak memory the larger), and the
# ratios of `with` to it, each the ratio of the medians with the range of the ratios of the
# runs made side by side.
#
# Environment:
#   PP=path        the panelpress binary (unset: `cargo build --release`, target/release)
#   PAGEFIND=path  the Pagefind CLI (default: `pagefind` on PATH; `npm install pagefind`
#                  brings it, see bench/README.md)
#   RUNS=n         timed runs of each (default 3)
#   WORK=dir       corpora and output (default /dev/shm/panelpress-bench)
#   GEN=path       the corpus generator (default bench/gen_corpus.py)
set -euo pipefail
export LC_ALL=C
HERE=$(cd "$(dirname "$0")" && pwd)

die() { echo "search.sh: $*" >&2; exit 2; }
[ -x /usr/bin/time ] || die "GNU time is not installed: apt-get install -y time"
PAGEFIND=$(command -v "${PAGEFIND:-pagefind}") || die "the Pagefind CLI is not found: set PAGEFIND=/path/to/pagefind"
GEN=$(realpath -s "${GEN:-$(dirname "$0")/gen_corpus.py}")
RUNS=${RUNS:-3}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(2000 10000)

. "$HERE/common.sh"

for pages in "${SIZES[@]}"; do
  with_site=$(corpus "$pages" neutral)
  without_site=$(no_search_site "$pages" "$with_site")
  : >"$WORK/with.txt"; : >"$WORK/without.txt"; : >"$WORK/cli.txt"; : >"$WORK/by-hand.txt"
  # One untimed round first, to warm the caches.
  rm -rf "$WORK/out-with" "$WORK/out-without"
  measure "$PP" build --root "$with_site" --out "$WORK/out-with" >/dev/null
  measure "$PP" build --root "$without_site" --out "$WORK/out-without" >/dev/null
  measure "$PAGEFIND" --site "$WORK/out-without" >/dev/null
  for _ in $(seq "$RUNS"); do
    rm -rf "$WORK/out-with" "$WORK/out-without"
    measure "$PP" build --root "$with_site" --out "$WORK/out-with" >>"$WORK/with.txt"
    without=$(measure "$PP" build --root "$without_site" --out "$WORK/out-without")
    cli=$(measure "$PAGEFIND" --site "$WORK/out-without")
    echo "$without" >>"$WORK/without.txt"
    echo "$cli" >>"$WORK/cli.txt"
    paste -d ' ' <(echo "$without") <(echo "$cli") |
      awk '{ printf "%.3f %.3f %.0f\n", $1 + $4, $2 + $5, ($3 > $6 ? $3 : $6) }' >>"$WORK/by-hand.txt"
  done
  echo "== $pages pages, median of $RUNS runs (load average $(cut -d ' ' -f 1-3 /proc/loadavg))"
  printf "%-36s %8s %8s %8s\n" "" "wall s" "cpu s" "peak MB"
  for t in "with:build, search on" "without:build, search off" "cli:Pagefind CLI on that output" "by-hand:search off + CLI (by hand)"; do
    f=$WORK/${t%%:*}.txt
    printf "%-36s %8.3f %8.2f %8.0f\n" "${t#*:}" "$(col "$f" 1)" "$(col "$f" 2)" "$(col "$f" 3)"
  done
  for c in "1:wall" "3:peak memory"; do
    n=${c%%:*}
    pairs=$(paste "$WORK/with.txt" "$WORK/by-hand.txt" | awk -v c="$n" '{ printf "%.3f\n", $c / $(c + 3) }' | spread)
    awk -v l="${c#*:}, search on / by hand" -v a="$(col "$WORK/with.txt" "$n")" -v b="$(col "$WORK/by-hand.txt" "$n")" -v p="$pairs" \
      'BEGIN { printf "%-36s %7.3fx (pairs %s)\n", l, a / b, p }'
  done
done

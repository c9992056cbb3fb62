#!/usr/bin/env bash
# Side-by-side build benchmark: panelpress against Hugo on the same generated corpus.
#
#   bench/compare.sh [PAGES ...]          default: 1000 10000
#
# For each size it generates the corpus twice with ../shared/bench/gen_corpus.py (the
# `neutral` flavor for panelpress, the `hugo` flavor for Hugo), builds each tool once to
# warm caches, then alternates RUNS timed builds of each (output on /dev/shm, deleted before
# every run) and prints median wall time, CPU time (user+sys) and peak memory (max RSS from
# /usr/bin/time), plus panelpress's ratios against Hugo, the time of `panelpress check`, and
# the lowest and highest ratio of the runs side by side.
# Each run also rebuilds over the output it just wrote, as a writer rebuilding does (Hugo
# writes over it; panelpress swaps in a fresh folder and removes the old one); REBUILD=0
# skips these.
# OWN_THEME=1 also times a build of the same pages by a site that overrides one theme file
# (`base.html`, with a line added to its footer), as a maintainer who restyles the site
# does: every page is then laid out by Tera rather than the built-in theme's Rust layout.
# Needs: hugo (apt-get install -y hugo), GNU time (/usr/bin/time), python3.
set -euo pipefail
# `$EPOCHREALTIME` and `sort -n` read and write numbers with a `.`, whatever the locale.
export LC_ALL=C
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
GEN=${GEN:-../shared/bench/gen_corpus.py}
WORK=${WORK:-/dev/shm/panelpress-bench}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 10000)

command -v hugo >/dev/null || { echo "hugo is not installed: apt-get install -y hugo" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time is not installed: apt-get install -y time" >&2; exit 2; }
cargo build --release --quiet
PP=$PWD/target/release/panelpress
mkdir -p "$WORK"

# Runs a command once under /usr/bin/time; prints "wall cpu rss_mb". The wall time is taken
# around it with bash's microsecond clock: `time`'s own is in hundredths of a second, too
# coarse for a 1,000-page build of 0.08 s.
measure() {
  local log start end
  log=$(mktemp)
  start=$EPOCHREALTIME
  /usr/bin/time -f "%U %S %M" -o "$log" "$@" >/dev/null 2>&1 || true
  end=$EPOCHREALTIME
  awk -v wall="$(awk -v s="$start" -v e="$end" 'BEGIN { print e - s }')" \
    '{ printf "%.3f %.3f %.0f\n", wall, $1 + $2, $3 / 1024 }' "$log"
  rm -f "$log"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# "min-max" of a column of numbers.
spread() { sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s-%s", lo, hi }'; }

for pages in "${SIZES[@]}"; do
  neutral=$WORK/corpus-$pages-neutral
  hugo_site=$WORK/corpus-$pages-hugo
  [ -d "$neutral" ] || python3 "$GEN" --pages "$pages" --out "$neutral" >/dev/null
  [ -d "$hugo_site" ] || python3 "$GEN" --pages "$pages" --out "$hugo_site" --flavor hugo >/dev/null
  out_pp=$WORK/out-pp
  out_hugo=$WORK/out-hugo
  pp_build() { rm -rf "$out_pp"; measure "$PP" build --root "$neutral" --out "$out_pp"; }
  hugo_build() { rm -rf "$out_hugo"; measure hugo --quiet --ignoreCache -s "$hugo_site" -d "$out_hugo"; }
  pp_check() { measure "$PP" check --root "$neutral" --format json; }
  # The same content and bibliography (linked, not copied), with its own `base.html`.
  own=$WORK/corpus-$pages-own-theme
  if [ "${OWN_THEME:-0}" = 1 ] && [ ! -d "$own" ]; then
    mkdir -p "$own/templates"
    for f in content site.yaml references.yaml; do ln -s "$neutral/$f" "$own/$f"; done
    sed 's|</footer>|<p class="own">Our own footer line.</p>\n</footer>|' src/theme/base.html > "$own/templates/base.html"
  fi
  pp_own_build() { rm -rf "$out_pp"; measure "$PP" build --root "$own" --out "$out_pp"; }
  # Over the output the build before wrote.
  pp_rebuild() { measure "$PP" build --root "$neutral" --out "$out_pp"; }
  hugo_rebuild() { measure hugo --quiet --ignoreCache -s "$hugo_site" -d "$out_hugo"; }
  pp_build >/dev/null; hugo_build >/dev/null   # warm-up
  : > "$WORK/pp.txt"; : > "$WORK/hugo.txt"; : > "$WORK/check.txt"
  : > "$WORK/pp-rebuild.txt"; : > "$WORK/hugo-rebuild.txt"; : > "$WORK/pp-own.txt"
  for _ in $(seq "$RUNS"); do
    pp_build >> "$WORK/pp.txt"
    [ "${REBUILD:-1}" = 0 ] || pp_rebuild >> "$WORK/pp-rebuild.txt"
    hugo_build >> "$WORK/hugo.txt"
    [ "${REBUILD:-1}" = 0 ] || hugo_rebuild >> "$WORK/hugo-rebuild.txt"
    pp_check >> "$WORK/check.txt"
    [ "${OWN_THEME:-0}" = 0 ] || pp_own_build >> "$WORK/pp-own.txt"
  done
  col() { awk -v c="$2" '{ print $c }' "$1" | median; }
  range() { awk -v c="$2" '{ print $c }' "$1" | spread; }
  pw=$(col "$WORK/pp.txt" 1); pc=$(col "$WORK/pp.txt" 2); pm=$(col "$WORK/pp.txt" 3)
  hw=$(col "$WORK/hugo.txt" 1); hc=$(col "$WORK/hugo.txt" 2); hm=$(col "$WORK/hugo.txt" 3)
  cw=$(col "$WORK/check.txt" 1); cm=$(col "$WORK/check.txt" 3)
  echo "== $pages pages, median of $RUNS runs (output on $WORK)"
  printf "%-18s %8s %14s %8s %8s\n" "" "wall s" "(min-max)" "cpu s" "peak MB"
  printf "%-18s %8s %14s %8s %8s\n" "panelpress build" "$pw" "$(range "$WORK/pp.txt" 1)" "$pc" "$pm"
  printf "%-18s %8s %14s %8s %8s\n" "hugo" "$hw" "$(range "$WORK/hugo.txt" 1)" "$hc" "$hm"
  printf "%-18s %8s %14s %8s %8s\n" "panelpress check" "$cw" "$(range "$WORK/check.txt" 1)" "$(col "$WORK/check.txt" 2)" "$cm"
  if [ "${REBUILD:-1}" != 0 ]; then
    for tool in pp hugo; do
      f=$WORK/$tool-rebuild.txt
      name=$([ $tool = pp ] && echo "panelpress rebuild" || echo "hugo rebuild")
      printf "%-18s %8s %14s %8s %8s\n" "$name" "$(col "$f" 1)" "$(range "$f" 1)" "$(col "$f" 2)" "$(col "$f" 3)"
    done
  fi
  [ "${OWN_THEME:-0}" = 0 ] || printf "%-18s %8s %14s %8s %8s\n" "build, own theme" \
    "$(col "$WORK/pp-own.txt" 1)" "$(range "$WORK/pp-own.txt" 1)" "$(col "$WORK/pp-own.txt" 2)" "$(col "$WORK/pp-own.txt" 3)"
  awk -v pw="$pw" -v hw="$hw" -v pm="$pm" -v hm="$hm" -v cw="$cw" 'BEGIN {
    printf "ratios: build wall %.2fx of Hugo (target <= 0.20), peak memory %.2fx (target <= 0.33), check %.2fx of Hugo build (target <= 0.10)\n", pw / hw, pm / hm, cw / hw }'
  if [ "${REBUILD:-1}" != 0 ]; then
    awk -v p="$(col "$WORK/pp-rebuild.txt" 1)" -v h="$(col "$WORK/hugo-rebuild.txt" 1)" 'BEGIN {
      printf "rebuild over the previous output: %.2fx of Hugo'"'"'s\n", p / h }'
  fi
  if [ "${OWN_THEME:-0}" != 0 ]; then
    awk -v p="$(col "$WORK/pp-own.txt" 1)" -v h="$hw" 'BEGIN {
      printf "build with its own base.html: %.2fx of Hugo'"'"'s build\n", p / h }'
  fi
  # Each run's ratios against the Hugo build run beside it, lowest to highest.
  pairs() { paste "$1" "$2" | awk '{ printf "%.3f\n", $1 / $4 }' | spread; }
  echo "side-by-side runs: build $(pairs "$WORK/pp.txt" "$WORK/hugo.txt"), check $(pairs "$WORK/check.txt" "$WORK/hugo.txt")$(
    [ "${REBUILD:-1}" = 0 ] || echo ", rebuild $(pairs "$WORK/pp-rebuild.txt" "$WORK/hugo-rebuild.txt")")$(
    [ "${OWN_THEME:-0}" = 0 ] || echo ", own theme $(pairs "$WORK/pp-own.txt" "$WORK/hugo.txt")")"
done

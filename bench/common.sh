# Shared by compare.sh and search.sh (sourced, not run): the work folder, the binary to
# time, timing one command, medians and ranges of a results file, and the generated
# corpora. Needs $HERE (the bench folder), $GEN and a `die`; leaves the shell at the
# repository's root.

WORK=${WORK:-/dev/shm/panelpress-bench}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)

cd "$HERE/.."
# Without PP, the release build of this checkout.
if [ -z "${PP:-}" ]; then
  cargo build --release --quiet
  PP=$PWD/target/release/panelpress
fi

# Runs a command once under /usr/bin/time; prints "wall cpu rss_mb". The wall time is taken
# around it with bash's microsecond clock: `time`'s own is in hundredths of a second, too
# coarse for a 1,000-page build. A command that fails stops the script: its time would
# mean nothing.
measure() {
  local log start end status=0
  log=$WORK/time.log
  start=$EPOCHREALTIME
  /usr/bin/time -f "%U %S %M" -o "$log" "$@" >/dev/null 2>&1 || status=$?
  end=$EPOCHREALTIME
  [ "$status" = 0 ] || die "exit status $status from: $* (run it by hand to see why)"
  tail -n 1 "$log" | awk -v s="$start" -v e="$end" '{ printf "%.3f %.3f %.0f\n", e - s, $1 + $2, $3 / 1024 }'
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# "min-max" of a column of numbers.
spread() { sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s-%s", lo, hi }'; }
# Column $2 (1 wall, 2 cpu, 3 peak MB) of a results file: its median, its range.
col() { awk -v c="$2" '{ print $c }' "$1" | median; }
range() { awk -v c="$2" '{ print $c }' "$1" | spread; }

# Writes the corpus of $1 pages in flavor $2 unless it is there; prints its folder.
corpus() {
  local dir=$WORK/corpus-$1-$2
  if [ ! -d "$dir" ]; then
    rm -rf "$dir.partial"
    python3 "$GEN" --pages "$1" --flavor "$2" --out "$dir.partial" >&2
    mv "$dir.partial" "$dir"
  fi
  echo "$dir"
}

# The neutral corpus (copied) with search off.
no_search_site() {
  local dir=$WORK/corpus-$1-no-search
  if [ ! -d "$dir" ]; then
    mkdir -p "$dir"
    # Copied: a symbolic link leading out of the site folder is refused.
    cp -r "$2/content" "$2/references.yaml" "$dir/"
    { cat "$2/site.yaml"; printf 'search:\n  enabled: false\n'; } >"$dir/site.yaml"
  fi
  echo "$dir"
}

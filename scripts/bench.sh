#!/usr/bin/env bash
# Whole-process benchmark of `frontline extract` (docs/performance.md).
#
#   scripts/bench.sh [SIZE_MB]          (default 200)
#
# Environment: REPEAT (runs per measurement, default 3; the median is reported), STARTUP_RUNS
# (default 30), MODES (default "files stdout": `-o DIR` with every format, and GeoJSON on
# standard output), THREADS (the "all cores" run, default: nproc), FRONTLINE_BIN (measure this
# binary instead of building target/release/frontline), CORPUS (a JSONL file to use instead of
# the generated one).
#
# 1. builds the release binary;
# 2. writes a JSONL corpus of SIZE_MB megabytes from the fixture articles (scripts/gen_corpus.py)
#    into a temporary directory;
# 3. runs `frontline extract --mentions` over it on one thread (--threads 1) and on all cores,
#    each under `/usr/bin/time -v`: wall seconds, MB/s and articles/s, CPU seconds, peak RSS;
# 4. runs the yardstick, `grep -o -F -f NAMES` of every gazetteer name over the same bytes;
# 5. times the start-up: `frontline extract` of a one-record input, STARTUP_RUNS times.
#
# Needs GNU time at /usr/bin/time (Debian: apt-get install time), python3 and grep. Note the load
# of the machine (printed before and after): other processes make the wall times longer.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE_MB=${1:-${SIZE_MB:-200}}
REPEAT=${REPEAT:-3}
STARTUP_RUNS=${STARTUP_RUNS:-30}
MODES=${MODES:-files stdout}
THREADS=${THREADS:-$(nproc)}

if [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing GNU time (apt-get install time)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
  else
    echo "needs GNU time at /usr/bin/time: apt-get install time" >&2
    exit 1
  fi
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/frontline-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
# a copy: a build during the run cannot swap the binary under the measurements
if [ -n "${FRONTLINE_BIN:-}" ]; then
  cp "$FRONTLINE_BIN" "$TMP/frontline" # another build, e.g. an older commit's, to compare
else
  cargo build --release --locked --quiet
  cp target/release/frontline "$TMP/frontline"
fi
BIN=$TMP/frontline
if [ -n "${CORPUS:-}" ]; then
  echo "corpus: $CORPUS (given)" >&2 # a real corpus instead of the generated one
else
  CORPUS=$TMP/corpus.jsonl
  python3 scripts/gen_corpus.py "$CORPUS" "$SIZE_MB"
fi
BYTES=$(stat -c %s "$CORPUS")
ARTICLES=$(wc -l < "$CORPUS")
# every name of the gazetteer (columns name and names), one per line
awk -F'\t' 'NR > 1 { if ($2 != "") print $2; n = split($9, a, "|"); for (i = 1; i <= n; i++) if (a[i] != "") print a[i] }' \
  gazetteer/places.tsv | LC_ALL=C sort -u > "$TMP/names.txt"
printf '{"id":"one","text":"Iraqi forces said on Sunday they had taken Baaj."}\n' > "$TMP/one.jsonl"

echo "# frontline extract benchmark"
echo "binary: ${FRONTLINE_BIN:-target/release/frontline at commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')}; $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(uname -r)"
echo "corpus: $BYTES bytes, $ARTICLES lines, $(wc -l < "$TMP/names.txt") gazetteer names"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "runs per figure: $REPEAT (median wall time; CPU and RSS of that run)"
echo

# measure LABEL CMD... : runs CMD (stdout to /dev/null) REPEAT times under /usr/bin/time -v and
# prints one table row from the run with the median wall time.
measure() {
  local label=$1
  shift
  local rows=()
  for _ in $(seq "$REPEAT"); do
    rm -rf "$TMP/out"
    /usr/bin/time -v -o "$TMP/time.txt" "$@" > /dev/null 2> "$TMP/stderr.txt" || {
      echo "failed: $*" >&2
      cat "$TMP/stderr.txt" >&2
      exit 1
    }
    rows+=("$(awk -F': ' '
      /Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i] }
      /User time/ { u = $2 } /System time/ { y = $2 } /Maximum resident set size/ { r = $2 }
      END { printf "%.3f %.2f %d\n", s, u + y, r }' "$TMP/time.txt")")
  done
  printf '%s\n' "${rows[@]}" | sort -n | awk -v label="$label" -v bytes="$BYTES" -v arts="$ARTICLES" -v k="$REPEAT" '
    { w[NR] = $1; c[NR] = $2; r[NR] = $3 }
    END {
      m = int((k + 1) / 2)
      printf "| %-34s | %8.2f | %8.1f | %10.0f | %8.2f | %8.1f |\n", label, w[m], bytes / 1e6 / w[m], arts / w[m], c[m], r[m] / 1024
    }'
}

echo "| run | wall s | MB/s | articles/s | CPU s | peak RSS MB |"
echo "|---|---:|---:|---:|---:|---:|"
for mode in $MODES; do
  case $mode in
    files) out=(-o "$TMP/out"); what="-o DIR (all formats)" ;;
    stdout) out=(); what="stdout GeoJSON" ;;
    *) echo "unknown mode $mode" >&2; exit 2 ;;
  esac
  measure "extract --mentions $what, 1 thread" "$BIN" extract --mentions --threads 1 "${out[@]}" "$CORPUS"
  measure "extract --mentions $what, $THREADS threads" "$BIN" extract --mentions --threads "$THREADS" "${out[@]}" "$CORPUS"
done
# the matches go to a file: GNU grep stops at the first match when its output is /dev/null
measure "grep -o -F -f names (LC_ALL=C)" sh -c 'LC_ALL=C grep -o -F -f "$1" "$2" > "$3"' grep \
  "$TMP/names.txt" "$CORPUS" "$TMP/grep.out"
echo

echo "start-up: frontline extract of a one-record JSONL, $STARTUP_RUNS runs"
python3 - "$STARTUP_RUNS" "$BIN" "$TMP/one.jsonl" <<'EOF'
import statistics, subprocess, sys, time
runs, binary, one = int(sys.argv[1]), sys.argv[2], sys.argv[3]
for label, cmd in [("extract one record", [binary, "extract", one]), ("--version (process only)", [binary, "--version"])]:
    ts = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        ts.append((time.perf_counter() - t) * 1000)
    print(f"  {label}: median {statistics.median(ts):.1f} ms, min {min(ts):.1f} ms, max {max(ts):.1f} ms")
EOF
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

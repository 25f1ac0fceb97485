#!/usr/bin/env bash
# Runs Greenlight's scale benchmarks in one go and prints every figure beside its baseline and
# target, then a summary table. Builds nothing: BUILD_DIR must hold the built binaries
# (cmake --build BUILD_DIR --target greenlight-benchmarks).
#
#   tests/bench/run-benchmarks.sh BUILD_DIR [--quick] [--only map|ingest|fanout|footprint|greenwave]...
#
# --quick shortens every measurement (a smoke run; the figures are then rough).
# Exit status: 0 every target met, 3 some target missed, 1 a benchmark could not run.
set -u

usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; }

if [[ $# -lt 1 || "$1" == "-h" || "$1" == "--help" ]]; then
  usage
  exit 2
fi
BUILD_DIR=$(cd "$1" 2>/dev/null && pwd) || { echo "no build directory: $1" >&2; exit 2; }
shift
QUICK=0
ONLY=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --only) shift; ONLY+=("${1:-}") ;;
    *) echo "unknown option: $1" >&2; usage; exit 2 ;;
  esac
  shift
done

BENCH="$BUILD_DIR/bench"
GATEWAY="$BUILD_DIR/bin/greenlight-gateway"
CONSOLE="$BUILD_DIR/bin/greenlight"
missing=0
for f in "$GATEWAY" "$CONSOLE" "$BENCH/greenlight-bench-map" "$BENCH/greenlight-bench-ingest" \
         "$BENCH/greenlight-bench-fanout" "$BENCH/greenlight-bench-footprint" "$BENCH/greenlight-bench-greenwave"; do
  if [[ ! -x "$f" ]]; then
    echo "missing: $f" >&2
    missing=1
  fi
done
if [[ $missing -ne 0 ]]; then
  echo "build them first: cmake --build $BUILD_DIR --target greenlight-benchmarks" >&2
  exit 1
fi
XVFB=(xvfb-run -a -s "-screen 0 1920x1080x24")
if ! command -v xvfb-run >/dev/null; then
  echo "xvfb-run not found (Debian package xvfb): the map and footprint benchmarks need it" >&2
  exit 1
fi

wanted() {
  [[ ${#ONLY[@]} -eq 0 ]] && return 0
  local o
  for o in "${ONLY[@]}"; do [[ "$o" == "$1" ]] && return 0; done
  return 1
}

if [[ $QUICK -eq 1 ]]; then
  MAP_ARGS=(--seconds 3 --warmup 1)
  INGEST_ARGS=(--throughput-seconds 4 --latency-seconds 6 --warmup 1)
  FANOUT_ARGS=(--seconds 5 --stall-seconds 24 --warmup 3)
  FOOTPRINT_ARGS=(--steady-seconds 3)
  GREENWAVE_ARGS=(--trips 3)
else
  MAP_ARGS=(--seconds 10 --warmup 3)
  INGEST_ARGS=(--throughput-seconds 15 --latency-seconds 30 --warmup 3)
  FANOUT_ARGS=(--seconds 15 --stall-seconds 30 --warmup 5)
  FOOTPRINT_ARGS=(--steady-seconds 10)
  GREENWAVE_ARGS=(--trips 10)
fi

LOG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/greenlight-bench.XXXXXX")
mesa="see the map benchmark's scene graph lines (QSG_INFO)"
if command -v glxinfo >/dev/null; then
  mesa=$("${XVFB[@]}" glxinfo -B 2>/dev/null | sed -n 's/^ *OpenGL renderer string: //p; s/^ *OpenGL core profile version string: //p' | paste -sd ';' -)
fi

echo "== Greenlight scale benchmarks"
echo "date:     $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "machine:  $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM"
echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) before the run"
echo "GL:       $mesa"
echo "build:    $BUILD_DIR"
echo "logs:     $LOG_DIR"
echo

status=0
# run_one NAME [--xvfb] COMMAND...: runs a benchmark, keeps its output, notes its exit status (that
# of the benchmark itself: xvfb-run's own clean-up errors do not count).
run_one() {
  local name="$1"
  shift
  local xvfb=0
  if [[ "$1" == "--xvfb" ]]; then
    xvfb=1
    shift
  fi
  if [[ $xvfb -eq 1 ]]; then
    echo "== $name: ${XVFB[0]} ${XVFB[1]} ${XVFB[2]} \"${XVFB[3]}\" $*"
  else
    echo "== $name: $*"
  fi
  local start=$SECONDS
  local rc_file="$LOG_DIR/$name.rc"
  if [[ $xvfb -eq 1 ]]; then
    "${XVFB[@]}" bash -c '"$@"; echo $? >"$0"' "$rc_file" "$@" 2>"$LOG_DIR/$name.stderr" | tee "$LOG_DIR/$name.out"
  else
    "$@" 2>"$LOG_DIR/$name.stderr" | tee "$LOG_DIR/$name.out"
  fi
  local rc=${PIPESTATUS[0]}
  if [[ -s "$rc_file" ]]; then
    rc=$(<"$rc_file")
  fi
  echo "-- $name: exit $rc after $((SECONDS - start)) s, load $(cut -d' ' -f1 /proc/loadavg)"
  if [[ $rc -ne 0 && $rc -ne 3 ]]; then
    echo "-- $name failed; last lines of its stderr:"
    tail -n 15 "$LOG_DIR/$name.stderr" | sed 's/^/   /'
    status=1
  elif [[ $rc -eq 3 && $status -eq 0 ]]; then
    status=3
  fi
  echo
}

wanted map && run_one map --xvfb "$BENCH/greenlight-bench-map" --gateway-bin "$GATEWAY" "${MAP_ARGS[@]}"
wanted ingest && run_one ingest "$BENCH/greenlight-bench-ingest" --gateway-bin "$GATEWAY" "${INGEST_ARGS[@]}"
wanted fanout && run_one fanout "$BENCH/greenlight-bench-fanout" --gateway-bin "$GATEWAY" \
  --consoles 16 --intersections 10000 --speed 10 --history 20 "${FANOUT_ARGS[@]}"
wanted footprint && run_one footprint --xvfb "$BENCH/greenlight-bench-footprint" \
  --gateway-bin "$GATEWAY" --console-bin "$CONSOLE" "${FOOTPRINT_ARGS[@]}"
wanted greenwave && run_one greenwave "$BENCH/greenlight-bench-greenwave" "${GREENWAVE_ARGS[@]}"

echo "== Summary (load now $(cut -d' ' -f1-3 /proc/loadavg))"
if [[ -f "$LOG_DIR/map.out" ]]; then
  sed -n 's/^# map scene graph: \(.*RENDERER.*\)$/GL: \1/p; s/^# map scene graph: \(.*render loop\)$/render loop: \1/p' "$LOG_DIR/map.out"
fi
for name in map ingest fanout footprint greenwave; do
  [[ -f "$LOG_DIR/$name.out" ]] && cat "$LOG_DIR/$name.out"
done | grep -E '(PASS|MISS|INFO)$' | sed -E 's/ {3,}/  /g' \
  | awk '{ verdict = $NF; $NF = ""; printf "%-5s %s\n", verdict, $0 }'
case $status in
  0) echo "all targets met" ;;
  3) echo "some targets missed (MISS above)" ;;
  *) echo "some benchmarks could not run (see above and $LOG_DIR)" ;;
esac
exit $status

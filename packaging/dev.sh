#!/usr/bin/env bash
# Greenlight on a fresh Debian 12 machine: install what is needed, build, then run the demo or
# every test.
#
#   packaging/dev.sh demo    gateway on the default city + console
#   packaging/dev.sh test    all test suites (unit, integration, gui)
#   packaging/dev.sh bench   the scale benchmarks, each figure beside its baseline (BENCHMARKS.md)
#   packaging/dev.sh deps    only install the Debian packages
#   packaging/dev.sh build   only configure and build (into build/, or $GREENLIGHT_BUILD_DIR)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${GREENLIGHT_BUILD_DIR:-$root/build}
jobs=${GREENLIGHT_JOBS:-$(nproc)}

packages=(
  cmake ninja-build g++ pkg-config ccache
  qt6-base-dev qt6-base-dev-tools qt6-declarative-dev qt6-tools-dev libgl-dev
  qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts
  qml6-module-qtquick-window qml6-module-qtquick-templates qml6-module-qtqml
  qml6-module-qtqml-workerscript qml6-module-qtquick-dialogs qml6-module-qttest
  libgrpc++-dev libprotobuf-dev protobuf-compiler protobuf-compiler-grpc
  sumo libsqlite3-dev zlib1g-dev
  xvfb xauth libgl1-mesa-dri libegl-mesa0 fonts-dejavu-core
)

say() { printf 'greenlight: %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    say "need root to install packages (run as root or install sudo)"; exit 1; fi
}

deps() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    say "all ${#packages[@]} packages present"
    return
  fi
  say "installing ${#missing[@]} packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

build() {
  say "building into $build"
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
  cmake --build "$build" -j "$jobs"
}

demo() {
  deps
  build
  local gw="$build/bin/greenlight-gateway" console="$build/bin/greenlight"
  local listen=${GREENLIGHT_LISTEN:-127.0.0.1:50051}
  "$gw" --listen "$listen" &
  local gw_pid=$!
  trap 'kill $gw_pid 2>/dev/null; wait $gw_pid 2>/dev/null' EXIT
  if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    "$console" --gateway "$listen"
  else
    say "no display: running the console under Xvfb and saving a screenshot to $build/demo.png"
    xvfb-run -a -s "-screen 0 1920x1080x24" "$console" --gateway "$listen" \
      --screenshot "$build/demo.png" --timeout 300
  fi
}

run_tests() {
  deps
  build
  cd "$build"
  ctest --output-on-failure --timeout 600 -L 'unit|integration|gui' "$@"
}

benchmarks() {
  deps
  build
  cmake --build "$build" -j "$jobs" --target greenlight-benchmarks
  bash "$root/tests/bench/run-benchmarks.sh" "$build" "$@"
}

case "${1:-}" in
  deps) deps ;;
  build) deps; build ;;
  demo) demo ;;
  test) shift; run_tests "$@" ;;
  bench) shift; benchmarks "$@" ;;
  *) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac

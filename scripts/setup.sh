#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian machine:
# build tools, OpenBLAS (the runtime's matrix products), oneDNN (its convolutional kernels), the HiGHS solver (built from the highspy sdist, cached by
# version), protoc, the onnx wheel (its real models feed the tests) and OR-Tools
# (the CP-SAT peer that `checkmate benchmark solvers --strategies cp-sat` compares against).
# Safe to run again: each step is skipped when already done.
set -euo pipefail

HIGHS_VERSION=1.16.0
ONNX_VERSION=1.23.2
ORTOOLS_VERSION=9.15.6755
CACHE_DIR=${CHECKMATE_CACHE:-/var/cache/checkmate}

log() { echo "setup: $*" >&2; }

if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi

need_apt=()
for pkg in cmake zlib1g-dev pkg-config protobuf-compiler libopenblas-dev libdnnl-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! python3 -c "import onnx, sys; sys.exit(onnx.__version__ != '$ONNX_VERSION')" 2>/dev/null; then
  log "installing onnx $ONNX_VERSION"
  python3 -m pip install -q "onnx==$ONNX_VERSION"
fi

if ! python3 -c "import ortools, sys; sys.exit(ortools.__version__ != '$ORTOOLS_VERSION')" 2>/dev/null; then
  log "installing ortools $ORTOOLS_VERSION"
  python3 -m pip install -q "ortools==$ORTOOLS_VERSION"
fi

if [ "$(pkg-config --modversion highs 2>/dev/null || true)" = "$HIGHS_VERSION" ]; then
  log "HiGHS $HIGHS_VERSION already installed"
  exit 0
fi

log "building HiGHS $HIGHS_VERSION from the highspy sdist (about 7 minutes on 2 cores)"
python3 -m pip install -q scikit-build-core pybind11
mkdir -p "$CACHE_DIR"
src="$CACHE_DIR/highspy-$HIGHS_VERSION"
if [ ! -d "$src" ]; then
  tmp=$(mktemp -d)
  python3 -m pip download -q --no-deps --no-build-isolation --no-binary highspy \
    -d "$tmp" "highspy==$HIGHS_VERSION"
  tar -xzf "$tmp/highspy-$HIGHS_VERSION.tar.gz" -C "$CACHE_DIR"
  rm -rf "$tmp"
fi

# The sdist lacks two files its CMake build expects.
[ -f "$src/app/CMakeLists.txt" ] || { mkdir -p "$src/app"; echo "# not part of the sdist" > "$src/app/CMakeLists.txt"; }
if [ ! -f "$src/highs.pc.in" ]; then
  cat > "$src/highs.pc.in" <<'PC'
prefix=@CMAKE_INSTALL_PREFIX@
exec_prefix=${prefix}
libdir=${prefix}/lib
includedir=${prefix}/include/highs

Name: highs
Description: HiGHS linear and mixed-integer optimization solver
Version: @HIGHS_VERSION_MAJOR@.@HIGHS_VERSION_MINOR@.@HIGHS_VERSION_PATCH@
Libs: -L${libdir} -lhighs
Cflags: -I${includedir}
PC
fi

build="$src/build"
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON \
  -DBUILD_TESTING=OFF -DBUILD_EXAMPLES=OFF -DPYTHON_BUILD_SETUP=OFF >/dev/null
cmake --build "$build" --parallel "$(nproc)" >/dev/null
$SUDO cmake --install "$build" >/dev/null
$SUDO ldconfig
log "HiGHS $(pkg-config --modversion highs) installed"

#!/usr/bin/env bash
# Regenerates Sources/CheckmateONNX/Generated/onnx.pb.swift from the onnx.proto
# that the installed onnx wheel ships. The generated file is committed, so a
# normal build needs neither protoc nor this script.
#
# Needs: protoc (Debian's protobuf-compiler) and python3 with onnx (both
# installed by scripts/setup.sh). Builds protoc-gen-swift from the
# swift-protobuf package (about two minutes) in a throwaway package,
# kept in $PROTOC_GEN_SWIFT_DIR between runs.
set -euo pipefail
cd "$(dirname "$0")/.."

SWIFT_PROTOBUF_VERSION=1.39.0
plugin_dir=${PROTOC_GEN_SWIFT_DIR:-${TMPDIR:-/tmp}/checkmate-protoc-gen-swift}
out_dir=Sources/CheckmateONNX/Generated

log() { echo "generate-onnx-proto: $*" >&2; }

command -v protoc >/dev/null || { log "protoc not found (apt-get install protobuf-compiler)"; exit 1; }
onnx_dir=$(python3 -c 'import onnx, os; print(os.path.dirname(onnx.__file__))') \
  || { log "python3 cannot import onnx (pip install onnx)"; exit 1; }
[ -f "$onnx_dir/onnx.proto" ] || { log "no onnx.proto in $onnx_dir"; exit 1; }

mkdir -p "$plugin_dir"
cat > "$plugin_dir/Package.swift" <<MANIFEST
// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "ProtocGenSwiftBuild",
    dependencies: [.package(url: "https://github.com/apple/swift-protobuf", from: "$SWIFT_PROTOBUF_VERSION")],
    targets: []
)
MANIFEST
log "building protoc-gen-swift in $plugin_dir"
(cd "$plugin_dir" && swift build -c release --product protoc-gen-swift >&2)
plugin="$plugin_dir/.build/release/protoc-gen-swift"

mkdir -p "$out_dir"
protoc \
  --plugin=protoc-gen-swift="$plugin" \
  --proto_path="$onnx_dir" \
  --swift_out="$out_dir" \
  --swift_opt=Visibility=Internal \
  "$onnx_dir/onnx.proto"
log "wrote $out_dir/onnx.pb.swift from onnx $(python3 -c 'import onnx; print(onnx.__version__)')"

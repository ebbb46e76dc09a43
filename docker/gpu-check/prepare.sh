#!/usr/bin/env bash
# Prepares the GPU check HERE (network, JDK 25, the repo's Maven) for docker/gpu-check/run.sh on a GPU machine that
# has no network, no Java and takes a few tens of MB per call. Lays out target/gpu-check/ (ignored by git):
#
#   llama-src.tar.gz  llama.cpp's build essentials from node-llama-cpp@3.22.1's llama/gitRelease.bundle
#   jre.tar.gz        a jlinked Java 25 runtime with only java.base and java.logging
#   gpu-check.jar     the check (dev.gatehouse.natives.llamacpp.gpucheck.GpuCheck) with native + models-manifest
#   SHA256SUMS, PREPARED.txt
#
# Options (environment): NODE_LLAMA_CPP_TGZ=path of an already downloaded node-llama-cpp-3.22.1.tgz (else npm pack
# fetches it into ~/.cache/gatehouse/gpu-check); JDK=path of a JDK 25; SKIP_MAVEN=1 to use the classes already in
# native/target and models-manifest/target.
set -euo pipefail

ROOT=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
DEST=$ROOT/target/gpu-check
JDK=${JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
NPM_PACKAGE=node-llama-cpp@3.22.1
# the llama.cpp commit that node-llama-cpp 3.22.1 bundles (2026-09-28); a different bundle is refused
LLAMA_COMMIT=de3ff815ea7d559ee917f063901b8986f038abc6
CACHE=${GPU_CHECK_CACHE:-$HOME/.cache/gatehouse/gpu-check}
# what llama and ggml need to configure and build (vendor is added unconditionally by the top CMakeLists.txt)
SOURCE_PATHS=(CMakeLists.txt LICENSE cmake ggml src include common vendor)
MAX_MIB=48
START=$(date +%s)
log() { echo "[prepare +$(( $(date +%s) - START ))s] $*"; }

[[ -x $JDK/bin/jlink ]] || { echo "no JDK at $JDK (set JDK=...): jlink is needed" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
rm -rf "$DEST" && mkdir -p "$DEST" "$CACHE"

log "llama.cpp source from $NPM_PACKAGE"
TGZ=${NODE_LLAMA_CPP_TGZ:-$CACHE/node-llama-cpp-3.22.1.tgz}
if [[ ! -f $TGZ ]]; then
    (cd "$CACHE" && npm pack --silent "$NPM_PACKAGE" >/dev/null)
    TGZ=$CACHE/node-llama-cpp-3.22.1.tgz
fi
tar -xzf "$TGZ" -C "$TMP" package/llama/gitRelease.bundle
git clone -q --bare "$TMP/package/llama/gitRelease.bundle" "$TMP/llama.git"
HEAD=$(git -C "$TMP/llama.git" rev-parse HEAD)
[[ $HEAD == "$LLAMA_COMMIT" ]] || { echo "the bundle holds llama.cpp $HEAD, expected $LLAMA_COMMIT" >&2; exit 1; }
git -C "$TMP/llama.git" archive --format=tar HEAD "${SOURCE_PATHS[@]}" | gzip -9 >"$DEST/llama-src.tar.gz"

log "the check's classes"
if [[ -z ${SKIP_MAVEN:-} ]]; then
    (cd "$ROOT" && ./mvnw -B -q -o -pl native -am install -DskipTests) \
        || (cd "$ROOT" && ./mvnw -B -q -pl native -am install -DskipTests)
fi
mkdir -p "$TMP/classes"
for module in native models-manifest; do
    (cd "$ROOT/$module/target/classes" && find . -name '*.class' -exec cp --parents {} "$TMP/classes" \;)
done
"$JDK/bin/jar" --create --file "$DEST/gpu-check.jar" \
    --main-class dev.gatehouse.natives.llamacpp.gpucheck.GpuCheck -C "$TMP/classes" .

log "jlinked Java runtime"
# java.logging: llama.cpp's log goes to java.util.logging; nothing else outside java.base is reached by the check
"$JDK/bin/jlink" --add-modules java.base,java.logging --strip-debug --no-man-pages --no-header-files \
    --compress=zip-9 --output "$TMP/jre"
# the symbol table of libjvm.so (5 MB) is only read by debuggers; its dynamic symbols stay
strip --strip-unneeded "$TMP/jre/lib/server/libjvm.so"
"$TMP/jre/bin/java" -version 2>&1 | head -1
tar -czf "$DEST/jre.tar.gz" -C "$TMP/jre" .

(cd "$DEST" && sha256sum llama-src.tar.gz jre.tar.gz gpu-check.jar >SHA256SUMS)
cat >"$DEST/PREPARED.txt" <<EOF
prepared $(date -u +%Y-%m-%dT%H:%M:%SZ) from $(git -C "$ROOT" rev-parse HEAD)$([[ -z $(git -C "$ROOT" status --porcelain -- native models-manifest) ]] || echo ' (with uncommitted changes)')
llama.cpp $LLAMA_COMMIT from $NPM_PACKAGE llama/gitRelease.bundle: ${SOURCE_PATHS[*]}
java runtime: $("$TMP/jre/bin/java" -version 2>&1 | head -1), modules java.base java.logging
EOF

ls -l "$DEST"
TOTAL=$(du -sb "$DEST" | cut -f1)
log "target/gpu-check holds $(( TOTAL / 1024 )) KiB ($(awk "BEGIN {printf \"%.1f\", $TOTAL / 1048576}") MiB)"
(( TOTAL < MAX_MIB * 1048576 )) || { echo "target/gpu-check is over $MAX_MIB MiB: too much to carry" >&2; exit 1; }

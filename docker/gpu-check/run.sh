#!/usr/bin/env bash
# The GPU check, run ON the device machine (bash only; no network, no Java, no Maven there).
#
#   docker/gpu-check/run.sh          build llama.cpp with CUDA for this GPU, then run the Java check
#   docker/gpu-check/run.sh --cpu    the same path with -DGGML_CUDA=OFF and the check's --cpu-smoke mode
#
# It needs what docker/gpu-check/prepare.sh laid out in target/gpu-check/ (carried to the device: llama.cpp source,
# a jlinked Java runtime, the check's jar). The build and the models go to target/gpu-check-work/, which is NOT
# carried, so a second call on the same warm machine reuses both. Everything it reports lands in $OUT (results.md,
# results.json, run.log, build.log, generate.log); each step logs its time and status, a failed step is reported and
# the script exits non-zero. One overall deadline (GPU_CHECK_BUDGET_S, default 480 s) bounds every step: the build may
# take all but GPU_CHECK_MIN_CHECK_S (default 100 s) of it, the check takes what is left and skips (and lists) the
# steps it has no time for. A build cut off by its budget resumes where it stopped on a second call.
set -uo pipefail

START=$(date +%s)
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PREPARED=${GPU_CHECK_PREPARED:-$ROOT/target/gpu-check}
WORK=${GPU_CHECK_WORK:-$ROOT/target/gpu-check-work}
OUT=${OUT:-$WORK/out}
BUDGET_S=${GPU_CHECK_BUDGET_S:-480}
MIN_CHECK_S=${GPU_CHECK_MIN_CHECK_S:-100}
CHECK_ARGS=${GPU_CHECK_ARGS:-}
MODE=gpu
if [[ ${1:-} == --cpu ]]; then MODE=cpu; fi
mkdir -p "$OUT" "$WORK"
# the CUDA toolkit's usual home, where the image does not put nvcc on the PATH
if [[ $MODE == gpu ]] && ! command -v nvcc >/dev/null && [[ -x /usr/local/cuda/bin/nvcc ]]; then
    export PATH=/usr/local/cuda/bin:$PATH
fi

FAILED=()
elapsed() { echo $(( $(date +%s) - START )); }
left() { echo $(( BUDGET_S - $(elapsed) )); }
log() { echo "[gpu-check +$(elapsed)s] $*"; }
# step NAME COMMAND...: runs it, logs its duration and status; a failure is recorded, never hidden
step() {
    local name=$1; shift
    local t0=$(date +%s) rc
    log "step $name: start"
    "$@"; rc=$?
    log "step $name: $( ((rc == 0)) && echo ok || echo "FAILED (exit $rc)") in $(( $(date +%s) - t0 )) s"
    ((rc == 0)) || FAILED+=("$name")
    return $rc
}
finish() {
    log "done in $(elapsed) s; failed steps: ${FAILED[*]:-none}"
    ls -la "$OUT"
    ((${#FAILED[@]} == 0))
    exit $?
}

describe_machine() {
    echo "mode: $MODE; cores: $(nproc); memory: $(free -g | awk '/Mem:/ {print $2 " GiB"}'); kernel: $(uname -r)"
    if [[ $MODE == gpu ]]; then
        nvidia-smi --query-gpu=name,memory.total,driver_version,compute_cap --format=csv || return 1
        nvidia-smi | grep -m1 -o 'CUDA Version: [0-9.]*' || true
        nvcc --version | tail -2 || return 1
    fi
    cmake --version | head -1 || return 1
    if command -v ninja >/dev/null; then echo "ninja $(ninja --version)"; else echo "ninja: absent, using make"; fi
    df -h "$WORK" | tail -1
}

cuda_architecture() {
    local cap
    cap=$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader 2>/dev/null | head -1 | tr -d ' .')
    echo "${GPU_CHECK_CUDA_ARCH:-${cap:-90}}"
}

# Unpacks the carried runtime and source, each only when its checksum differs from the copy unpacked before (the
# source's unpacked files keep their times, so an unchanged source does not make ninja rebuild).
unpack() {
    (cd "$PREPARED" && sha256sum -c --quiet SHA256SUMS) || return 1
    local name dir sum
    for name in jre llama-src; do
        sum=$(awk -v f="$name.tar.gz" '$2 == f {print $1}' "$PREPARED/SHA256SUMS")
        dir="$WORK/$name"
        if [[ -f $dir.stamp && $(cat "$dir.stamp") == "$sum" ]]; then
            echo "$name.tar.gz already unpacked"
            continue
        fi
        rm -rf "$dir" && mkdir -p "$dir" && tar -xzf "$PREPARED/$name.tar.gz" -C "$dir" || return 1
        echo "$sum" >"$dir.stamp"
        echo "$name.tar.gz unpacked"
    done
}

# ggml-cuda needs cuBLAS; where the toolkit beside nvcc lacks it (a pip-installed one elsewhere), point CMake at it.
cublas_hints() {
    local toolkit
    toolkit=$(dirname "$(dirname "$(readlink -f "$(command -v nvcc)")")")
    [[ -f $toolkit/include/cublas_v2.h ]] && return 0
    local header lib lt
    header=$(find /usr/local /opt /usr/lib -maxdepth 9 -name cublas_v2.h 2>/dev/null | head -1)
    lib=$(find /usr/local /opt /usr/lib -maxdepth 9 -name 'libcublas.so*' 2>/dev/null | head -1)
    lt=$(find /usr/local /opt /usr/lib -maxdepth 9 -name 'libcublasLt.so*' 2>/dev/null | head -1)
    echo "no cublas_v2.h in $toolkit; found header ${header:-none}, libcublas ${lib:-none}, libcublasLt ${lt:-none}"
    [[ -n $header && -n $lib && -n $lt ]] || return 0
    flags+=("-DCUDA_cublas_LIBRARY=$lib" "-DCUDA_cublasLt_LIBRARY=$lt" "-DCMAKE_CUDA_FLAGS=-I$(dirname "$header")"
        "-DCMAKE_CXX_FLAGS=-I$(dirname "$header")")
}

# cmake + ninja build of llama and ggml only; skipped when the same configuration was built before.
build_llama() {
    local flags=(-DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON -DGGML_BACKEND_DL=OFF -DGGML_CCACHE=OFF
        -DGGML_NATIVE=${GPU_CHECK_GGML_NATIVE:-ON} -DLLAMA_BUILD_COMMON=OFF -DLLAMA_BUILD_TESTS=OFF
        -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF -DLLAMA_BUILD_APP=OFF
        "-DCMAKE_BUILD_RPATH=\$ORIGIN")
    if [[ $MODE == gpu ]]; then
        flags+=(-DGGML_CUDA=ON "-DCMAKE_CUDA_ARCHITECTURES=$(cuda_architecture)"
            "-DCMAKE_CUDA_COMPILER=$(command -v nvcc)")
        cublas_hints
    else
        flags+=(-DGGML_CUDA=OFF)
    fi
    local generator=(-G Ninja)
    command -v ninja >/dev/null || generator=(-G "Unix Makefiles")
    local build="$WORK/build-$MODE" key="${flags[*]} ${generator[*]} $(cat "$WORK/llama-src.stamp")"
    local budget=$(( $(left) - MIN_CHECK_S ))
    ((budget > 0)) || { echo "no time left to build (budget $BUDGET_S s, $MIN_CHECK_S s kept for the check)"; return 1; }
    local t0=$(date +%s)
    # a build dir configured the same way is built on (ninja resumes a build cut off by the budget), any other is redone
    if [[ -f $build/configured.key ]] && [[ $(cat "$build/configured.key") == "$key" ]]; then
        echo "llama.cpp configured in $build with these flags before; building on (no-op when complete)"
    else
        rm -rf "$build"
        echo "cmake flags: ${flags[*]}"
        timeout "$budget" cmake -S "$WORK/llama-src" -B "$build" "${generator[@]}" "${flags[@]}" >"$OUT/build.log" 2>&1 || {
            tail -40 "$OUT/build.log"; return 1; }
        echo "$key" >"$build/configured.key"
        log "configured in $(( $(date +%s) - t0 )) s"
    fi
    log "building llama and ggml with $(nproc) jobs (budget $(( budget - $(date +%s) + t0 )) s)"
    timeout $(( budget - $(date +%s) + t0 )) cmake --build "$build" --target llama ggml -j "$(nproc)" \
        >>"$OUT/build.log" 2>&1 || { echo "build failed or ran past its budget; last lines:"; tail -40 "$OUT/build.log"
        return 1; }
    ls -la "$build/bin"
}

JAVA_CHECK=("$WORK/jre/bin/java" --enable-native-access=ALL-UNNAMED -cp "$PREPARED/gpu-check.jar"
    dev.gatehouse.natives.llamacpp.gpucheck.GpuCheck)

check_mode() { [[ $MODE == gpu ]] && echo gpu || echo cpu-smoke; }

main() {
    log "Gatehouse GPU check from $ROOT (prepared copy $PREPARED, work $WORK, out $OUT, budget $BUDGET_S s)"
    step machine describe_machine || finish
    step unpack unpack || finish
    # The models are written while llama.cpp compiles: the writer is one thread, the build uses the others.
    mkdir -p "$WORK/models"
    timeout "$(left)" "${JAVA_CHECK[@]}" --mode "$(check_mode)" --generate-only --models "$WORK/models" $CHECK_ARGS \
        >"$OUT/generate.log" 2>&1 &
    GENERATOR=$!
    log "generating models in the background (pid $GENERATOR, log generate.log)"
    step build build_llama
    wait_for_models() { wait "$GENERATOR"; local rc=$?; tail -20 "$OUT/generate.log"; return $rc; }
    step models wait_for_models
    if ((${#FAILED[@]} > 0)); then finish; fi

    NVML_LIB=$(ldconfig -p 2>/dev/null | awk '/libnvidia-ml.so.1 / {print $NF; exit}')
    [[ -z $NVML_LIB ]] && NVML_LIB=$(ls /usr/local/nvidia/lib64/libnvidia-ml.so.1 /usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1 \
        2>/dev/null | head -1)
    export LD_LIBRARY_PATH="$WORK/build-$MODE/bin${CUDA_HOME:+:$CUDA_HOME/lib64}:/usr/local/cuda/lib64${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    CHECK_BUDGET=$(( $(left) - 15 ))
    log "running the check with ${CHECK_BUDGET} s left for it (NVML: ${NVML_LIB:-not found})"
    step check timeout $(( CHECK_BUDGET + 10 )) "${JAVA_CHECK[@]}" --mode "$(check_mode)" --libs "$WORK/build-$MODE/bin" \
        --models "$WORK/models" --out "$OUT" --budget-s "$CHECK_BUDGET" ${NVML_LIB:+--nvml "$NVML_LIB"} $CHECK_ARGS
    [[ -f $OUT/results.md ]] && cat "$OUT/results.md"
    finish
}

# everything to the terminal and to run.log; the pipeline ends only when tee has written the last line
main 2>&1 | tee -a "$OUT/run.log"
exit "${PIPESTATUS[0]}"

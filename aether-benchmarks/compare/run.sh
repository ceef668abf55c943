#!/usr/bin/env bash
# Issue 18's 32-voice patch in Csound and Pure Data on this machine, to set beside
# VoicePatchBenchmark.engine from the same session. Each program renders 60 s of the patch
# (48 kHz, 64-frame blocks: 45,000 blocks) as fast as it can, without a sound card, pinned to
# one core; a 1 s render of the same patch is subtracted, so start-up (Csound's vco2 tables,
# loading) is not counted. Prints microseconds per block, run by run.
#
#   apt-get install csound puredata-core     # Debian 12: Csound 6.18, Pd 0.53
#   bash aether-benchmarks/compare/run.sh [runs]
#
# voices.csd: vco2 (band-limited saw, wavetables) -> rbjeq mode 0 (RBJ resonant low-pass,
# 1.5 kHz, Q 4) -> * 0.03, even voices left, odd right: the same patch as the benchmark.
# voices.pd: phasor~ -> *~ 2 -> -~ 1 (a naive, aliasing saw: Pd has no band-limited one) ->
# biquad~ with the RBJ coefficients -> *~ 0.03 -> dac~, run with -batch (no audio device).
set -euo pipefail
cd "$(dirname "$0")"
runs=${1:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed 's/^i 1 0 60 /i 1 0 1 /' voices.csd > "$tmp/voices1.csd"
sed 's/delay 60000;/delay 1000;/' voices.pd > "$tmp/voices1.pd"
cp voices.csd voices.pd "$tmp/"
seconds() { # wall seconds of one command
    local start end
    start=$(date +%s.%N)
    "$@" > /dev/null 2>&1
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l
}
blocks=$(( 59 * 48000 / 64 ))
for ((r = 1; r <= runs; r++)); do
    if command -v csound > /dev/null; then
        long=$(seconds taskset -c 0 csound "$tmp/voices.csd")
        short=$(seconds taskset -c 0 csound "$tmp/voices1.csd")
        printf 'csound  run %d: %.2f us per block\n' "$r" "$(echo "($long - $short) * 1000000 / $blocks" | bc -l)"
    fi
    if command -v pd > /dev/null; then
        long=$(seconds taskset -c 0 pd -nogui -batch -open "$tmp/voices.pd")
        short=$(seconds taskset -c 0 pd -nogui -batch -open "$tmp/voices1.pd")
        printf 'pd      run %d: %.2f us per block\n' "$r" "$(echo "($long - $short) * 1000000 / $blocks" | bc -l)"
    fi
done

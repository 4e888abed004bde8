#!/usr/bin/env bash
# Throughput of `idpolicy anonymize` and `idpolicy lint` on a generated file of
# 10 million 16-byte ids, against a Python one-liner computing
# hmac.new(key, id, 'sha256').hexdigest() over the same file in the same run.
#
# Usage: scripts/cli_throughput.sh [LINES]      (default 10000000)
# Needs: cargo, python3, /usr/bin/time (GNU time, for peak memory; optional).
set -euo pipefail

LINES=${1:-10000000}
cd "$(dirname "$0")/.."
cargo build --release --features cli --bin idpolicy >&2
BIN=target/release/idpolicy
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
INPUT="$WORK/ids.txt"

# 16-byte ids: "cus_" + 12 lowercase hex digits, one per line.
python3 - "$LINES" "$INPUT" <<'PY'
import sys, os
n, path = int(sys.argv[1]), sys.argv[2]
with open(path, "wb", buffering=1 << 20) as f:
    chunk = []
    for i in range(n):
        chunk.append(b"cus_%012x\n" % (i * 2654435761 % (1 << 48)))
        if len(chunk) == 100000:
            f.write(b"".join(chunk)); chunk.clear()
    f.write(b"".join(chunk))
PY
export IDPOLICY_BENCH_KEY=$("$BIN" keygen)

now() { python3 -c 'import time; print(time.perf_counter())'; }
have_time=0
if [ -x /usr/bin/time ]; then have_time=1; fi

measure() { # name, command...
    local name=$1; shift
    local start end
    start=$(now)
    if [ $have_time = 1 ]; then
        /usr/bin/time -f "%M" -o "$WORK/mem" "$@" > "$WORK/out" 2> "$WORK/err" || true
    else
        "$@" > "$WORK/out" 2> "$WORK/err" || true
    fi
    end=$(now)
    local secs rate mem=""
    secs=$(python3 -c "print(f'{$end - $start:.3f}')")
    rate=$(python3 -c "print(f'{$LINES / ($end - $start) / 1e6:.2f}')")
    [ $have_time = 1 ] && mem=", peak RSS $(( $(tail -n 1 "$WORK/mem") / 1024 )) MiB"
    echo "$name: ${secs}s, ${rate} M ids/s$mem" >&2
    echo "$rate"
}

echo "input: $LINES ids of 16 bytes, $(nproc) cores" >&2
anon=$(measure "idpolicy anonymize (hmac)" "$BIN" anonymize --no-progress --key-env IDPOLICY_BENCH_KEY "$INPUT")
out_lines=$(wc -l < "$WORK/out")
[ "$out_lines" = "$LINES" ] || { echo "anonymize wrote $out_lines lines, expected $LINES" >&2; exit 1; }
lint=$(measure "idpolicy lint --format jsonl" "$BIN" lint --no-progress --format jsonl "$INPUT")
lint_text=$(measure "idpolicy lint (text)" "$BIN" lint --no-progress "$INPUT")
py=$(measure "python hmac one-liner" python3 -c '
import hmac, sys, os
key = bytes.fromhex(os.environ["IDPOLICY_BENCH_KEY"])
out = sys.stdout.write
for line in sys.stdin.buffer:
    out(hmac.new(key, line.rstrip(b"\n"), "sha256").hexdigest() + "\n")
' < "$INPUT")
ratio=$(python3 -c "print(f'{$anon / $py:.1f}')")
echo "anonymize / python ratio: ${ratio}x  (targets: anonymize >= 4 M ids/s and >= 20x python; lint >= 1.5 M ids/s)" >&2

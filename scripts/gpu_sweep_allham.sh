#!/usr/bin/env bash
# All-HAM10000 trainings on a lent GPU machine, in one device call (docs/experiments/gpu-sweep-allham.md).
#
# Here, before the call:
#   .venv/bin/python scripts/gpu_pack.py --arch efficientnet_lite0 efficientnet_lite1   # gpu/, ~58 MB
#   mkdir -p /tmp/aside && mv assets/models docs/screenshots /tmp/aside/    # 55 MB a training does not need
#   device run: command "bash scripts/gpu_sweep_allham.sh", carry ["gpu"], timeout_s 600
#   mv /tmp/aside/models assets/ && mv /tmp/aside/screenshots docs/            # at once, whatever happened
# Afterwards: .venv/bin/python scripts/gpu_import.py FILES_AT   (runs/gpu_<name>/, ready to export)
#
# There: a 1-epoch smoke run on 64 photos first (any error ends the call within a minute, with
# little device time spent); then every line of scripts/gpu_sweep_allham.txt (NAME OPTIONS...) trains at once
# on the one GPU, each capped at CAP seconds. Back in $OUT: NAME.pt per run (its best checkpoint,
# float16 to fit the 64 MiB that come back) and runs.tar.gz (configs, histories, results, logs).
set -u
cd "$(dirname "$0")/.."
CAP=${CAP:-480}; RUNS=${RUNS:-/tmp/runs}; PY=${PY:-python3}; OUT=${OUT:-/tmp/out}
export PYTHONUNBUFFERED=1 PYTHONPATH=.
mkdir -p "$RUNS" "$OUT"
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader 2>&1 | head -1
$PY -c "import torch, torchvision, timm; print('torch', torch.__version__, 'cuda', torch.cuda.is_available(), 'torchvision', torchvision.__version__, 'timm', timm.__version__)"
base=(--config gpu/config.json --weights gpu/weights/efficientnet_lite0.pt --no-progress)
if ! timeout 120 $PY -m training.train "${base[@]}" --max-images 64 --epochs 1 --freeze-epochs 0 \
  --output "$RUNS/smoke" >"$RUNS/smoke.log" 2>&1; then
  echo "smoke run failed:"; tail -30 "$RUNS/smoke.log"; exit 3
fi
echo "smoke run passed ($(date -u +%H:%M:%S))"
names=()
while read -r name args; do
  case "$name" in "" | \#*) continue ;; esac
  names+=("$name")
  # shellcheck disable=SC2086  # the options are words on purpose
  timeout "$CAP" $PY -m training.train "${base[@]}" --workers 3 --threads 1 --output "$RUNS/$name" $args \
    >"$RUNS/$name.log" 2>&1 &
done <"${SWEEP:-scripts/gpu_sweep_allham.txt}"
wait
for name in "${names[@]}"; do
  echo "== $name: $(grep -c 'epoch .*val balanced' "$RUNS/$name.log") epochs"; grep 'val balanced' "$RUNS/$name.log" | tail -3
  [ -f "$RUNS/$name/checkpoint_best.pt" ] && $PY -c "
import sys, torch
ck = torch.load(sys.argv[1], map_location='cpu', weights_only=False)
ck['model'] = {k: v.half() if v.is_floating_point() else v for k, v in ck['model'].items()}
torch.save(ck, sys.argv[2])" "$RUNS/$name/checkpoint_best.pt" "$OUT/$name.pt"
done
tar -czf "$OUT/runs.tar.gz" -C "$RUNS" --exclude='*.pt' .
ls -la "$OUT"

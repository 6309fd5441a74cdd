#!/usr/bin/env bash
# The full trainings behind the bundled models, one after another (about 2 h on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
DATA=${DATA:-../shared/data/ham10000-224}
DATE=${DATE:-20261122}
wait_for() { while pgrep -f "$1" >/dev/null; do sleep 20; done; }
if [ "${SKIP_LITE0:-0}" != 1 ]; then
  wait_for "training.train --config training/configs/efficientnet_lite0"
  [ -f runs/lite0/checkpoint_best.pt ] || $PY -m training.train --config training/configs/efficientnet_lite0.yaml --data "$DATA" --output runs/lite0 --no-progress
  $PY -m training.export --run runs/lite0 --id efficientnet_lite0-ham10000-$DATE --default
fi
$PY -m training.train --config training/configs/efficientnet_lite2.yaml --data "$DATA" --output runs/lite2 --no-progress
$PY -m training.train --config training/configs/efficientnet_lite2.yaml --data "$DATA" --output runs/lite2 --no-progress \
    --resume --epochs 10 --lr 0.0006 --patience 4   # stage 2: five more epochs, a fresh cosine
$PY -m training.export --run runs/lite2 --id efficientnet_lite2-ham10000-$DATE
$PY -m training.train --config training/configs/resnet18_scratch.yaml --data "$DATA" --output runs/resnet18 --no-progress
$PY -m training.export --run runs/resnet18 --id resnet18-scratch-ham10000-$DATE --models-dir runs/compare
echo QUEUE DONE

#!/usr/bin/env bash
# The Lite0 sweep of docs/experiments/lite0-gpu-sweep.md, as run on a lent H100 (16 cores). DATA holds the
# ham10000-224 folder and split.csv (a copy of runs/lite0/split.csv); RUNS gets one folder per run.
# Up to four trainings share the GPU at a time; `gpu_sweep.sh 1` runs r0-r3, `gpu_sweep.sh 2` the
# three seeds and the soup (one 10-minute call each; CAP caps every training).
set -u
WAVE=${1:?wave 1 or 2}
DATA=${DATA:-/root/ham}; RUNS=${RUNS:-/root/runs}; CAP=${CAP:-480}
mkdir -p "$RUNS"
train() {
  local name=$1; shift
  timeout "$CAP" python3 -m training.train --config training/configs/efficientnet_lite0.yaml \
    --data "$DATA" --split-file "$DATA/split.csv" --workers 3 --threads 2 --no-progress \
    --output "$RUNS/$name" "$@" >"$RUNS/$name.log" 2>&1
  echo "$name exit $?"
}
long="--epochs 30 --patience 10 --ema 0.999"
if [ "$WAVE" = 1 ]; then
  train r0 &
  train r1 $long &
  train r2 $long --malignant-weight 1.0 &
  train r3 $long --malignant-weight 1.0 --seed 7 &
  wait
  exit 0
fi
best_auc() { python3 -c "import json,sys; h=json.load(open('$RUNS/$1/history.json'));
b=max(h,key=lambda e:e['val_balanced_accuracy']); print(b['val_malignant_auc'])"; }
a1=$(best_auc r1); a2=$(best_auc r2)
echo "r1 val AUC $a1, r2 val AUC $a2"
if python3 -c "import sys; sys.exit(0 if $a2 >= $a1 else 1)"; then
  recipe="$long --malignant-weight 1.0"; same="r2 r3"
else
  recipe="$long"; same="r1"
fi
echo "wave 2 recipe: $recipe"
for s in 11 12 13; do train s$s $recipe --seed $s & done
wait
python3 -m training.soup --runs $(for r in $same s11 s12 s13; do echo "$RUNS/$r"; done) \
  --output "$RUNS/soup" >"$RUNS/soup.log" 2>&1
echo "soup exit $?"

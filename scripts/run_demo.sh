#!/usr/bin/env bash
# `make demo`: generate a small land-cover scene, then run the whole TorchMap workflow through
# qgis_process exactly as a user would on a server, and print what came out.
# Runs after `make install`, so qgis_process.bin already loads the plugin.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=demo_output
PYTHON=.venv/bin/python
TILE_SIZE=64
STRIDE=32
UNET_EPOCHS=10
RESNET_EPOCHS=8
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}

rm -rf "$OUT"
mkdir -p "$OUT"
started=$(date +%s)

# Runs one algorithm; its JSON result is kept in $OUT/<step>.json, its log in $OUT/<step>.log.
run_step() {
  local step=$1 algorithm=$2
  shift 2
  local begin; begin=$(date +%s)
  echo "==> $step: qgis_process.bin run $algorithm $*"
  if ! qgis_process.bin run "$algorithm" --json -- "$@" >"$OUT/$step.json" 2>"$OUT/$step.log"; then
    echo "demo: $step failed; its log follows" >&2
    cat "$OUT/$step.log" "$OUT/$step.json" >&2
    exit 1
  fi
  echo "    done in $(($(date +%s) - begin)) s"
}

# Prints one value of a step's JSON results.
result() {
  "$PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))["results"][sys.argv[2]])' \
    "$OUT/$1.json" "$2"
}

echo "==> generating the demo scene"
"$PYTHON" scripts/make_demo_data.py "$OUT/data"

run_step export torchmap:exporttrainingdata \
  INPUT_RASTER="$OUT/data/scene.tif" INPUT_CLASS_DATA="$OUT/data/labels.tif" \
  TILE_SIZE=$TILE_SIZE STRIDE=$STRIDE OUTPUT_FOLDER="$OUT/training_chips"

run_step train_unet torchmap:traindeeplearningmodel \
  INPUT_DATA="$OUT/training_chips" MODEL_TYPE=0 EPOCHS=$UNET_EPOCHS BATCH_SIZE=8 \
  LEARNING_RATE=0.001 OUTPUT_MODEL="$OUT/landcover_unet.tmpk"

run_step classify_pixels torchmap:classifypixels \
  INPUT_RASTER="$OUT/data/scene.tif" MODEL="$OUT/landcover_unet.tmpk" \
  OUTPUT="$OUT/landcover.tif"

run_step train_resnet torchmap:traindeeplearningmodel \
  INPUT_DATA="$OUT/data/chips" MODEL_TYPE=1 EPOCHS=$RESNET_EPOCHS BATCH_SIZE=16 \
  LEARNING_RATE=0.001 OUTPUT_MODEL="$OUT/landcover_resnet18.tmpk"

run_step classify_objects torchmap:classifyobjects \
  INPUT_RASTER="$OUT/data/scene.tif" INPUT_FEATURES="$OUT/data/fishnet.gpkg" \
  MODEL="$OUT/landcover_resnet18.tmpk" OUTPUT="$OUT/fishnet_classified.gpkg"

# Assignments (unlike arguments) stop the script under `set -e` if a value is missing.
chip_count=$(result export CHIP_COUNT)
unet_accuracy=$(printf '%.3f' "$(result train_unet VALIDATION_ACCURACY)")
unet_iou=$(printf '%.3f' "$(result train_unet MEAN_IOU)")
resnet_accuracy=$(printf '%.3f' "$(result train_resnet VALIDATION_ACCURACY)")
holdout=$("$PYTHON" scripts/make_demo_data.py --compare "$OUT/data/truth.tif" "$OUT/landcover.tif")

printf '%s\n' "" "TorchMap demo: all four algorithms ran through qgis_process." \
  "  training chips      $OUT/training_chips ($chip_count chips)" \
  "  U-Net model         $OUT/landcover_unet.tmpk" \
  "      validation accuracy $unet_accuracy, mean IoU $unet_iou" \
  "  land-cover map      $OUT/landcover.tif" \
  "      $holdout" \
  "  ResNet-18 model     $OUT/landcover_resnet18.tmpk" \
  "      validation accuracy $resnet_accuracy" \
  "  classified fishnet  $OUT/fishnet_classified.gpkg" \
  "  total time          $(($(date +%s) - started)) s" \
  "Open the .tif and .gpkg in QGIS; the map carries its class colours and names."

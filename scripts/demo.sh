#!/usr/bin/env bash
# One command on a fresh Debian 12 machine, as root: set everything up (scripts/setup.sh), then
# run the demo — `isomer test` of the example role in scenarios/webserver on the embedded runtime.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm run demo

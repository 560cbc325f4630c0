#!/usr/bin/env bash
# The leftover check, kept under this name for the callers that run it by path (.ci/run, the
# qemu guest harness): `test/leaks.sh [--save FILE | --since FILE]`. The inventory itself is
# test/helpers/leftovers.ts (built on src's naming functions); see test/helpers/leftovers-cli.mjs.
exec node "$(dirname "$0")/helpers/leftovers-cli.mjs" "$@"

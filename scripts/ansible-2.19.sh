#!/usr/bin/env bash
# ansible-core 2.19 on this Debian 12 host without changing the system: Debian 13's (trixie's) .debs
# are fetched with a private apt state (its own sources list, lists, cache and preferences; the
# system's dpkg status is only read) and unpacked with `dpkg -x` into $ISOMER_HOME/ansible/2.19.
# Only pure-Python packages that bookworm's python3 lacks in the needed version are taken from
# trixie; the compiled ones (yaml, markupsafe, cryptography) stay bookworm's. isomer uses the result
# when ISOMER_ANSIBLE=2.19 (src/provisioner/ansible-install.ts sets PATH and PYTHONPATH).
# A finished tree is kept: a second run only checks it and prints its path.
set -euo pipefail

HOME_DIR=${ISOMER_HOME:-$HOME/.local/share/isomer}
DEST=$HOME_DIR/ansible/2.19
MIRROR=${ISOMER_DEBIAN_MIRROR:-http://deb.debian.org/debian}
# ansible-core 2.19 needs jinja2 >= 3.1 with 3.1.6's sandbox fixes and resolvelib 1.x; the rest of
# its Depends (python3-yaml, -cryptography, -packaging, -markupsafe) bookworm has in versions it accepts.
PACKAGES=(ansible-core python3-jinja2 python3-resolvelib)
PY=/usr/bin/python3

check() {
  PYTHONPATH="$1/usr/lib/python3/dist-packages" "$PY" -c \
    'import ansible.release, jinja2, resolvelib, sys; v = ansible.release.__version__; sys.exit(0 if v.startswith("2.19.") else "ansible-core " + v + " is not 2.19")' &&
    PATH="$1/usr/bin:$PATH" PYTHONPATH="$1/usr/lib/python3/dist-packages" "$1/usr/bin/ansible-playbook" --version >/dev/null
}

if [ -f "$DEST/.complete" ] && check "$DEST"; then
  echo "$DEST"
  exit 0
fi

for tool in apt-get dpkg "$PY"; do
  command -v "$tool" >/dev/null || { echo "ansible-2.19.sh: \`$tool\` is needed (Debian's apt/dpkg and python3)" >&2; exit 2; }
done

mkdir -p "$HOME_DIR/ansible"
WORK=$(mktemp -d "$HOME_DIR/ansible/.fetch-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/state/lists/partial" "$WORK/cache/archives/partial" "$WORK/etc/preferences.d" "$WORK/debs" "$WORK/tree"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $MIRROR trixie main" >"$WORK/etc/sources.list"
APT=(
  -o "Dir::State=$WORK/state" -o "Dir::Cache=$WORK/cache"
  -o "Dir::Etc::sourcelist=$WORK/etc/sources.list" -o "Dir::Etc::sourceparts=-"
  -o "Dir::Etc::preferences=$WORK/etc/preferences" -o "Dir::Etc::preferencesparts=$WORK/etc/preferences.d"
  -o "APT::Sandbox::User=root" -o "Acquire::Languages=none" -o "Acquire::Retries=3" -o "APT::Get::List-Cleanup=false"
)
echo "ansible-2.19.sh: fetching the trixie package lists (private apt state in $WORK)" >&2
apt-get -q "${APT[@]}" update >&2
(cd "$WORK/debs" && apt-get -q "${APT[@]}" download "${PACKAGES[@]}" >&2)
for deb in "$WORK"/debs/*.deb; do
  echo "ansible-2.19.sh: unpacking $(basename "$deb")" >&2
  dpkg -x "$deb" "$WORK/tree"
done
if ! check "$WORK/tree"; then
  echo "ansible-2.19.sh: the unpacked ansible-core does not run with $PY (see above)" >&2
  exit 1
fi
ls "$WORK"/debs >"$WORK/tree/.complete"
rm -rf "$DEST"
mv "$WORK/tree" "$DEST"
echo "$DEST"

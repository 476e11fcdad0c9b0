#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages glean needs, when they are missing.
# As root it runs apt-get; otherwise it prints the exact command and stops.
set -euo pipefail
packages=(gcc make cmake pkg-config lua5.4 liblua5.4-dev libutf8proc-dev lua-busted luarocks
          unicode-data bzip2 lua-argparse lua-cjson parallel)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
cmd="apt-get update && apt-get install -y ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "glean needs these packages: ${missing[*]}" >&2
  echo "Install them with:" >&2
  echo "  sudo sh -c '$cmd'" >&2
  exit 1
fi
echo "Installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null

#!/usr/bin/env bash
# Installs the Debian packages the tests need (chromium for browser tests, bubblewrap for the sandbox,
# numpy/pandas/matplotlib for the system python3: the sandbox's scientific stack, Java for AWS's DynamoDB
# Local, the referee of our DynamoDB server).
# As root it runs apt-get itself; otherwise it stops and prints the exact command to run.
set -euo pipefail
packages=(chromium bubblewrap python3-numpy python3-pandas python3-matplotlib openjdk-17-jre-headless)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  echo "setup: installing ${missing[*]} with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: missing Debian packages: ${missing[*]}" >&2
  echo "run: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

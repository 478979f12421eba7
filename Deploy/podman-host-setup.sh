#!/usr/bin/env bash
# What Podman needs on our build machines (containers without their own ulimits, runc as the runtime),
# written only when missing; shared by Deploy/build-image.sh and the container test.
set -euo pipefail
conf=/etc/containers/containers.conf
if ! grep -qs '^default_ulimits *= *\[\]' "$conf"; then
  mkdir -p /etc/containers
  if grep -qs '^\[containers\]' "$conf"; then
    sed -i 's/^\[containers\]$/[containers]\ndefault_ulimits = []/' "$conf"
  else
    printf '[containers]\ndefault_ulimits = []\n' >> "$conf"
  fi
fi

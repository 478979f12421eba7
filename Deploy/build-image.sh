#!/usr/bin/env bash
# Builds Mailgate's image without a registry: the runtime base is made with debootstrap from Debian's archive
# (once per machine; an existing base image is reused), mailgate is built here with the Swift standard library
# linked statically, and Deploy/Dockerfile's runtime stage is built around that binary with Podman.
#
#   Deploy/build-image.sh [IMAGE]      (default localhost/mailgate:VERSION; prints the image name last)
#
# MAILGATE_BASE_IMAGE names the base (default localhost/mailgate-base:SUITE-DIGEST of its package list); MAILGATE_REBUILD_BASE=1 remakes it;
# MAILGATE_SKIP_SWIFT_BUILD=1 uses the release binary already in .build-release. Needs root (debootstrap, podman).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"

version=$(sed -n 's/.*static let current = "\(.*\)".*/\1/p' Sources/Gateway/Application/MailgateVersion.swift)
image=${1:-localhost/mailgate:$version}
. /etc/os-release
suite=${VERSION_CODENAME:?no VERSION_CODENAME in /etc/os-release}
# minbase plus exactly the runtime packages of Deploy/Dockerfile's runtime-base stage. The base's tag carries a
# digest of this list, so a base made before a library was added is not reused for a binary that needs it.
packages=libssl3,libcurl4,libcrypt1,libsqlite3-0,libc-ares2,ca-certificates,libcap2-bin
base=${MAILGATE_BASE_IMAGE:-localhost/mailgate-base:$suite-$(printf %s "$packages" | sha256sum | cut -c1-8)}
# The same archive apt uses here (a mirror or a proxy may be the only way out).
mirror=$(sed -n 's/^URIs: *\([^ ]*\/debian\)$/\1/p; s/^deb \(http[^ ]*\/debian\) .*/\1/p' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null | head -n 1 || true)
mirror=${mirror:-http://deb.debian.org/debian}

Deploy/podman-host-setup.sh
podman() { command podman --runtime runc "$@"; }

if [ "${MAILGATE_REBUILD_BASE:-0}" = 1 ] || ! podman image exists "$base"; then
  echo "build-image: making $base with debootstrap ($suite from $mirror)" >&2
  rootfs=$(mktemp -d)
  trap 'rm -rf "$rootfs"' EXIT
  debootstrap --variant=minbase --include="$packages" \
    "$suite" "$rootfs" "$mirror" >&2
  # What a container never uses: package caches and lists, documentation, translations.
  rm -rf "$rootfs"/var/cache/apt/* "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/* \
    "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/*
  tar -C "$rootfs" -c . | podman import --change 'CMD ["/bin/bash"]' - "$base" >&2
  rm -rf "$rootfs"
  trap - EXIT
else
  echo "build-image: reusing $base" >&2
fi

# A scratch path of its own: the release build neither disturbs the debug one nor waits for the lock that a
# running `swift test` holds on .build (the container test calls this script).
scratch=.build-release
if [ "${MAILGATE_SKIP_SWIFT_BUILD:-0}" != 1 ]; then
  swift build -c release --static-swift-stdlib --product mailgate --scratch-path "$scratch" >&2
fi
binary="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/mailgate"
[ -x "$binary" ] || { echo "build-image: no release binary at $binary" >&2; exit 1; }

# The context holds only the binary: the Dockerfile's host-binary stage copies it.
context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
# Symbols and debug information are half of a release binary (200 MB → 94 MB); backtraces keep function names
# through the dynamic symbol table.
strip -o "$context/mailgate" "$binary"
podman build --network host --format docker -f Deploy/Dockerfile --target runtime \
  --build-arg RUNTIME_BASE="$base" --build-arg BINARY_STAGE=host-binary \
  --build-arg VERSION="$version" --build-arg REVISION="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  -t "$image" "$context" >&2
echo "$image"

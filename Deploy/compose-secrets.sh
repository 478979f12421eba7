#!/usr/bin/env bash
# Makes the compose demo's secrets in Deploy/secrets/ (once; existing files are kept) and prints the SMTP
# password and API key. Needs openssl and python3.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p secrets && cd secrets
umask 022
[ -f tls.key ] || openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 365 \
  -subj /CN=mail.localhost -addext subjectAltName=DNS:mail.localhost,DNS:localhost -keyout tls.key -out tls.crt 2>/dev/null
[ -f postgres-password ] || openssl rand -hex 16 > postgres-password
# The demo's PostgreSQL has no certificate and is reached over the compose network only; off loopback the
# default would be sslmode=verify-full, so the demo says what it accepts.
[ -f storage-url ] || echo "postgres://mailgate:$(cat postgres-password)@postgres:5432/mailgate?sslmode=disable" > storage-url
[ -f webhook-secret ] || echo "whsec_$(openssl rand -base64 24)" > webhook-secret
if [ ! -f users ]; then
  password=$(openssl rand -hex 12)
  echo "demo:$(openssl passwd -6 "$password")" > users
  echo "SMTP user:     demo"
  echo "SMTP password: $password"
fi
if [ ! -f api-keys ]; then
  key="mgk_$(openssl rand -hex 24)"
  echo "demo:$(printf %s "$key" | sha256sum | cut -d' ' -f1):*" > api-keys
  echo "API key:       $key"
fi
# Mailgate refuses a secret that others may read; a root-owned one may be read by its group (PostgreSQL's rule),
# so the container's group 10001 gets read access and nobody else does. The certificate is public, and
# postgres-password is read by the postgres image's own user.
mailgate_secrets=(tls.key users api-keys storage-url webhook-secret)
chmod 0440 "${mailgate_secrets[@]}" 2>/dev/null || true   # on a second run they may be root's already
if [ "$(id -u)" = 0 ]; then
  chown 0:10001 "${mailgate_secrets[@]}"
elif command -v podman >/dev/null 2>&1; then
  podman unshare chown 0:10001 "${mailgate_secrets[@]}"   # rootless: root and 10001 as the containers see them
else
  sudo chown 0:10001 "${mailgate_secrets[@]}"
fi

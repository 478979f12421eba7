#!/usr/bin/env bash
# Makes the compose demo's secrets in Deploy/secrets/ (once; existing files are kept) and prints the SMTP
# password and API key. Needs openssl and python3.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p secrets && cd secrets
umask 022   # the containers read them as uid 10001
[ -f tls.key ] || openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 365 \
  -subj /CN=mail.localhost -addext subjectAltName=DNS:mail.localhost,DNS:localhost -keyout tls.key -out tls.crt 2>/dev/null
[ -f postgres-password ] || openssl rand -hex 16 > postgres-password
[ -f storage-url ] || echo "postgres://mailgate:$(cat postgres-password)@postgres:5432/mailgate" > storage-url
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

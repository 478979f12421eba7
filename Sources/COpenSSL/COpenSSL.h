// The system OpenSSL 3 headers Mailgate uses. Macros and variadic functions are wrapped in COpenSSLShims.
#ifndef MAILGATE_COPENSSL_H
#define MAILGATE_COPENSSL_H
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/crypto.h>
#include <openssl/hmac.h>
#endif

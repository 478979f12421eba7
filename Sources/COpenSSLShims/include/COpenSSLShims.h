// C functions for OpenSSL macros that Swift cannot import.
#ifndef MAILGATE_COPENSSL_SHIMS_H
#define MAILGATE_COPENSSL_SHIMS_H
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/bio.h>

long mg_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version);
long mg_SSL_CTX_set_max_proto_version(SSL_CTX *ctx, int version);
long mg_SSL_set_tlsext_host_name(SSL *ssl, const char *name);
long mg_BIO_get_mem_data(BIO *bio, char **data);
int mg_X509_set_notBefore_days(X509 *cert, long days);
int mg_X509_set_notAfter_days(X509 *cert, long days);
#endif

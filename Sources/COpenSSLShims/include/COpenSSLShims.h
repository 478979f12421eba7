// C functions for OpenSSL macros that Swift cannot import.
#ifndef MAILGATE_COPENSSL_SHIMS_H
#define MAILGATE_COPENSSL_SHIMS_H
#include <stdint.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/bio.h>

long mg_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version);
long mg_SSL_CTX_set_max_proto_version(SSL_CTX *ctx, int version);
long mg_SSL_set_tlsext_host_name(SSL *ssl, const char *name);
long mg_BIO_get_mem_data(BIO *bio, char **data);
int mg_X509_set_notBefore_days(X509 *cert, long days);
int mg_X509_set_notAfter_days(X509 *cert, long days);

// SSL_OP_* are built with SSL_OP_BIT(n), which Swift does not import.
uint64_t mg_SSL_OP_CIPHER_SERVER_PREFERENCE(void);
uint64_t mg_SSL_OP_NO_TICKET(void);
uint64_t mg_SSL_OP_NO_RENEGOTIATION(void);
uint64_t mg_SSL_OP_NO_COMPRESSION(void);
long mg_SSL_MODE_RELEASE_BUFFERS(void);

long mg_SSL_CTX_add1_chain_cert(SSL_CTX *ctx, X509 *cert);
long mg_SSL_CTX_set1_groups_list(SSL_CTX *ctx, const char *list);
long mg_SSL_CTX_set_tlsext_servername_callback(SSL_CTX *ctx, int (*cb)(SSL *, int *, void *));
long mg_SSL_CTX_set_tlsext_servername_arg(SSL_CTX *ctx, void *arg);
long mg_SSL_CTX_set_session_cache_mode(SSL_CTX *ctx, long mode);
long mg_SSL_CTX_set_mode(SSL_CTX *ctx, long mode);
// XN_FLAG_RFC2253 is a composite of macros Swift does not import.
unsigned long mg_XN_FLAG_RFC2253(void);
#endif

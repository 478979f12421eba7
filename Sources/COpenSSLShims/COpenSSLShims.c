#include "COpenSSLShims.h"

long mg_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_min_proto_version(ctx, version);
}

long mg_SSL_CTX_set_max_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_max_proto_version(ctx, version);
}

long mg_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}

long mg_BIO_get_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}

int mg_X509_set_notBefore_days(X509 *cert, long days) {
    return X509_gmtime_adj(X509_getm_notBefore(cert), days * 24L * 3600L) != NULL;
}

int mg_X509_set_notAfter_days(X509 *cert, long days) {
    return X509_gmtime_adj(X509_getm_notAfter(cert), days * 24L * 3600L) != NULL;
}

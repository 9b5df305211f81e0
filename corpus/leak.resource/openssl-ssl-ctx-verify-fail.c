/* case: TLS context leaked when the CA bundle cannot be loaded */
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdio.h>

SSL_CTX *client_ctx(const char *ca_file, const char *ciphers)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

    if (!ctx)
        return NULL;
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    SSL_CTX_set_verify_depth(ctx, 8);
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    if (SSL_CTX_load_verify_locations(ctx, ca_file, NULL) != 1) {
        ERR_print_errors_fp(stderr);
        return NULL;                            /* expect: leak.resource */
    }
    if (ciphers && SSL_CTX_set_cipher_list(ctx, ciphers) != 1) {
        SSL_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

/* case: TLS connection leaked when the handshake fails; the socket stays the caller's
   (SSL_set_fd does not take it over) */
#include <openssl/ssl.h>
#include <stdio.h>

SSL *tls_connect(SSL_CTX *ctx, int fd, const char *host)
{
    SSL *ssl = SSL_new(ctx);

    if (!ssl)
        return NULL;
    if (!SSL_set_fd(ssl, fd)) {
        SSL_free(ssl);
        return NULL;
    }
    SSL_set_tlsext_host_name(ssl, host);
    SSL_set1_host(ssl, host);
    if (SSL_connect(ssl) != 1) {
        fprintf(stderr, "handshake with %s failed\n", host);
        return NULL;                            /* expect: leak.resource */
    }
    return ssl;
}

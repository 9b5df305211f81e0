/* case: TLS connection shut down and freed after one request, and on a failed handshake */
#include <openssl/ssl.h>
#include <stdio.h>
#include <string.h>

int tls_get(SSL_CTX *ctx, int fd, const char *host, char *buf, int cap)
{
    SSL *ssl = SSL_new(ctx);
    int n = -1;

    if (!ssl)
        return -1;
    SSL_set_fd(ssl, fd);
    SSL_set_tlsext_host_name(ssl, host);
    if (SSL_connect(ssl) != 1) {
        fprintf(stderr, "handshake with %s failed: %d\n", host, SSL_get_error(ssl, -1));
        SSL_free(ssl);
        return -1;
    }
    if (SSL_write(ssl, "GET / HTTP/1.0\r\n\r\n", 18) > 0)
        n = SSL_read(ssl, buf, cap);
    SSL_shutdown(ssl);
    SSL_free(ssl);
    return n;
}

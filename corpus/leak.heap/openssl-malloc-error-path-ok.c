/* case: OPENSSL_zalloc'd buffer and OPENSSL_strdup'd copy released with OPENSSL_free on
   the failure paths, returned otherwise */
#include <openssl/crypto.h>
#include <openssl/x509.h>

unsigned char *cert_der(X509 *cert, int *outlen)
{
    int len = i2d_X509(cert, NULL);
    unsigned char *buf, *p;

    if (len <= 0)
        return NULL;
    buf = OPENSSL_zalloc(len);
    if (!buf)
        return NULL;
    p = buf;
    if (i2d_X509(cert, &p) != len) {
        OPENSSL_free(buf);
        return NULL;
    }
    *outlen = len;
    return buf;
}

char *label_copy(const char *label, size_t max)
{
    char *copy = OPENSSL_strdup(label);

    if (!copy)
        return NULL;
    if (OPENSSL_strnlen(copy, max + 1) > max) {
        OPENSSL_clear_free(copy, max);
        return NULL;
    }
    return copy;
}

/* case: OPENSSL_malloc'd buffer (a macro over CRYPTO_malloc(n, file, line)) leaked when
   the DER encoding fails */
#include <openssl/crypto.h>
#include <openssl/x509.h>

unsigned char *cert_der(X509 *cert, int *outlen)
{
    int len = i2d_X509(cert, NULL);
    unsigned char *buf, *p;

    if (len <= 0)
        return NULL;
    buf = OPENSSL_malloc(len);
    if (!buf)
        return NULL;
    p = buf;
    if (i2d_X509(cert, &p) != len)
        return NULL;                            /* expect: leak.heap */
    *outlen = len;
    return buf;
}

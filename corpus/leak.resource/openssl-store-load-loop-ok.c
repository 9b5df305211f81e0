/* case: every OSSL_STORE_INFO freed in the load loop; the certificates taken with
   OSSL_STORE_INFO_get1_CERT go onto a stack, which owns them */
#include <openssl/store.h>
#include <openssl/x509.h>

STACK_OF(X509) *load_certs(const char *uri)
{
    OSSL_STORE_CTX *store = OSSL_STORE_open(uri, NULL, NULL, NULL, NULL);
    STACK_OF(X509) *certs;

    if (!store)
        return NULL;
    certs = sk_X509_new_null();
    if (!certs) {
        OSSL_STORE_close(store);
        return NULL;
    }
    while (!OSSL_STORE_eof(store)) {
        OSSL_STORE_INFO *info = OSSL_STORE_load(store);
        X509 *cert;

        if (!info)
            continue;
        if (OSSL_STORE_INFO_get_type(info) != OSSL_STORE_INFO_CERT) {
            OSSL_STORE_INFO_free(info);
            continue;
        }
        cert = OSSL_STORE_INFO_get1_CERT(info);
        OSSL_STORE_INFO_free(info);
        if (cert && !sk_X509_push(certs, cert))
            X509_free(cert);
    }
    OSSL_STORE_close(store);
    return certs;
}

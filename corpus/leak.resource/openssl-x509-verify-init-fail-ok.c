/* case: store and verification context freed on every path; X509_STORE_add_cert up-refs
   the certificate, so the caller frees the copy it made */
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

int verify_against(const X509 *ca, X509 *leaf)
{
    X509_STORE *store = X509_STORE_new();
    X509_STORE_CTX *vctx = X509_STORE_CTX_new();
    X509 *copy = X509_dup(ca);
    int rc = -1;

    if (!store || !vctx || !copy)
        goto out;
    if (!X509_STORE_add_cert(store, copy))
        goto out;
    X509_STORE_set_flags(store, X509_V_FLAG_PARTIAL_CHAIN);
    if (!X509_STORE_CTX_init(vctx, store, leaf, NULL))
        goto out;
    if (X509_verify_cert(vctx) == 1)
        rc = 0;
    else
        rc = X509_STORE_CTX_get_error(vctx);
out:
    X509_free(copy);
    X509_STORE_CTX_free(vctx);
    X509_STORE_free(store);
    return rc;
}

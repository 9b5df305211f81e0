/* case: verification context leaked when X509_STORE_CTX_init fails; the store is freed */
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

int verify_against(X509 *ca, X509 *leaf)
{
    X509_STORE *store = X509_STORE_new();
    X509_STORE_CTX *vctx;
    int ok;

    if (!store)
        return -1;
    if (!X509_STORE_add_cert(store, ca)) {
        X509_STORE_free(store);
        return -1;
    }
    vctx = X509_STORE_CTX_new();
    if (!vctx) {
        X509_STORE_free(store);
        return -1;
    }
    if (!X509_STORE_CTX_init(vctx, store, leaf, NULL)) {
        X509_STORE_free(store);
        return -1;                              /* expect: leak.resource */
    }
    ok = X509_verify_cert(vctx);
    X509_STORE_CTX_free(vctx);
    X509_STORE_free(store);
    return ok == 1 ? 0 : -1;
}

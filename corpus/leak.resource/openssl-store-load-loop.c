/* case: OSSL_STORE_INFO leaked on the `continue` that skips objects of other types */
#include <openssl/store.h>
#include <openssl/x509.h>

int count_certs(const char *uri)
{
    OSSL_STORE_CTX *store = OSSL_STORE_open(uri, NULL, NULL, NULL, NULL);
    int n = 0;

    if (!store)
        return -1;
    while (!OSSL_STORE_eof(store)) {
        OSSL_STORE_INFO *info = OSSL_STORE_load(store);

        if (!info)
            continue;
        if (OSSL_STORE_INFO_get_type(info) != OSSL_STORE_INFO_CERT)
            continue;                           /* expect: leak.resource */
        n++;
        OSSL_STORE_INFO_free(info);
    }
    OSSL_STORE_close(store);
    return n;
}

/* case: certificate from OSSL_STORE_INFO_get1_CERT released right after
   SSL_CTX_use_certificate, whatever it returned (the fix of curl b9b8a7a5df) */
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/store.h>
#include <openssl/x509.h>
#include <stdio.h>

int provider_load_cert(SSL_CTX *ctx, OSSL_LIB_CTX *libctx, const char *cert_file)
{
    OSSL_STORE_INFO *info = NULL;
    X509 *cert = NULL;
    OSSL_STORE_CTX *store =
        OSSL_STORE_open_ex(cert_file, libctx, NULL, NULL, NULL, NULL, NULL, NULL);
    int rc;

    if (!store) {
        fprintf(stderr, "Failed to open OpenSSL store: %lu\n", ERR_get_error());
        return 0;
    }
    if (OSSL_STORE_expect(store, OSSL_STORE_INFO_CERT) != 1)
        fprintf(stderr, "Failed to set store preference. Ignoring the error\n");

    info = OSSL_STORE_load(store);
    if (info) {
        int ossl_type = OSSL_STORE_INFO_get_type(info);

        if (ossl_type == OSSL_STORE_INFO_CERT)
            cert = OSSL_STORE_INFO_get1_CERT(info);
        OSSL_STORE_INFO_free(info);
    }
    OSSL_STORE_close(store);
    if (!cert) {
        fprintf(stderr, "No cert found in the openssl store\n");
        return 0;
    }

    rc = SSL_CTX_use_certificate(ctx, cert);
    X509_free(cert); /* we do not need the handle any more... */

    if (rc != 1) {
        fprintf(stderr, "unable to set client certificate [%lu]\n", ERR_get_error());
        return 0;
    }
    return 1;
}

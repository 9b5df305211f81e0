/* case: get0 accessors lend a pointer the caller must not free: SSL_get0_peer_certificate,
   X509_get0_pubkey, X509_STORE_CTX_get_current_cert, OSSL_STORE_INFO_get0_CERT,
   SSL_CTX_get_cert_store. Nothing here is the caller's to release */
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/store.h>
#include <openssl/x509.h>
#include <stdio.h>

int peer_key_bits(const SSL *ssl)
{
    X509 *cert = SSL_get0_peer_certificate(ssl);
    EVP_PKEY *pkey;

    if (!cert)
        return -1;
    pkey = X509_get0_pubkey(cert);
    if (!pkey)
        return -1;
    return EVP_PKEY_get_bits(pkey);
}

int verify_cb(int preverify_ok, X509_STORE_CTX *store_ctx)
{
    X509 *cert = X509_STORE_CTX_get_current_cert(store_ctx);
    char name[256];

    if (!preverify_ok && cert) {
        X509_NAME_oneline(X509_get_subject_name(cert), name, sizeof(name));
        fprintf(stderr, "verify error at %s\n", name);
    }
    return preverify_ok;
}

int use_store_cert(SSL_CTX *ctx, OSSL_STORE_CTX *store)
{
    OSSL_STORE_INFO *info = OSSL_STORE_load(store);
    X509 *cert;
    int rc = 0;

    if (!info)
        return 0;
    cert = OSSL_STORE_INFO_get0_CERT(info);
    if (cert && SSL_CTX_use_certificate(ctx, cert) == 1)
        rc = 1;
    OSSL_STORE_INFO_free(info);
    return rc;
}

int add_ca(SSL_CTX *ctx, X509 *ca)
{
    X509_STORE *store = SSL_CTX_get_cert_store(ctx);

    if (!store)
        return 0;
    return X509_STORE_add_cert(store, ca);
}

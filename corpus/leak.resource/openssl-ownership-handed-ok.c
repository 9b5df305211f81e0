/* case: calls that take over what they are given: sk_X509_push, SSL_set_bio, BIO_push,
   SSL_CTX_set_cert_store, SSL_CTX_add_extra_chain_cert (a macro over SSL_CTX_ctrl).
   Nothing is left for the caller to release */
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

STACK_OF(X509) *chain_of(X509 *leaf)
{
    STACK_OF(X509) *chain = sk_X509_new_null();
    X509 *copy;

    if (!chain)
        return NULL;
    copy = X509_dup(leaf);
    if (!copy || !sk_X509_push(chain, copy)) {
        X509_free(copy);
        sk_X509_free(chain);
        return NULL;
    }
    return chain;
}

SSL *memory_ssl(SSL_CTX *ctx)
{
    SSL *ssl = SSL_new(ctx);
    BIO *rbio, *wbio;

    if (!ssl)
        return NULL;
    rbio = BIO_new(BIO_s_mem());
    wbio = BIO_new(BIO_s_mem());
    if (!rbio || !wbio) {
        BIO_free(rbio);
        BIO_free(wbio);
        SSL_free(ssl);
        return NULL;
    }
    SSL_set_bio(ssl, rbio, wbio);
    SSL_set_connect_state(ssl);
    return ssl;
}

int base64_write(const void *data, int len)
{
    BIO *b64 = BIO_new(BIO_f_base64());
    BIO *out;

    if (!b64)
        return -1;
    out = BIO_new_fp(stdout, BIO_NOCLOSE);
    if (!out) {
        BIO_free(b64);
        return -1;
    }
    out = BIO_push(b64, out);
    BIO_write(out, data, len);
    (void)BIO_flush(out);
    BIO_free_all(out);
    return 0;
}

int fresh_store(SSL_CTX *ctx, X509 *extra)
{
    X509_STORE *store = X509_STORE_new();
    X509 *copy;

    if (!store)
        return 0;
    SSL_CTX_set_cert_store(ctx, store);
    copy = X509_dup(extra);
    if (!copy)
        return 0;
    if (!SSL_CTX_add_extra_chain_cert(ctx, copy)) {
        X509_free(copy);
        return 0;
    }
    return 1;
}

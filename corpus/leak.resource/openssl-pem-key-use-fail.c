/* case: private key read with PEM_read_bio_PrivateKey leaked when SSL_CTX_use_PrivateKey
   fails (it up-refs the key on success, so the caller frees its reference either way) */
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

int load_key_blob(SSL_CTX *ctx, const void *blob, int len, const char *pass)
{
    BIO *bio = BIO_new_mem_buf(blob, len);
    EVP_PKEY *pkey;

    if (!bio)
        return 0;
    pkey = PEM_read_bio_PrivateKey(bio, NULL, NULL, (void *)pass);
    BIO_free(bio);
    if (!pkey)
        return 0;
    if (SSL_CTX_use_PrivateKey(ctx, pkey) != 1)
        return 0;                               /* expect-miss: leak.resource -- PEM_read_ and d2i_ functions are not rules: their reuse argument (&x) is not expressible */
    EVP_PKEY_free(pkey);
    return SSL_CTX_check_private_key(ctx);
}

/* case: private key and certificate read from memory are released once the context has
   taken its own references */
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

int load_pair_blob(SSL_CTX *ctx, const void *blob, int len)
{
    BIO *bio = BIO_new_mem_buf(blob, len);
    X509 *cert = NULL;
    EVP_PKEY *pkey = NULL;
    int ok = 0;

    if (!bio)
        return 0;
    cert = PEM_read_bio_X509(bio, NULL, NULL, NULL);
    pkey = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
    if (cert && pkey && SSL_CTX_use_certificate(ctx, cert) == 1 &&
        SSL_CTX_use_PrivateKey(ctx, pkey) == 1)
        ok = SSL_CTX_check_private_key(ctx);
    EVP_PKEY_free(pkey);
    X509_free(cert);
    BIO_free(bio);
    return ok;
}

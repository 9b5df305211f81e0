/* case: key-generation context freed on every path; EVP_PKEY_keygen leaves the new key in
   pkey, which is returned; EVP_PKEY_CTX_new up-refs the key it is given, so the caller
   still frees its own reference */
#include <openssl/evp.h>
#include <openssl/rsa.h>

EVP_PKEY *make_rsa_key(int bits)
{
    EVP_PKEY *pkey = NULL;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, NULL);

    if (!ctx)
        return NULL;
    if (EVP_PKEY_keygen_init(ctx) <= 0 ||
        EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, bits) <= 0 ||
        EVP_PKEY_keygen(ctx, &pkey) <= 0)
        pkey = NULL;
    EVP_PKEY_CTX_free(ctx);
    return pkey;
}

int sign_len(EVP_PKEY *key, const unsigned char *tbs, size_t tbslen, size_t *siglen)
{
    EVP_PKEY *ref = EVP_PKEY_dup(key);
    EVP_PKEY_CTX *ctx;
    int rc = -1;

    if (!ref)
        return -1;
    ctx = EVP_PKEY_CTX_new(ref, NULL);
    EVP_PKEY_free(ref);
    if (!ctx)
        return -1;
    if (EVP_PKEY_sign_init(ctx) > 0 && EVP_PKEY_sign(ctx, NULL, siglen, tbs, tbslen) > 0)
        rc = 0;
    EVP_PKEY_CTX_free(ctx);
    return rc;
}

/* case: cipher context leaked when EVP_EncryptInit_ex rejects the key */
#include <openssl/evp.h>

int aes_encrypt(const unsigned char *key, const unsigned char *iv,
                const unsigned char *in, int inlen, unsigned char *out)
{
    int len, total;
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();

    if (!ctx)
        return -1;
    if (EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), NULL, key, iv) != 1)
        return -1;                              /* expect: leak.resource */
    if (EVP_EncryptUpdate(ctx, out, &len, in, inlen) != 1) {
        EVP_CIPHER_CTX_free(ctx);
        return -1;
    }
    total = len;
    if (EVP_EncryptFinal_ex(ctx, out + total, &len) != 1) {
        EVP_CIPHER_CTX_free(ctx);
        return -1;
    }
    EVP_CIPHER_CTX_free(ctx);
    return total + len;
}

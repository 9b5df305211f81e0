/* case: cipher context freed on every path, through one exit */
#include <openssl/evp.h>

int aes_decrypt(const unsigned char *key, const unsigned char *iv,
                const unsigned char *in, int inlen, unsigned char *out)
{
    int len, total = -1;
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();

    if (!ctx)
        return -1;
    if (EVP_DecryptInit_ex(ctx, EVP_aes_256_cbc(), NULL, key, iv) != 1)
        goto done;
    EVP_CIPHER_CTX_set_padding(ctx, 1);
    if (EVP_DecryptUpdate(ctx, out, &len, in, inlen) != 1)
        goto done;
    total = len;
    if (EVP_DecryptFinal_ex(ctx, out + total, &len) != 1) {
        total = -1;
        goto done;
    }
    total += len;
done:
    EVP_CIPHER_CTX_free(ctx);
    return total;
}

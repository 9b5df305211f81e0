/* case: digest context leaked when EVP_DigestUpdate fails in the middle of hashing a file */
#include <openssl/evp.h>
#include <stdio.h>

int sha256_file(FILE *f, unsigned char *md, unsigned int *mdlen)
{
    unsigned char buf[4096];
    size_t n;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();

    if (!ctx)
        return -1;
    if (!EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)) {
        EVP_MD_CTX_free(ctx);
        return -1;
    }
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
        if (!EVP_DigestUpdate(ctx, buf, n))
            return -1;                          /* expect: leak.resource */
    }
    if (!EVP_DigestFinal_ex(ctx, md, mdlen)) {
        EVP_MD_CTX_free(ctx);
        return -1;
    }
    EVP_MD_CTX_free(ctx);
    return 0;
}

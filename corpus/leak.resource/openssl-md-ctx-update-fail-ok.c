/* case: digest context freed on every exit of the hashing loop */
#include <openssl/evp.h>
#include <stdio.h>

int sha256_file(FILE *f, unsigned char *md, unsigned int *mdlen)
{
    unsigned char buf[4096];
    size_t n;
    int rc = -1;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();

    if (!ctx)
        return -1;
    if (!EVP_DigestInit_ex(ctx, EVP_sha256(), NULL))
        goto out;
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
        if (!EVP_DigestUpdate(ctx, buf, n))
            goto out;
    }
    if (EVP_DigestFinal_ex(ctx, md, mdlen))
        rc = 0;
out:
    EVP_MD_CTX_free(ctx);
    return rc;
}

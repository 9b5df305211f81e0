/* case: the string from BN_bn2hex comes from OpenSSL's allocator and must go back through
   OPENSSL_free, not free() */
#include <openssl/bn.h>
#include <stdio.h>
#include <stdlib.h>

void print_bn(const char *label, const BIGNUM *bn)
{
    char *hex = BN_bn2hex(bn);

    if (!hex)
        return;
    printf("%s: %s\n", label, hex);
    free(hex);                                  /* expect: release.mismatch */
}

/* case: the string from BN_bn2dec released with OPENSSL_free after printing */
#include <openssl/bn.h>
#include <stdio.h>

void log_decimal(const BIGNUM *bn)
{
    char *dec = BN_bn2dec(bn);

    if (!dec)
        return;
    printf("value: %s\n", dec);
    OPENSSL_free(dec);
}

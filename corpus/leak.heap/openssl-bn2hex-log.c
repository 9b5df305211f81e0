/* case: the string from BN_bn2hex (OPENSSL_malloc'd) is never freed after printing */
#include <openssl/bn.h>
#include <openssl/x509.h>
#include <stdio.h>

void log_serial(const X509 *cert)
{
    const ASN1_INTEGER *serial = X509_get0_serialNumber(cert);
    BIGNUM *bn = ASN1_INTEGER_to_BN(serial, NULL);
    char *hex;

    if (!bn)
        return;
    hex = BN_bn2hex(bn);
    BN_free(bn);
    if (!hex)
        return;
    printf("serial: %s\n", hex);
}                                               /* expect: leak.heap */

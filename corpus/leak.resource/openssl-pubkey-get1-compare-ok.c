/* case: X509_get_pubkey's reference released on both paths; X509_get0_pubkey's pointer is
   only lent and stays unreleased */
#include <openssl/evp.h>
#include <openssl/x509.h>

int same_public_key(X509 *cert, const EVP_PKEY *expected)
{
    EVP_PKEY *pkey = X509_get_pubkey(cert);
    int same = 0;

    if (!pkey)
        return 0;
    if (EVP_PKEY_get_base_id(pkey) == EVP_PKEY_get_base_id(expected))
        same = EVP_PKEY_eq(pkey, expected) == 1;
    EVP_PKEY_free(pkey);
    return same;
}

int key_bits(const X509 *cert)
{
    EVP_PKEY *pkey = X509_get0_pubkey(cert);

    return pkey ? EVP_PKEY_get_bits(pkey) : -1;
}

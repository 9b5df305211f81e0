/* case: X509_get_pubkey returns a new reference (unlike X509_get0_pubkey); it is leaked
   on the early return when the key types differ */
#include <openssl/evp.h>
#include <openssl/x509.h>

int same_public_key(X509 *cert, const EVP_PKEY *expected)
{
    EVP_PKEY *pkey = X509_get_pubkey(cert);
    int same;

    if (!pkey)
        return 0;
    if (EVP_PKEY_get_base_id(pkey) != EVP_PKEY_get_base_id(expected))
        return 0;                               /* expect: leak.resource */
    same = EVP_PKEY_eq(pkey, expected) == 1;
    EVP_PKEY_free(pkey);
    return same;
}

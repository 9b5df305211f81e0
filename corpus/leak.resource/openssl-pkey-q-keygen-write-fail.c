/* case: key from EVP_PKEY_Q_keygen leaked when writing it out fails */
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

int write_new_ec_key(const char *path)
{
    EVP_PKEY *pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    BIO *out;
    int ok;

    if (!pkey)
        return 0;
    out = BIO_new_file(path, "w");
    if (!out)
        return 0;                               /* expect: leak.resource */
    ok = PEM_write_bio_PrivateKey(out, pkey, NULL, NULL, 0, NULL, NULL);
    BIO_free(out);
    EVP_PKEY_free(pkey);
    return ok;
}

/* case: key from EVP_PKEY_Q_keygen and the file BIO released on every path */
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

int write_new_rsa_key(const char *path, size_t bits)
{
    EVP_PKEY *pkey = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", bits);
    BIO *out;
    int ok = 0;

    if (!pkey)
        return 0;
    out = BIO_new_file(path, "w");
    if (out) {
        ok = PEM_write_bio_PrivateKey(out, pkey, NULL, NULL, 0, NULL, NULL) &&
             PEM_write_bio_PUBKEY(out, pkey);
        BIO_free_all(out);
    }
    EVP_PKEY_free(pkey);
    return ok;
}

/* case: BIGNUM result leaked when BN_mod_exp fails; BN_CTX leaked when the primality
   test errs */
#include <openssl/bn.h>

BIGNUM *mod_pow(const BIGNUM *base, const BIGNUM *exp, const BIGNUM *mod)
{
    BN_CTX *bnctx = BN_CTX_new();
    BIGNUM *r;

    if (!bnctx)
        return NULL;
    r = BN_new();
    if (!r) {
        BN_CTX_free(bnctx);
        return NULL;
    }
    if (!BN_mod_exp(r, base, exp, mod, bnctx)) {
        BN_CTX_free(bnctx);
        return NULL;                            /* expect: leak.resource */
    }
    BN_CTX_free(bnctx);
    return r;
}

int is_probable_prime(const BIGNUM *n)
{
    BN_CTX *bnctx = BN_CTX_new();
    int rc;

    if (!bnctx)
        return -1;
    rc = BN_check_prime(n, bnctx, NULL);
    if (rc < 0)
        return -1;                              /* expect: leak.resource */
    BN_CTX_free(bnctx);
    return rc;
}

/* case: BIGNUM result cleared and freed on failure, returned on success; the BN_CTX and
   the BIGNUMs it lends through BN_CTX_get are released by BN_CTX_end/BN_CTX_free */
#include <openssl/bn.h>

BIGNUM *mod_pow(const BIGNUM *base, const BIGNUM *exp, const BIGNUM *mod)
{
    BN_CTX *bnctx = BN_CTX_new();
    BIGNUM *r = NULL, *tmp;

    if (!bnctx)
        return NULL;
    BN_CTX_start(bnctx);
    tmp = BN_CTX_get(bnctx);
    if (!tmp || !BN_copy(tmp, base))
        goto out;
    r = BN_new();
    if (r && !BN_mod_exp(r, tmp, exp, mod, bnctx)) {
        BN_clear_free(r);
        r = NULL;
    }
out:
    BN_CTX_end(bnctx);
    BN_CTX_free(bnctx);
    return r;
}

/* frontend_expr.c — statements and expressions: libclang cursors to ir_stmt/ir_expr.
   Parentheses and implicit casts (an UnexposedExpr with one child over the same
   extent) are stripped; whatever is not understood becomes IR_E_OTHER (its parts kept
   as args) or IR_S_NULL, so broken or exotic code lowers to something harmless. */
#include "frontend_impl.h"

#include <string.h>

#include "alloc.h"

/* ---- helpers ---- */
/* Where expression or statement c starts. clang_getCursorLocation() is that place for
   all but member expressions (it names the member) and is cheaper than the extent,
   which lexes the last token again. */
static an_loc start_of(fe_lower *L, CXCursor c)
{
    if (clang_getCursorKind(c) == CXCursor_MemberRefExpr)
        return fe_loc_start(L, c);
    return fe_loc(L, clang_getCursorLocation(c));
}

static ir_expr *enew(fe_lower *L, ir_expr_kind k, CXCursor c)
{
    ir_expr *e = ir_expr_new(L->tu, k, start_of(L, c));
    if (!e)
        return fe_oom(L);
    e->type = fe_type_kind(clang_getCursorType(c));
    return e;
}

static ir_stmt *snew(fe_lower *L, ir_stmt_kind k, CXCursor c)
{
    ir_stmt *s = ir_stmt_new(L->tu, k, start_of(L, c));
    return s ? s : fe_oom(L);
}

static bool is_expr(CXCursor c)
{
    return clang_isExpression(clang_getCursorKind(c));
}

static CXCursor kid(const fe_lower *L, size_t base, size_t i)
{
    return L->kids.v[base + i];
}

/* The number of children pushed since base. */
static size_t nkids(const fe_lower *L, size_t base)
{
    return L->kids.n - base;
}

/* Copies up to max children of c into k[]; returns how many c has. */
static size_t kids_copy(fe_lower *L, CXCursor c, CXCursor *k, size_t max)
{
    size_t base = fe_kids_push(L, c), n = nkids(L, base);
    for (size_t i = 0; i < n && i < max; i++)
        k[i] = kid(L, base, i);
    fe_kids_pop(L, base);
    return n;
}

static void warn_deep(fe_lower *L, CXCursor c)
{
    if (L->deep_warned)
        return;
    L->deep_warned = true;
    an_loc at = fe_loc_start(L, c);
    diag_warning(L->ds, L->tu->main_file,
                 "%s:%u:%u: code nested deeper than %d levels; the inner part is not analyzed",
                 at.file, at.line, at.col, FE_MAX_DEPTH);
}

/* ---- expressions ---- */
static bool same_extent(CXCursor a, CXCursor b)
{
    return clang_equalRanges(clang_getCursorExtent(a), clang_getCursorExtent(b));
}

/* An implicit cast starts where its operand does (clang_getCursorLocation looks
   through it); that is cheaper to compare than extents. */
static bool same_start(CXCursor a, CXCursor b)
{
    return clang_equalLocations(clang_getCursorLocation(a), clang_getCursorLocation(b));
}

/* c without parentheses and implicit casts. */
static CXCursor strip(fe_lower *L, CXCursor c)
{
    for (;;) {
        enum CXCursorKind k = clang_getCursorKind(c);
        CXCursor inner;
        if (k != CXCursor_ParenExpr && k != CXCursor_UnexposedExpr)
            return c;
        if (kids_copy(L, c, &inner, 1) != 1 || !is_expr(inner) ||
            (k == CXCursor_UnexposedExpr && !same_start(c, inner)))
            return c;
        c = inner;
    }
}

/* Lowers the expression children from base+from on into e->args, in order. */
static void lower_args(fe_lower *L, ir_expr *e, size_t base, size_t from)
{
    size_t n = 0, end = L->kids.n;
    for (size_t i = from; base + i < end; i++)
        n += is_expr(kid(L, base, i));
    if (n == 0 || !e)
        return;
    if (!(e->args = an_arena_alloc(L->tu->arena, n * sizeof *e->args))) {
        fe_oom(L);
        return;
    }
    for (size_t i = from; base + i < end && L->st == AN_OK; i++) {
        CXCursor k = kid(L, base, i); /* copied: lowering may move the stack */
        if (is_expr(k))
            e->args[e->nargs++] = fe_lower_expr(L, k);
    }
}

/* A node of kind k over all the expression children of c. */
static ir_expr *lower_list(fe_lower *L, CXCursor c, ir_expr_kind k)
{
    ir_expr *e = enew(L, k, c);
    size_t base = fe_kids_push(L, c);
    lower_args(L, e, base, 0);
    fe_kids_pop(L, base);
    return e;
}

static ir_expr *lower_constant(fe_lower *L, CXCursor c)
{
    long long v;
    ir_expr *e = enew(L, IR_E_OTHER, c); /* sizeof of a VLA, a float: no parts to keep */
    if (e && fe_eval_int(c, &v)) {
        e->kind = IR_E_INT;
        e->ival = v;
    }
    return e;
}

static ir_expr *lower_string(fe_lower *L, CXCursor c)
{
    ir_expr *e = enew(L, IR_E_STR, c);
    CXString s = clang_getCursorSpelling(c); /* as written: prefix, quotes, escapes */
    const char *t = clang_getCString(s) ? clang_getCString(s) : "";
    const char *q = strchr(t, '"'), *end = strrchr(t, '"');
    if (e && q && end > q)
        e->str = an_arena_strndup(L->tu->arena, q + 1, (size_t)(end - q - 1));
    else if (e)
        e->str = an_arena_strdup(L->tu->arena, t);
    clang_disposeString(s);
    return e && !e->str ? fe_oom(L) : e;
}

static ir_expr *lower_declref(fe_lower *L, CXCursor c)
{
    CXCursor ref = clang_getCursorReferenced(c);
    ir_expr *e = NULL;
    switch (clang_getCursorKind(ref)) {
    case CXCursor_VarDecl:
    case CXCursor_ParmDecl:
        if ((e = enew(L, IR_E_VAR, c)) && !(e->var = fe_var_ref(L, ref)))
            return NULL;
        return e;
    case CXCursor_FunctionDecl:
        if ((e = enew(L, IR_E_FUNC, c)) && !(e->fn = fe_fdecl(L, ref, true)))
            return NULL;
        return e;
    case CXCursor_EnumConstantDecl:
        if ((e = enew(L, IR_E_INT, c)))
            e->ival = clang_getEnumConstantDeclValue(ref);
        return e;
    default:
        return lower_list(L, c, IR_E_OTHER);
    }
}

/* The function a callee names directly (after decay and parentheses), or NULL. */
static ir_fdecl *direct_callee(fe_lower *L, CXCursor callee)
{
    if (clang_getCursorKind(callee) != CXCursor_DeclRefExpr)
        return NULL;
    CXCursor ref = clang_getCursorReferenced(callee);
    if (clang_getCursorKind(ref) != CXCursor_FunctionDecl)
        return NULL;
    return fe_fdecl(L, ref, true);
}

static ir_expr *lower_call(fe_lower *L, CXCursor c)
{
    size_t base = fe_kids_push(L, c);
    if (nkids(L, base) == 0 || !is_expr(kid(L, base, 0))) {
        fe_kids_pop(L, base);
        return lower_list(L, c, IR_E_OTHER);
    }
    CXCursor callee = strip(L, kid(L, base, 0));
    ir_fdecl *fd = direct_callee(L, callee);
    ir_expr *e = NULL;
    if (fd && nkids(L, base) >= 2 && (strcmp(fd->name, "__builtin_expect") == 0 ||
                                      strcmp(fd->name, "__builtin_expect_with_probability") == 0)) {
        /* likely()/unlikely(): the value is the first argument, and the CFG must see
           the condition inside */
        e = fe_lower_expr(L, kid(L, base, 1));
    } else if ((e = enew(L, IR_E_CALL, c))) {
        e->fn = fd;
        if (!fd)
            e->a = fe_lower_expr(L, callee);
        lower_args(L, e, base, 1);
    }
    fe_kids_pop(L, base);
    return e;
}

static ir_expr *lower_member(fe_lower *L, CXCursor c)
{
    CXCursor k[2];
    size_t n = kids_copy(L, c, k, 2);
    if (n == 0 || !is_expr(k[0]))
        return lower_list(L, c, IR_E_OTHER);
    ir_expr *e = enew(L, IR_E_MEMBER, c);
    if (!e || !(e->str = fe_take_str(L, clang_getCursorSpelling(c))))
        return NULL;
    /* `->` needs a pointer base and `.` a record: the type tells them apart */
    e->arrow = fe_type_kind(clang_getCursorType(k[0])) == IR_T_PTR;
    CXCursor field = clang_getCursorReferenced(c);
    e->union_member = !clang_Cursor_isNull(field) &&
                      clang_getCursorKind(clang_getCursorSemanticParent(field)) == CXCursor_UnionDecl;
    e->a = fe_lower_expr(L, k[0]);
    return e;
}

/* kind over exactly two expression children, e.g. a[i]; else IR_E_OTHER. */
static ir_expr *lower_pair(fe_lower *L, CXCursor c, ir_expr_kind kind, ir_op op)
{
    CXCursor k[3];
    if (kids_copy(L, c, k, 3) != 2 || !is_expr(k[0]) || !is_expr(k[1]))
        return lower_list(L, c, IR_E_OTHER);
    ir_expr *e = enew(L, kind, c);
    if (e) {
        e->op = op;
        e->a = fe_lower_expr(L, k[0]);
        e->b = fe_lower_expr(L, k[1]);
    }
    return e;
}

static ir_op unary_op(enum CXUnaryOperatorKind k)
{
    switch (k) {
    case CXUnaryOperator_PostInc: return IR_OP_POSTINC;
    case CXUnaryOperator_PostDec: return IR_OP_POSTDEC;
    case CXUnaryOperator_PreInc: return IR_OP_PREINC;
    case CXUnaryOperator_PreDec: return IR_OP_PREDEC;
    case CXUnaryOperator_AddrOf: return IR_OP_ADDR;
    case CXUnaryOperator_Deref: return IR_OP_DEREF;
    case CXUnaryOperator_Plus: return IR_OP_PLUS;
    case CXUnaryOperator_Minus: return IR_OP_NEG;
    case CXUnaryOperator_Not: return IR_OP_BITNOT;
    case CXUnaryOperator_LNot: return IR_OP_LNOT;
    default: return IR_OP_NONE; /* __real__, __imag__, co_await */
    }
}

static ir_expr *lower_unary(fe_lower *L, CXCursor c)
{
    enum CXUnaryOperatorKind uk = clang_getCursorUnaryOperatorKind(c);
    ir_op op = unary_op(uk);
    CXCursor x;
    if (kids_copy(L, c, &x, 1) != 1 || !is_expr(x) ||
        (op == IR_OP_NONE && uk != CXUnaryOperator_Extension))
        return lower_list(L, c, IR_E_OTHER);
    if (uk == CXUnaryOperator_Extension)
        return fe_lower_expr(L, x); /* __extension__ e is e */
    ir_expr *e = enew(L, IR_E_UNARY, c);
    if (!e)
        return NULL;
    e->op = op;
    e->a = fe_lower_expr(L, x);
    long long v;
    /* -1, ~0: constants, as clang computes them in the operand's type */
    if (e->a && e->a->kind == IR_E_INT && op != IR_OP_ADDR && op != IR_OP_DEREF &&
        op < IR_OP_PREINC && fe_eval_int(c, &v)) {
        e->kind = IR_E_INT;
        e->ival = v;
        e->op = IR_OP_NONE;
        e->a = NULL;
    }
    return e;
}

/* The operation of a binary operator; *assign tells an assignment. */
static ir_op binary_op(enum CXBinaryOperatorKind k, bool *assign)
{
    static const ir_op ops[] = {
        [CXBinaryOperator_Mul] = IR_OP_MUL, [CXBinaryOperator_Div] = IR_OP_DIV,
        [CXBinaryOperator_Rem] = IR_OP_REM, [CXBinaryOperator_Add] = IR_OP_ADD,
        [CXBinaryOperator_Sub] = IR_OP_SUB, [CXBinaryOperator_Shl] = IR_OP_SHL,
        [CXBinaryOperator_Shr] = IR_OP_SHR, [CXBinaryOperator_LT] = IR_OP_LT,
        [CXBinaryOperator_GT] = IR_OP_GT, [CXBinaryOperator_LE] = IR_OP_LE,
        [CXBinaryOperator_GE] = IR_OP_GE, [CXBinaryOperator_EQ] = IR_OP_EQ,
        [CXBinaryOperator_NE] = IR_OP_NE, [CXBinaryOperator_And] = IR_OP_BITAND,
        [CXBinaryOperator_Xor] = IR_OP_BITXOR, [CXBinaryOperator_Or] = IR_OP_BITOR,
        [CXBinaryOperator_LAnd] = IR_OP_LAND, [CXBinaryOperator_LOr] = IR_OP_LOR,
        [CXBinaryOperator_Comma] = IR_OP_COMMA,
        [CXBinaryOperator_MulAssign] = IR_OP_MUL, [CXBinaryOperator_DivAssign] = IR_OP_DIV,
        [CXBinaryOperator_RemAssign] = IR_OP_REM, [CXBinaryOperator_AddAssign] = IR_OP_ADD,
        [CXBinaryOperator_SubAssign] = IR_OP_SUB, [CXBinaryOperator_ShlAssign] = IR_OP_SHL,
        [CXBinaryOperator_ShrAssign] = IR_OP_SHR, [CXBinaryOperator_AndAssign] = IR_OP_BITAND,
        [CXBinaryOperator_XorAssign] = IR_OP_BITXOR, [CXBinaryOperator_OrAssign] = IR_OP_BITOR,
    };
    *assign = k >= CXBinaryOperator_Assign && k <= CXBinaryOperator_OrAssign;
    return (unsigned)k < sizeof ops / sizeof ops[0] ? ops[k] : IR_OP_NONE;
}

static ir_expr *lower_binary(fe_lower *L, CXCursor c)
{
    bool assign = false;
    enum CXBinaryOperatorKind bk = clang_getCursorBinaryOperatorKind(c);
    ir_op op = binary_op(bk, &assign);
    if (assign)
        return lower_pair(L, c, IR_E_ASSIGN, op);
    if (op == IR_OP_NONE) /* ->*, .*, <=>: not C */
        return lower_list(L, c, IR_E_OTHER);
    return lower_pair(L, c, IR_E_BINARY, op);
}

static ir_expr *lower_cond(fe_lower *L, CXCursor c)
{
    CXCursor k[4];
    if (kids_copy(L, c, k, 4) != 3 || !is_expr(k[0]) || !is_expr(k[1]) || !is_expr(k[2]))
        return lower_list(L, c, IR_E_OTHER);
    ir_expr *e = enew(L, IR_E_COND, c);
    if (e) {
        e->a = fe_lower_expr(L, k[0]);
        e->b = fe_lower_expr(L, k[1]);
        e->c = fe_lower_expr(L, k[2]);
    }
    return e;
}

static ir_expr *lower_cast(fe_lower *L, CXCursor c)
{
    size_t base = fe_kids_push(L, c);
    CXCursor x = clang_getNullCursor();
    for (size_t i = 0; i < nkids(L, base); i++) /* a TypeRef may come first */
        if (is_expr(kid(L, base, i)))
            x = kid(L, base, i);
    fe_kids_pop(L, base);
    if (clang_Cursor_isNull(x))
        return lower_list(L, c, IR_E_OTHER);
    ir_expr *e = enew(L, IR_E_CAST, c);
    if (e)
        e->a = fe_lower_expr(L, x);
    return e;
}

static ir_expr *lower_stmt_expr(fe_lower *L, CXCursor c)
{
    CXCursor k[2];
    if (!L->fn || kids_copy(L, c, k, 2) != 1 ||
        clang_getCursorKind(k[0]) != CXCursor_CompoundStmt)
        return lower_list(L, c, IR_E_OTHER);
    ir_expr *e = enew(L, IR_E_STMT_EXPR, c);
    if (e && !(e->body = fe_lower_stmt(L, k[0])))
        return NULL;
    return e;
}

/* GNU `a ?: b` (BinaryConditionalOperator): children common, cond and true value (the
   last two stand for the first: same extent and type), then the false value. */
static bool is_gnu_cond(fe_lower *L, CXCursor c, size_t base)
{
    if (nkids(L, base) != 4 || fe_type_kind(clang_getCursorType(c)) == IR_T_VOID)
        return false;
    CXCursor a = kid(L, base, 0);
    CXType t = clang_getCursorType(a);
    for (size_t i = 1; i < 3; i++) {
        CXCursor k = kid(L, base, i);
        if (!is_expr(k) || !same_extent(a, k) || !clang_equalTypes(t, clang_getCursorType(k)))
            return false;
    }
    return is_expr(a) && is_expr(kid(L, base, 3));
}

static ir_expr *lower_unexposed(fe_lower *L, CXCursor c)
{
    size_t base = fe_kids_push(L, c);
    ir_expr *e = NULL;
    long long v;
    if (is_gnu_cond(L, c, base)) {
        CXCursor a = kid(L, base, 0), b = kid(L, base, 3);
        if ((e = enew(L, IR_E_COND, c))) {
            e->a = fe_lower_expr(L, a);
            e->c = fe_lower_expr(L, b);
        }
    } else if ((e = enew(L, IR_E_OTHER, c))) {
        lower_args(L, e, base, 0);
        if (e->nargs == 0 && e->type == IR_T_INT && fe_eval_int(c, &v)) {
            e->kind = IR_E_INT; /* __builtin_offsetof and the like */
            e->ival = v;
        }
    }
    fe_kids_pop(L, base);
    return e;
}

static ir_expr *lower_expr_kind(fe_lower *L, CXCursor c)
{
    ir_expr *e;
    switch (clang_getCursorKind(c)) {
    case CXCursor_IntegerLiteral:
    case CXCursor_CharacterLiteral:
    case CXCursor_UnaryExpr: return lower_constant(L, c);
    case CXCursor_GNUNullExpr:
        if ((e = enew(L, IR_E_INT, c)))
            e->ival = 0;
        return e;
    case CXCursor_StringLiteral: return lower_string(L, c);
    case CXCursor_DeclRefExpr: return lower_declref(L, c);
    case CXCursor_CallExpr: return lower_call(L, c);
    case CXCursor_MemberRefExpr: return lower_member(L, c);
    case CXCursor_ArraySubscriptExpr: return lower_pair(L, c, IR_E_INDEX, IR_OP_NONE);
    case CXCursor_UnaryOperator: return lower_unary(L, c);
    case CXCursor_BinaryOperator:
    case CXCursor_CompoundAssignOperator: return lower_binary(L, c);
    case CXCursor_ConditionalOperator: return lower_cond(L, c);
    case CXCursor_CStyleCastExpr: return lower_cast(L, c);
    case CXCursor_InitListExpr: return lower_list(L, c, IR_E_INIT_LIST);
    case CXCursor_StmtExpr: return lower_stmt_expr(L, c);
    case CXCursor_UnexposedExpr: return lower_unexposed(L, c);
    default: return lower_list(L, c, IR_E_OTHER);
    }
}

ir_expr *fe_lower_expr(fe_lower *L, CXCursor c)
{
    if (L->st != AN_OK)
        return NULL;
    if (L->depth >= FE_MAX_DEPTH) {
        warn_deep(L, c);
        return enew(L, IR_E_OTHER, c);
    }
    L->depth++;
    ir_expr *e = lower_expr_kind(L, strip(L, c));
    L->depth--;
    return e;
}

/* c as an expression, or an IR_E_OTHER standing for it in broken code. */
static ir_expr *expr_or_other(fe_lower *L, CXCursor c)
{
    return is_expr(c) ? fe_lower_expr(L, c) : enew(L, IR_E_OTHER, c);
}

/* ---- statements ---- */
static an_loc closing_brace(fe_lower *L, CXCursor c)
{
    an_loc end = fe_loc(L, clang_getRangeEnd(clang_getCursorExtent(c)));
    if (end.col > 1)
        end.col--; /* the extent ends just past the brace */
    return end;
}

/* A scope over every child of c lowered as a statement. Also what a malformed
   statement of broken code becomes: all its parts, as if each ran once. */
static ir_stmt *lower_compound(fe_lower *L, CXCursor c)
{
    ir_stmt *s = snew(L, IR_S_COMPOUND, c);
    size_t base = fe_kids_push(L, c), n = nkids(L, base);
    if (s && clang_getCursorKind(c) == CXCursor_CompoundStmt)
        s->end = closing_brace(L, c);
    if (s && n && !(s->body = an_arena_alloc(L->tu->arena, n * sizeof *s->body)))
        fe_oom(L);
    for (size_t i = 0; i < n && L->st == AN_OK; i++)
        s->body[s->nbody++] = fe_lower_stmt(L, kid(L, base, i));
    fe_kids_pop(L, base);
    return s;
}

static ir_stmt *lower_decl(fe_lower *L, CXCursor c)
{
    size_t base = fe_kids_push(L, c), n = nkids(L, base), m = 0;
    for (size_t i = 0; i < n; i++)
        m += clang_getCursorKind(kid(L, base, i)) == CXCursor_VarDecl;
    ir_stmt *s = snew(L, m ? IR_S_DECL : IR_S_NULL, c); /* typedef, struct, prototype */
    if (s && m && (!(s->vars = an_arena_alloc(L->tu->arena, m * sizeof *s->vars)) ||
                   !(s->inits = an_arena_alloc(L->tu->arena, m * sizeof *s->inits))))
        fe_oom(L);
    for (size_t i = 0; i < n && m && L->st == AN_OK; i++) {
        CXCursor k = kid(L, base, i);
        ir_expr *init = NULL;
        ir_var *v = clang_getCursorKind(k) == CXCursor_VarDecl ? fe_local_var(L, k, &init)
                                                                : NULL;
        if (v) {
            s->vars[s->nvars] = v;
            s->inits[s->nvars++] = init;
        }
    }
    fe_kids_pop(L, base);
    if (s && s->nvars == 0)
        s->kind = IR_S_NULL; /* only `extern` declarations */
    return s;
}

static ir_stmt *lower_if(fe_lower *L, CXCursor c)
{
    CXCursor k[4];
    size_t n = kids_copy(L, c, k, 4);
    if (n != 2 && n != 3)
        return lower_compound(L, c);
    ir_stmt *s = snew(L, IR_S_IF, c);
    if (s) {
        s->cond = expr_or_other(L, k[0]);
        s->then = fe_lower_stmt(L, k[1]);
        s->els = n == 3 ? fe_lower_stmt(L, k[2]) : NULL;
    }
    return s;
}

/* while, do and switch: a condition and a body, at index ci and 1 - ci. */
static ir_stmt *lower_loop(fe_lower *L, CXCursor c, ir_stmt_kind kind, int ci)
{
    CXCursor k[3];
    if (kids_copy(L, c, k, 3) != 2)
        return lower_compound(L, c);
    ir_stmt *s = snew(L, kind, c);
    if (s && ci == 0) {
        s->cond = expr_or_other(L, k[0]);
        s->sub = fe_lower_stmt(L, k[1]);
    } else if (s) {
        s->sub = fe_lower_stmt(L, k[0]);
        s->cond = expr_or_other(L, k[1]);
    }
    return s;
}

/* ---- for: libclang lists only the parts present, so find which are ---- */
enum { FOR_INIT = 1, FOR_COND = 2, FOR_INC = 4 };

/* Index past blanks, comments and line continuations at text[i]. */
static size_t skip_blank(const char *t, size_t i, size_t n)
{
    while (i < n) {
        if (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r' || t[i] == '\f' ||
            t[i] == '\v' || (t[i] == '\\' && i + 1 < n && (t[i + 1] == '\n' || t[i + 1] == '\r')))
            i++;
        else if (t[i] == '/' && i + 1 < n && t[i + 1] == '*') {
            const char *end = strstr(t + i + 2, "*/");
            i = end && (size_t)(end - t) < n ? (size_t)(end - t) + 2 : n;
        } else if (t[i] == '/' && i + 1 < n && t[i + 1] == '/') {
            while (i < n && t[i] != '\n')
                i++;
        } else
            break;
    }
    return i;
}

/* Index past the string or character literal starting at text[i]. */
static size_t skip_literal(const char *t, size_t i, size_t n)
{
    char q = t[i++];
    while (i < n && t[i] != q && t[i] != '\n')
        i += t[i] == '\\' ? 2 : 1;
    return i + 1;
}

/* Which parts `for (init; cond; inc)` has, read from the source where the `for` is
   spelled (inside the macro definition for a foreach macro). 0 when unsure. */
static unsigned header_parts(const char *t, size_t n)
{
    if (n < 3 || memcmp(t, "for", 3) != 0)
        return 0;
    size_t i = skip_blank(t, 3, n);
    if (i >= n || t[i] != '(')
        return 0;
    unsigned slot = 0, mask = 0, depth = 0;
    for (i++; (i = skip_blank(t, i, n)) < n;) {
        char ch = t[i];
        if (ch == ';' && depth == 0) {
            if (++slot > 2)
                return 0;
            i++;
            continue;
        }
        if (ch == ')' && depth == 0)
            return slot == 2 ? mask : 0;
        if (ch == '(' || ch == '[' || ch == '{')
            depth++;
        else if ((ch == ')' || ch == ']' || ch == '}') && depth > 0)
            depth--;
        mask |= 1u << slot;
        i = ch == '"' || ch == '\'' ? skip_literal(t, i, n) : i + 1;
    }
    return 0;
}

static unsigned spelled_parts(fe_lower *L, CXCursor c)
{
    CXFile f = NULL;
    unsigned line, col, off = 0;
    size_t size = 0;
    clang_getSpellingLocation(clang_getRangeStart(clang_getCursorExtent(c)), &f, &line, &col,
                              &off);
    const char *text = f ? clang_getFileContents(L->ctu, f, &size) : NULL;
    if (!text || off >= size)
        return 0;
    size_t n = size - off < 4096 ? size - off : 4096;
    return header_parts(text + off, n);
}

static bool is_side_effect(CXCursor c)
{
    enum CXCursorKind k = clang_getCursorKind(c);
    if (k == CXCursor_CompoundAssignOperator)
        return true;
    if (k == CXCursor_BinaryOperator) {
        enum CXBinaryOperatorKind b = clang_getCursorBinaryOperatorKind(c);
        return b == CXBinaryOperator_Assign || b == CXBinaryOperator_Comma;
    }
    enum CXUnaryOperatorKind u = clang_getCursorUnaryOperatorKind(c);
    return k == CXCursor_UnaryOperator && u >= CXUnaryOperator_PostInc &&
           u <= CXUnaryOperator_PreDec;
}

/* The parts of a for statement whose n (1 or 2) header children are k[]. */
static unsigned for_parts(fe_lower *L, CXCursor c, const CXCursor *k, size_t n)
{
    unsigned m = spelled_parts(L, c);
    bool decl = clang_getCursorKind(k[0]) == CXCursor_DeclStmt;
    if ((unsigned)__builtin_popcount(m) == n && (!decl || (m & FOR_INIT)))
        return m;
    /* a guess, for headers built by macros from arguments */
    if (n == 1)
        return decl ? FOR_INIT : is_side_effect(k[0]) ? FOR_INC : FOR_COND;
    if (decl || is_side_effect(k[0]))
        return FOR_INIT | (is_side_effect(k[1]) ? FOR_INC : FOR_COND);
    return FOR_COND | FOR_INC;
}

static ir_stmt *lower_for(fe_lower *L, CXCursor c)
{
    CXCursor k[5];
    size_t n = kids_copy(L, c, k, 5), i = 0;
    if (n == 0 || n > 4)
        return lower_compound(L, c);
    unsigned parts = n == 4 ? FOR_INIT | FOR_COND | FOR_INC : n == 1 ? 0 : for_parts(L, c, k, n - 1);
    ir_stmt *s = snew(L, IR_S_FOR, c);
    if (!s)
        return NULL;
    if (parts & FOR_INIT)
        s->init = fe_lower_stmt(L, k[i++]);
    if (parts & FOR_COND)
        s->cond = expr_or_other(L, k[i++]);
    if (parts & FOR_INC)
        s->inc = expr_or_other(L, k[i++]);
    s->sub = fe_lower_stmt(L, k[n - 1]);
    return s;
}

/* ---- labels and jumps ---- */
static ir_stmt *lower_case(fe_lower *L, CXCursor c)
{
    CXCursor k[4];
    size_t n = kids_copy(L, c, k, 4);
    long long lo = 0, hi = 0;
    ir_stmt *s = snew(L, IR_S_CASE, c);
    if (!s)
        return NULL;
    if (n >= 2 && n <= 3) { /* value, [GNU range end,] statement */
        s->case_known = fe_eval_int(k[0], &lo) && (n == 2 || fe_eval_int(k[1], &hi));
        s->lo = lo;
        s->hi = n == 3 ? hi : lo;
    }
    s->sub = n >= 2 && n <= 3 ? fe_lower_stmt(L, k[n - 1]) : snew(L, IR_S_NULL, c);
    return s;
}

/* default: and label: — their statement is their last child. */
static ir_stmt *lower_labeled(fe_lower *L, CXCursor c, ir_stmt_kind kind)
{
    CXCursor k[2];
    size_t n = kids_copy(L, c, k, 2);
    ir_stmt *s = snew(L, kind, c);
    if (!s)
        return NULL;
    if (kind == IR_S_LABEL && !(s->label = fe_take_str(L, clang_getCursorSpelling(c))))
        return NULL;
    s->sub = n == 1 ? fe_lower_stmt(L, k[0]) : snew(L, IR_S_NULL, c);
    return s;
}

static ir_stmt *lower_goto(fe_lower *L, CXCursor c)
{
    ir_stmt *s = snew(L, IR_S_GOTO, c);
    CXCursor k;
    if (!s || !(s->label = fe_take_str(L, clang_getCursorSpelling(clang_getCursorReferenced(c)))))
        return NULL;
    if (!s->label[0] && kids_copy(L, c, &k, 1) == 1) /* the LabelRef names it too */
        s->label = fe_take_str(L, clang_getCursorSpelling(k));
    return s->label ? s : NULL;
}

/* return, goto *p: an optional expression. */
static ir_stmt *lower_with_expr(fe_lower *L, CXCursor c, ir_stmt_kind kind)
{
    CXCursor k[2];
    size_t n = kids_copy(L, c, k, 2);
    ir_stmt *s = snew(L, kind, c);
    if (s && n >= 1 && is_expr(k[0]))
        s->expr = fe_lower_expr(L, k[0]);
    else if (s && kind == IR_S_INDIRECT_GOTO)
        s->expr = enew(L, IR_E_OTHER, c);
    return s;
}

static ir_stmt *lower_asm(fe_lower *L, CXCursor c)
{
    ir_stmt *s = snew(L, IR_S_ASM, c);
    ir_expr holder = {0};
    size_t base = fe_kids_push(L, c);
    if (s) {
        lower_args(L, &holder, base, 0);
        s->args = holder.args;
        s->nargs = holder.nargs;
    }
    fe_kids_pop(L, base);
    return s;
}

/* An attributed statement (`__attribute__((fallthrough));`) stands for its statement. */
static ir_stmt *lower_unexposed_stmt(fe_lower *L, CXCursor c)
{
    CXCursor k[2];
    size_t n = kids_copy(L, c, k, 2);
    enum CXCursorKind kk = n == 1 ? clang_getCursorKind(k[0]) : CXCursor_InvalidCode;
    if (n == 1 && (clang_isStatement(kk) || clang_isExpression(kk)))
        return fe_lower_stmt(L, k[0]);
    return snew(L, IR_S_NULL, c);
}

static ir_stmt *lower_stmt_kind(fe_lower *L, CXCursor c)
{
    ir_stmt *s;
    switch (clang_getCursorKind(c)) {
    case CXCursor_CompoundStmt: return lower_compound(L, c);
    case CXCursor_DeclStmt: return lower_decl(L, c);
    case CXCursor_IfStmt: return lower_if(L, c);
    case CXCursor_WhileStmt: return lower_loop(L, c, IR_S_WHILE, 0);
    case CXCursor_DoStmt: return lower_loop(L, c, IR_S_DO, 1);
    case CXCursor_SwitchStmt: return lower_loop(L, c, IR_S_SWITCH, 0);
    case CXCursor_ForStmt: return lower_for(L, c);
    case CXCursor_CaseStmt: return lower_case(L, c);
    case CXCursor_DefaultStmt: return lower_labeled(L, c, IR_S_DEFAULT);
    case CXCursor_LabelStmt: return lower_labeled(L, c, IR_S_LABEL);
    case CXCursor_BreakStmt: return snew(L, IR_S_BREAK, c);
    case CXCursor_ContinueStmt: return snew(L, IR_S_CONTINUE, c);
    case CXCursor_GotoStmt: return lower_goto(L, c);
    case CXCursor_IndirectGotoStmt: return lower_with_expr(L, c, IR_S_INDIRECT_GOTO);
    case CXCursor_ReturnStmt: return lower_with_expr(L, c, IR_S_RETURN);
    case CXCursor_GCCAsmStmt:
    case CXCursor_MSAsmStmt: return lower_asm(L, c);
    case CXCursor_UnexposedStmt: return lower_unexposed_stmt(L, c);
    default:
        if (!is_expr(c))
            return snew(L, IR_S_NULL, c); /* `;`, and what libclang does not expose */
        if ((s = snew(L, IR_S_EXPR, c)))
            s->expr = fe_lower_expr(L, c);
        return s;
    }
}

ir_stmt *fe_lower_stmt(fe_lower *L, CXCursor c)
{
    if (L->st != AN_OK)
        return NULL;
    if (L->depth >= FE_MAX_DEPTH) {
        warn_deep(L, c);
        return snew(L, IR_S_NULL, c);
    }
    L->depth++;
    ir_stmt *s = lower_stmt_kind(L, c);
    L->depth--;
    return s;
}

/* ir.h — leakscope's own picture of a translation unit: function bodies, the variables
   and the function declarations they use, lowered from libclang by the frontend.
   Parentheses and implicit casts are gone; every node and string lives in the ir_tu's
   arena, so nothing here points into libclang and the TU can be disposed of at once. */
#ifndef LEAKSCOPE_IR_H
#define LEAKSCOPE_IR_H

#include <stdbool.h>

#include "core.h"

typedef struct ir_tu ir_tu;
typedef struct ir_var ir_var;
typedef struct ir_fdecl ir_fdecl;
typedef struct ir_func ir_func;
typedef struct ir_expr ir_expr;
typedef struct ir_stmt ir_stmt;

/* The coarse shape of a C type: enough to tell a pointer from an int from a struct. */
typedef enum ir_type_kind {
    IR_T_OTHER = 0,
    IR_T_VOID,
    IR_T_INT,    /* integers, enums, _Bool, char */
    IR_T_FLOAT,
    IR_T_PTR,    /* object or function pointer */
    IR_T_ARRAY,
    IR_T_RECORD, /* struct or union value */
    IR_T_FUNC
} ir_type_kind;

/* ---- variables ---- */
typedef enum ir_var_kind {
    IR_VAR_LOCAL,        /* automatic variable of a function (including stmt-expr locals) */
    IR_VAR_PARAM,        /* function parameter */
    IR_VAR_STATIC_LOCAL, /* `static` inside a function: lives like a global */
    IR_VAR_GLOBAL        /* file scope (static or extern linkage) */
} ir_var_kind;

struct ir_var {
    const char *name;
    ir_var_kind kind;
    unsigned id;             /* LOCAL/PARAM/STATIC_LOCAL: index in its ir_func's vars;
                                GLOBAL: index in ir_tu's globals */
    ir_type_kind type;
    ir_type_kind elem;       /* PTR: pointee's kind; ARRAY: element's kind */
    const char *type_name;   /* spelling, e.g. "struct conn *", "int[2]" */
    unsigned long long array_len; /* constant array length, 0 when not known */
    an_loc loc;              /* where declared (the definition for globals when seen) */
    const char *cleanup_fn;  /* __attribute__((cleanup(fn))): fn's name, else NULL */
    bool is_static;          /* file-scope `static` or static local */
    bool is_extern;          /* global only declared in this TU, defined elsewhere */
    bool is_const;           /* const-qualified */
    bool in_system_header;   /* globals: declared only in a system header (stdout, errno...) */
    ir_expr *init;           /* GLOBAL/STATIC_LOCAL initializer, or NULL */
    /* Filled by ir_fold_constants(): a static or const global whose initializer is an
       integer constant and which no function in the TU writes or takes the address of. */
    bool has_const_value;
    long long const_value;
    /* Also from ir_fold_constants(): a global that no function in the TU writes or takes
       the address of (code elsewhere may still write it if it has external linkage). */
    bool unwritten;
    /* A global function pointer known to hold this function (its initializer, here or
       in the one file of the program that defines it: `void *(*Curl_cmalloc)(size_t) =
       malloc;`): calls through it are calls to that function. NULL when unknown. */
    const char *points_to;
};

/* ---- function declarations (callees and definitions) ---- */
enum {
    IR_PF_PTR = 1 << 0,          /* parameter is a pointer */
    IR_PF_PTR_TO_CONST = 1 << 1, /* ... to const (`const char *`) */
    IR_PF_PTR_TO_PTR = 1 << 2,   /* ... to a pointer (`char **`, out-parameter shape) */
    IR_PF_FUNC_PTR = 1 << 3,     /* ... to a function */
    IR_PF_INT = 1 << 4           /* parameter is an integer */
};

struct ir_fdecl {
    const char *name;
    unsigned id;                  /* index in ir_tu's fdecls */
    an_loc loc;                   /* first declaration seen */
    unsigned nparams;
    unsigned char *param_flags;   /* nparams IR_PF_* masks */
    bool variadic;
    ir_type_kind ret_type;
    ir_type_kind ret_elem;        /* pointee kind when ret_type is IR_T_PTR */
    bool in_system_header;        /* every declaration is in a system header */
    bool is_static;               /* internal linkage */
    bool noreturn;                /* _Noreturn / noreturn attribute; analysis may set it too */
    /* GCC __attribute__((malloc)) and malloc(dealloc[, ptr-index]) */
    bool attr_malloc;
    const char *dealloc_fn;       /* NULL when not given */
    int dealloc_arg;              /* 0-based argument of dealloc_fn that takes the pointer */
    /* Clang ownership_returns(kind), ownership_takes(kind, i...), ownership_holds(kind, i...):
       argument masks are 0-based (bit i = argument i). */
    const char *own_returns;      /* kind, or NULL */
    const char *own_takes;        /* kind, or NULL */
    unsigned own_takes_mask;
    const char *own_holds;        /* kind, or NULL */
    unsigned own_holds_mask;
    ir_func *def;                 /* the body, when defined in this TU */
};

/* ---- expressions ---- */
typedef enum ir_expr_kind {
    IR_E_INT,       /* integer constant: literal, char, enum constant, folded sizeof; .ival */
    IR_E_STR,       /* string literal; .str = its text without quotes */
    IR_E_VAR,       /* reference to a variable; .var */
    IR_E_FUNC,      /* a function used as a value (not as a direct callee); .fn */
    IR_E_CALL,      /* .fn = direct callee or NULL; .a = callee expression when not direct;
                       .args / .nargs */
    IR_E_MEMBER,    /* .a = base, .str = field name, .arrow */
    IR_E_INDEX,     /* .a[.b] */
    IR_E_UNARY,     /* .op applied to .a */
    IR_E_BINARY,    /* .a .op .b, including && || and the comma operator */
    IR_E_ASSIGN,    /* .a = .b (.op = IR_OP_NONE) or .a op= .b */
    IR_E_COND,      /* .a ? .b : .c (GNU `a ?: c` has .b = NULL) */
    IR_E_CAST,      /* explicit cast of .a to .type */
    IR_E_INIT_LIST, /* { .args } */
    IR_E_STMT_EXPR, /* GNU ({ ... }): .body is a compound statement; value of its last expr */
    IR_E_OTHER      /* anything else (sizeof of a VLA, compound literal, va_arg, ...);
                       .args holds its subexpressions in evaluation order */
} ir_expr_kind;

typedef enum ir_op {
    IR_OP_NONE = 0,
    /* unary */
    IR_OP_DEREF, IR_OP_ADDR, IR_OP_NEG, IR_OP_PLUS, IR_OP_LNOT, IR_OP_BITNOT,
    IR_OP_PREINC, IR_OP_PREDEC, IR_OP_POSTINC, IR_OP_POSTDEC,
    /* binary; also the operation of a compound assignment */
    IR_OP_ADD, IR_OP_SUB, IR_OP_MUL, IR_OP_DIV, IR_OP_REM, IR_OP_SHL, IR_OP_SHR,
    IR_OP_BITAND, IR_OP_BITOR, IR_OP_BITXOR,
    IR_OP_LT, IR_OP_GT, IR_OP_LE, IR_OP_GE, IR_OP_EQ, IR_OP_NE,
    IR_OP_LAND, IR_OP_LOR, IR_OP_COMMA
} ir_op;

struct ir_expr {
    ir_expr_kind kind;
    ir_op op;
    ir_type_kind type;   /* type of the value */
    an_loc loc;          /* start of the expression (for calls: the callee's name) */
    long long ival;      /* IR_E_INT */
    const char *str;     /* IR_E_STR text; IR_E_MEMBER field name */
    ir_var *var;         /* IR_E_VAR */
    ir_fdecl *fn;        /* IR_E_FUNC; IR_E_CALL's direct callee */
    ir_expr *a, *b, *c;  /* operands, see ir_expr_kind */
    ir_expr **args;      /* IR_E_CALL arguments, IR_E_INIT_LIST elements, IR_E_OTHER parts */
    unsigned nargs;
    ir_stmt *body;       /* IR_E_STMT_EXPR */
    bool arrow;          /* IR_E_MEMBER: base->field */
    bool union_member;   /* IR_E_MEMBER: the field belongs to a union (all of its members
                            share one storage) */
};

/* ---- statements ---- */
typedef enum ir_stmt_kind {
    IR_S_NULL,      /* `;`, a typedef or struct declaration: nothing to run */
    IR_S_COMPOUND,  /* { .body } : a scope */
    IR_S_DECL,      /* `T a = x, b;`: .vars / .inits (init NULL when absent), .nvars */
    IR_S_EXPR,      /* .expr; */
    IR_S_IF,        /* if (.cond) .then else .els (.els may be NULL) */
    IR_S_WHILE,     /* while (.cond) .sub */
    IR_S_DO,        /* do .sub while (.cond); */
    IR_S_FOR,       /* for (.init; .cond; .inc) .sub — each of init/cond/inc may be NULL */
    IR_S_SWITCH,    /* switch (.cond) .sub */
    IR_S_CASE,      /* case .lo (... .hi): .sub — .case_known false when not constant */
    IR_S_DEFAULT,   /* default: .sub */
    IR_S_BREAK,
    IR_S_CONTINUE,
    IR_S_GOTO,      /* goto .label; */
    IR_S_INDIRECT_GOTO, /* goto *.expr; */
    IR_S_LABEL,     /* .label: .sub */
    IR_S_RETURN,    /* return .expr; (.expr may be NULL) */
    IR_S_ASM        /* inline assembly: opaque; its operand expressions in .args */
} ir_stmt_kind;

struct ir_stmt {
    ir_stmt_kind kind;
    an_loc loc;          /* start of the statement */
    an_loc end;          /* IR_S_COMPOUND: its closing brace; otherwise = loc */
    ir_stmt **body;      /* IR_S_COMPOUND */
    unsigned nbody;
    ir_var **vars;       /* IR_S_DECL */
    ir_expr **inits;     /* IR_S_DECL, parallel to vars */
    unsigned nvars;
    ir_expr *expr;       /* IR_S_EXPR, IR_S_RETURN, IR_S_INDIRECT_GOTO */
    ir_expr *cond;       /* IF, WHILE, DO, FOR, SWITCH */
    ir_expr *inc;        /* FOR */
    ir_stmt *init;       /* FOR (a DECL or EXPR statement) */
    ir_stmt *then, *els; /* IF */
    ir_stmt *sub;        /* loop bodies, SWITCH body, CASE/DEFAULT/LABEL sub-statement */
    long long lo, hi;    /* CASE: value range (hi = lo unless GNU `case a ... b`) */
    bool case_known;     /* CASE: lo/hi are known constants */
    const char *label;   /* GOTO target, LABEL name */
    ir_expr **args;      /* IR_S_ASM: operand expressions */
    unsigned nargs;
};

/* ---- functions and the TU ---- */
struct ir_func {
    const char *name;
    ir_fdecl *decl;
    an_loc loc;          /* the function's name in its definition */
    an_loc end;          /* its closing brace */
    ir_var **vars;       /* parameters first (0 .. nparams-1), then every local and static
                            local in the order they are declared */
    unsigned nvars;
    unsigned nparams;
    ir_stmt *body;       /* IR_S_COMPOUND */
    bool in_main_file;   /* defined in the TU's main file (else in a project header) */
};

struct ir_tu {
    an_arena *arena;     /* owns every node and string of this TU */
    const char *main_file;
    ir_func **funcs;     /* function definitions with bodies in the project's own files,
                            in source order */
    unsigned nfuncs;
    ir_fdecl **fdecls;   /* every function declared or called, one per name */
    unsigned nfdecls;
    ir_var **globals;    /* every file-scope variable referenced or defined */
    unsigned nglobals;
    const char **includes; /* every non-system file the TU includes (for cache keys) */
    unsigned nincludes;
};

/* New empty TU for main_file (copied). Caller owns; free with ir_tu_free(). NULL on OOM. */
ir_tu *ir_tu_new(const char *main_file);
void ir_tu_free(ir_tu *tu);

/* Borrowed from tu's arena; NULL on out-of-memory. Zeroed except for what is passed. */
ir_expr *ir_expr_new(ir_tu *tu, ir_expr_kind kind, an_loc loc);
ir_stmt *ir_stmt_new(ir_tu *tu, ir_stmt_kind kind, an_loc loc);

/* The function declaration named name, or NULL. */
ir_fdecl *ir_tu_find_fdecl(const ir_tu *tu, const char *name);
ir_func *ir_tu_find_func(const ir_tu *tu, const char *name);

/* Decides which globals have a constant value (see ir_var.has_const_value) by looking
   at every function body of the TU. Run once after the frontend has filled the TU. */
void ir_fold_constants(ir_tu *tu);
/* Sets written[i] for every global i (index in tu->globals) that some function of the
   TU, or another global's initializer, writes or takes the address of. written has
   tu->nglobals entries, all false on entry. */
void ir_globals_written(const ir_tu *tu, bool *written);

/* Strips casts (explicit ones too) and returns the expression below them. */
const ir_expr *ir_strip_casts(const ir_expr *e);

/* Appends the C text of e to b, normalized (no spaces inside, literals as written):
   used in messages ("fd 'c->fd'") and in fingerprints. */
void ir_expr_print(an_buf *b, const ir_expr *e);

/* Calls fn on e and on every subexpression, outer first, stopping at nested statement
   expressions (.body). Returns false as soon as fn does (and stops). */
bool ir_expr_walk(const ir_expr *e, bool (*fn)(const ir_expr *e, void *ctx), void *ctx);

/* Static names, for dumps and tests. */
const char *ir_op_str(ir_op op);
const char *ir_stmt_kind_str(ir_stmt_kind k);

#endif

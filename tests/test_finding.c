/* test_finding.c — finding lists built by hand: construction copies its strings, notes
   keep their order, finish sorts by file, line, column and rule and fingerprints each
   finding from what survives edits (never its line), lists move, drop and count what
   is not suppressed, and every allocation failure leaks nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "alloc.h"
#include "finding.h"

static fnd_list *list;  /* per test: made by begin(), freed by end() */

static void begin(void)
{
    list = fnd_list_new();
    assert_non_null(list);
}

static void end(void)
{
    alloc_fail_after(-1);
    fnd_list_free(list);
    list = NULL;
}

/* A test body between begin() and end(), all inside the test function: cmocka counts
   as a leak whatever a test function allocates and does not free itself. */
#define TEST(name)                  \
    static void name##_body(void);  \
    static void name(void **state)  \
    {                               \
        (void)state;                \
        begin();                    \
        name##_body();              \
        end();                      \
    }                               \
    static void name##_body(void)

/* A leak.fd finding in f.c of function fn at line l, acquired by text. */
static fnd *leak_at(const char *file, unsigned l, const char *fn, const char *text)
{
    fnd *f = fnd_new("leak.fd", file, l, 5, "fd is not closed", fn, "posix-fd from open()", text);
    assert_non_null(f);
    return f;
}

static void add(fnd_list *l, fnd *f)
{
    assert_int_equal(fnd_list_add(l, f), AN_OK);
}

static fnd *at(size_t i)
{
    assert_true(i < fnd_list_len(list));
    return fnd_list_at(list, i);
}

static bool is_hex16(const char *s)
{
    if (strlen(s) != 16)
        return false;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
            return false;
    return true;
}

/* ---- findings ---- */

TEST(new_finding_copies_every_string)
{
    char file[] = "src/a.c", msg[] = "leaked", fn[] = "serve", res[] = "fd from accept()",
         text[] = "accept(lfd,NULL,NULL)";
    fnd *f = fnd_new("leak.fd", file, 41, 9, msg, fn, res, text);
    assert_non_null(f);
    memset(file, 'x', sizeof file - 1);
    memset(msg, 'x', sizeof msg - 1);
    memset(fn, 'x', sizeof fn - 1);
    memset(res, 'x', sizeof res - 1);
    memset(text, 'x', sizeof text - 1);
    assert_string_equal(f->rule, "leak.fd");
    assert_string_equal(f->file, "src/a.c");
    assert_int_equal(f->line, 41);
    assert_int_equal(f->col, 9);
    assert_string_equal(f->message, "leaked");
    assert_string_equal(f->function, "serve");
    assert_string_equal(f->resource, "fd from accept()");
    assert_string_equal(f->acq_text, "accept(lfd,NULL,NULL)");
    assert_int_equal(f->nnotes, 0);
    assert_false(f->suppressed);
    assert_null(f->suppress_reason);
    fnd_free(f);
    fnd_free(NULL);
}

TEST(null_strings_stay_null)
{
    fnd *f = fnd_new("leak.heap", NULL, 1, 1, NULL, NULL, NULL, NULL);
    assert_non_null(f);
    assert_null(f->file);
    assert_null(f->message);
    assert_null(f->function);
    assert_null(f->resource);
    assert_null(f->acq_text);
    fnd_free(f);
}

TEST(notes_are_copied_and_kept_in_order)
{
    fnd *f = leak_at("a.c", 30, "f", "open(p,0)");
    char text[] = "acquired here";
    assert_int_equal(fnd_add_note(f, "a.c", 10, 2, text), AN_OK);
    text[0] = 'X';
    assert_int_equal(fnd_add_note(f, "a.c", 12, 3, "condition is true"), AN_OK);
    assert_int_equal(fnd_add_note(f, NULL, 30, 4, NULL), AN_OK);
    assert_int_equal(f->nnotes, 3);
    assert_string_equal(f->notes[0].text, "acquired here");
    assert_string_equal(f->notes[0].file, "a.c");
    assert_int_equal(f->notes[0].line, 10);
    assert_int_equal(f->notes[0].col, 2);
    assert_string_equal(f->notes[1].text, "condition is true");
    assert_int_equal(f->notes[1].line, 12);
    assert_null(f->notes[2].file);
    assert_null(f->notes[2].text);
    assert_int_equal(f->notes[2].line, 30);
    fnd_free(f);
}

/* ---- lists ---- */

TEST(list_owns_what_is_added_in_order)
{
    assert_int_equal(fnd_list_len(list), 0);
    fnd *a = leak_at("a.c", 3, "f", "open(a,0)"), *b = leak_at("a.c", 1, "g", "open(b,0)");
    add(list, a);
    add(list, b);
    assert_int_equal(fnd_list_len(list), 2);
    assert_ptr_equal(at(0), a);
    assert_ptr_equal(at(1), b);
    /* end() frees both */
}

TEST(finish_sorts_by_file_line_column_then_rule)
{
    add(list, fnd_new("leak.heap", "b.c", 5, 1, "m", "f", "r", "t"));
    add(list, fnd_new("leak.fd", "a.c", 20, 1, "m", "f", "r", "t"));
    add(list, fnd_new("leak.heap", "a.c", 7, 9, "m", "f", "r", "t"));
    add(list, fnd_new("leak.fd", "a.c", 7, 9, "m", "f", "r", "t"));
    add(list, fnd_new("leak.fd", "a.c", 7, 2, "m", "f", "r", "t"));
    add(list, fnd_new("leak.fd", "a.c", 100, 1, "m", "f", "r", "t"));
    fnd_list_finish(list);
    assert_int_equal(fnd_list_len(list), 6);
    static const struct { const char *file; unsigned line, col; const char *rule; } want[] = {
        {"a.c", 7, 2, "leak.fd"},   {"a.c", 7, 9, "leak.fd"}, {"a.c", 7, 9, "leak.heap"},
        {"a.c", 20, 1, "leak.fd"},  {"a.c", 100, 1, "leak.fd"}, {"b.c", 5, 1, "leak.heap"}};
    for (size_t i = 0; i < 6; i++) {
        assert_string_equal(at(i)->file, want[i].file);
        assert_int_equal(at(i)->line, want[i].line);
        assert_int_equal(at(i)->col, want[i].col);
        assert_string_equal(at(i)->rule, want[i].rule);
        assert_true(is_hex16(at(i)->fingerprint));
    }
}

TEST(finish_on_an_empty_list_does_nothing)
{
    fnd_list_finish(list);
    assert_int_equal(fnd_list_len(list), 0);
    assert_int_equal(fnd_list_active(list), 0);
}

/* ---- fingerprints ---- */

/* Fingerprint of the only finding of a fresh list holding f. */
static void fingerprint_alone(fnd *f, char out[17])
{
    fnd_list *l = fnd_list_new();
    assert_non_null(l);
    add(l, f);
    fnd_list_finish(l);
    memcpy(out, fnd_list_at(l, 0)->fingerprint, 17);
    fnd_list_free(l);
}

TEST(fingerprint_ignores_line_column_and_message)
{
    char a[17], b[17];
    fingerprint_alone(fnd_new("leak.fd", "a.c", 10, 3, "one text", "serve", "fd from open()", "open(p,0)"), a);
    fingerprint_alone(fnd_new("leak.fd", "a.c", 99, 7, "another text", "serve", "fd from open()", "open(p,0)"), b);
    assert_true(is_hex16(a));
    assert_string_equal(a, b);
}

TEST(fingerprint_changes_with_each_part_of_its_key)
{
    char base[17], other[17];
    fingerprint_alone(fnd_new("leak.fd", "a.c", 10, 3, "m", "serve", "fd from open()", "open(p,0)"), base);
    fingerprint_alone(fnd_new("leak.heap", "a.c", 10, 3, "m", "serve", "fd from open()", "open(p,0)"), other);
    assert_string_not_equal(base, other);
    fingerprint_alone(fnd_new("leak.fd", "b.c", 10, 3, "m", "serve", "fd from open()", "open(p,0)"), other);
    assert_string_not_equal(base, other);
    fingerprint_alone(fnd_new("leak.fd", "a.c", 10, 3, "m", "accept_loop", "fd from open()", "open(p,0)"), other);
    assert_string_not_equal(base, other);
    fingerprint_alone(fnd_new("leak.fd", "a.c", 10, 3, "m", "serve", "fd from socket()", "open(p,0)"), other);
    assert_string_not_equal(base, other);
    fingerprint_alone(fnd_new("leak.fd", "a.c", 10, 3, "m", "serve", "fd from open()", "open(q,0)"), other);
    assert_string_not_equal(base, other);
}

TEST(second_occurrence_in_the_same_file_gets_its_own_fingerprint)
{
    add(list, leak_at("a.c", 40, "serve", "open(p,0)"));
    add(list, leak_at("a.c", 10, "serve", "open(p,0)"));
    add(list, leak_at("b.c", 10, "serve", "open(p,0)"));
    fnd_list_finish(list);
    char alone[17];
    fingerprint_alone(leak_at("a.c", 1, "serve", "open(p,0)"), alone);
    /* the first in line order is the finding as if alone; the second differs */
    assert_int_equal(at(0)->line, 10);
    assert_string_equal(at(0)->fingerprint, alone);
    assert_int_equal(at(1)->line, 40);
    assert_string_not_equal(at(1)->fingerprint, at(0)->fingerprint);
    /* the same key in another file is another finding, first of its file */
    assert_string_equal(at(2)->file, "b.c");
    assert_string_not_equal(at(2)->fingerprint, at(0)->fingerprint);
    assert_string_not_equal(at(2)->fingerprint, at(1)->fingerprint);
}

/* The findings of one file before and after an edit that inserts lines above them. */
static void fill(fnd_list *l, unsigned shift)
{
    add(l, leak_at("a.c", 10 + shift, "serve", "open(p,0)"));
    add(l, leak_at("a.c", 30 + shift, "serve", "open(p,0)"));
    add(l, fnd_new("leak.heap", "a.c", 20 + shift, 2, "m", "parse", "heap from malloc()", "malloc(n)"));
    add(l, fnd_new("leak.heap", "b.c", 5, 2, "m", "main", "heap from strdup()", "strdup(s)"));
}

TEST(inserting_lines_above_keeps_every_fingerprint)
{
    fnd_list *after = fnd_list_new();
    assert_non_null(after);
    fill(list, 0);
    fill(after, 17);
    /* an unrelated new finding above them all */
    add(after, fnd_new("leak.stream", "a.c", 2, 1, "m", "init", "stdio from fopen()", "fopen(p,\"r\")"));
    fnd_list_finish(list);
    fnd_list_finish(after);
    assert_int_equal(fnd_list_len(after), fnd_list_len(list) + 1);
    for (size_t i = 0; i < fnd_list_len(list); i++) {
        const fnd *o = at(i), *n = fnd_list_at(after, i + 1);
        assert_string_equal(o->rule, n->rule);
        assert_string_equal(o->file, n->file);
        if (strcmp(o->file, "a.c") == 0)
            assert_int_equal(n->line, o->line + 17);
        assert_string_equal(o->fingerprint, n->fingerprint);
    }
    /* and the four fingerprints of one run are distinct */
    for (size_t i = 0; i < fnd_list_len(list); i++)
        for (size_t j = i + 1; j < fnd_list_len(list); j++)
            assert_string_not_equal(at(i)->fingerprint, at(j)->fingerprint);
    fnd_list_free(after);
}

TEST(changing_line_numbers_in_place_and_finishing_again_keeps_fingerprints)
{
    fill(list, 0);
    fnd_list_finish(list);
    char before[4][17];
    for (size_t i = 0; i < 4; i++)
        memcpy(before[i], at(i)->fingerprint, 17);
    for (size_t i = 0; i < 4; i++)
        if (strcmp(at(i)->file, "a.c") == 0)
            at(i)->line += 100;
    fnd_list_finish(list);
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(at(i)->fingerprint, before[i]);
}

TEST(finding_with_no_optional_strings_sorts_and_fingerprints)
{
    add(list, fnd_new("leak.heap", NULL, 3, 1, NULL, NULL, NULL, NULL));
    add(list, fnd_new("leak.heap", "a.c", 1, 1, NULL, NULL, NULL, NULL));
    add(list, fnd_new("leak.heap", NULL, 2, 1, NULL, NULL, NULL, NULL));
    fnd_list_finish(list);
    assert_null(at(0)->file);
    assert_int_equal(at(0)->line, 2);
    assert_null(at(1)->file);
    assert_int_equal(at(1)->line, 3);
    assert_string_equal(at(2)->file, "a.c");
    for (size_t i = 0; i < 3; i++)
        assert_true(is_hex16(at(i)->fingerprint));
    assert_string_not_equal(at(0)->fingerprint, at(1)->fingerprint);
}

/* ---- suppression, moving, dropping ---- */

TEST(active_counts_the_findings_not_suppressed)
{
    for (unsigned i = 0; i < 5; i++)
        add(list, leak_at("a.c", i + 1, "f", "open(p,0)"));
    assert_int_equal(fnd_list_active(list), 5);
    at(1)->suppressed = true;
    at(3)->suppressed = true;
    assert_int_equal(fnd_list_active(list), 3);
    fnd_list_finish(list);
    assert_int_equal(fnd_list_active(list), 3);
    assert_int_equal(fnd_list_len(list), 5);
}

TEST(move_appends_everything_and_empties_the_source)
{
    fnd_list *from = fnd_list_new();
    assert_non_null(from);
    fnd *a = leak_at("a.c", 1, "f", "x"), *b = leak_at("a.c", 2, "f", "y"), *c = leak_at("a.c", 3, "f", "z");
    add(list, a);
    add(from, b);
    add(from, c);
    assert_int_equal(fnd_list_move(list, from), AN_OK);
    assert_int_equal(fnd_list_len(from), 0);
    assert_int_equal(fnd_list_len(list), 3);
    assert_ptr_equal(at(0), a);
    assert_ptr_equal(at(1), b);
    assert_ptr_equal(at(2), c);
    /* moving an empty list changes nothing */
    assert_int_equal(fnd_list_move(list, from), AN_OK);
    assert_int_equal(fnd_list_len(list), 3);
    fnd_list_free(from);
}

TEST(move_out_of_memory_leaves_the_findings_where_they_were)
{
    fnd_list *from = fnd_list_new();
    assert_non_null(from);
    add(from, leak_at("a.c", 1, "f", "x"));
    add(from, leak_at("a.c", 2, "f", "y"));
    alloc_fail_after(0);
    assert_int_equal(fnd_list_move(list, from), AN_ENOMEM);
    alloc_fail_after(-1);
    assert_int_equal(fnd_list_len(list), 0);
    assert_int_equal(fnd_list_len(from), 2);
    fnd_list_free(from);
}

static bool drop_heap(const fnd *f, void *ctx)
{
    (*(unsigned *)ctx)++;
    return strcmp(f->rule, "leak.heap") == 0;
}

TEST(drop_removes_what_it_is_told_and_keeps_the_order)
{
    fnd *a = leak_at("a.c", 1, "f", "x"), *c = leak_at("a.c", 3, "f", "z");
    add(list, a);
    add(list, fnd_new("leak.heap", "a.c", 2, 1, "m", "f", "r", "t"));
    add(list, c);
    add(list, fnd_new("leak.heap", "a.c", 4, 1, "m", "f", "r", "t"));
    unsigned asked = 0;
    assert_int_equal(fnd_list_drop(list, drop_heap, &asked), 2);
    assert_int_equal(asked, 4);
    assert_int_equal(fnd_list_len(list), 2);
    assert_ptr_equal(at(0), a);
    assert_ptr_equal(at(1), c);
    asked = 0;
    assert_int_equal(fnd_list_drop(list, drop_heap, &asked), 0);
    assert_int_equal(asked, 2);
}

/* ---- out of memory ---- */

TEST(new_finding_out_of_memory_at_every_step_leaks_nothing)
{
    fnd *f = NULL;
    long k = 0;
    for (; k < 100 && !f; k++) {
        alloc_fail_after(k);
        f = fnd_new("leak.fd", "a.c", 1, 1, "m", "fn", "res", "text");
        alloc_fail_after(-1);
    }
    assert_non_null(f);
    assert_int_equal(k, 7); /* the finding and its five strings fail first */
    assert_string_equal(f->acq_text, "text");
    fnd_free(f);
}

TEST(note_out_of_memory_leaves_the_finding_as_it_was)
{
    fnd *f = leak_at("a.c", 9, "f", "open(p,0)");
    assert_int_equal(fnd_add_note(f, "a.c", 1, 1, "acquired here"), AN_OK);
    an_status st = AN_ENOMEM;
    for (long k = 0; k < 100 && st != AN_OK; k++) {
        alloc_fail_after(k);
        st = fnd_add_note(f, "a.c", 2, 1, "lost here");
        alloc_fail_after(-1);
        if (st != AN_OK) {
            assert_int_equal(st, AN_ENOMEM);
            assert_int_equal(f->nnotes, 1);
            assert_string_equal(f->notes[0].text, "acquired here");
        }
    }
    assert_int_equal(f->nnotes, 2);
    assert_string_equal(f->notes[1].text, "lost here");
    fnd_free(f);
}

TEST(add_out_of_memory_frees_the_finding)
{
    /* the first add allocates the list's array; later ones only when it must grow */
    add(list, leak_at("a.c", 1, "f", "x"));
    size_t n = 1;
    for (; n < 1000; n++) {
        fnd *f = leak_at("a.c", (unsigned)n + 1, "f", "x");
        alloc_fail_after(0);
        an_status st = fnd_list_add(list, f);
        alloc_fail_after(-1);
        if (st != AN_OK) {
            assert_int_equal(st, AN_ENOMEM); /* and f is freed: cmocka checks */
            break;
        }
    }
    assert_true(n < 1000);
    assert_int_equal(fnd_list_len(list), n);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(at(i)->line, i + 1);
    add(list, leak_at("a.c", 99, "f", "x"));
    assert_int_equal(fnd_list_len(list), n + 1);
}

TEST(free_of_null_is_a_no_op)
{
    fnd_free(NULL);
    fnd_list_free(NULL);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(new_finding_copies_every_string),
    cmocka_unit_test(null_strings_stay_null),
    cmocka_unit_test(notes_are_copied_and_kept_in_order),
    cmocka_unit_test(list_owns_what_is_added_in_order),
    cmocka_unit_test(finish_sorts_by_file_line_column_then_rule),
    cmocka_unit_test(finish_on_an_empty_list_does_nothing),
    cmocka_unit_test(fingerprint_ignores_line_column_and_message),
    cmocka_unit_test(fingerprint_changes_with_each_part_of_its_key),
    cmocka_unit_test(second_occurrence_in_the_same_file_gets_its_own_fingerprint),
    cmocka_unit_test(inserting_lines_above_keeps_every_fingerprint),
    cmocka_unit_test(changing_line_numbers_in_place_and_finishing_again_keeps_fingerprints),
    cmocka_unit_test(finding_with_no_optional_strings_sorts_and_fingerprints),
    cmocka_unit_test(active_counts_the_findings_not_suppressed),
    cmocka_unit_test(move_appends_everything_and_empties_the_source),
    cmocka_unit_test(move_out_of_memory_leaves_the_findings_where_they_were),
    cmocka_unit_test(drop_removes_what_it_is_told_and_keeps_the_order),
    cmocka_unit_test(new_finding_out_of_memory_at_every_step_leaks_nothing),
    cmocka_unit_test(note_out_of_memory_leaves_the_finding_as_it_was),
    cmocka_unit_test(add_out_of_memory_frees_the_finding),
    cmocka_unit_test(free_of_null_is_a_no_op),
};

int main(void)
{
    return cmocka_run_group_tests_name("finding", tests, NULL, NULL);
}

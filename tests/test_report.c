/* test_report.c — report.h: SARIF and JSON rendered from findings built by hand, parsed
   back with cJSON and checked field by field (rules, results, locations, srcroot URIs,
   fingerprints, code flows, suppressions, notifications, key order), and every
   out-of-memory path of both reporters returns AN_ENOMEM, writes nothing, leaks nothing. */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h> /* after the C headers: it redefines malloc and free */

#include <cjson/cJSON.h>

#include "alloc.h"
#include "checker.h"
#include "diag.h"
#include "finding.h"
#include "report.h"
#include "rules.h"

static char outbuf[1 << 20];
static char tmpdir[64];

/* ---- helpers ---- */

/* The first rule load installs rules.c's cJSON hooks (an_malloc), as in the tool, even
   when it fails: from then on cJSON's allocations are counted by cmocka and fail on
   alloc_fail_after(). */
static int group_setup(void **state)
{
    (void)state;
    rule_set *rs = rule_set_new(NULL);
    if (rs)
        rule_load(rs, "/nonexistent/leakscope-test.json", RULE_SRC_USER, NULL);
    rule_set_free(rs);
    alloc_fail_after(0);
    cJSON *probe = cJSON_CreateObject(); /* NULL only when cJSON allocates via an_malloc */
    alloc_fail_after(-1);
    cJSON_Delete(probe);
    strcpy(tmpdir, "/tmp/leakscope-report-XXXXXX");
    return !probe && mkdtemp(tmpdir) ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/real.c", tmpdir);
    unlink(path);
    rmdir(tmpdir);
    return 0;
}

static fnd *add(fnd_list *l, const char *rule, const char *file, unsigned line, unsigned col,
                const char *msg, const char *fn)
{
    fnd *f = fnd_new(rule, file, line, col, msg, fn, fn ? "fd from accept()" : NULL,
                     fn ? "accept(lfd,NULL,NULL)" : NULL);
    assert_non_null(f);
    assert_int_equal(fnd_list_add(l, f), AN_OK);
    return f;
}

/* Three findings; after fnd_list_finish() they sort as lib.c, server.c, util.c. */
static int setup(void **state)
{
    fnd_list *l = fnd_list_new();
    assert_non_null(l);
    fnd *fd = add(l, "leak.fd", "src/server.c", 41, 13,
                  "fd 'client' from accept() at server.c:41 is not closed when serve() returns",
                  "serve");
    assert_int_equal(fnd_add_note(fd, "src/server.c", 41, 13, "acquired here"), AN_OK);
    assert_int_equal(fnd_add_note(fd, "src/server.c", 44, 9, "condition is true"), AN_OK);
    assert_int_equal(fnd_add_note(fd, "src/server.c", 45, 13, "lost here"), AN_OK);
    fnd *heap = add(l, "leak.heap", "src/util.c", 7, 5, "block is never freed", "dup_name");
    assert_int_equal(fnd_add_note(heap, "src/util.c", 6, 15, "acquired here"), AN_OK);
    heap->suppressed = true;
    assert_non_null(heap->suppress_reason = an_strdup("the pool frees it"));
    add(l, "release.mismatch", "/abs/elsewhere/lib.c", 3, 1, "fd closed with fclose()", NULL);
    fnd_list_finish(l);
    *state = l;
    return 0;
}

static int teardown(void **state)
{
    fnd_list_free(*state);
    return 0;
}

/* Opens outbuf for writing; fclose() leaves a NUL after what was written. */
static FILE *open_out(void)
{
    FILE *f = fmemopen(outbuf, sizeof outbuf, "w");
    assert_non_null(f);
    return f;
}

/* Parsed output. Caller owns; cJSON_Delete(). */
static cJSON *parse_out(FILE *f)
{
    assert_int_equal(fclose(f), 0);
    cJSON *root = cJSON_Parse(outbuf);
    assert_non_null(root);
    return root;
}

static cJSON *render_sarif(const fnd_list *l, const rep_opts *o)
{
    FILE *f = open_out();
    assert_int_equal(rep_sarif(f, l, o), AN_OK);
    return parse_out(f);
}

static cJSON *get(const cJSON *o, const char *path)
{
    char key[64];
    while (o && *path) {
        size_t n = strcspn(path, ".");
        assert_true(n < sizeof key);
        memcpy(key, path, n);
        key[n] = '\0';
        o = (key[0] >= '0' && key[0] <= '9') ? cJSON_GetArrayItem(o, atoi(key))
                                             : cJSON_GetObjectItemCaseSensitive(o, key);
        path += n + (path[n] == '.');
    }
    return (cJSON *)o;
}

static const char *str(const cJSON *o, const char *path)
{
    const cJSON *s = get(o, path);
    assert_true(cJSON_IsString(s));
    return s->valuestring;
}

static int num(const cJSON *o, const char *path)
{
    const cJSON *n = get(o, path);
    assert_true(cJSON_IsNumber(n));
    return n->valueint;
}

/* The result of rule id (each appears once in the fixture). */
static const cJSON *result_of(const cJSON *log, const char *id)
{
    const cJSON *r;
    cJSON_ArrayForEach(r, get(log, "runs.0.results"))
        if (!strcmp(str(r, "ruleId"), id))
            return r;
    fail_msg("no result for %s", id);
    return NULL;
}

/* The keys of o, in order, are exactly the NULL-terminated list. */
static void assert_keys(const cJSON *o, const char *const *keys)
{
    const cJSON *c = o ? o->child : NULL;
    for (; *keys; keys++, c = c->next) {
        assert_non_null(c);
        assert_string_equal(c->string, *keys);
    }
    assert_null(c);
}

/* ---- SARIF ---- */

static void sarif_declares_its_version_schema_and_tool(void **state)
{
    cJSON *log = render_sarif(*state, NULL);
    assert_string_equal(str(log, "version"), "2.1.0");
    assert_string_equal(str(log, "$schema"), "https://json.schemastore.org/sarif-2.1.0.json");
    assert_string_equal(str(log, "runs.0.tool.driver.name"), "leakscope");
    assert_string_equal(str(log, "runs.0.tool.driver.semanticVersion"), AN_VERSION);
    assert_string_equal(str(log, "runs.0.tool.driver.version"), AN_VERSION);
    assert_true(strstr(str(log, "runs.0.tool.driver.informationUri"), "https://") != NULL);
    assert_true(cJSON_IsTrue(get(log, "runs.0.invocations.0.executionSuccessful")));
    assert_null(get(log, "runs.0.originalUriBaseIds"));
    cJSON_Delete(log);
}

static void sarif_lists_every_registered_rule_with_its_metadata(void **state)
{
    cJSON *log = render_sarif(*state, NULL);
    const cJSON *rules = get(log, "runs.0.tool.driver.rules");
    assert_int_equal(cJSON_GetArraySize(rules), chk_count());
    for (unsigned i = 0; i < chk_count(); i++) {
        const chk_info *ci = chk_at(i);
        const cJSON *r = cJSON_GetArrayItem(rules, (int)i);
        assert_string_equal(str(r, "id"), ci->id);
        assert_string_equal(str(r, "name"), ci->def->name);
        assert_string_not_equal(str(r, "name"), ci->id);
        assert_string_equal(str(r, "shortDescription.text"), ci->short_desc);
        assert_string_equal(str(r, "fullDescription.text"), ci->def->full_desc);
        assert_string_equal(str(r, "help.text"), ci->def->help);
        assert_string_equal(str(r, "defaultConfiguration.level"), ci->def->level);
    }
    cJSON_Delete(log);
}

static void sarif_result_points_at_its_rule_and_place(void **state)
{
    cJSON *log = render_sarif(*state, NULL);
    assert_int_equal(cJSON_GetArraySize(get(log, "runs.0.results")), 3);
    const cJSON *r = result_of(log, "leak.fd");
    int idx = num(r, "ruleIndex");
    assert_string_equal(chk_at((unsigned)idx)->id, "leak.fd");
    assert_string_equal(str(r, "level"), chk_find("leak.fd")->def->level);
    assert_string_equal(str(r, "message.text"),
                        "fd 'client' from accept() at server.c:41 is not closed when serve() returns");
    assert_string_equal(str(r, "locations.0.physicalLocation.artifactLocation.uri"), "src/server.c");
    assert_null(get(r, "locations.0.physicalLocation.artifactLocation.uriBaseId"));
    assert_int_equal(num(r, "locations.0.physicalLocation.region.startLine"), 41);
    assert_int_equal(num(r, "locations.0.physicalLocation.region.startColumn"), 13);
    assert_string_equal(str(r, "locations.0.logicalLocations.0.name"), "serve");
    const fnd *f = fnd_list_at(*state, 1);
    assert_string_equal(f->rule, "leak.fd");
    assert_string_equal(str(r, "partialFingerprints.leakscope/v1"), f->fingerprint);
    assert_int_equal(strlen(f->fingerprint), 16);
    assert_null(get(r, "suppressions"));
    assert_string_equal(str(result_of(log, "release.mismatch"), "level"),
                        chk_find("release.mismatch")->def->level);
    cJSON_Delete(log);
}

static void sarif_code_flow_has_one_location_per_note(void **state)
{
    cJSON *log = render_sarif(*state, NULL);
    const cJSON *r = result_of(log, "leak.fd");
    const cJSON *locs = get(r, "codeFlows.0.threadFlows.0.locations");
    assert_int_equal(cJSON_GetArraySize(locs), 3);
    const cJSON *last = cJSON_GetArrayItem(locs, 2);
    assert_string_equal(str(last, "location.message.text"), "lost here");
    assert_int_equal(num(last, "location.physicalLocation.region.startLine"), 45);
    assert_int_equal(num(last, "executionOrder"), 3);
    assert_string_equal(str(locs, "1.location.message.text"), "condition is true");
    assert_null(get(result_of(log, "release.mismatch"), "codeFlows")); /* no notes */
    cJSON_Delete(log);
}

static void suppressed_finding_stays_with_an_in_source_suppression(void **state)
{
    cJSON *log = render_sarif(*state, NULL);
    const cJSON *r = result_of(log, "leak.heap");
    assert_int_equal(cJSON_GetArraySize(get(r, "suppressions")), 1);
    assert_string_equal(str(r, "suppressions.0.kind"), "inSource");
    assert_string_equal(str(r, "suppressions.0.justification"), "the pool frees it");
    cJSON_Delete(log);
}

static void srcroot_makes_uris_relative_with_a_base_id(void **state)
{
    (void)state;
    fnd_list *l = fnd_list_new();
    char in_root[128], real_file[128], rp[PATH_MAX], want[PATH_MAX + 16];
    snprintf(in_root, sizeof in_root, "%s/src dir/a.c", tmpdir); /* does not exist */
    snprintf(real_file, sizeof real_file, "%s/real.c", tmpdir);
    FILE *rf = fopen(real_file, "w");
    assert_non_null(rf);
    fclose(rf);
    assert_non_null(l);
    add(l, "leak.fd", in_root, 1, 1, "m", "f");
    add(l, "leak.fd", real_file, 2, 1, "m", "f");
    add(l, "leak.fd", "/abs/elsewhere/lib.c", 3, 1, "m", "f");
    fnd_list_finish(l); /* sorts: /abs..., then tmpdir's */
    rep_opts o = {.srcroot = tmpdir};
    cJSON *log = render_sarif(l, &o);
    const cJSON *res = get(log, "runs.0.results");
    const char *uri = "locations.0.physicalLocation.artifactLocation.uri";
    const char *base = "locations.0.physicalLocation.artifactLocation.uriBaseId";
    assert_string_equal(str(res, "0.locations.0.physicalLocation.artifactLocation.uri"),
                        "file:///abs/elsewhere/lib.c");
    assert_null(get(cJSON_GetArrayItem(res, 0), base));
    assert_string_equal(str(cJSON_GetArrayItem(res, 1), uri), "real.c");
    assert_string_equal(str(cJSON_GetArrayItem(res, 1), base), "%SRCROOT%");
    assert_string_equal(str(cJSON_GetArrayItem(res, 2), uri), "src%20dir/a.c");
    assert_string_equal(str(cJSON_GetArrayItem(res, 2), base), "%SRCROOT%");
    assert_non_null(realpath(tmpdir, rp));
    snprintf(want, sizeof want, "file://%s/", rp);
    assert_string_equal(str(log, "runs.0.originalUriBaseIds.%SRCROOT%.uri"), want);
    cJSON_Delete(log);
    fnd_list_free(l);
}

static void relative_srcroot_resolves_against_the_current_folder(void **state)
{
    rep_opts o = {.srcroot = "."};
    cJSON *log = render_sarif(*state, &o);
    const cJSON *r = result_of(log, "leak.fd");
    assert_string_equal(str(r, "locations.0.physicalLocation.artifactLocation.uri"), "src/server.c");
    assert_string_equal(str(r, "locations.0.physicalLocation.artifactLocation.uriBaseId"), "%SRCROOT%");
    assert_string_equal(str(r, "codeFlows.0.threadFlows.0.locations.0.location.physicalLocation."
                               "artifactLocation.uriBaseId"), "%SRCROOT%");
    const char *root = str(log, "runs.0.originalUriBaseIds.%SRCROOT%.uri");
    assert_true(!strncmp(root, "file:///", 8) && root[strlen(root) - 1] == '/');
    cJSON_Delete(log);
}

static void errors_of_the_run_become_tool_notifications(void **state)
{
    diag_sink *ds = diag_sink_new();
    assert_non_null(ds);
    diag_error(ds, "src/broken.c", "cannot parse: 'x.h' file not found");
    diag_note(ds, NULL, "progress, left out");
    rep_opts o = {.diags = ds};
    cJSON *log = render_sarif(*state, &o);
    const cJSON *n = get(log, "runs.0.invocations.0.toolExecutionNotifications");
    assert_int_equal(cJSON_GetArraySize(n), 1);
    assert_string_equal(str(n, "0.level"), "error");
    assert_string_equal(str(n, "0.message.text"), "cannot parse: 'x.h' file not found");
    assert_string_equal(str(n, "0.locations.0.physicalLocation.artifactLocation.uri"), "src/broken.c");
    cJSON_Delete(log);
    diag_sink_free(ds);
}

/* ---- JSON ---- */

static const char *const finding_keys[] = {"rule", "file", "line", "col", "message", "function",
                                           "resource", "fingerprint", "suppressed", "path", NULL};

static void json_lists_findings_with_keys_in_a_fixed_order(void **state)
{
    FILE *f = open_out();
    assert_int_equal(rep_json(f, *state), AN_OK);
    cJSON *root = parse_out(f);
    assert_keys(root, (const char *const[]){"version", "findings", NULL});
    assert_string_equal(str(root, "version"), AN_VERSION);
    assert_int_equal(cJSON_GetArraySize(get(root, "findings")), 3);
    const cJSON *mismatch = get(root, "findings.0"), *fd = get(root, "findings.1");
    assert_keys(fd, finding_keys);
    assert_string_equal(str(fd, "rule"), "leak.fd");
    assert_int_equal(num(fd, "line"), 41);
    assert_string_equal(str(fd, "fingerprint"), fnd_list_at(*state, 1)->fingerprint);
    assert_int_equal(cJSON_GetArraySize(get(fd, "path")), 3);
    assert_keys(get(fd, "path.0"), (const char *const[]){"file", "line", "col", "text", NULL});
    assert_true(cJSON_IsNull(get(mismatch, "function")));
    assert_true(cJSON_IsFalse(get(mismatch, "suppressed")));
    assert_keys(get(root, "findings.2"),
                (const char *const[]){"rule", "file", "line", "col", "message", "function",
                                      "resource", "fingerprint", "suppressed", "suppress_reason",
                                      "path", NULL});
    assert_string_equal(str(root, "findings.2.suppress_reason"), "the pool frees it");
    cJSON_Delete(root);
}

static void json_diff_has_new_fixed_and_unchanged(void **state)
{
    fnd_list *empty = fnd_list_new();
    assert_non_null(empty);
    FILE *f = open_out();
    assert_int_equal(rep_json_diff(f, *state, empty, NULL), AN_OK);
    cJSON *root = parse_out(f);
    assert_keys(root, (const char *const[]){"version", "new", "fixed", "unchanged", NULL});
    assert_int_equal(cJSON_GetArraySize(get(root, "new")), 3);
    assert_true(cJSON_IsArray(get(root, "fixed")) && cJSON_GetArraySize(get(root, "fixed")) == 0);
    assert_true(cJSON_IsArray(get(root, "unchanged")));
    assert_keys(get(root, "new.1"), finding_keys);
    assert_string_equal(str(root, "new.1.message"),
                        "fd 'client' from accept() at server.c:41 is not closed when serve() returns");
    cJSON_Delete(root);
    fnd_list_free(empty);
}

/* ---- out of memory ---- */

enum { REP_SARIF, REP_JSON, REP_DIFF };

static an_status render(int which, FILE *f, const fnd_list *l, const rep_opts *o)
{
    switch (which) {
    case REP_SARIF: return rep_sarif(f, l, o);
    case REP_JSON: return rep_json(f, l);
    default: return rep_json_diff(f, l, l, l);
    }
}

static void every_out_of_memory_path_fails_cleanly(void **state)
{
    diag_sink *ds = diag_sink_new();
    assert_non_null(ds);
    diag_warning(ds, "src/broken.c", "skipped");
    rep_opts o = {.srcroot = ".", .diags = ds};
    for (int which = REP_SARIF; which <= REP_DIFF; which++) {
        an_status st = AN_ENOMEM;
        long n;
        for (n = 0; st != AN_OK && n < 100000; n++) {
            FILE *f = open_out();
            alloc_fail_after(n);
            st = render(which, f, *state, &o);
            alloc_fail_after(-1);
            if (st != AN_OK) {
                assert_int_equal(st, AN_ENOMEM);
                assert_int_equal(ftell(f), 0); /* nothing written */
            }
            fclose(f);
        }
        assert_int_equal(st, AN_OK);
        assert_true(n > 10); /* cJSON's allocations were reached */
    }
    diag_sink_free(ds);
}

static void a_stream_that_cannot_be_written_is_an_io_error(void **state)
{
    char small[16];
    FILE *f = fmemopen(small, sizeof small, "w");
    assert_non_null(f);
    setvbuf(f, NULL, _IONBF, 0);
    assert_int_equal(rep_json(f, *state), AN_EIO);
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(sarif_declares_its_version_schema_and_tool, setup, teardown),
        cmocka_unit_test_setup_teardown(sarif_lists_every_registered_rule_with_its_metadata, setup, teardown),
        cmocka_unit_test_setup_teardown(sarif_result_points_at_its_rule_and_place, setup, teardown),
        cmocka_unit_test_setup_teardown(sarif_code_flow_has_one_location_per_note, setup, teardown),
        cmocka_unit_test_setup_teardown(suppressed_finding_stays_with_an_in_source_suppression, setup, teardown),
        cmocka_unit_test(srcroot_makes_uris_relative_with_a_base_id),
        cmocka_unit_test_setup_teardown(relative_srcroot_resolves_against_the_current_folder, setup, teardown),
        cmocka_unit_test_setup_teardown(errors_of_the_run_become_tool_notifications, setup, teardown),
        cmocka_unit_test_setup_teardown(json_lists_findings_with_keys_in_a_fixed_order, setup, teardown),
        cmocka_unit_test_setup_teardown(json_diff_has_new_fixed_and_unchanged, setup, teardown),
        cmocka_unit_test_setup_teardown(every_out_of_memory_path_fails_cleanly, setup, teardown),
        cmocka_unit_test_setup_teardown(a_stream_that_cannot_be_written_is_an_io_error, setup, teardown),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

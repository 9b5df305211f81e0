/* inputs.c — turns command-line paths and compile databases into fe_units. Folders
   are searched recursively for *.c (hidden folders skipped), in name order so runs
   are reproducible; a database's units are kept when they lie under a given path. */
#define _GNU_SOURCE
#include "inputs.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"

struct in_list {
    AN_VEC(fe_unit) units;  /* plain files: file owned here */
    AN_VEC(char *) owned;
    fe_cdb *db;
};

static an_status add_file(in_list *l, const char *path)
{
    char *copy = an_strdup(path);
    if (!copy || an_vec_push(&l->owned, copy) != AN_OK) {
        an_free(copy);
        return AN_ENOMEM;
    }
    fe_unit u = {copy, NULL, NULL, 0};
    return an_vec_push(&l->units, u);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static an_status walk(in_list *l, const char *dir, diag_sink *ds, int depth);

static an_status walk_entry(in_list *l, const char *dir, const char *name, diag_sink *ds,
                            int depth)
{
    an_buf b = {0};
    an_buf_printf(&b, "%s/%s", dir, name);
    char *path = an_buf_take(&b);
    if (!path)
        return AN_ENOMEM;
    struct stat st;
    an_status s = AN_OK;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        s = walk(l, path, ds, depth + 1);
    else if (an_ends_with(name, ".c") && stat(path, &st) == 0 && S_ISREG(st.st_mode))
        s = add_file(l, path);
    an_free(path);
    return s;
}

static an_status walk(in_list *l, const char *dir, diag_sink *ds, int depth)
{
    if (depth > 64)
        return AN_OK; /* a symlink loop */
    DIR *d = opendir(dir);
    if (!d) {
        diag_error(ds, dir, "cannot read folder %s: %s", dir, strerror(errno));
        return AN_EIO;
    }
    AN_VEC(char *) names = {0};
    an_status s = AN_OK;
    struct dirent *de;
    while (s == AN_OK && (de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        char *n = an_strdup(de->d_name);
        if (!n || an_vec_push(&names, n) != AN_OK) {
            an_free(n);
            s = AN_ENOMEM;
        }
    }
    closedir(d);
    if (names.n)
        qsort(names.v, names.n, sizeof *names.v, cmp_str);
    for (size_t i = 0; i < names.n; i++) {
        if (s == AN_OK)
            s = walk_entry(l, dir, names.v[i], ds, depth);
        an_free(names.v[i]);
    }
    an_vec_free(&names);
    return s;
}

static an_status add_path(in_list *l, const char *path, diag_sink *ds)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        diag_error(ds, path, "cannot read %s: %s", path, strerror(errno));
        return AN_EIO;
    }
    if (S_ISDIR(st.st_mode))
        return walk(l, path, ds, 0);
    return add_file(l, path);
}

/* Is file (absolute) under one of the paths? */
static bool under(const char *file, const char *const *paths, unsigned npaths)
{
    for (unsigned i = 0; i < npaths; i++) {
        char *rp = realpath(paths[i], NULL);
        bool hit = false;
        if (rp) {
            size_t n = strlen(rp);
            hit = strncmp(file, rp, n) == 0 && (file[n] == '\0' || file[n] == '/' || n == 1);
        }
        free(rp);
        if (hit)
            return true;
    }
    return false;
}

static an_status add_cdb(in_list *l, const char *cdb, const char *const *paths, unsigned npaths,
                         diag_sink *ds)
{
    an_status s = fe_cdb_load(cdb, &l->db, ds);
    for (size_t i = 0; s == AN_OK && i < fe_cdb_count(l->db); i++) {
        const fe_unit *u = fe_cdb_unit(l->db, i);
        if (npaths == 0 || under(u->file, paths, npaths))
            s = an_vec_push(&l->units, *u);
    }
    return s;
}

an_status in_collect(const char *const *paths, unsigned npaths, const char *cdb, in_list **out,
                     diag_sink *ds)
{
    *out = NULL;
    if (!cdb && npaths == 0) {
        diag_error(ds, NULL, "nothing to scan: give .c files, folders, or -p with a compile database");
        return AN_EUSAGE;
    }
    in_list *l = an_calloc(1, sizeof *l);
    if (!l)
        return AN_ENOMEM;
    an_status s = AN_OK;
    if (cdb)
        s = add_cdb(l, cdb, paths, npaths, ds);
    for (unsigned i = 0; !cdb && s == AN_OK && i < npaths; i++)
        s = add_path(l, paths[i], ds);
    if (s != AN_OK) {
        in_list_free(l);
        return s;
    }
    *out = l;
    return AN_OK;
}

size_t in_count(const in_list *l)
{
    return l->units.n;
}

const fe_unit *in_unit(const in_list *l, size_t i)
{
    return &l->units.v[i];
}

void in_list_free(in_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->owned.n; i++)
        an_free(l->owned.v[i]);
    an_vec_free(&l->owned);
    an_vec_free(&l->units);
    fe_cdb_free(l->db);
    an_free(l);
}

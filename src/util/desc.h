/* desc.h: a description in plain C: an ordered, nestable list of named
 * values, for what a model fitted and why a forecast came out as it did.
 * The numerical core builds these without any JSON library;
 * export/desc_json.h turns one into JSON.
 *
 * A description is a flat array of items in document order: values
 * (string, real, integer, boolean, null) and the markers that open and
 * close an object or an array. The top level is an object. Items directly
 * in an object (the top level included) carry a key; items in an array
 * carry none. Keys need not be unique (a later one replaces the earlier
 * one in JSON, in place).
 *
 * Builders never report failure: an allocation failure is remembered
 * (`failed`), later calls do nothing, and the owner checks once at the end
 * (rw_desc_check), as with rw_strbuf. Misuse (a missing key in an object,
 * closing with nothing open, appending an incomplete description) is our
 * bug and asserted. An all-zero rw_desc is an empty one. */
#ifndef RW_DESC_H
#define RW_DESC_H

#include <stddef.h>
#include <stdint.h>
#include "util/error.h"

typedef enum rw_desc_kind {
    RW_DESC_STR,    /* v.str */
    RW_DESC_REAL,   /* v.real; JSON has no NaN or infinity: such reals are left out there */
    RW_DESC_INT,    /* v.integer */
    RW_DESC_BOOL,   /* v.boolean, 0 or 1 */
    RW_DESC_NULL,   /* no value */
    RW_DESC_OBJECT, /* opens an object: the items up to the matching RW_DESC_CLOSE */
    RW_DESC_ARRAY,  /* opens an array: the items up to the matching RW_DESC_CLOSE */
    RW_DESC_CLOSE   /* closes the innermost open object or array; no key */
} rw_desc_kind;

typedef struct rw_desc_item {
    rw_desc_kind kind; /* what the item is */
    char *key;         /* owned: its name in the enclosing object; NULL in an array */
    union {
        char *str;       /* owned: RW_DESC_STR, NUL-terminated */
        double real;     /* RW_DESC_REAL */
        int64_t integer; /* RW_DESC_INT */
        int boolean;     /* RW_DESC_BOOL */
        size_t up;       /* RW_DESC_OBJECT/ARRAY while open: index + 1 of the enclosing
                          * open one (0: the top level); the builder's own link */
    } v;
} rw_desc_item;

typedef struct rw_desc {
    rw_desc_item *item; /* owned: the items [n], in document order */
    size_t n;           /* items in use */
    size_t cap;         /* items allocated */
    size_t open;        /* index + 1 of the innermost open object or array; 0: top level */
    int failed;         /* an allocation failed: items are missing */
} rw_desc;

/* An empty description. */
void rw_desc_init(rw_desc *d);
/* Frees every item; d is then empty again (rw_desc_init). */
void rw_desc_cleanup(rw_desc *d);

/* Each adds one item at the end of d, in the innermost open object (key
 * required, copied) or array (key must be NULL). Strings are copied. */
void rw_desc_str(rw_desc *d, const char *key, const char *value);
void rw_desc_real(rw_desc *d, const char *key, double value);
void rw_desc_int(rw_desc *d, const char *key, int64_t value);
void rw_desc_bool(rw_desc *d, const char *key, int value); /* any non-zero: true */
void rw_desc_null(rw_desc *d, const char *key);
/* Opens an object or an array (kind RW_DESC_OBJECT or RW_DESC_ARRAY):
 * the items added until the matching rw_desc_close are in it. */
void rw_desc_open(rw_desc *d, const char *key, rw_desc_kind kind);
void rw_desc_close(rw_desc *d);

/* Copies the items of src, a complete description (nothing left open),
 * into d's innermost open object, as its members. A failed src makes d
 * failed. src and d must differ. */
void rw_desc_append(rw_desc *d, const rw_desc *src);

/* The one check of a finished description: RW_ENOMEM with "out of memory
 * while describing `what`" when an allocation failed, else RW_OK. Asserts
 * that nothing is left open. */
rw_status rw_desc_check(const rw_desc *d, const char *what, rw_error *err);

#endif

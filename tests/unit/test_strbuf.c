/* test_strbuf.c: the growing string. */
#include <stdlib.h>
#include "check.h"
#include "util/strbuf.h"

int main(void)
{
    rw_strbuf b = {0};
    rw_error err;
    rw_error_clear(&err);
    char *out = NULL;
    CHECK(rw_strbuf_finish(&b, &out, "testing", &err) == RW_OK && out && out[0] == '\0');
    free(out);
    rw_strbuf_puts(&b, "abc");
    rw_strbuf_add(&b, "defg", 2);
    rw_strbuf_printf(&b, "-%d-%s", 42, "x");
    char big[2000];
    memset(big, 'z', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    rw_strbuf_printf(&b, "%s", big); /* longer than the printf fast path */
    CHECK(b.len == 3 + 2 + 5 + 1999);
    CHECK(rw_strbuf_finish(&b, &out, "testing", &err) == RW_OK);
    CHECK(out && !strncmp(out, "abcde-42-xzzz", 13) && strlen(out) == 3 + 2 + 5 + 1999);
    CHECK(b.p == NULL && b.len == 0);
    free(out);
    b.failed = 1; /* an earlier allocation failure is reported once, at the end */
    rw_strbuf_puts(&b, "lost");
    CHECK(rw_strbuf_finish(&b, &out, "testing", &err) == RW_ENOMEM && out == NULL);
    CHECK(strstr(err.text, "out of memory while testing") != NULL);
    CHECK_DONE();
}

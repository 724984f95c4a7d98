/* runout_from_file.c: a program built on librunway: when does a prepaid
 * balance run out, given a file of daily consumption (series,timestamp,value)?
 *
 *   cc runout_from_file.c $(pkg-config --cflags --libs runway) -o runout
 *   ./runout spend.csv 2500 */
#include <runway.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    rw_session *s = NULL;
    rw_runout_result *r = NULL;
    rw_runout_options o;
    rw_error err;
    if (argc != 3) {
        fprintf(stderr, "usage: %s SERIES.csv BALANCE\n", argv[0]);
        return 2;
    }
    rw_error_clear(&err);
    rw_runout_options_init(&o);
    o.plan.sel.input = argv[1];
    o.has_balance = 1;
    rw_status st = rw_global_init(&err);
    if (st == RW_OK) st = rw_parse_amount(argv[2], &o.balance, &err);
    if (st == RW_OK) st = rw_session_open(NULL, &s, &err);
    if (st == RW_OK) st = rw_runout_plan(s, &o, &r, &err);
    if (st == RW_OK) {
        const rw_runout_facts *f = rw_runout_result_facts(r);
        if (f->day[1] == RW_NEVER)
            printf("%s: %.2f lasts beyond %zu days\n", f->series, f->balance, f->horizon_days);
        else
            printf("%s: %.2f runs out on day %ld (P10 day %ld, %.0f%% within 30 days)\n",
                   f->series, f->balance, f->day[1], f->day[0], 100 * f->within30);
    } else {
        char msg[RW_ERROR_TEXT + 300];
        rw_error_format(&err, msg, sizeof msg);
        fprintf(stderr, "runout: %s\n", msg);
    }
    rw_runout_result_free(r);
    rw_session_close(s);
    rw_global_cleanup();
    return st == RW_OK ? 0 : 1;
}

/* cmd_stubs.c: temporary. */
#include "cli/cli.h"
int rw_cmd_series(rw_cli *cli, int argc, char **argv) { (void)cli; (void)argc; (void)argv; return 1; }
int rw_cmd_balance(rw_cli *cli, int argc, char **argv) { (void)cli; (void)argc; (void)argv; return 1; }
int rw_cmd_topup(rw_cli *cli, int argc, char **argv) { (void)cli; (void)argc; (void)argv; return 1; }
int rw_cmd_sources(rw_cli *cli, int argc, char **argv) { (void)cli; (void)argc; (void)argv; return 1; }
int rw_cmd_rejects(rw_cli *cli, int argc, char **argv) { (void)cli; (void)argc; (void)argv; return 1; }

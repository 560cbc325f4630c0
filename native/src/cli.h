/* Shared command-line helpers for cmd_<verb>.c. */
#ifndef ISOMER_CLI_H
#define ISOMER_CLI_H

#include "error.h"

/* Global flags given before the verb. */
struct global_options { const char *root; int debug; };

/* 1 when argv[*i] is option `name` (with - or --); a value is taken from "=v" or the next arg. */
int cli_option (int argc, char **argv, int *i, const char *name, const char *short_name, const char **value);
/* 1 when argv[*i] is boolean flag `name`/`short_name`. */
int cli_flag (const char *arg, const char *name, const char *short_name);
/* The options of `create` and `run` into *o; `detach` NULL for `create` (which has no --detach). */
struct create_options;
int cli_parse_create_options (const char *verb, int argc, char **argv, struct create_options *o, int *detach,
                              isomer_error_t *err);

int cmd_create (struct global_options *g, int argc, char **argv, isomer_error_t *err);
int cmd_start (struct global_options *g, int argc, char **argv, isomer_error_t *err);
int cmd_state (struct global_options *g, int argc, char **argv, isomer_error_t *err);
int cmd_kill (struct global_options *g, int argc, char **argv, isomer_error_t *err);
int cmd_delete (struct global_options *g, int argc, char **argv, isomer_error_t *err);
int cmd_list (struct global_options *g, int argc, char **argv, isomer_error_t *err);
int cmd_run (struct global_options *g, int argc, char **argv, isomer_error_t *err);
int cmd_exec (struct global_options *g, int argc, char **argv, isomer_error_t *err);
int cmd_unshare (struct global_options *g, int argc, char **argv, isomer_error_t *err);

#endif

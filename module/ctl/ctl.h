/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the ctl file's commands share: ctl.c dispatches to them, they
 * parse their words with parse.c.
 */
#ifndef _HIGHPT_CTL_H
#define _HIGHPT_CTL_H

#include "../internal.h"

/* parse.c */
int highpt_ctl_number(const char *word, bool suffix, u64 *v);
int highpt_ctl_u32(const char *word, u32 min, u32 max, u32 *v);
int highpt_ctl_range(const char *word, u64 max, u64 *v);

/*
 * Commands: @argv holds the @argc words after the command's name;
 * spaces use @pool for the pool and nowait access modes.
 */
int highpt_ctl_touch(struct highpt_pool *pool, int argc, char **argv);
int highpt_ctl_map(struct highpt_pool *pool, int argc, char **argv);
int highpt_ctl_fork(struct highpt_pool *pool, int argc, char **argv);
int highpt_ctl_mremap(struct highpt_pool *pool, int argc, char **argv);
int highpt_ctl_zap(struct highpt_pool *pool, int argc, char **argv);
int highpt_ctl_destroy(struct highpt_pool *pool, int argc, char **argv);
int highpt_ctl_stress(struct highpt_pool *pool, int argc, char **argv);
int highpt_ctl_shadow(struct highpt_pool *pool, int argc, char **argv);
int highpt_ctl_sync(struct highpt_pool *pool, int argc, char **argv);

/* spaces.c: the spaces ctl commands made, destroyed at unload */
void highpt_spaces_destroy_all(void);

/* pagemap.c: each listed space's pagemap file */
struct dentry;
struct dentry *highpt_pagemap_add(struct dentry *dir,
				  struct highpt_space *space, u32 id);
void highpt_pagemap_remove(struct dentry *file);

#endif /* _HIGHPT_CTL_H */

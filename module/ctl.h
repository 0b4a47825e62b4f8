/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HIGHPT_CTL_H
#define _HIGHPT_CTL_H

#include <linux/types.h>

struct dentry;

int highpt_ctl_init(struct dentry *dir);
int highpt_ctl_size(const char *s, u64 *v);

/* Commands: argv holds the argc words after the command's name. */
int highpt_ctl_touch(int argc, char **argv);
int highpt_ctl_map(int argc, char **argv);
int highpt_ctl_fork(int argc, char **argv);
int highpt_ctl_mremap(int argc, char **argv);
int highpt_ctl_zap(int argc, char **argv);
int highpt_ctl_destroy(int argc, char **argv);
int highpt_ctl_stress(int argc, char **argv);

#endif /* _HIGHPT_CTL_H */

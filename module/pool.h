/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HIGHPT_POOL_H
#define _HIGHPT_POOL_H

#include <highpt.h>

struct seq_file;

extern const char *const highpt_flush_policy_names[HIGHPT_FLUSH_COUNT];
extern const char *const highpt_deadlock_mode_names[HIGHPT_DEADLOCK_COUNT];

int highpt_pool_config_check(const struct highpt_pool_config *cfg);
void highpt_pool_print_stats(struct seq_file *m, struct highpt_pool *pool,
			     const char *prefix);
void highpt_pool_print(struct seq_file *m, struct highpt_pool *pool);

#endif /* _HIGHPT_POOL_H */

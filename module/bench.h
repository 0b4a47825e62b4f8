/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HIGHPT_BENCH_H
#define _HIGHPT_BENCH_H

#include <linux/types.h>

struct dentry;
struct highpt_pool;
struct page;
struct seq_file;

int highpt_bench_init(struct dentry *dir);
void highpt_bench_ratio(struct seq_file *m, u64 value, u64 base);
int highpt_bench_store(struct seq_file *m, struct highpt_pool *pool);

/* The kernel's own kmap(), as the baseline (bench_kmap.c). */
u32 highpt_bench_kmap(struct page **pages, unsigned int nr_pages,
		      unsigned int iters);

#endif /* _HIGHPT_BENCH_H */

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HIGHPT_BENCH_H
#define _HIGHPT_BENCH_H

struct dentry;
struct page;

int highpt_bench_init(struct dentry *dir);

/* The kernel's own kmap(), as the baseline (bench_kmap.c). */
u32 highpt_bench_kmap(struct page **pages, unsigned int nr_pages,
		      unsigned int iters);

#endif /* _HIGHPT_BENCH_H */

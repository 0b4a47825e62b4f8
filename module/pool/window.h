/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HIGHPT_WINDOW_H
#define _HIGHPT_WINDOW_H

#include <linux/atomic.h>
#include <linux/types.h>
#include <asm/pgtable_types.h>

struct page;

/* How a window's flush invalidates its slots on each CPU (see window.c). */
enum highpt_window_flush {
	HIGHPT_WINDOW_INVLPG,		/* invlpg of each slot to flush */
	HIGHPT_WINDOW_INVPCID,		/* INVPCID of every context */
	HIGHPT_WINDOW_FLUSH_COUNT
};

extern const char *const highpt_window_flush_names[HIGHPT_WINDOW_FLUSH_COUNT];

/*
 * A fixed range of kernel virtual pages whose PTEs highpt writes itself:
 * the pool's slots. Only exported kernel API is used (see window.c).
 */
struct highpt_window {
	void *base;
	unsigned int nr;
	struct page *dummy;
	pte_t **ptep;
	unsigned long *flush;	/* slots to invalidate in the next flush */
	enum highpt_window_flush method;
	/* Costs that do not depend on the CPU or emulator, since create. */
	u64 pte_writes;			/* under the owner's lock */
	u64 flush_calls;		/* cross-CPU calls, ditto */
	atomic64_t invlpgs;		/* executed, summed over CPUs */
	atomic64_t full_flushes;	/* INVPCID of every context, ditto */
};

int highpt_window_create(struct highpt_window *w, unsigned int nr);
void highpt_window_destroy(struct highpt_window *w);
void highpt_window_set(struct highpt_window *w, unsigned int slot,
		       struct page *page);
void highpt_window_clear(struct highpt_window *w, unsigned int slot);
void highpt_window_flush(struct highpt_window *w);

static inline void *highpt_window_addr(const struct highpt_window *w,
				       unsigned int slot)
{
	return w->base + ((unsigned long)slot << PAGE_SHIFT);
}

static inline bool highpt_window_contains(const struct highpt_window *w,
					  const void *addr)
{
	return addr >= w->base &&
	       addr < w->base + ((unsigned long)w->nr << PAGE_SHIFT);
}

static inline unsigned int highpt_window_slot(const struct highpt_window *w,
					      const void *addr)
{
	return (addr - w->base) >> PAGE_SHIFT;
}

#endif /* _HIGHPT_WINDOW_H */

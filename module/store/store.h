/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HIGHPT_STORE_H
#define _HIGHPT_STORE_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "../internal.h"

/*
 * A space: one address space's page table, in miniature.
 *
 * The directory levels are lowmem arrays of PTE-page pointers: PAE has a
 * 4-entry PGD (in the struct) of PMD pages, 512 entries each; legacy has
 * one PGD of 1024 entries. The PTE pages hold x86-shaped entries
 * (format.h) and live in highmem when pte_highmem is set.
 *
 * Locking: space->lock (a mutex) is held by every operation, so one
 * space may be used by several threads at once; it may sleep inside
 * (allocations, pool waits). It alone decides which PTE and directory
 * pages exist: only its holder allocates or frees them.
 *
 * space->pt_lock (a spinlock) is held wherever entries are read or
 * written, where a directory slot changes and where "present" is
 * counted; nothing sleeps or allocates under it. So a shadow's
 * invalidation (shadow/), which may not sleep and must not wait for a
 * holder of space->lock (that holder may be in reclaim, which calls the
 * invalidation), clears entries under pt_lock alone: it never allocates
 * or frees a page. A PTE page is mapped before pt_lock is taken and
 * unmapped after it is dropped, except by the walk and the
 * invalidation, which map without sleeping. Two spaces' locks of either
 * kind are taken in id order.
 */
struct highpt_space {
	struct highpt_space_config cfg;
	u32 id;
	struct mutex lock;		/* held by every operation */
	spinlock_t pt_lock;		/* entries, directory slots, present */
	struct page **dir[4];		/* PAE: PMD pages; legacy: dir[0] */
	unsigned long pte_pages;
	unsigned long pte_pages_highmem;
	unsigned long dir_pages;
	unsigned long present;
};

/* access.c: reaching PTE pages in the space's access mode */

struct highpt_pte_pair {
	struct highpt_mapping a, b;
	struct highpt_reservation res;
	bool same;
};

int highpt_pte_map(struct highpt_space *s, struct page *pt, bool atomic,
		   struct highpt_mapping *m);
void highpt_pte_unmap(struct highpt_mapping *m);
int highpt_pte_map_pair(struct highpt_space *sa, struct page *pa,
			struct highpt_space *sb, struct page *pb,
			struct highpt_pte_pair *p);
void highpt_pte_unmap_pair(struct highpt_pte_pair *p);

/* Where the pair's second page is mapped: the first's, if the same page. */
static inline void *highpt_pte_pair_b(struct highpt_pte_pair *p)
{
	return p->same ? p->a.addr : p->b.addr;
}

#endif /* _HIGHPT_STORE_H */

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HIGHPT_STORE_H
#define _HIGHPT_STORE_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include <highpt.h>

struct seq_file;

/*
 * A space: one address space's page table, in miniature.
 *
 * The directory levels are lowmem arrays of PTE-page pointers: PAE has a
 * 4-entry PGD (in the struct) of PMD pages, 512 entries each; legacy has
 * one PGD of 1024 entries. The PTE pages hold x86-shaped entries
 * (store_format.h) and live in highmem when pte_highmem is set.
 *
 * Locking: space->lock (a mutex) is held by every operation, so one
 * space may be used by several threads at once; it may sleep inside
 * (allocations, pool waits). highpt_walk() also takes space->walk_lock,
 * a spinlock, and reaches PTE pages without sleeping. An operation on
 * two spaces takes their mutexes in id order.
 */
struct highpt_space {
	struct highpt_space_config cfg;
	u32 id;
	struct mutex lock;		/* held by every operation */
	spinlock_t walk_lock;		/* held by the walk's scan */
	struct page **dir[4];		/* PAE: PMD pages; legacy: dir[0] */
	unsigned long pte_pages;
	unsigned long pte_pages_highmem;
	unsigned long dir_pages;
	unsigned long present;
	struct list_head node;		/* in the ctl's list of spaces */
};

extern const char *const highpt_pt_format_names[HIGHPT_PT_COUNT];
extern const char *const highpt_pte_access_names[HIGHPT_ACCESS_COUNT];

/* store_access.c: reaching PTE pages in the space's access mode */
struct store_pair {
	struct highpt_mapping a, b;
	struct highpt_reservation res;
	bool same;
};

int store_map_pte(struct highpt_space *s, struct page *pt, bool atomic,
		  struct highpt_mapping *m);
void store_unmap_pte(struct highpt_mapping *m);
int store_map_pair(struct highpt_space *sa, struct page *pa,
		   struct highpt_space *sb, struct page *pb,
		   struct store_pair *p);
void store_unmap_pair(struct store_pair *p);

/* Where the pair's second page is mapped: the first's, if the same page. */
static inline void *store_pair_b(struct store_pair *p)
{
	return p->same ? p->a.addr : p->b.addr;
}

/* store_ctl.c: the spaces made by ctl commands */
void highpt_store_ctl_exit(void);

#endif /* _HIGHPT_STORE_H */

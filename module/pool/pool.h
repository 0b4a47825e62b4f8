/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pool's insides, shared by pool.c and show.c only.
 */
#ifndef _HIGHPT_POOL_H
#define _HIGHPT_POOL_H

#include <linux/atomic.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>

#include "../internal.h"
#include "window.h"

/* The class a highpt_map() flags word names, and every valid flag. */
#define HIGHPT_MAP_CLASS_OF(f)	(((f) >> 4) & 0x3)
#define HIGHPT_MAP_VALID	(HIGHPT_MAP_NOWAIT | HIGHPT_MAP_CLASS(0x3))

/* One slot: count 0 free, 1 stale, n for n - 1 users (as pkmap_count). */
struct highpt_slot {
	struct page *page;
	unsigned int count;
	unsigned int cls;
	struct hlist_node node;		/* in the page hash while page is set */
};

/* A class's slots are [first, end); one class unless in series mode. */
struct highpt_slot_class {
	unsigned int first;
	unsigned int end;
	unsigned int cursor;
	unsigned int nr_free;
	unsigned int nr_stale;
};

#define HIGHPT_POOL_NAME_LEN 32

struct highpt_pool {
	struct highpt_pool_config cfg;
	char name[HIGHPT_POOL_NAME_LEN];
	struct highpt_window win;
	atomic_long_t refused;		/* calls refused before the lock */
	spinlock_t lock;		/* guards everything below */
	wait_queue_head_t wait;
	struct highpt_slot *slots;
	struct hlist_head *hash;
	unsigned int hash_bits;
	struct highpt_slot_class cls[HIGHPT_CLASS_COUNT];
	unsigned int nr_cls;
	unsigned int in_use;		/* slots with users */
	unsigned int reserved;		/* credits set aside by reservations */
	unsigned int nr_reservations;
	struct highpt_pool_stats st;	/* in_use and stale filled on read */
};

#endif /* _HIGHPT_POOL_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * highpt: highmem page tables and a private kmap pool, as a module.
 *
 * The in-kernel API that highpt.ko exports to other modules: pools of
 * persistent mappings, mappings, reservations, spaces and their
 * operations. Nothing else: what highpt's own files share is in
 * module/internal.h.
 */
#ifndef _HIGHPT_H
#define _HIGHPT_H

#include <linux/bits.h>
#include <linux/types.h>

struct page;

int highpt_page_write(struct page *page, size_t offset, const void *buf,
		      size_t len);
int highpt_page_read(struct page *page, size_t offset, void *buf,
		     size_t len);

/* ---- The pool: module-private persistent kernel mappings ---------------- */

struct highpt_pool;

/**
 * enum highpt_flush_policy - when a pool slot's old translation is flushed
 * @HIGHPT_FLUSH_LAZY: pkmap's way: an unused slot stays mapped ("stale")
 *	until the allocation cursor wraps; then every stale slot is cleared
 *	and one cross-CPU flush covers them all
 * @HIGHPT_FLUSH_EAGER: the last unmap clears the slot and flushes that
 *	page on every CPU at once (an invlpg per unmap)
 * @HIGHPT_FLUSH_COUNT: number of policies
 */
enum highpt_flush_policy {
	HIGHPT_FLUSH_LAZY,
	HIGHPT_FLUSH_EAGER,
	HIGHPT_FLUSH_COUNT
};

/**
 * enum highpt_deadlock_mode - how users of a pool avoid kmap deadlocks
 * @HIGHPT_DEADLOCK_NONE: nothing; tasks that hold one mapping while
 *	waiting for another can deadlock when the pool runs out
 * @HIGHPT_DEADLOCK_SERIES: the slots are split into ordered classes
 *	(enum highpt_class), each with its own cursor; a task takes at most
 *	one mapping per class, in class order
 * @HIGHPT_DEADLOCK_RESERVE: a task that needs several mappings at once
 *	first reserves them all with highpt_reserve(), the only step that
 *	may sleep
 * @HIGHPT_DEADLOCK_COUNT: number of modes
 */
enum highpt_deadlock_mode {
	HIGHPT_DEADLOCK_NONE,
	HIGHPT_DEADLOCK_SERIES,
	HIGHPT_DEADLOCK_RESERVE,
	HIGHPT_DEADLOCK_COUNT
};

/**
 * enum highpt_class - the slot classes of a pool in series mode
 * @HIGHPT_CLASS_DEFAULT: data pages (Andrea's KM_SERIE_DEFAULT)
 * @HIGHPT_CLASS_PAGETABLE: a first page-table page
 * @HIGHPT_CLASS_PAGETABLE2: a second page-table page held at the same
 *	time, as fork and mremap need
 * @HIGHPT_CLASS_COUNT: number of classes
 */
enum highpt_class {
	HIGHPT_CLASS_DEFAULT,
	HIGHPT_CLASS_PAGETABLE,
	HIGHPT_CLASS_PAGETABLE2,
	HIGHPT_CLASS_COUNT
};

/**
 * struct highpt_pool_config - the parameters of a pool
 * @name: a short name for messages (copied)
 * @slots: number of slots; at least HIGHPT_CLASS_COUNT in series mode
 * @flush: flush policy
 * @deadlock: deadlock-avoidance mode
 * @task_reserve: the most slots one reservation may hold
 * @wait_ms: the longest a map or reservation sleeps for a slot before it
 *	fails with -ETIMEDOUT
 */
struct highpt_pool_config {
	const char *name;
	unsigned int slots;
	enum highpt_flush_policy flush;
	enum highpt_deadlock_mode deadlock;
	unsigned int task_reserve;
	unsigned int wait_ms;
};

#define HIGHPT_POOL_MAX_SLOTS		4096
#define HIGHPT_POOL_MAX_RESERVE		16
#define HIGHPT_POOL_MAX_WAIT_MS		600000

/**
 * struct highpt_reservation - slots set aside for one task's nested maps
 * @pool: the pool the slots are reserved in; NULL when not reserved
 * @credits: maps the reservation can still hand out without sleeping
 * @held: mappings drawn from the reservation and not yet unmapped
 *
 * An explicit object owned by the caller, not hidden per-task state: a
 * module cannot add fields to task_struct, a lookup keyed by current
 * would cost every map, and an object makes the scope of the guarantee
 * visible where the code needs it (see highpt_reserve()).
 */
struct highpt_reservation {
	struct highpt_pool *pool;
	unsigned int credits;
	unsigned int held;
};

/**
 * enum highpt_mapping_kind - what backs a mapping returned by highpt_map()
 * @HIGHPT_MAPPING_NONE: nothing is mapped
 * @HIGHPT_MAPPING_POOL: a pool slot, persistent until highpt_unmap()
 * @HIGHPT_MAPPING_LOCAL: a kmap_local_page() fallback of a NOWAIT map:
 *	unmap it in LIFO order with other local mappings, before sleeping
 *	is fine but migration is disabled until then
 */
enum highpt_mapping_kind {
	HIGHPT_MAPPING_NONE,
	HIGHPT_MAPPING_POOL,
	HIGHPT_MAPPING_LOCAL,
};

/**
 * struct highpt_mapping - a handle for one mapping of a page
 * @addr: where the page is mapped
 * @page: the page
 * @pool: the pool that mapped it
 * @res: the reservation the mapping was drawn from, or NULL
 * @kind: pool slot or kmap_local fallback
 * @self: the handle's own address while it holds a mapping of @pool
 *
 * A handle stays where highpt_map() filled it in until highpt_unmap():
 * a copy of it, which @self tells apart, is not a handle and cannot be
 * unmapped. Many users can share a slot with one count, so this is what
 * stops a second unmap, through a copy, from dropping another user's
 * count and letting the slot be reused while that user still reads it.
 */
struct highpt_mapping {
	void *addr;
	struct page *page;
	struct highpt_pool *pool;
	struct highpt_reservation *res;
	enum highpt_mapping_kind kind;
	struct highpt_mapping *self;
};

/* highpt_map() flags */
#define HIGHPT_MAP_NOWAIT	0x1	/* never sleep: fall back to kmap_local */
#define HIGHPT_MAP_CLASS(c)	((c) << 4)	/* series mode: slot class */

/*
 * A NOWAIT map falls back to kmap_local_page() only while the calling
 * task holds fewer kmap_local mappings than this (its own and earlier
 * fallbacks); else it fails with -EBUSY. The kernel's stack has 15
 * entries per task (16 with DEBUG_KMAP_LOCAL) and its overflow is a
 * BUG: the rest is left to callees and interrupts.
 */
#define HIGHPT_LOCAL_FALLBACK_MAX	8

/**
 * struct highpt_pool_stats - a pool's counters, read consistently
 * @maps: pool mappings handed out (hits plus misses)
 * @hits: maps of a page already in a slot (in use or stale): no PTE write
 * @misses: maps that installed the page in a free slot
 * @unmaps: pool mappings released
 * @in_use: slots with users now
 * @high_water: the most slots ever in use at once
 * @stale: slots unused but not yet flushed, now
 * @wraps: times an allocation cursor wrapped
 * @flushes_lazy: cross-CPU flushes done at a wrap
 * @flushes_eager: cross-CPU flushes done at a last unmap
 * @pages_flushed: slot translations invalidated by those flushes
 * @waits: maps that had to sleep for a slot (counted when they start)
 * @wait_ns_total: time maps spent asleep, in ns
 * @wait_ns_max: the longest sleep of one map, in ns
 * @timeouts: maps and reservations that gave up after wait_ms
 * @nowait_fallbacks: NOWAIT maps that got a kmap_local mapping instead
 * @reservations: reservations granted
 * @reservation_waits: reservations that had to sleep
 * @reservation_overflows: maps past a reservation's size, refused
 * @errors: calls that failed: bad arguments, overflows, timeouts,
 *	signals, unmaps of what was not mapped
 * @pte_writes: slot PTEs written (installed or cleared) since creation
 * @flush_calls: cross-CPU flush calls (one on_each_cpu() each)
 * @invlpg: invlpg instructions executed by those calls, on all CPUs
 * @full_flushes: INVPCID flushes of every context executed instead, on
 *	all CPUs (x86_64 with PTI and PCID only)
 * @lock_acquisitions: times map, unmap, reserve, unreserve and destroy
 *	took the pool lock (a sleeping map retakes it at each wakeup)
 *
 * The last five do not depend on the CPU or the emulator: they are the
 * costs the 2002 thread argued about.
 */
struct highpt_pool_stats {
	u64 maps;
	u64 hits;
	u64 misses;
	u64 unmaps;
	u64 in_use;
	u64 high_water;
	u64 stale;
	u64 wraps;
	u64 flushes_lazy;
	u64 flushes_eager;
	u64 pages_flushed;
	u64 waits;
	u64 wait_ns_total;
	u64 wait_ns_max;
	u64 timeouts;
	u64 nowait_fallbacks;
	u64 reservations;
	u64 reservation_waits;
	u64 reservation_overflows;
	u64 errors;
	u64 pte_writes;
	u64 flush_calls;
	u64 invlpg;
	u64 full_flushes;
	u64 lock_acquisitions;
};

struct highpt_pool *highpt_pool_create(const struct highpt_pool_config *cfg);
int highpt_pool_destroy(struct highpt_pool *pool);
struct highpt_pool *highpt_default_pool(void);
void highpt_pool_config(struct highpt_pool *pool,
			struct highpt_pool_config *cfg);
void highpt_pool_stats(struct highpt_pool *pool,
		       struct highpt_pool_stats *stats);

int highpt_map(struct highpt_pool *pool, struct page *page,
	       unsigned int flags, struct highpt_reservation *res,
	       struct highpt_mapping *m);
int highpt_unmap(struct highpt_mapping *m);
int highpt_reserve(struct highpt_pool *pool, unsigned int nr,
		   struct highpt_reservation *res);
int highpt_unreserve(struct highpt_reservation *res);

/* ---- The store: shadow page tables with PTE pages in highmem ------------ */

struct highpt_space;

/**
 * enum highpt_pt_format - the entry format of a space's page table
 * @HIGHPT_PT_PAE: x86 PAE: 3 levels, 64-bit entries, 512 per PTE page;
 *	frame numbers must fit in HIGHPT_PAE_PFN_BITS bits
 * @HIGHPT_PT_LEGACY: x86 without PAE: 2 levels, 32-bit entries, 1024 per
 *	PTE page; frame numbers must fit in HIGHPT_LEGACY_PFN_BITS bits
 * @HIGHPT_PT_COUNT: number of formats
 */
enum highpt_pt_format {
	HIGHPT_PT_PAE,
	HIGHPT_PT_LEGACY,
	HIGHPT_PT_COUNT
};

/**
 * enum highpt_pte_access - how a space reaches its PTE pages
 * @HIGHPT_ACCESS_LOCAL: kmap_local_page(): strict LIFO, never sleeps
 * @HIGHPT_ACCESS_POOL: the space's pool: persistent, may sleep
 * @HIGHPT_ACCESS_NOWAIT: the pool without sleeping, falling back to
 *	kmap_local_page() when it is exhausted
 * @HIGHPT_ACCESS_COUNT: number of modes
 */
enum highpt_pte_access {
	HIGHPT_ACCESS_LOCAL,
	HIGHPT_ACCESS_POOL,
	HIGHPT_ACCESS_NOWAIT,
	HIGHPT_ACCESS_COUNT
};

/* A legacy entry holds a 20-bit frame number: memory below 4 GiB. */
#define HIGHPT_LEGACY_PFN_BITS	20
/* A PAE entry keeps frame bits 12..51: a 40-bit frame number. */
#define HIGHPT_PAE_PFN_BITS	40

/* Entry flags, at their x86 bit positions. */
#define HIGHPT_PTE_PRESENT	0x01
#define HIGHPT_PTE_WRITE	0x02
#define HIGHPT_PTE_USER		0x04
#define HIGHPT_PTE_ACCESSED	0x20
#define HIGHPT_PTE_DIRTY	0x40
#define HIGHPT_PTE_FLAGS	(HIGHPT_PTE_PRESENT | HIGHPT_PTE_WRITE | \
				 HIGHPT_PTE_USER | HIGHPT_PTE_ACCESSED | \
				 HIGHPT_PTE_DIRTY)

/* A space covers a 32-bit virtual address range. */
#define HIGHPT_SPACE_SIZE	BIT_ULL(32)

/**
 * struct highpt_space_config - how a space is built
 * @format: entry format
 * @pte_highmem: allocate PTE pages from highmem (else lowmem)
 * @access: how PTE pages are reached
 * @pool: the pool for the pool and nowait access modes
 */
struct highpt_space_config {
	enum highpt_pt_format format;
	bool pte_highmem;
	enum highpt_pte_access access;
	struct highpt_pool *pool;
};

/**
 * struct highpt_space_info - a space's size, read under its lock
 * @id: its number, unique while highpt is loaded
 * @pte_pages: PTE pages allocated
 * @pte_pages_highmem: of those, highmem pages
 * @dir_pages: directory pages (lowmem)
 * @present: entries present
 */
struct highpt_space_info {
	u32 id;
	unsigned long pte_pages;
	unsigned long pte_pages_highmem;
	unsigned long dir_pages;
	unsigned long present;
};

/**
 * typedef highpt_walk_fn - called for each present entry by highpt_walk()
 * @va: the entry's virtual address
 * @pfn: its page frame number
 * @flags: its HIGHPT_PTE_* flags
 * @arg: the walker's argument
 *
 * Runs under a spinlock: must not sleep.
 * Return: 0 to go on, anything else to stop the walk and return it.
 */
typedef int (*highpt_walk_fn)(u32 va, unsigned long pfn, unsigned int flags,
			      void *arg);

struct highpt_space *highpt_space_create(const struct highpt_space_config *cfg);
void highpt_space_destroy(struct highpt_space *space);
void highpt_space_info(struct highpt_space *space,
		       struct highpt_space_info *info);
struct page *highpt_space_pte_page(struct highpt_space *space, u32 va);

int highpt_pte_set(struct highpt_space *space, u32 va, unsigned long pfn,
		   unsigned int flags);
int highpt_pte_get(struct highpt_space *space, u32 va, unsigned long *pfn,
		   unsigned int *flags);
int highpt_pte_clear(struct highpt_space *space, u32 va);
int highpt_populate(struct highpt_space *space, u32 start, u64 len,
		    unsigned long pfn, unsigned int flags);
int highpt_copy_range(struct highpt_space *dst, struct highpt_space *src,
		      u32 start, u64 len);
int highpt_move_range(struct highpt_space *space, u32 old, u32 new, u64 len);
int highpt_zap_range(struct highpt_space *space, u32 start, u64 len);
int highpt_walk(struct highpt_space *space, u32 start, u64 len,
		highpt_walk_fn fn, void *arg);

/* ---- Shadows: spaces that mirror a live process's page table ----------- */

struct highpt_shadow;
struct mm_struct;
struct pid;

#define HIGHPT_COMM_LEN		16

/**
 * struct highpt_shadow_info - what a shadow mirrors, and how it went
 * @pid: the process's pid in the caller's pid namespace, 0 if not
 *	known or not seen there
 * @comm: the process's name when the shadow was made
 * @start: the first address mirrored
 * @end: the end of the range mirrored (cut to the task size)
 * @exited: the process's address space is gone; the shadow is empty
 * @syncs: snapshots taken
 * @invalidations: invalidations the kernel sent
 * @invalidations_nonblock: of those, ones that could not block
 * @cleared: entries the invalidations cleared
 * @filled: entries present after the last snapshot
 * @unrepresentable: frames the last snapshot found that the entry
 *	format cannot hold (a legacy shadow of memory above 4 GiB); those
 *	entries are left absent
 */
struct highpt_shadow_info {
	pid_t pid;
	char comm[HIGHPT_COMM_LEN];
	u32 start;
	u64 end;
	bool exited;
	u64 syncs;
	u64 invalidations;
	u64 invalidations_nonblock;
	u64 cleared;
	unsigned long filled;
	unsigned long unrepresentable;
};

struct highpt_shadow *highpt_shadow_create(struct mm_struct *mm,
					   const struct highpt_space_config *cfg,
					   u32 start, u64 len);
struct highpt_shadow *highpt_shadow_create_pid(struct pid *pid,
					       const struct highpt_space_config *cfg,
					       u32 start, u64 len);
void highpt_shadow_destroy(struct highpt_shadow *sh);
int highpt_shadow_sync(struct highpt_shadow *sh);
struct highpt_space *highpt_shadow_space(struct highpt_shadow *sh);
struct pid *highpt_shadow_pid(struct highpt_shadow *sh);
bool highpt_shadow_exited(struct highpt_shadow *sh);
void highpt_shadow_info(struct highpt_shadow *sh,
			struct highpt_shadow_info *info);

#endif /* _HIGHPT_H */
